import type {
  Address,
  CodeableConcept,
  Coding,
  Condition,
  Encounter,
  Observation,
  Patient,
  Reference,
} from 'fhir/r4';
import {
  BLOOD_PRESSURE_PANEL,
  ENCOUNTER_CLASS,
  ENCOUNTER_TYPE,
  SYSTEM,
  TEST_DATA_TAG,
  TEST_RESULT,
  VITAL_SIGNS,
  type DiagnosisCode,
  type EncounterClassCode,
  type QuantityCode,
} from './codes';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function minutesBefore(now: Date, minutes: number): Date {
  return new Date(now.getTime() - minutes * MINUTE_MS);
}

export function minutesAfter(start: Date, minutes: number): Date {
  return new Date(start.getTime() + minutes * MINUTE_MS);
}

/** `days` before `now`, at `hour`:`minute` UTC, so visits land at plausible clinic and ED hours. */
export function daysBefore(now: Date, days: number, hour = 10, minute = 0): Date {
  const day = new Date(now.getTime() - days * DAY_MS);
  day.setUTCHours(hour, minute, 0, 0);
  return day;
}

/** FHIR dateTime without milliseconds, in UTC. */
export function fhirDateTime(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function fhirDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** A birth date that makes the patient exactly `years` old at `now`, `daysSinceBirthday` days after a birthday. */
export function birthDateForAge(now: Date, years: number, daysSinceBirthday: number): string {
  const lastBirthday = new Date(now.getTime() - daysSinceBirthday * DAY_MS);
  const year = lastBirthday.getUTCFullYear() - years;
  const month = lastBirthday.getUTCMonth();
  // A 29 February birthday in a non-leap year would roll into March; keep it in February instead.
  const day = Math.min(lastBirthday.getUTCDate(), daysInMonth(year, month));
  return fhirDate(new Date(Date.UTC(year, month, day)));
}

/** Completed years between a FHIR date and `now` (UTC calendar). */
export function ageInYears(birthDate: string, now: Date): number {
  const [year = 0, month = 1, day = 1] = birthDate.split('-').map(Number);
  let age = now.getUTCFullYear() - year;
  const beforeBirthday = now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day);
  if (beforeBirthday) {
    age -= 1;
  }
  return age;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

export function reference(resourceType: string, id: string, display?: string): Reference {
  return display === undefined ? { reference: `${resourceType}/${id}` } : { reference: `${resourceType}/${id}`, display };
}

/** Copies the coding: resources never share objects, so the sandbox server can mutate one safely. */
export function concept(coding: Coding): CodeableConcept {
  return { coding: [{ ...coding }], text: coding.display };
}

export function icd10cmCoding(diagnosis: DiagnosisCode): Coding {
  return { system: SYSTEM.icd10cm, ...diagnosis.icd10cm };
}

export function diagnosisConcept(diagnosis: DiagnosisCode): CodeableConcept {
  const coding: Coding[] = [{ system: SYSTEM.icd10cm, ...diagnosis.icd10cm }];
  if (diagnosis.snomed) {
    coding.push({ system: SYSTEM.snomed, ...diagnosis.snomed });
  }
  return { coding, text: diagnosis.snomed?.display ?? diagnosis.icd10cm.display };
}

export interface PatientInput {
  id: string;
  mrn: string;
  given: string[];
  family: string;
  gender: NonNullable<Patient['gender']>;
  /** Absent when the patient was registered without one. */
  birthDate?: string;
  address?: Address;
  phone?: string;
  /** BCP-47 code and display of the preferred language, when it is not English. */
  preferredLanguage?: { code: string; display: string };
}

export function buildPatient(input: PatientInput): Patient {
  const patient: Patient = {
    resourceType: 'Patient',
    id: input.id,
    meta: { tag: [{ ...TEST_DATA_TAG }] },
    identifier: [{ use: 'usual', system: SYSTEM.sandboxMrn, value: input.mrn }],
    active: true,
    name: [{ use: 'official', family: input.family, given: input.given }],
    gender: input.gender,
  };
  if (input.birthDate !== undefined) {
    patient.birthDate = input.birthDate;
  }
  if (input.phone !== undefined) {
    patient.telecom = [{ system: 'phone', value: input.phone, use: 'mobile' }];
  }
  if (input.address) {
    patient.address = [input.address];
  }
  if (input.preferredLanguage) {
    patient.communication = [
      {
        language: concept({ system: SYSTEM.language, ...input.preferredLanguage }),
        preferred: true,
      },
    ];
  }
  return patient;
}

export interface EncounterInput {
  id: string;
  patientId: string;
  classCode: EncounterClassCode;
  status: 'in-progress' | 'finished';
  start: Date;
  /** Required for finished encounters. */
  end?: Date;
  reasons?: Coding[];
  /** Overrides the class's default Encounter.type, e.g. an observation-unit stay. */
  type?: CodeableConcept;
  locationId?: string;
  serviceProviderId: string;
  practitionerId?: string;
}

export function buildEncounter(input: EncounterInput): Encounter {
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id: input.id,
    status: input.status,
    class: { ...ENCOUNTER_CLASS[input.classCode] },
    type: [input.type ?? concept(ENCOUNTER_TYPE[input.classCode])],
    subject: reference('Patient', input.patientId),
    period: input.end
      ? { start: fhirDateTime(input.start), end: fhirDateTime(input.end) }
      : { start: fhirDateTime(input.start) },
    serviceProvider: reference('Organization', input.serviceProviderId),
  };
  if (input.practitionerId !== undefined) {
    encounter.participant = [
      {
        type: [concept({ system: SYSTEM.participationType, code: 'ATND', display: 'attender' })],
        individual: reference('Practitioner', input.practitionerId),
      },
    ];
  }
  if (input.reasons && input.reasons.length > 0) {
    encounter.reasonCode = input.reasons.map(concept);
  }
  if (input.locationId !== undefined) {
    encounter.location = [
      {
        location: reference('Location', input.locationId),
        status: input.status === 'in-progress' ? 'active' : 'completed',
      },
    ];
  }
  return encounter;
}

export interface ConditionInput {
  id: string;
  patientId: string;
  encounterId?: string;
  /** A diagnosis as a US EHR codes it, or a concept exactly as some charts hold it (e.g. SNOMED CT only). */
  diagnosis: DiagnosisCode | CodeableConcept;
  category: 'encounter-diagnosis' | 'problem-list-item';
  clinicalStatus: 'active' | 'resolved' | 'inactive';
  verificationStatus?: 'confirmed' | 'provisional';
  onset: Date;
  /** Only for resolved or inactive conditions. */
  abatement?: Date;
  recorded?: Date;
}

const CATEGORY_DISPLAY: Record<ConditionInput['category'], string> = {
  'encounter-diagnosis': 'Encounter Diagnosis',
  'problem-list-item': 'Problem List Item',
};

export function buildCondition(input: ConditionInput): Condition {
  const verification = input.verificationStatus ?? 'confirmed';
  const condition: Condition = {
    resourceType: 'Condition',
    id: input.id,
    clinicalStatus: { coding: [{ system: SYSTEM.conditionClinical, code: input.clinicalStatus }] },
    verificationStatus: { coding: [{ system: SYSTEM.conditionVerification, code: verification }] },
    category: [
      { coding: [{ system: SYSTEM.conditionCategory, code: input.category, display: CATEGORY_DISPLAY[input.category] }] },
    ],
    code: 'icd10cm' in input.diagnosis ? diagnosisConcept(input.diagnosis) : input.diagnosis,
    subject: reference('Patient', input.patientId),
    onsetDateTime: fhirDateTime(input.onset),
    recordedDate: fhirDateTime(input.recorded ?? input.onset),
  };
  if (input.encounterId !== undefined) {
    condition.encounter = reference('Encounter', input.encounterId);
  }
  if (input.abatement) {
    condition.abatementDateTime = fhirDateTime(input.abatement);
  }
  return condition;
}

/** Who, where and when an observation was made. */
export interface ObservationContext {
  patientId: string;
  encounterId?: string;
  effective: Date;
}

type ObservationCategory = 'vital-signs' | 'laboratory';

const OBSERVATION_CATEGORY_DISPLAY: Record<ObservationCategory, string> = {
  'vital-signs': 'Vital Signs',
  laboratory: 'Laboratory',
};

function observationBase(id: string, context: ObservationContext, category: ObservationCategory, code: Coding): Observation {
  const observation: Observation = {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      {
        coding: [
          { system: SYSTEM.observationCategory, code: category, display: OBSERVATION_CATEGORY_DISPLAY[category] },
        ],
      },
    ],
    code: concept(code),
    subject: reference('Patient', context.patientId),
    effectiveDateTime: fhirDateTime(context.effective),
  };
  if (context.encounterId !== undefined) {
    observation.encounter = reference('Encounter', context.encounterId);
  }
  return observation;
}

export function buildQuantityObservation(
  id: string,
  context: ObservationContext,
  category: ObservationCategory,
  code: QuantityCode,
  value: number,
): Observation {
  const observation = observationBase(id, context, category, {
    system: SYSTEM.loinc,
    code: code.loinc,
    display: code.display,
  });
  observation.valueQuantity = { value, unit: code.unit, system: SYSTEM.ucum, code: code.ucum };
  if (category === 'laboratory') {
    observation.referenceRange = [
      {
        low: { value: code.low, unit: code.unit, system: SYSTEM.ucum, code: code.ucum },
        high: { value: code.high, unit: code.unit, system: SYSTEM.ucum, code: code.ucum },
      },
    ];
  }
  return observation;
}

export function buildQualitativeObservation(
  id: string,
  context: ObservationContext,
  test: { loinc: string; display: string },
  result: keyof typeof TEST_RESULT,
): Observation {
  const observation = observationBase(id, context, 'laboratory', {
    system: SYSTEM.loinc,
    code: test.loinc,
    display: test.display,
  });
  observation.valueCodeableConcept = concept(TEST_RESULT[result]);
  return observation;
}

export interface VitalSignValues {
  heartRate: number;
  respiratoryRate: number;
  bodyTemperature: number;
  oxygenSaturation: number;
  systolic: number;
  diastolic: number;
  painScore: number;
  bodyWeight?: number;
}

export type VitalSignKey = 'hr' | 'rr' | 'temp' | 'spo2' | 'bp' | 'pain' | 'weight';

/** One set of vitals as a triage nurse records it: one Observation per sign, blood pressure as a panel. */
export function buildVitalSignObservations(
  makeId: (key: VitalSignKey) => string,
  context: ObservationContext,
  values: VitalSignValues,
): Observation[] {
  const quantity = (key: VitalSignKey, code: QuantityCode, value: number): Observation =>
    buildQuantityObservation(makeId(key), context, 'vital-signs', code, value);

  const bloodPressure = observationBase(makeId('bp'), context, 'vital-signs', {
    system: SYSTEM.loinc,
    code: BLOOD_PRESSURE_PANEL.loinc,
    display: BLOOD_PRESSURE_PANEL.display,
  });
  bloodPressure.component = [
    { code: VITAL_SIGNS.systolic, value: values.systolic },
    { code: VITAL_SIGNS.diastolic, value: values.diastolic },
  ].map(({ code, value }) => ({
    code: concept({ system: SYSTEM.loinc, code: code.loinc, display: code.display }),
    valueQuantity: { value, unit: code.unit, system: SYSTEM.ucum, code: code.ucum },
  }));

  const observations = [
    quantity('hr', VITAL_SIGNS.heartRate, values.heartRate),
    quantity('rr', VITAL_SIGNS.respiratoryRate, values.respiratoryRate),
    quantity('temp', VITAL_SIGNS.bodyTemperature, values.bodyTemperature),
    quantity('spo2', VITAL_SIGNS.oxygenSaturation, values.oxygenSaturation),
    bloodPressure,
    quantity('pain', VITAL_SIGNS.painScore, values.painScore),
  ];
  if (values.bodyWeight !== undefined) {
    observations.push(quantity('weight', VITAL_SIGNS.bodyWeight, values.bodyWeight));
  }
  return observations;
}
