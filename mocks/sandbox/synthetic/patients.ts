import type { Coding, Coverage, Encounter, FhirResource, MedicationRequest, Observation } from 'fhir/r4';
import {
  birthDateForAge,
  buildCondition,
  buildEncounter,
  buildPatient,
  buildQualitativeObservation,
  buildQuantityObservation,
  buildVitalSignObservations,
  concept,
  daysBefore,
  fhirDate,
  fhirDateTime,
  icd10cmCoding,
  minutesAfter,
  minutesBefore,
  reference,
  type VitalSignKey,
} from './builders';
import { LOCATION_ID, ORGANIZATION_ID, PRACTITIONER_ID } from './care-setting';
import type { Chart, ChartContext } from './chart';
import { patientLabel } from './chart';
import {
  INDICATOR_DIAGNOSES,
  LAB_PANELS,
  PAYER_TYPE,
  QUALITATIVE_TESTS,
  ROUTINE_DIAGNOSES,
  SYSTEM,
  VISIT_REASONS,
} from './codes';

type Hospital = 'lantern' | 'northside' | 'eastlake';

const HOSPITALS: Record<Hospital, { organizationId: string; edLocationId?: string }> = {
  lantern: { organizationId: ORGANIZATION_ID.hospital },
  northside: { organizationId: ORGANIZATION_ID.northsideHospital, edLocationId: LOCATION_ID.northsideEd },
  eastlake: { organizationId: ORGANIZATION_ID.eastlakeHospital, edLocationId: LOCATION_ID.eastlakeEd },
};

interface PriorEdVisit {
  id: string;
  daysAgo: number;
  /** Arrival hour (UTC). */
  hour: number;
  hospital: Hospital;
  reason: Coding;
}

/** A finished ED visit of about four hours; our own physician only attends at our own hospital. */
function buildPriorEdVisit(patientId: string, now: Date, visit: PriorEdVisit): Encounter {
  const start = visitStart(now, visit);
  const hospital = HOSPITALS[visit.hospital];
  return buildEncounter({
    id: visit.id,
    patientId,
    classCode: 'EMER',
    status: 'finished',
    start,
    end: minutesAfter(start, 250),
    reasons: [visit.reason],
    serviceProviderId: hospital.organizationId,
    ...(hospital.edLocationId === undefined ? {} : { locationId: hospital.edLocationId }),
    ...(visit.hospital === 'lantern' ? { practitionerId: PRACTITIONER_ID.edPhysician } : {}),
  });
}

function visitStart(now: Date, visit: PriorEdVisit): Date {
  return daysBefore(now, visit.daysAgo, visit.hour, 20);
}

function vitalIds(prefix: string): (key: VitalSignKey) => string {
  return (key) => `${prefix}-${key}`;
}

const SELF_RELATIONSHIP: Coding = { system: SYSTEM.subscriberRelationship, code: 'self', display: 'Self' };

/**
 * Ana Ruiz, 24: facial injury and toothache tonight; STIs, burns and five ED visits at three hospitals in a
 * year; Medicaid lapsed; staying at a motel. Every chart-based adult indicator should fire.
 */
export function buildIndicatorAdultChart({ now }: ChartContext): Chart {
  const patientId = 'ana-ruiz';
  const currentEncounterId = 'enc-ana-ed-current';
  const arrival = minutesBefore(now, 130);

  const patient = buildPatient({
    id: patientId,
    mrn: 'SBX-100101',
    given: ['Ana'],
    family: 'Ruiz',
    gender: 'female',
    birthDate: birthDateForAge(now, 24, 140),
    address: {
      use: 'temp',
      type: 'physical',
      line: ['Sandbox Motor Inn, Room 12', '4100 Example Highway'],
      city: 'Sampleton',
      state: 'CA',
      postalCode: '99999',
    },
    preferredLanguage: { code: 'es', display: 'Spanish' },
  });

  const burnVisit: PriorEdVisit = { id: 'enc-ana-ed-prior-1', daysAgo: 28, hour: 23, hospital: 'northside', reason: icd10cmCoding(INDICATOR_DIAGNOSES.forearmBurn) };
  const chlamydiaVisit: PriorEdVisit = { id: 'enc-ana-ed-prior-2', daysAgo: 74, hour: 2, hospital: 'eastlake', reason: VISIT_REASONS.pelvicPain };
  const headacheVisit: PriorEdVisit = { id: 'enc-ana-ed-prior-3', daysAgo: 131, hour: 21, hospital: 'lantern', reason: VISIT_REASONS.headache };
  const gonorrheaVisit: PriorEdVisit = { id: 'enc-ana-ed-prior-4', daysAgo: 203, hour: 1, hospital: 'northside', reason: VISIT_REASONS.pelvicPain };
  const abdominalPainVisit: PriorEdVisit = { id: 'enc-ana-ed-prior-5', daysAgo: 296, hour: 22, hospital: 'eastlake', reason: VISIT_REASONS.abdominalPain };
  const priorVisits = [burnVisit, chlamydiaVisit, headacheVisit, gonorrheaVisit, abdominalPainVisit];

  const currentEncounter = buildEncounter({
    id: currentEncounterId,
    patientId,
    classCode: 'EMER',
    status: 'in-progress',
    start: arrival,
    reasons: [VISIT_REASONS.faceInjury, VISIT_REASONS.toothache],
    locationId: LOCATION_ID.edBay4,
    serviceProviderId: ORGANIZATION_ID.hospital,
    practitionerId: PRACTITIONER_ID.edPhysician,
  });

  const conditions = [
    buildCondition({
      id: 'cond-ana-tooth-fracture',
      patientId,
      encounterId: currentEncounterId,
      diagnosis: INDICATOR_DIAGNOSES.toothFracture,
      category: 'encounter-diagnosis',
      clinicalStatus: 'active',
      onset: minutesBefore(now, 26 * 60),
      recorded: minutesBefore(now, 60),
    }),
    buildCondition({
      id: 'cond-ana-face-contusion',
      patientId,
      encounterId: currentEncounterId,
      diagnosis: INDICATOR_DIAGNOSES.headContusion,
      category: 'encounter-diagnosis',
      clinicalStatus: 'active',
      onset: minutesBefore(now, 26 * 60),
      recorded: minutesBefore(now, 58),
    }),
    buildCondition({
      id: 'cond-ana-forearm-burn',
      patientId,
      encounterId: burnVisit.id,
      diagnosis: INDICATOR_DIAGNOSES.forearmBurn,
      category: 'encounter-diagnosis',
      clinicalStatus: 'resolved',
      onset: visitStart(now, burnVisit),
      abatement: daysBefore(now, 14),
    }),
    buildCondition({
      id: 'cond-ana-chlamydia',
      patientId,
      encounterId: chlamydiaVisit.id,
      diagnosis: INDICATOR_DIAGNOSES.chlamydia,
      category: 'encounter-diagnosis',
      clinicalStatus: 'active',
      onset: visitStart(now, chlamydiaVisit),
    }),
    buildCondition({
      id: 'cond-ana-gonorrhea',
      patientId,
      encounterId: gonorrheaVisit.id,
      diagnosis: INDICATOR_DIAGNOSES.gonorrhea,
      category: 'encounter-diagnosis',
      clinicalStatus: 'resolved',
      onset: visitStart(now, gonorrheaVisit),
      abatement: daysBefore(now, gonorrheaVisit.daysAgo - 14),
    }),
  ];

  const observations: Observation[] = [
    ...buildVitalSignObservations(
      vitalIds('obs-ana-vitals'),
      { patientId, encounterId: currentEncounterId, effective: minutesAfter(arrival, 6) },
      { heartRate: 108, respiratoryRate: 18, bodyTemperature: 36.9, oxygenSaturation: 99, systolic: 124, diastolic: 78, painScore: 7, bodyWeight: 54.2 },
    ),
    buildQualitativeObservation(
      'obs-ana-urine-hcg',
      { patientId, encounterId: currentEncounterId, effective: minutesBefore(now, 70) },
      QUALITATIVE_TESTS.urineHcg,
      'positive',
    ),
    buildQualitativeObservation(
      'obs-ana-chlamydia-naat',
      { patientId, encounterId: chlamydiaVisit.id, effective: minutesAfter(visitStart(now, chlamydiaVisit), 45) },
      QUALITATIVE_TESTS.chlamydiaNaat,
      'positive',
    ),
    buildQualitativeObservation(
      'obs-ana-gonorrhea-naat',
      { patientId, encounterId: gonorrheaVisit.id, effective: minutesAfter(visitStart(now, gonorrheaVisit), 45) },
      QUALITATIVE_TESTS.gonorrheaNaat,
      'positive',
    ),
    buildQualitativeObservation(
      'obs-ana-urine-hcg-prior',
      { patientId, encounterId: abdominalPainVisit.id, effective: minutesAfter(visitStart(now, abdominalPainVisit), 40) },
      QUALITATIVE_TESTS.urineHcg,
      'negative',
    ),
  ];

  // Medicaid lapsed eight months ago: a cancelled Coverage and nothing active, so she is self-pay.
  const lapsedMedicaid: Coverage = {
    resourceType: 'Coverage',
    id: 'cov-ana-medicaid',
    status: 'cancelled',
    type: concept(PAYER_TYPE.medicaid),
    subscriberId: 'MCD-SBX-1101',
    beneficiary: reference('Patient', patientId),
    relationship: concept(SELF_RELATIONSHIP),
    period: { start: fhirDate(daysBefore(now, 700)), end: fhirDate(daysBefore(now, 240)) },
    payor: [reference('Organization', ORGANIZATION_ID.medicaid)],
  };

  const resources: FhirResource[] = [
    patient,
    currentEncounter,
    ...priorVisits.map((visit) => buildPriorEdVisit(patientId, now, visit)),
    ...conditions,
    ...observations,
    lapsedMedicaid,
  ];
  return {
    patient: {
      key: 'indicator-adult',
      label: patientLabel(patient, now, 'ED, in progress'),
      patientId,
      activeEncounterIds: [currentEncounterId],
      description:
        'Adult with many chart indicators: STIs (A56.09, A54.03), tooth fracture (S02.5XXA), contusion and burn, 5 prior ED visits in 12 months, lapsed Medicaid, motel address.',
    },
    resources,
  };
}

/**
 * Kayla Moreno, 15: abdominal pain tonight, positive pregnancy test, gonorrhea, trichomoniasis, alcohol and
 * cannabis, living in a youth shelter, three prior ED visits this year. Youth (SSCST-age) guidance applies.
 */
export function buildYouthChart({ now }: ChartContext): Chart {
  const patientId = 'kayla-moreno';
  const currentEncounterId = 'enc-kayla-ed-current';
  const arrival = minutesBefore(now, 185);

  const patient = buildPatient({
    id: patientId,
    mrn: 'SBX-100202',
    given: ['Kayla'],
    family: 'Moreno',
    gender: 'female',
    birthDate: birthDateForAge(now, 15, 75),
    address: {
      use: 'temp',
      type: 'physical',
      line: ['Harbor Youth Shelter (sandbox)', '200 Sample Street'],
      city: 'Sampleton',
      state: 'CA',
      postalCode: '99999',
    },
  });

  const gonorrheaVisit: PriorEdVisit = { id: 'enc-kayla-ed-prior-1', daysAgo: 41, hour: 3, hospital: 'eastlake', reason: VISIT_REASONS.pelvicPain };
  const intoxicationVisit: PriorEdVisit = { id: 'enc-kayla-ed-prior-2', daysAgo: 96, hour: 1, hospital: 'northside', reason: icd10cmCoding(INDICATOR_DIAGNOSES.alcoholIntoxication) };
  const trichomoniasisVisit: PriorEdVisit = { id: 'enc-kayla-ed-prior-3', daysAgo: 150, hour: 22, hospital: 'lantern', reason: VISIT_REASONS.pelvicPain };
  const priorVisits = [gonorrheaVisit, intoxicationVisit, trichomoniasisVisit];

  const currentEncounter = buildEncounter({
    id: currentEncounterId,
    patientId,
    classCode: 'EMER',
    status: 'in-progress',
    start: arrival,
    reasons: [VISIT_REASONS.abdominalPain],
    locationId: LOCATION_ID.edBay7,
    serviceProviderId: ORGANIZATION_ID.hospital,
    practitionerId: PRACTITIONER_ID.edPhysician,
  });

  const conditions = [
    buildCondition({
      id: 'cond-kayla-pregnancy',
      patientId,
      encounterId: currentEncounterId,
      diagnosis: INDICATOR_DIAGNOSES.pregnancy,
      category: 'encounter-diagnosis',
      clinicalStatus: 'active',
      onset: minutesBefore(now, 90),
    }),
    buildCondition({
      id: 'cond-kayla-gonorrhea',
      patientId,
      encounterId: gonorrheaVisit.id,
      diagnosis: INDICATOR_DIAGNOSES.gonorrhea,
      category: 'encounter-diagnosis',
      clinicalStatus: 'active',
      onset: visitStart(now, gonorrheaVisit),
    }),
    buildCondition({
      id: 'cond-kayla-alcohol-intoxication',
      patientId,
      encounterId: intoxicationVisit.id,
      diagnosis: INDICATOR_DIAGNOSES.alcoholIntoxication,
      category: 'encounter-diagnosis',
      clinicalStatus: 'resolved',
      onset: visitStart(now, intoxicationVisit),
      abatement: daysBefore(now, intoxicationVisit.daysAgo - 1),
    }),
    buildCondition({
      id: 'cond-kayla-trichomoniasis',
      patientId,
      encounterId: trichomoniasisVisit.id,
      diagnosis: INDICATOR_DIAGNOSES.trichomoniasis,
      category: 'encounter-diagnosis',
      clinicalStatus: 'resolved',
      onset: visitStart(now, trichomoniasisVisit),
      abatement: daysBefore(now, trichomoniasisVisit.daysAgo - 10),
    }),
    buildCondition({
      id: 'cond-kayla-cannabis-use',
      patientId,
      diagnosis: INDICATOR_DIAGNOSES.cannabisUse,
      category: 'problem-list-item',
      clinicalStatus: 'active',
      onset: daysBefore(now, 200),
      recorded: visitStart(now, intoxicationVisit),
    }),
    buildCondition({
      id: 'cond-kayla-sheltered-homelessness',
      patientId,
      diagnosis: INDICATOR_DIAGNOSES.shelteredHomelessness,
      category: 'problem-list-item',
      clinicalStatus: 'active',
      onset: daysBefore(now, 60),
      recorded: visitStart(now, gonorrheaVisit),
    }),
  ];

  const observations: Observation[] = [
    ...buildVitalSignObservations(
      vitalIds('obs-kayla-vitals'),
      { patientId, encounterId: currentEncounterId, effective: minutesAfter(arrival, 9) },
      { heartRate: 96, respiratoryRate: 16, bodyTemperature: 37.0, oxygenSaturation: 99, systolic: 112, diastolic: 70, painScore: 5, bodyWeight: 51.3 },
    ),
    buildQualitativeObservation(
      'obs-kayla-urine-hcg',
      { patientId, encounterId: currentEncounterId, effective: minutesBefore(now, 95) },
      QUALITATIVE_TESTS.urineHcg,
      'positive',
    ),
    buildQualitativeObservation(
      'obs-kayla-gonorrhea-naat',
      { patientId, encounterId: gonorrheaVisit.id, effective: minutesAfter(visitStart(now, gonorrheaVisit), 50) },
      QUALITATIVE_TESTS.gonorrheaNaat,
      'positive',
    ),
  ];

  const resources: FhirResource[] = [
    patient,
    currentEncounter,
    ...priorVisits.map((visit) => buildPriorEdVisit(patientId, now, visit)),
    ...conditions,
    ...observations,
  ];
  return {
    patient: {
      key: 'youth',
      label: patientLabel(patient, now, 'ED, in progress'),
      patientId,
      activeEncounterIds: [currentEncounterId],
      description:
        '15-year-old with youth indicators: pregnancy (Z33.1, positive hCG), STIs (A54.03, A59.01), alcohol and cannabis (F10.120, F12.10), sheltered homelessness (Z59.01), 3 prior ED visits, no coverage.',
    },
    resources,
  };
}

/**
 * David Chen, 45: chest pain, treated hypertension, insured, stable home, one check-up last year.
 * The control chart: no indicator may fire.
 */
export function buildNoIndicatorsChart({ now }: ChartContext): Chart {
  const patientId = 'david-chen';
  const currentEncounterId = 'enc-david-ed-current';
  const checkupEncounterId = 'enc-david-clinic-checkup';
  const arrival = minutesBefore(now, 95);
  const checkup = daysBefore(now, 182, 16, 30);

  const patient = buildPatient({
    id: patientId,
    mrn: 'SBX-100303',
    given: ['David'],
    family: 'Chen',
    gender: 'male',
    birthDate: birthDateForAge(now, 45, 210),
    phone: '555-0142',
    address: {
      use: 'home',
      type: 'both',
      line: ['1200 Example Avenue'],
      city: 'Sampleton',
      state: 'CA',
      postalCode: '99999',
      period: { start: fhirDate(daysBefore(now, 12 * 365)) },
    },
  });

  const encounters = [
    buildEncounter({
      id: currentEncounterId,
      patientId,
      classCode: 'EMER',
      status: 'in-progress',
      start: arrival,
      reasons: [VISIT_REASONS.chestPain],
      locationId: LOCATION_ID.edBay2,
      serviceProviderId: ORGANIZATION_ID.hospital,
      practitionerId: PRACTITIONER_ID.edPhysician,
    }),
    buildEncounter({
      id: checkupEncounterId,
      patientId,
      classCode: 'AMB',
      status: 'finished',
      start: checkup,
      end: minutesAfter(checkup, 30),
      serviceProviderId: ORGANIZATION_ID.hospital,
    }),
  ];

  const conditions = [
    buildCondition({
      id: 'cond-david-hypertension',
      patientId,
      diagnosis: ROUTINE_DIAGNOSES.hypertension,
      category: 'problem-list-item',
      clinicalStatus: 'active',
      onset: daysBefore(now, 6 * 365),
    }),
    buildCondition({
      id: 'cond-david-hyperlipidemia',
      patientId,
      encounterId: checkupEncounterId,
      diagnosis: ROUTINE_DIAGNOSES.hyperlipidemia,
      category: 'problem-list-item',
      clinicalStatus: 'active',
      onset: checkup,
    }),
    buildCondition({
      id: 'cond-david-chest-pain',
      patientId,
      encounterId: currentEncounterId,
      diagnosis: ROUTINE_DIAGNOSES.chestPain,
      category: 'encounter-diagnosis',
      clinicalStatus: 'active',
      verificationStatus: 'provisional',
      onset: minutesBefore(now, 4 * 60),
      recorded: minutesBefore(now, 80),
    }),
  ];

  const checkupContext = { patientId, encounterId: checkupEncounterId, effective: minutesAfter(checkup, 10) };
  const observations: Observation[] = [
    ...buildVitalSignObservations(
      vitalIds('obs-david-vitals'),
      { patientId, encounterId: currentEncounterId, effective: minutesAfter(arrival, 5) },
      { heartRate: 84, respiratoryRate: 16, bodyTemperature: 36.8, oxygenSaturation: 98, systolic: 146, diastolic: 90, painScore: 4, bodyWeight: 86.4 },
    ),
    buildQuantityObservation(
      'obs-david-troponin',
      { patientId, encounterId: currentEncounterId, effective: minutesAfter(arrival, 40) },
      'laboratory',
      LAB_PANELS.troponin[0],
      4,
    ),
    ...buildVitalSignObservations(vitalIds('obs-david-checkup-vitals'), checkupContext, {
      heartRate: 72,
      respiratoryRate: 14,
      bodyTemperature: 36.7,
      oxygenSaturation: 98,
      systolic: 134,
      diastolic: 84,
      painScore: 0,
      bodyWeight: 87.1,
    }),
    ...LAB_PANELS.lipid.map((code, index) =>
      buildQuantityObservation(`obs-david-lipid-${index + 1}`, checkupContext, 'laboratory', code, [228, 41, 151, 182][index] ?? 0),
    ),
  ];

  const lisinopril: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: 'medreq-david-lisinopril',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: concept({ system: SYSTEM.rxnorm, code: '314076', display: 'lisinopril 10 MG Oral Tablet' }),
    subject: reference('Patient', patientId),
    authoredOn: fhirDateTime(checkup),
    reasonReference: [reference('Condition', 'cond-david-hypertension')],
    dosageInstruction: [{ text: 'One tablet by mouth once daily' }],
  };

  const coverage: Coverage = {
    resourceType: 'Coverage',
    id: 'cov-david-health-plan',
    status: 'active',
    type: concept(PAYER_TYPE.privateInsurance),
    subscriberId: 'SHP-SBX-30303',
    beneficiary: reference('Patient', patientId),
    relationship: concept(SELF_RELATIONSHIP),
    period: { start: fhirDate(daysBefore(now, 3 * 365)) },
    payor: [reference('Organization', ORGANIZATION_ID.healthPlan)],
  };

  return {
    patient: {
      key: 'no-indicators',
      label: patientLabel(patient, now, 'ED, in progress'),
      patientId,
      activeEncounterIds: [currentEncounterId],
      description:
        'Control chart: chest pain, treated hypertension (I10), active coverage, stable home address, one prior clinic visit. Must raise no indicator.',
    },
    resources: [patient, ...encounters, ...conditions, ...observations, lisinopril, coverage],
  };
}

/** Grace Okafor, 38: asthma, seen in clinic and once in the ED long ago; nothing in progress. */
export function buildNoActiveEncounterChart({ now }: ChartContext): Chart {
  const patientId = 'grace-okafor';
  const recentVisitId = 'enc-grace-clinic-recent';
  const edVisitId = 'enc-grace-ed-prior';
  const recentVisit = daysBefore(now, 19, 15);
  const checkup = daysBefore(now, 210, 9, 30);
  const edVisit = daysBefore(now, 540, 19, 10);

  const patient = buildPatient({
    id: patientId,
    mrn: 'SBX-100404',
    given: ['Grace'],
    family: 'Okafor',
    gender: 'female',
    birthDate: birthDateForAge(now, 38, 30),
    phone: '555-0178',
    address: { use: 'home', type: 'both', line: ['37 Sample Lane'], city: 'Sampleton', state: 'CA', postalCode: '99999' },
  });

  const encounters = [
    buildEncounter({
      id: recentVisitId,
      patientId,
      classCode: 'AMB',
      status: 'finished',
      start: recentVisit,
      end: minutesAfter(recentVisit, 25),
      reasons: [{ system: SYSTEM.snomed, ...ROUTINE_DIAGNOSES.asthma.snomed }],
      serviceProviderId: ORGANIZATION_ID.hospital,
    }),
    buildEncounter({
      id: 'enc-grace-clinic-checkup',
      patientId,
      classCode: 'AMB',
      status: 'finished',
      start: checkup,
      end: minutesAfter(checkup, 30),
      serviceProviderId: ORGANIZATION_ID.hospital,
    }),
    buildEncounter({
      id: edVisitId,
      patientId,
      classCode: 'EMER',
      status: 'finished',
      start: edVisit,
      end: minutesAfter(edVisit, 200),
      reasons: [icd10cmCoding(ROUTINE_DIAGNOSES.asthmaExacerbation)],
      locationId: LOCATION_ID.edBay2,
      serviceProviderId: ORGANIZATION_ID.hospital,
      practitionerId: PRACTITIONER_ID.edPhysician,
    }),
  ];

  const conditions = [
    buildCondition({
      id: 'cond-grace-asthma',
      patientId,
      diagnosis: ROUTINE_DIAGNOSES.asthma,
      category: 'problem-list-item',
      clinicalStatus: 'active',
      onset: daysBefore(now, 20 * 365),
      recorded: edVisit,
    }),
    buildCondition({
      id: 'cond-grace-asthma-exacerbation',
      patientId,
      encounterId: edVisitId,
      diagnosis: ROUTINE_DIAGNOSES.asthmaExacerbation,
      category: 'encounter-diagnosis',
      clinicalStatus: 'resolved',
      onset: edVisit,
      abatement: daysBefore(now, 530),
    }),
  ];

  const observations = buildVitalSignObservations(
    vitalIds('obs-grace-vitals'),
    { patientId, encounterId: recentVisitId, effective: minutesAfter(recentVisit, 5) },
    { heartRate: 76, respiratoryRate: 16, bodyTemperature: 36.6, oxygenSaturation: 97, systolic: 118, diastolic: 74, painScore: 0, bodyWeight: 68.0 },
  );

  const coverage: Coverage = {
    resourceType: 'Coverage',
    id: 'cov-grace-health-plan',
    status: 'active',
    type: concept(PAYER_TYPE.privateInsurance),
    subscriberId: 'SHP-SBX-40404',
    beneficiary: reference('Patient', patientId),
    relationship: concept(SELF_RELATIONSHIP),
    period: { start: fhirDate(daysBefore(now, 5 * 365)) },
    payor: [reference('Organization', ORGANIZATION_ID.healthPlan)],
  };

  return {
    patient: {
      key: 'no-active-encounter',
      label: patientLabel(patient, now, 'no active encounter'),
      patientId,
      activeEncounterIds: [],
      description: 'Adult with only finished encounters (2 clinic, 1 ED 18 months ago): exercises the "no active encounter" state.',
    },
    resources: [patient, ...encounters, ...conditions, ...observations, coverage],
  };
}

/** Samuel Novak, 62: fainted; still open in the ED while an observation-unit stay has begun. */
export function buildTwoActiveEncountersChart({ now }: ChartContext): Chart {
  const patientId = 'samuel-novak';
  const edEncounterId = 'enc-samuel-ed-current';
  const observationEncounterId = 'enc-samuel-obs-current';
  const edArrival = minutesBefore(now, 6 * 60);
  const observationStart = minutesBefore(now, 70);
  const clinicVisit = daysBefore(now, 90, 14);

  const patient = buildPatient({
    id: patientId,
    mrn: 'SBX-100505',
    given: ['Samuel'],
    family: 'Novak',
    gender: 'male',
    birthDate: birthDateForAge(now, 62, 300),
    phone: '555-0163',
    address: { use: 'home', type: 'both', line: ['8 Example Court'], city: 'Sampleton', state: 'CA', postalCode: '99999' },
  });

  const encounters = [
    buildEncounter({
      id: edEncounterId,
      patientId,
      classCode: 'EMER',
      status: 'in-progress',
      start: edArrival,
      reasons: [VISIT_REASONS.syncope],
      locationId: LOCATION_ID.edBay9,
      serviceProviderId: ORGANIZATION_ID.hospital,
      practitionerId: PRACTITIONER_ID.edPhysician,
    }),
    buildEncounter({
      id: observationEncounterId,
      patientId,
      classCode: 'IMP',
      status: 'in-progress',
      start: observationStart,
      type: { text: 'Observation unit stay' },
      reasons: [VISIT_REASONS.syncope],
      locationId: LOCATION_ID.observationRoom2,
      serviceProviderId: ORGANIZATION_ID.hospital,
    }),
    buildEncounter({
      id: 'enc-samuel-clinic-prior',
      patientId,
      classCode: 'AMB',
      status: 'finished',
      start: clinicVisit,
      end: minutesAfter(clinicVisit, 30),
      serviceProviderId: ORGANIZATION_ID.hospital,
    }),
  ];

  const conditions = [
    buildCondition({
      id: 'cond-samuel-diabetes',
      patientId,
      diagnosis: ROUTINE_DIAGNOSES.type2Diabetes,
      category: 'problem-list-item',
      clinicalStatus: 'active',
      onset: daysBefore(now, 9 * 365),
    }),
    buildCondition({
      id: 'cond-samuel-hypertension',
      patientId,
      diagnosis: ROUTINE_DIAGNOSES.hypertension,
      category: 'problem-list-item',
      clinicalStatus: 'active',
      onset: daysBefore(now, 11 * 365),
    }),
    buildCondition({
      id: 'cond-samuel-syncope',
      patientId,
      encounterId: edEncounterId,
      diagnosis: ROUTINE_DIAGNOSES.syncope,
      category: 'encounter-diagnosis',
      clinicalStatus: 'active',
      onset: minutesBefore(now, 7 * 60),
      recorded: minutesAfter(edArrival, 45),
    }),
  ];

  const observations: Observation[] = [
    ...buildVitalSignObservations(
      vitalIds('obs-samuel-ed-vitals'),
      { patientId, encounterId: edEncounterId, effective: minutesAfter(edArrival, 8) },
      { heartRate: 58, respiratoryRate: 16, bodyTemperature: 36.5, oxygenSaturation: 97, systolic: 102, diastolic: 60, painScore: 0, bodyWeight: 91.5 },
    ),
    buildQuantityObservation(
      'obs-samuel-troponin',
      { patientId, encounterId: edEncounterId, effective: minutesAfter(edArrival, 50) },
      'laboratory',
      LAB_PANELS.troponin[0],
      6,
    ),
    ...buildVitalSignObservations(
      vitalIds('obs-samuel-obs-vitals'),
      { patientId, encounterId: observationEncounterId, effective: minutesAfter(observationStart, 20) },
      { heartRate: 66, respiratoryRate: 14, bodyTemperature: 36.6, oxygenSaturation: 98, systolic: 124, diastolic: 72, painScore: 0 },
    ),
  ];

  const coverage: Coverage = {
    resourceType: 'Coverage',
    id: 'cov-samuel-health-plan',
    status: 'active',
    type: concept(PAYER_TYPE.privateInsurance),
    subscriberId: 'SHP-SBX-50505',
    beneficiary: reference('Patient', patientId),
    relationship: concept(SELF_RELATIONSHIP),
    period: { start: fhirDate(daysBefore(now, 8 * 365)) },
    payor: [reference('Organization', ORGANIZATION_ID.healthPlan)],
  };

  return {
    patient: {
      key: 'two-active-encounters',
      label: patientLabel(patient, now, 'ED + observation unit, both in progress'),
      patientId,
      activeEncounterIds: [edEncounterId, observationEncounterId],
      description: 'Adult with two in-progress encounters (ED EMER + observation-unit IMP): exercises the encounter picker.',
    },
    resources: [patient, ...encounters, ...conditions, ...observations, coverage],
  };
}
