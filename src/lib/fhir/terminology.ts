/** Code systems Lantern reads and writes, the other names EHRs send them under, and how codes are compared. */

/**
 * Lantern's own canonical base: a placeholder domain until the project publishes its conformance resources. The
 * definitions Lantern ships (its default questionnaires and the extensions that describe a questionnaire's scoring)
 * are built from it. It is also the default `systemBase`, so records written before that setting existed stay
 * Lantern's.
 */
export const lanternFhirBase = 'https://lantern.example/fhir';

/** The identifier and code systems Lantern writes into records, each under the organisation's `systemBase`. */
export type RecordSystemName = 'submission' | 'safety-concern' | 'check-in-outcome' | 'screening-result' | 'screening-result-extension' | 'handoff';

/**
 * Where each record system sits under an https base (a path) and under an `urn:oid:` base (a child arc). Fixed for
 * good: records already written are found again only by the same address.
 */
const recordSystemPlaces: Readonly<Record<RecordSystemName, { path: string; arc: number }>> = {
  submission: { path: 'submission', arc: 1 },
  'safety-concern': { path: 'CodeSystem/safety-concern', arc: 2 },
  'check-in-outcome': { path: 'CodeSystem/check-in-outcome', arc: 3 },
  'screening-result': { path: 'CodeSystem/screening-result', arc: 4 },
  'screening-result-extension': { path: 'StructureDefinition/screening-result', arc: 5 },
  handoff: { path: 'handoff', arc: 6 },
};

/**
 * One of Lantern's record systems under `systemBase` (validated by the configuration: an https URL without a
 * trailing slash, or `urn:oid:`): `https://fhir.hospital.example/lantern/submission`, `urn:oid:2.16.840.1.113883.3.9999.1`.
 */
export function recordSystem(systemBase: string, name: RecordSystemName): string {
  const place = recordSystemPlaces[name];
  return systemBase.startsWith('urn:oid:') ? `${systemBase}.${String(place.arc)}` : `${systemBase}/${place.path}`;
}

const oidUri = /^urn:oid:[0-2](\.(0|[1-9]\d*))+$/;

/**
 * Whether `value` can be a `systemBase`: an absolute https address with a host and nothing a system URI cannot end
 * in (no query, fragment or trailing slash), or an `urn:oid:`. The app's configuration and the CDS service's both
 * check it here, so both find the same records.
 */
export function isSystemBase(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (oidUri.test(value)) return true;
  if (!URL.canParse(value) || value.trim() !== value || value.endsWith('/')) return false;
  const url = new URL(value);
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '' && url.search === '' && url.hash === '' && !value.includes('#') && !value.includes('?');
}

export const CODE_SYSTEM = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10pcs: 'http://www.cms.gov/Medicare/Coding/ICD10',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  cpt: 'http://www.ama-assn.org/go/cpt',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  flagCategory: 'http://terminology.hl7.org/CodeSystem/flag-category',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  observationInterpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  /** PHDSC Source of Payment Typology, as published by NAHDO. */
  paymentTypology: 'https://nahdo.org/sopt',
} as const;

// Alias → canonical. HL7 OIDs, the pre-terminology.hl7.org URIs, and the WHO ICD-10 URI that some EHRs put
// on ICD-10-CM codes.
const SYSTEM_ALIASES: ReadonlyMap<string, string> = new Map([
  ['http://hl7.org/fhir/sid/icd-10', CODE_SYSTEM.icd10cm],
  ['urn:oid:2.16.840.1.113883.6.90', CODE_SYSTEM.icd10cm],
  ['urn:oid:2.16.840.1.113883.6.4', CODE_SYSTEM.icd10pcs],
  ['urn:oid:2.16.840.1.113883.6.96', CODE_SYSTEM.snomed],
  ['urn:oid:2.16.840.1.113883.6.1', CODE_SYSTEM.loinc],
  ['urn:oid:2.16.840.1.113883.6.12', CODE_SYSTEM.cpt],
  ['urn:oid:2.16.840.1.113883.5.4', CODE_SYSTEM.actCode],
  ['http://hl7.org/fhir/v3/ActCode', CODE_SYSTEM.actCode],
  ['http://hl7.org/fhir/flag-category', CODE_SYSTEM.flagCategory],
  ['http://hl7.org/fhir/condition-ver-status', CODE_SYSTEM.conditionVerification],
  ['http://hl7.org/fhir/condition-clinical', CODE_SYSTEM.conditionClinical],
  ['urn:oid:2.16.840.1.113883.5.83', CODE_SYSTEM.observationInterpretation],
  ['http://hl7.org/fhir/v2/0078', CODE_SYSTEM.observationInterpretation],
  ['http://terminology.hl7.org/CodeSystem/v2-0078', CODE_SYSTEM.observationInterpretation],
  // US Core binds Coverage.type to SOPT by this OID.
  ['urn:oid:2.16.840.1.113883.3.221.5', CODE_SYSTEM.paymentTypology],
]);

const SYSTEM_NAMES: ReadonlyMap<string, string> = new Map([
  [CODE_SYSTEM.icd10cm, 'ICD-10-CM'],
  [CODE_SYSTEM.icd10pcs, 'ICD-10-PCS'],
  [CODE_SYSTEM.snomed, 'SNOMED CT'],
  [CODE_SYSTEM.loinc, 'LOINC'],
  [CODE_SYSTEM.cpt, 'CPT'],
]);

/** The catalog's URI for a system, or the system itself (trimmed, without a trailing slash) when unknown. */
export function canonicalSystem(system: string): string {
  const trimmed = system.trim().replace(/\/+$/, '');
  return SYSTEM_ALIASES.get(trimmed) ?? trimmed;
}

/** Short name for evidence text ('ICD-10-CM'); undefined for systems a clinician would not recognise. */
export function systemName(canonical: string): string | undefined {
  return SYSTEM_NAMES.get(canonical);
}

/**
 * A code as compared: dots and whitespace removed, upper case. ICD-10-CM is written both with and without
 * its dot ('S02.5XXA', 'S025XXA'); SNOMED CT and LOINC codes have no dots, so nothing of theirs is lost.
 */
export function normalizeCode(code: string): string {
  return code.replace(/[.\s]/g, '').toUpperCase();
}

/** True when `coding` is `code` in `canonical` system (system compared through its aliases). */
export function isCode(coding: { system: string | undefined; code: string }, canonical: string, code: string): boolean {
  return coding.system !== undefined && canonicalSystem(coding.system) === canonical && coding.code.trim() === code;
}
