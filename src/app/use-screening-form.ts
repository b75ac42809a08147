import type { Questionnaire } from 'fhir/r4';
import { useMemo } from 'react';
import type { LanternConfig } from '../config/runtime-config';
import { normalizeError, type OperationOutcomeError } from '../lib/fhir/outcomes';
import type { Population } from '../lib/fhir/patient-age';
import { defaultAdultQuestionnaire, defaultYouthQuestionnaire } from '../features/screening/default-questionnaires';
import { screeningForm, type ScreeningForm } from '../features/screening/questionnaire-model';
import type { Language } from '../features/screening/screening-types';
import { useOrganisationQuestionnaire } from './use-organisation-questionnaire';

export type ScreeningFormState =
  | { status: 'loading' }
  /** The organisation's questionnaire could not be fetched; retry refetches it. */
  | { status: 'unavailable'; error: OperationOutcomeError; retry: () => void }
  /** It was fetched but Lantern cannot ask it (untrusted input: explained, never thrown). */
  | { status: 'unusable'; error: OperationOutcomeError }
  | { status: 'ready'; questionnaire: Questionnaire; form: ScreeningForm };

/** The questionnaire for this patient: the organisation's own when configured, else Lantern's default by age. */
export function useScreeningForm(population: Population, config: LanternConfig, language: Language): ScreeningFormState {
  const organisationTool = useOrganisationQuestionnaire(population, config);
  const questionnaire = organisationTool ? organisationTool.data : population === 'youth' ? defaultYouthQuestionnaire : defaultAdultQuestionnaire;
  const prepared = useMemo(() => {
    if (!questionnaire) return undefined;
    try {
      return { questionnaire, form: screeningForm(questionnaire, language) };
    } catch (error) {
      return { error: normalizeError(error) };
    }
  }, [questionnaire, language]);

  if (organisationTool?.isError) {
    return { status: 'unavailable', error: organisationTool.error, retry: () => void organisationTool.refetch() };
  }
  if (prepared?.error) return { status: 'unusable', error: prepared.error };
  if (prepared?.form) return { status: 'ready', questionnaire: prepared.questionnaire, form: prepared.form };
  return { status: 'loading' };
}
