import { CODE_SYSTEM, recordSystem } from '../../lib/fhir/terminology';

/**
 * Canonical addresses the write-back uses, named for what they are to it. Lantern's own systems sit under the
 * organisation's `systemBase` (lantern.config.json), which every write and every search for Lantern's record passes in.
 */

/** Identifier system of everything one submission writes; the value is the client-generated submission id + a suffix. */
export function submissionIdentifierSystem(systemBase: string): string {
  return recordSystem(systemBase, 'submission');
}

/** Lantern's own code for the safety Flag, so Lantern (and the EHR) can find its flags without reading text. */
export function safetyConcernSystem(systemBase: string): string {
  return recordSystem(systemBase, 'safety-concern');
}
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
export function checkInOutcomeSystem(systemBase: string): string {
  return recordSystem(systemBase, 'check-in-outcome');
}
