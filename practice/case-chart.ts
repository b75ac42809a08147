import type { CodeableConcept, Condition, Coverage, Encounter, Observation, Organization, Patient, Practitioner, Resource } from 'fhir/r4';
import { CODE_SYSTEM } from '../src/lib/fhir/terminology';

/** Who the practice clinician is, and where: the same in every case, and never a real person or place. */
export const practiceClinicianId = 'practice-clinician';
export const practiceHospitalId = 'practice-hospital';

/** Tags every practice resource, so one found outside the page would still say what it is. */
const practiceTag = { system: 'https://lantern.example/practice', code: 'practice', display: 'Practice case — not a real patient' };

const encounterClass = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** YYYY-MM-DD `days` before `asOf` (a calendar day), counted in UTC so the date never shifts with the zone. */
export function dayBefore(asOf: string, days: number): string {
  const date = new Date(`${asOf}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/** A birth date that makes the patient `years` old on `asOf`, with the birthday `daysSinceBirthday` ago. */
export function birthDateFor(asOf: string, years: number, daysSinceBirthday = 60): string {
  const date = new Date(`${dayBefore(asOf, daysSinceBirthday)}T12:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
}

export function icd10(code: string, display: string): CodeableConcept {
  return { coding: [{ system: CODE_SYSTEM.icd10cm, code, display }], text: display };
}

export function loinc(code: string, display: string): CodeableConcept {
  return { coding: [{ system: CODE_SYSTEM.loinc, code, display }], text: display };
}

export function snomed(code: string, display: string): CodeableConcept {
  return { coding: [{ system: CODE_SYSTEM.snomed, code, display }], text: display };
}

/** The people and place every case shares: the practice clinician and the practice hospital. */
export function practiceCareSetting(): Resource[] {
  const clinician: Practitioner = {
    resourceType: 'Practitioner',
    id: practiceClinicianId,
    meta: { tag: [practiceTag] },
    name: [{ family: 'Practice', given: ['Clinician'], text: 'Practice Clinician' }],
  };
  const hospital: Organization = { resourceType: 'Organization', id: practiceHospitalId, meta: { tag: [practiceTag] }, name: 'Practice Hospital' };
  return [clinician, hospital];
}

export interface PatientInput {
  id: string;
  given: string;
  family: string;
  gender: Patient['gender'];
  birthDate: string;
  language?: { code: string; display: string };
  /** A temporary address only (a shelter, a motel), when the case has one. */
  temporaryAddress?: string;
}

export function practicePatient(input: PatientInput): Patient {
  return {
    resourceType: 'Patient',
    id: input.id,
    meta: { tag: [practiceTag] },
    name: [{ family: input.family, given: [input.given], text: `${input.given} ${input.family}` }],
    gender: input.gender,
    birthDate: input.birthDate,
    ...(input.language
      ? { communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: input.language.code, display: input.language.display }] }, preferred: true }] }
      : {}),
    ...(input.temporaryAddress ? { address: [{ use: 'temp', text: input.temporaryAddress }] } : {}),
  };
}

/** An emergency visit: today's in progress, or an earlier one that ended the same day. */
export function emergencyVisit(id: string, patientId: string, day: string, reason: CodeableConcept, inProgress: boolean): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    meta: { tag: [practiceTag] },
    status: inProgress ? 'in-progress' : 'finished',
    class: { system: encounterClass, code: 'EMER', display: 'emergency' },
    type: [snomed('50849002', 'Emergency room admission')],
    subject: { reference: `Patient/${patientId}` },
    period: inProgress ? { start: `${day}T08:30:00Z` } : { start: `${day}T08:30:00Z`, end: `${day}T13:00:00Z` },
    reasonCode: [reason],
    participant: [{ individual: { reference: `Practitioner/${practiceClinicianId}` } }],
    serviceProvider: { reference: `Organization/${practiceHospitalId}` },
  };
}

export function diagnosis(id: string, patientId: string, encounterId: string, day: string, code: CodeableConcept): Condition {
  return {
    resourceType: 'Condition',
    id,
    meta: { tag: [practiceTag] },
    clinicalStatus: { coding: [{ system: CODE_SYSTEM.conditionClinical, code: 'active' }] },
    verificationStatus: { coding: [{ system: CODE_SYSTEM.conditionVerification, code: 'confirmed' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }],
    code,
    subject: { reference: `Patient/${patientId}` },
    encounter: { reference: `Encounter/${encounterId}` },
    onsetDateTime: `${day}T09:00:00Z`,
    recordedDate: `${day}T09:30:00Z`,
  };
}

/** A laboratory result read as positive: a SNOMED CT "Positive" value and the POS interpretation. */
export function positiveLab(id: string, patientId: string, encounterId: string, day: string, code: CodeableConcept): Observation {
  return {
    resourceType: 'Observation',
    id,
    meta: { tag: [practiceTag] },
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code,
    subject: { reference: `Patient/${patientId}` },
    encounter: { reference: `Encounter/${encounterId}` },
    effectiveDateTime: `${day}T10:00:00Z`,
    valueCodeableConcept: snomed('10828004', 'Positive'),
    interpretation: [{ coding: [{ system: CODE_SYSTEM.observationInterpretation, code: 'POS' }] }],
  };
}

/** Insurance in force since `since`: a case without it raises the "no active coverage" prompt. */
export function activeCoverage(id: string, patientId: string, since: string): Coverage {
  return {
    resourceType: 'Coverage',
    id,
    meta: { tag: [practiceTag] },
    status: 'active',
    type: { text: 'Employer health plan' },
    beneficiary: { reference: `Patient/${patientId}` },
    payor: [{ display: 'Practice Health Plan' }],
    period: { start: since },
  };
}
