import type { FhirResource, Patient } from 'fhir/r4';
import { ageInYears } from './builders';
import type { Random } from './random';

export type SandboxPatientKey =
  | 'indicator-adult'
  | 'youth'
  | 'generic-sti-youth'
  | 'no-indicators'
  | 'no-active-encounter'
  | 'two-active-encounters'
  | 'unknown-age'
  | 'large-chart';

export interface SandboxPatient {
  key: SandboxPatientKey;
  /** For the simulated EHR's patient list, e.g. 'Ana Ruiz, 24 F — ED, in progress'. */
  label: string;
  patientId: string;
  /** In-progress encounters (0, 1 or 2). */
  activeEncounterIds: string[];
  /** One line for developers: what this chart is for. */
  description: string;
}

/** What every chart builder gets: the reference instant and its own seeded stream. */
export interface ChartContext {
  now: Date;
  random: Random;
}

export interface Chart {
  patient: SandboxPatient;
  /** The Patient first, then the rest of the chart. */
  resources: FhirResource[];
}

const GENDER_LETTER: Record<NonNullable<Patient['gender']>, string> = {
  female: 'F',
  male: 'M',
  other: 'X',
  unknown: 'U',
};

/** 'Ana Ruiz, 24 F — ED, in progress': name, age at `now`, sex and where the patient is. */
export function patientLabel(patient: Patient, now: Date, whereabouts: string): string {
  const name = patient.name?.[0];
  const fullName = [...(name?.given ?? []), name?.family ?? ''].join(' ').trim();
  const age = patient.birthDate === undefined ? '?' : String(ageInYears(patient.birthDate, now));
  const sex = GENDER_LETTER[patient.gender ?? 'unknown'];
  return `${fullName}, ${age} ${sex} — ${whereabouts}`;
}
