import type { Coding } from 'fhir/r4';

export const SYSTEM = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  ucum: 'http://unitsofmeasure.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  flagCategory: 'http://terminology.hl7.org/CodeSystem/flag-category',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  // PHDSC Source of Payment Typology, the payer-type system US Core uses for Coverage.type.
  paymentTypology: 'urn:oid:2.16.840.1.113883.3.221.5',
  language: 'urn:ietf:bcp:47',
  // Identifier systems of the bundled sandbox EHR (example.org: never a real namespace).
  sandboxMrn: 'https://lantern.example.org/sandbox/mrn',
  sandboxStaffId: 'https://lantern.example.org/sandbox/staff-id',
  sandboxMemberId: 'https://lantern.example.org/sandbox/member-id',
} as const;

/** A diagnosis as a US EHR codes it: ICD-10-CM always, SNOMED CT where a clinician's problem list would have it. */
export interface DiagnosisCode {
  icd10cm: { code: string; display: string };
  snomed?: { code: string; display: string };
}

/** Diagnoses that the indicator catalog should recognise (docs/clinical.md "Indicators"). */
export const INDICATOR_DIAGNOSES = {
  chlamydia: {
    icd10cm: { code: 'A56.09', display: 'Other chlamydial infection of lower genitourinary tract' },
    snomed: { code: '240589008', display: 'Chlamydia trachomatis infection' },
  },
  gonorrhea: {
    icd10cm: { code: 'A54.03', display: 'Gonococcal cervicitis, unspecified' },
    snomed: { code: '15628003', display: 'Gonorrhea' },
  },
  trichomoniasis: {
    icd10cm: { code: 'A59.01', display: 'Trichomonal vulvovaginitis' },
  },
  toothFracture: {
    icd10cm: { code: 'S02.5XXA', display: 'Fracture of tooth (traumatic), initial encounter for closed fracture' },
  },
  headContusion: {
    icd10cm: { code: 'S00.83XA', display: 'Contusion of other part of head, initial encounter' },
  },
  forearmBurn: {
    icd10cm: { code: 'T22.112A', display: 'Burn of first degree of left forearm, initial encounter' },
  },
  alcoholIntoxication: {
    icd10cm: { code: 'F10.120', display: 'Alcohol abuse with intoxication, uncomplicated' },
  },
  cannabisUse: {
    icd10cm: { code: 'F12.10', display: 'Cannabis abuse, uncomplicated' },
  },
  shelteredHomelessness: {
    icd10cm: { code: 'Z59.01', display: 'Sheltered homelessness' },
  },
  pregnancy: {
    icd10cm: { code: 'Z33.1', display: 'Pregnant state, incidental' },
    snomed: { code: '77386006', display: 'Pregnancy' },
  },
} as const satisfies Record<string, DiagnosisCode>;

/** Diagnoses that must never raise a trafficking prompt on their own. */
export const ROUTINE_DIAGNOSES = {
  hypertension: {
    icd10cm: { code: 'I10', display: 'Essential (primary) hypertension' },
    snomed: { code: '38341003', display: 'Hypertensive disorder' },
  },
  hyperlipidemia: {
    icd10cm: { code: 'E78.5', display: 'Hyperlipidemia, unspecified' },
    snomed: { code: '55822004', display: 'Hyperlipidemia' },
  },
  type2Diabetes: {
    icd10cm: { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
    snomed: { code: '44054006', display: 'Diabetes mellitus type 2' },
  },
  asthma: {
    icd10cm: { code: 'J45.909', display: 'Unspecified asthma, uncomplicated' },
    snomed: { code: '195967001', display: 'Asthma' },
  },
  asthmaExacerbation: {
    icd10cm: { code: 'J45.901', display: 'Unspecified asthma with (acute) exacerbation' },
  },
  chestPain: {
    icd10cm: { code: 'R07.9', display: 'Chest pain, unspecified' },
    snomed: { code: '29857009', display: 'Chest pain' },
  },
  syncope: {
    icd10cm: { code: 'R55', display: 'Syncope and collapse' },
    snomed: { code: '271594007', display: 'Syncope' },
  },
  depression: {
    icd10cm: { code: 'F32.A', display: 'Depression, unspecified' },
  },
  gerd: {
    icd10cm: { code: 'K21.9', display: 'Gastro-esophageal reflux disease without esophagitis' },
  },
  obesity: {
    icd10cm: { code: 'E66.9', display: 'Obesity, unspecified' },
  },
  lowBackPain: {
    icd10cm: { code: 'M54.50', display: 'Low back pain, unspecified' },
  },
} as const satisfies Record<string, DiagnosisCode>;

/** Acute, non-indicator diagnoses drawn at random for the large chart's visits. */
export const ACUTE_DIAGNOSES: readonly DiagnosisCode[] = [
  { icd10cm: { code: 'J06.9', display: 'Acute upper respiratory infection, unspecified' } },
  { icd10cm: { code: 'N39.0', display: 'Urinary tract infection, site not specified' } },
  { icd10cm: { code: 'K52.9', display: 'Noninfective gastroenteritis and colitis, unspecified' } },
  { icd10cm: { code: 'G43.909', display: 'Migraine, unspecified, not intractable, without status migrainosus' } },
  { icd10cm: { code: 'R10.9', display: 'Unspecified abdominal pain' } },
  { icd10cm: { code: 'R51.9', display: 'Headache, unspecified' } },
  { icd10cm: { code: 'J20.9', display: 'Acute bronchitis, unspecified' } },
  { icd10cm: { code: 'J02.9', display: 'Acute pharyngitis, unspecified' } },
  { icd10cm: { code: 'R07.9', display: 'Chest pain, unspecified' } },
  { icd10cm: { code: 'K59.00', display: 'Constipation, unspecified' } },
  { icd10cm: { code: 'R42', display: 'Dizziness and giddiness' } },
  { icd10cm: { code: 'E86.0', display: 'Dehydration' } },
  { icd10cm: { code: 'R11.2', display: 'Nausea with vomiting, unspecified' } },
  { icd10cm: { code: 'N20.0', display: 'Calculus of kidney' } },
  { icd10cm: { code: 'K29.70', display: 'Gastritis, unspecified, without bleeding' } },
  { icd10cm: { code: 'J18.9', display: 'Pneumonia, unspecified organism' } },
  { icd10cm: { code: 'R50.9', display: 'Fever, unspecified' } },
  { icd10cm: { code: 'J45.901', display: 'Unspecified asthma with (acute) exacerbation' } },
];

/** Reasons for visit (Encounter.reasonCode): SNOMED CT findings, ICD-10-CM where SNOMED has no current concept. */
export const VISIT_REASONS = {
  toothache: { system: SYSTEM.snomed, code: '27355003', display: 'Toothache' },
  abdominalPain: { system: SYSTEM.snomed, code: '21522001', display: 'Abdominal pain' },
  pelvicPain: { system: SYSTEM.icd10cm, code: 'R10.2', display: 'Pelvic and perineal pain' },
  faceInjury: { system: SYSTEM.icd10cm, code: 'S09.93XA', display: 'Unspecified injury of face, initial encounter' },
  chestPain: { system: SYSTEM.snomed, code: '29857009', display: 'Chest pain' },
  syncope: { system: SYSTEM.snomed, code: '271594007', display: 'Syncope' },
  headache: { system: SYSTEM.snomed, code: '25064002', display: 'Headache' },
} as const satisfies Record<string, Coding>;

/** Encounter.class values (v3-ActCode). */
export const ENCOUNTER_CLASS = {
  EMER: { system: SYSTEM.actCode, code: 'EMER', display: 'emergency' },
  AMB: { system: SYSTEM.actCode, code: 'AMB', display: 'ambulatory' },
  IMP: { system: SYSTEM.actCode, code: 'IMP', display: 'inpatient encounter' },
  VR: { system: SYSTEM.actCode, code: 'VR', display: 'virtual' },
} as const satisfies Record<string, Coding>;

export type EncounterClassCode = keyof typeof ENCOUNTER_CLASS;

/** Encounter.type, SNOMED CT procedures; keyed by class so every visit gets a natural type. */
export const ENCOUNTER_TYPE: Record<EncounterClassCode, Coding> = {
  EMER: { system: SYSTEM.snomed, code: '4525004', display: 'Emergency department patient visit' },
  AMB: { system: SYSTEM.snomed, code: '185349003', display: 'Encounter for check up' },
  IMP: { system: SYSTEM.snomed, code: '32485007', display: 'Hospital admission' },
  VR: { system: SYSTEM.snomed, code: '185317003', display: 'Telephone encounter' },
};

/** A quantitative observation: LOINC code, UCUM unit and the range values are drawn from. */
export interface QuantityCode {
  loinc: string;
  display: string;
  unit: string;
  ucum: string;
  low: number;
  high: number;
  decimals: number;
}

export const VITAL_SIGNS = {
  heartRate: { loinc: '8867-4', display: 'Heart rate', unit: 'beats/minute', ucum: '/min', low: 58, high: 104, decimals: 0 },
  respiratoryRate: { loinc: '9279-1', display: 'Respiratory rate', unit: 'breaths/minute', ucum: '/min', low: 12, high: 20, decimals: 0 },
  bodyTemperature: { loinc: '8310-5', display: 'Body temperature', unit: 'C', ucum: 'Cel', low: 36.3, high: 37.6, decimals: 1 },
  oxygenSaturation: { loinc: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry', unit: '%', ucum: '%', low: 94, high: 100, decimals: 0 },
  bodyWeight: { loinc: '29463-7', display: 'Body weight', unit: 'kg', ucum: 'kg', low: 60, high: 95, decimals: 1 },
  painScore: { loinc: '72514-3', display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported', unit: '{score}', ucum: '{score}', low: 0, high: 4, decimals: 0 },
  systolic: { loinc: '8480-6', display: 'Systolic blood pressure', unit: 'mmHg', ucum: 'mm[Hg]', low: 108, high: 142, decimals: 0 },
  diastolic: { loinc: '8462-4', display: 'Diastolic blood pressure', unit: 'mmHg', ucum: 'mm[Hg]', low: 64, high: 92, decimals: 0 },
} as const satisfies Record<string, QuantityCode>;

export const BLOOD_PRESSURE_PANEL = { loinc: '85354-9', display: 'Blood pressure panel with all children optional' } as const;

/** Laboratory panels as ordered together; each member is one Observation. */
export const LAB_PANELS = {
  basicMetabolic: [
    { loinc: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', ucum: 'mmol/L', low: 135, high: 145, decimals: 0 },
    { loinc: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', ucum: 'mmol/L', low: 3.5, high: 5.1, decimals: 1 },
    { loinc: '2075-0', display: 'Chloride [Moles/volume] in Serum or Plasma', unit: 'mmol/L', ucum: 'mmol/L', low: 98, high: 107, decimals: 0 },
    { loinc: '2028-9', display: 'Carbon dioxide, total [Moles/volume] in Serum or Plasma', unit: 'mmol/L', ucum: 'mmol/L', low: 22, high: 29, decimals: 0 },
    { loinc: '3094-0', display: 'Urea nitrogen [Mass/volume] in Serum or Plasma', unit: 'mg/dL', ucum: 'mg/dL', low: 7, high: 20, decimals: 0 },
    { loinc: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', unit: 'mg/dL', ucum: 'mg/dL', low: 0.6, high: 1.1, decimals: 2 },
    { loinc: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma', unit: 'mg/dL', ucum: 'mg/dL', low: 75, high: 140, decimals: 0 },
    { loinc: '17861-6', display: 'Calcium [Mass/volume] in Serum or Plasma', unit: 'mg/dL', ucum: 'mg/dL', low: 8.6, high: 10.2, decimals: 1 },
  ],
  completeBloodCount: [
    { loinc: '6690-2', display: 'Leukocytes [#/volume] in Blood by Automated count', unit: '10*3/uL', ucum: '10*3/uL', low: 4.0, high: 11.0, decimals: 1 },
    { loinc: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', unit: 'g/dL', ucum: 'g/dL', low: 11.5, high: 15.5, decimals: 1 },
    { loinc: '4544-3', display: 'Hematocrit [Volume Fraction] of Blood by Automated count', unit: '%', ucum: '%', low: 35, high: 46, decimals: 1 },
    { loinc: '777-3', display: 'Platelets [#/volume] in Blood by Automated count', unit: '10*3/uL', ucum: '10*3/uL', low: 150, high: 400, decimals: 0 },
  ],
  lipid: [
    { loinc: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', unit: 'mg/dL', ucum: 'mg/dL', low: 150, high: 235, decimals: 0 },
    { loinc: '2085-9', display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', unit: 'mg/dL', ucum: 'mg/dL', low: 38, high: 70, decimals: 0 },
    { loinc: '13457-7', display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation', unit: 'mg/dL', ucum: 'mg/dL', low: 80, high: 160, decimals: 0 },
    { loinc: '2571-8', display: 'Triglyceride [Mass/volume] in Serum or Plasma', unit: 'mg/dL', ucum: 'mg/dL', low: 70, high: 200, decimals: 0 },
  ],
  hemoglobinA1c: [
    { loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%', ucum: '%', low: 5.6, high: 7.8, decimals: 1 },
  ],
  troponin: [
    { loinc: '89579-7', display: 'Troponin I.cardiac [Mass/volume] in Serum or Plasma by High sensitivity method', unit: 'ng/L', ucum: 'ng/L', low: 1, high: 9, decimals: 0 },
  ],
} as const satisfies Record<string, readonly QuantityCode[]>;

export type LabPanel = keyof typeof LAB_PANELS;

/** Qualitative lab tests answered Positive / Negative. */
export const QUALITATIVE_TESTS = {
  urineHcg: { loinc: '2106-3', display: 'Choriogonadotropin (pregnancy test) [Presence] in Urine' },
  chlamydiaNaat: { loinc: '43304-5', display: 'Chlamydia trachomatis rRNA [Presence] in Specimen by NAA with probe detection' },
  gonorrheaNaat: { loinc: '43305-2', display: 'Neisseria gonorrhoeae rRNA [Presence] in Specimen by NAA with probe detection' },
} as const satisfies Record<string, { loinc: string; display: string }>;

export const TEST_RESULT = {
  positive: { system: SYSTEM.snomed, code: '10828004', display: 'Positive' },
  negative: { system: SYSTEM.snomed, code: '260385009', display: 'Negative' },
} as const satisfies Record<string, Coding>;

/** Procedures for the large chart (SNOMED CT). */
export const PROCEDURES = {
  ecg: { system: SYSTEM.snomed, code: '29303009', display: 'Electrocardiographic procedure' },
  chestXray: { system: SYSTEM.snomed, code: '399208008', display: 'Plain chest X-ray' },
  medicationReconciliation: { system: SYSTEM.snomed, code: '430193006', display: 'Medication reconciliation' },
  colonoscopy: { system: SYSTEM.snomed, code: '73761001', display: 'Colonoscopy' },
  mammography: { system: SYSTEM.snomed, code: '71651007', display: 'Mammography' },
} as const satisfies Record<string, Coding>;

export const PAYER_TYPE = {
  medicaid: { system: SYSTEM.paymentTypology, code: '2', display: 'MEDICAID' },
  privateInsurance: { system: SYSTEM.paymentTypology, code: '5', display: 'PRIVATE HEALTH INSURANCE' },
  selfPay: { system: SYSTEM.paymentTypology, code: '81', display: 'Self-pay' },
} as const satisfies Record<string, Coding>;

/** Marks every synthetic Patient as test data, so nobody mistakes the sandbox for a real chart. */
export const TEST_DATA_TAG: Coding = { system: SYSTEM.actReason, code: 'HTEST', display: 'test health data' };
