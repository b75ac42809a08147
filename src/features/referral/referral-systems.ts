/**
 * Canonical addresses the write-back uses. Lantern's base repeats `lanternFhirBase` of the screening feature on
 * purpose: features do not import each other, and both must name the same placeholder domain.
 */
export const lanternFhirBase = 'https://lantern.example/fhir';

/** Identifier system of everything one submission writes; the value is the client-generated submission id + a suffix. */
export const submissionIdentifierSystem = `${lanternFhirBase}/submission`;

/** Lantern's own code for the safety Flag, so Lantern (and the EHR) can find its flags without reading text. */
export const safetyConcernSystem = `${lanternFhirBase}/CodeSystem/safety-concern`;
export const safetyConcernCode = 'safety-concern';
/** Neutral on purpose: the flag may be seen by anyone with the chart open, companion included. */
export const safetyConcernDisplay = 'Safety concern — restricted; see care team';

export const flagCategorySystem = 'http://terminology.hl7.org/CodeSystem/flag-category';
export const snomedSystem = 'http://snomed.info/sct';

/** SDOH Clinical Care IG temporary codes (STU 2): `contacting-subject-prohibited`. */
export const sdohccTemporaryCodesSystem = 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';

export const confidentialitySystem = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const actCodeSystem = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
