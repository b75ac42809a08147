import { lanternFhirBase, recordSystem } from '../../lib/fhir/terminology';

/**
 * Canonical addresses Lantern owns or uses for screening. What describes a questionnaire is Lantern's own definition,
 * on Lantern's base; what is written into the record (the scored result) sits under the organisation's `systemBase`.
 */

/** Complex extension on a Questionnaire: `kind` (valueCode `any-yes` | `at-least`) and, for `at-least`, `count`. */
export const scoringRuleExtensionUrl = `${lanternFhirBase}/StructureDefinition/scoring-rule`;

/** valueBoolean on a Questionnaire item: a 'yes' means the person may be in danger now. */
export const dangerItemExtensionUrl = `${lanternFhirBase}/StructureDefinition/danger-item`;

/** valueBoolean on a Questionnaire: whether the instrument has been validated (Lantern's own defaults say false). */
export const validatedInstrumentExtensionUrl = `${lanternFhirBase}/StructureDefinition/validated-instrument`;

/** valueCoding on a QuestionnaireResponse: the scored result, from {@link screeningResultSystem}. */
export function screeningResultExtensionUrl(systemBase: string): string {
  return recordSystem(systemBase, 'screening-result-extension');
}

export function screeningResultSystem(systemBase: string): string {
  return recordSystem(systemBase, 'screening-result');
}

/** Canonical URLs of the questionnaires Lantern ships. */
export const defaultAdultQuestionnaireUrl = `${lanternFhirBase}/Questionnaire/safety-check-in-adult`;
export const defaultYouthQuestionnaireUrl = `${lanternFhirBase}/Questionnaire/safety-check-in-youth`;

/** Core FHIR extension carrying a translation of a string or markdown element (`lang` + `content`). */
export const translationExtensionUrl = 'http://hl7.org/fhir/StructureDefinition/translation';

export const dataAbsentReasonSystem = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';

/** Yes/no code systems an organisation's choice questions commonly use. */
export const yesNoCodeSystems = {
  v2: 'http://terminology.hl7.org/CodeSystem/v2-0136',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
} as const;
