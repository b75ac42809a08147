import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { Questionnaire } from 'fhir/r4';
import type { LanternConfig } from '../config/runtime-config';
import type { Population } from '../lib/fhir/patient-age';
import { useSmartSession } from '../lib/smart/session-context';
import { getQuestionnaireQueryOptions } from '../features/screening/questionnaire-source';

/**
 * The organisation's own questionnaire for this population, read from the FHIR server; undefined when none is
 * configured (Lantern's own questions are then asked). Apart from the screening form so that the first screen can
 * start the read while the code that asks the questions is still to load.
 */
export function useOrganisationQuestionnaire(population: Population, config: LanternConfig): UseQueryResult<Questionnaire> | undefined {
  const configured = population === 'youth' ? config.questionnaires.youth : config.questionnaires.adult;
  const organisationTool = useQuery({
    ...getQuestionnaireQueryOptions(useSmartSession().fhir, configured ?? ''),
    enabled: configured !== undefined,
  });
  return configured === undefined ? undefined : organisationTool;
}
