import type { Coding, Condition, Coverage, Encounter, Flag, Observation, Procedure } from 'fhir/r4';
import {
  DAY_MS,
  MINUTE_MS,
  birthDateForAge,
  buildCondition,
  buildEncounter,
  buildPatient,
  buildQuantityObservation,
  buildVitalSignObservations,
  concept,
  daysBefore,
  fhirDate,
  fhirDateTime,
  minutesAfter,
  minutesBefore,
  reference,
  type ObservationContext,
} from './builders';
import { LOCATION_ID, ORGANIZATION_ID, PRACTITIONER_ID } from './care-setting';
import type { Chart, ChartContext } from './chart';
import { patientLabel } from './chart';
import {
  ACUTE_DIAGNOSES,
  INDICATOR_DIAGNOSES,
  LAB_PANELS,
  PAYER_TYPE,
  PROCEDURES,
  ROUTINE_DIAGNOSES,
  SYSTEM,
  VISIT_REASONS,
  VITAL_SIGNS,
  type DiagnosisCode,
  type EncounterClassCode,
  type LabPanel,
} from './codes';
import type { Random } from './random';

const PATIENT_ID = 'rosa-delgado';
const CURRENT_ENCOUNTER_ID = 'enc-large-ed-current';
const FINISHED_ENCOUNTERS = 319;
const HISTORY_DAYS = 3650;

/** Visit mix, repeated: in every ten, six clinic visits, two ED visits, one telephone visit, one admission. */
const CLASS_PATTERN: readonly EncounterClassCode[] = ['AMB', 'AMB', 'EMER', 'AMB', 'VR', 'AMB', 'EMER', 'AMB', 'IMP', 'AMB'];

/** Indicator diagnoses at fixed ED visits (by ED-visit index, oldest first): a long chart holds a few, years apart. */
const SPRINKLED_INDICATORS: ReadonlyMap<number, DiagnosisCode> = new Map<number, DiagnosisCode>([
  [5, INDICATOR_DIAGNOSES.trichomoniasis],
  [12, INDICATOR_DIAGNOSES.headContusion],
  [20, INDICATOR_DIAGNOSES.toothFracture],
  [27, INDICATOR_DIAGNOSES.alcoholIntoxication],
  [33, INDICATOR_DIAGNOSES.shelteredHomelessness],
  [41, INDICATOR_DIAGNOSES.chlamydia],
  [48, INDICATOR_DIAGNOSES.forearmBurn],
]);

/** The ED visit at which an earlier safety concern was flagged (now inactive). */
const FLAGGED_ED_VISIT = 33;

const CHRONIC_PROBLEMS: readonly { diagnosis: DiagnosisCode; yearsAgo: number }[] = [
  { diagnosis: ROUTINE_DIAGNOSES.hypertension, yearsAgo: 9 },
  { diagnosis: ROUTINE_DIAGNOSES.type2Diabetes, yearsAgo: 7 },
  { diagnosis: ROUTINE_DIAGNOSES.hyperlipidemia, yearsAgo: 7 },
  { diagnosis: ROUTINE_DIAGNOSES.asthma, yearsAgo: 10 },
  { diagnosis: ROUTINE_DIAGNOSES.depression, yearsAgo: 6 },
  { diagnosis: ROUTINE_DIAGNOSES.gerd, yearsAgo: 5 },
  { diagnosis: ROUTINE_DIAGNOSES.obesity, yearsAgo: 8 },
  { diagnosis: ROUTINE_DIAGNOSES.lowBackPain, yearsAgo: 4 },
];

const ED_BAYS: readonly string[] = [
  LOCATION_ID.edBay2,
  LOCATION_ID.edBay4,
  LOCATION_ID.edBay7,
  LOCATION_ID.edBay9,
  LOCATION_ID.edBay11,
];

/** Reasons for the routine ED visits; indicator findings come only from SPRINKLED_INDICATORS. */
const ED_REASONS: readonly Coding[] = [
  VISIT_REASONS.abdominalPain,
  VISIT_REASONS.chestPain,
  VISIT_REASONS.syncope,
  VISIT_REASONS.headache,
];

/** Sequential ids, e.g. 'obs-large-00001'. */
function idSequence(prefix: string, width: number): () => string {
  let count = 0;
  return () => {
    count += 1;
    return `${prefix}-${String(count).padStart(width, '0')}`;
  };
}

interface Visit {
  encounter: Encounter;
  classCode: EncounterClassCode;
  start: Date;
  end: Date;
  /** Index among visits of the same class, oldest first. */
  classIndex: number;
}

/**
 * Rosa Delgado, 52: ten years of care (≥ 300 encounters, ≥ 5,000 observations, ≥ 200 conditions), a few
 * indicator diagnoses years apart, one inactive safety Flag, self-pay. For paging, performance and prior-flag display.
 * Counts depend only on the tables above; the seed changes times and values.
 */
export function buildLargeChart({ now, random }: ChartContext): Chart {
  const nextId = {
    encounter: idSequence('enc-large', 5),
    observation: idSequence('obs-large', 5),
    condition: idSequence('cond-large', 4),
    procedure: idSequence('proc-large', 4),
  };

  const patient = buildPatient({
    id: PATIENT_ID,
    mrn: 'SBX-100606',
    given: ['Rosa'],
    family: 'Delgado',
    gender: 'female',
    birthDate: birthDateForAge(now, 52, 45),
    phone: '555-0191',
    address: { use: 'home', type: 'both', line: ['52 Example Row, Apt 3'], city: 'Sampleton', state: 'CA', postalCode: '99999' },
  });

  const visits = buildVisits(now, random, nextId.encounter);
  const conditions: Condition[] = CHRONIC_PROBLEMS.map(({ diagnosis, yearsAgo }) =>
    buildCondition({
      id: nextId.condition(),
      patientId: PATIENT_ID,
      diagnosis,
      category: 'problem-list-item',
      clinicalStatus: 'active',
      onset: daysBefore(now, yearsAgo * 365 + random.int(0, 300)),
    }),
  );
  const observations: Observation[] = [];
  const procedures: Procedure[] = [];
  let flag: Flag | undefined;

  for (const visit of visits) {
    const encounterId = visit.encounter.id ?? '';
    const context = (minutesIn: number): ObservationContext => ({
      patientId: PATIENT_ID,
      encounterId,
      effective: minutesAfter(visit.start, minutesIn),
    });
    const addVitals = (minutesIn: number, withWeight: boolean): void => {
      observations.push(...buildVitalSignObservations(() => nextId.observation(), context(minutesIn), randomVitals(random, withWeight)));
    };
    const addLabs = (minutesIn: number, panels: readonly LabPanel[]): void => {
      for (const panel of panels) {
        for (const code of LAB_PANELS[panel]) {
          const spread = (code.high - code.low) * 0.15;
          const value = Math.max(0, random.between(code.low - spread, code.high + spread, code.decimals));
          observations.push(buildQuantityObservation(nextId.observation(), context(minutesIn), 'laboratory', code, value));
        }
      }
    };
    const addDiagnosis = (diagnosis: DiagnosisCode): void => {
      const healed = visit.end.getTime() + 21 * DAY_MS < now.getTime();
      conditions.push(
        buildCondition({
          id: nextId.condition(),
          patientId: PATIENT_ID,
          encounterId,
          diagnosis,
          category: 'encounter-diagnosis',
          clinicalStatus: healed ? 'resolved' : 'active',
          onset: visit.start,
          ...(healed ? { abatement: new Date(visit.end.getTime() + 14 * DAY_MS) } : {}),
        }),
      );
    };
    const addProcedure = (code: (typeof PROCEDURES)[keyof typeof PROCEDURES], minutesIn: number): void => {
      procedures.push({
        resourceType: 'Procedure',
        id: nextId.procedure(),
        status: 'completed',
        code: concept(code),
        subject: reference('Patient', PATIENT_ID),
        encounter: reference('Encounter', encounterId),
        performedDateTime: fhirDateTime(minutesAfter(visit.start, minutesIn)),
      });
    };

    switch (visit.classCode) {
      case 'AMB': {
        addVitals(5, true);
        addLabs(20, visit.classIndex % 2 === 0 ? ['basicMetabolic'] : ['hemoglobinA1c', 'lipid']);
        if (visit.classIndex % 4 === 0) {
          addDiagnosis(random.pick(ACUTE_DIAGNOSES));
        }
        if (visit.classIndex % 10 === 0) {
          addProcedure(PROCEDURES.medicationReconciliation, 15);
        }
        if (visit.classIndex % 40 === 5) {
          addProcedure(PROCEDURES.mammography, 25);
        }
        if (visit.classIndex === 120) {
          addProcedure(PROCEDURES.colonoscopy, 10);
        }
        break;
      }
      case 'VR':
        break;
      case 'EMER': {
        const durationMinutes = (visit.end.getTime() - visit.start.getTime()) / MINUTE_MS;
        addVitals(10, false);
        addVitals(durationMinutes - 30, false);
        addLabs(45, ['basicMetabolic', 'completeBloodCount']);
        const [first, second] = twoDistinct(random, ACUTE_DIAGNOSES);
        addDiagnosis(SPRINKLED_INDICATORS.get(visit.classIndex) ?? first);
        addDiagnosis(second);
        if (visit.classIndex % 2 === 0) {
          addProcedure(PROCEDURES.ecg, 20);
        }
        if (visit.classIndex === FLAGGED_ED_VISIT) {
          flag = buildInactiveSafetyFlag(encounterId, minutesAfter(visit.start, 120), now);
        }
        break;
      }
      case 'IMP': {
        const stayHours = (visit.end.getTime() - visit.start.getTime()) / (60 * MINUTE_MS);
        for (let hour = 1; hour < stayHours; hour += 8) {
          addVitals(hour * 60, hour === 1);
        }
        for (let day = 0; day * 24 + 6 < stayHours; day++) {
          addLabs(day * 24 * 60 + 6 * 60, ['basicMetabolic', 'completeBloodCount']);
        }
        const [first, second] = twoDistinct(random, ACUTE_DIAGNOSES);
        addDiagnosis(first);
        addDiagnosis(second);
        addProcedure(PROCEDURES.chestXray, 90);
        addProcedure(PROCEDURES.ecg, 30);
        break;
      }
    }
  }

  // Tonight's ED visit: the one in progress.
  const arrival = minutesBefore(now, 100);
  const currentEncounter = buildEncounter({
    id: CURRENT_ENCOUNTER_ID,
    patientId: PATIENT_ID,
    classCode: 'EMER',
    status: 'in-progress',
    start: arrival,
    reasons: [VISIT_REASONS.abdominalPain],
    locationId: LOCATION_ID.edBay11,
    serviceProviderId: ORGANIZATION_ID.hospital,
    practitionerId: PRACTITIONER_ID.edPhysician,
  });
  observations.push(
    ...buildVitalSignObservations(
      () => nextId.observation(),
      { patientId: PATIENT_ID, encounterId: CURRENT_ENCOUNTER_ID, effective: minutesAfter(arrival, 7) },
      randomVitals(random, true),
    ),
  );

  // No insurance now: an active self-pay Coverage, as many EHRs record it.
  const selfPay: Coverage = {
    resourceType: 'Coverage',
    id: 'cov-large-self-pay',
    status: 'active',
    type: concept(PAYER_TYPE.selfPay),
    beneficiary: reference('Patient', PATIENT_ID),
    period: { start: fhirDate(daysBefore(now, 2 * 365)) },
    payor: [reference('Patient', PATIENT_ID)],
  };

  if (!flag) {
    throw new Error(`The large chart needs at least ${FLAGGED_ED_VISIT + 1} ED visits`);
  }
  return {
    patient: {
      key: 'large-chart',
      label: patientLabel(patient, now, 'ED, in progress (large chart)'),
      patientId: PATIENT_ID,
      activeEncounterIds: [CURRENT_ENCOUNTER_ID],
      description: `Ten-year chart: ${visits.length + 1} encounters, ${observations.length} observations, ${conditions.length} conditions, ${procedures.length} procedures, one inactive safety Flag, self-pay.`,
    },
    resources: [
      patient,
      currentEncounter,
      ...visits.map((visit) => visit.encounter),
      ...conditions,
      ...observations,
      ...procedures,
      flag,
      selfPay,
    ],
  };
}

/** Finished visits spread evenly over ten years, oldest first, the most recent about two weeks ago. */
function buildVisits(now: Date, random: Random, nextEncounterId: () => string): Visit[] {
  const spacingDays = (HISTORY_DAYS - 14) / FINISHED_ENCOUNTERS;
  const classCounts: Record<EncounterClassCode, number> = { AMB: 0, EMER: 0, IMP: 0, VR: 0 };
  const visits: Visit[] = [];

  for (let i = 0; i < FINISHED_ENCOUNTERS; i++) {
    const classCode = CLASS_PATTERN[i % CLASS_PATTERN.length] ?? 'AMB';
    const classIndex = classCounts[classCode];
    classCounts[classCode] = classIndex + 1;

    const daysAgo = Math.round(HISTORY_DAYS - i * spacingDays) - random.int(0, 2);
    const start = daysBefore(now, daysAgo, visitHour(random, classCode), random.int(0, 59));
    const end = minutesAfter(start, visitMinutes(random, classCode, classIndex));
    const atOwnHospital = classCode !== 'EMER' || classIndex % 3 !== 1;
    const ownEd = classCode === 'EMER' && atOwnHospital;
    const otherHospital = classIndex % 2 === 0 ? ORGANIZATION_ID.northsideHospital : ORGANIZATION_ID.eastlakeHospital;

    const encounter = buildEncounter({
      id: nextEncounterId(),
      patientId: PATIENT_ID,
      classCode,
      status: 'finished',
      start,
      end,
      serviceProviderId: atOwnHospital ? ORGANIZATION_ID.hospital : otherHospital,
      ...(ownEd ? { locationId: random.pick(ED_BAYS), practitionerId: PRACTITIONER_ID.edPhysician } : {}),
      ...(classCode === 'EMER' ? { reasons: [random.pick(ED_REASONS)] } : {}),
    });
    visits.push({ encounter, classCode, start, end, classIndex });
  }
  return visits;
}

function visitHour(random: Random, classCode: EncounterClassCode): number {
  switch (classCode) {
    case 'AMB':
      return random.int(8, 16);
    case 'VR':
      return random.int(9, 17);
    case 'EMER':
    case 'IMP':
      return random.int(0, 23);
  }
}

function visitMinutes(random: Random, classCode: EncounterClassCode, classIndex: number): number {
  switch (classCode) {
    case 'AMB':
      return 30;
    case 'VR':
      return 15;
    case 'EMER':
      return random.int(180, 420);
    case 'IMP':
      // Two-, three- and four-day stays in turn, so the observation count does not depend on the seed.
      return (2 + (classIndex % 3)) * 24 * 60;
  }
}

function randomVitals(random: Random, withWeight: boolean): Parameters<typeof buildVitalSignObservations>[2] {
  const value = (code: (typeof VITAL_SIGNS)[keyof typeof VITAL_SIGNS]): number =>
    random.between(code.low, code.high, code.decimals);
  return {
    heartRate: value(VITAL_SIGNS.heartRate),
    respiratoryRate: value(VITAL_SIGNS.respiratoryRate),
    bodyTemperature: value(VITAL_SIGNS.bodyTemperature),
    oxygenSaturation: value(VITAL_SIGNS.oxygenSaturation),
    systolic: value(VITAL_SIGNS.systolic),
    diastolic: value(VITAL_SIGNS.diastolic),
    painScore: value(VITAL_SIGNS.painScore),
    ...(withWeight ? { bodyWeight: value(VITAL_SIGNS.bodyWeight) } : {}),
  };
}

function twoDistinct<T>(random: Random, items: readonly T[]): [T, T] {
  const first = random.int(0, items.length - 1);
  const second = (first + random.int(1, items.length - 1)) % items.length;
  const a = items[first];
  const b = items[second];
  if (a === undefined || b === undefined) {
    throw new Error('twoDistinct() needs at least two items');
  }
  return [a, b];
}

/** A safety Flag as Lantern itself would have written it years ago, since closed. */
function buildInactiveSafetyFlag(encounterId: string, raised: Date, now: Date): Flag {
  const closed = new Date(Math.min(raised.getTime() + 365 * DAY_MS, now.getTime() - DAY_MS));
  return {
    resourceType: 'Flag',
    id: 'flag-large-safety-old',
    meta: {
      security: [
        { system: SYSTEM.confidentiality, code: 'R', display: 'restricted' },
        { system: SYSTEM.actCode, code: 'NOPAT', display: 'no disclosure to patient, family or caregivers without attending provider\'s authorization' },
        { system: SYSTEM.actCode, code: 'SDV', display: 'sexual assault, abuse, or domestic violence information sensitivity' },
      ],
    },
    status: 'inactive',
    category: [concept({ system: SYSTEM.flagCategory, code: 'safety', display: 'Safety' })],
    code: { text: 'Safety concern — restricted; see care team' },
    subject: reference('Patient', PATIENT_ID),
    period: { start: fhirDateTime(raised), end: fhirDateTime(closed) },
    encounter: reference('Encounter', encounterId),
    author: reference('Practitioner', PRACTITIONER_ID.edPhysician),
  };
}
