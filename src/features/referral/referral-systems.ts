import { CODE_SYSTEM, lanternFhirBase } from '../../lib/fhir/terminology';

/** Canonical addresses the write-back uses, named for what they are to it. */

/** Identifier system of everything one submission writes; the value is the client-generated submission id + a suffix. */
export const submissionIdentifierSystem = `${lanternFhirBase}/submission`;

/** Lantern's own code for the safety Flag, so Lantern (and the EHR) can find its flags without reading text. */
export const safetyConcernSystem = `${lanternFhirBase}/CodeSystem/safety-concern`;
export const safetyConcernCode = 'safety-concern';
/** Neutral on purpose: the flag may be seen by anyone with the chart open, companion included. */
export const safetyConcernDisplay = 'Safety concern — restricted; see care team';

export const flagCategorySystem = CODE_SYSTEM.flagCategory;
export const snomedSystem = CODE_SYSTEM.snomed;

/** SDOH Clinical Care IG temporary codes (STU 2): `contacting-subject-prohibited`. */
export const sdohccTemporaryCodesSystem = 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';

export const confidentialitySystem = CODE_SYSTEM.confidentiality;
export const actCodeSystem = CODE_SYSTEM.actCode;

/** Lantern's codes for the outcome of a check-in, on the check-in note's topic, so the next launch can read it. */
export const checkInOutcomeSystem = `${lanternFhirBase}/CodeSystem/check-in-outcome`;
