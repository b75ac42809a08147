import type { Coverage, Encounter, Observation } from 'fhir/r4';
import {
  birthDateForAge,
  buildCondition,
  buildEncounter,
  buildPatient,
  buildQualitativeObservation,
  buildVitalSignObservations,
  concept,
  daysBefore,
  fhirDate,
  minutesAfter,
  minutesBefore,
  reference,
} from './builders';
import { LOCATION_ID, ORGANIZATION_ID, PRACTITIONER_ID } from './care-setting';
import type { Chart, ChartContext } from './chart';
import { patientLabel } from './chart';
import { PAYER_TYPE, QUALITATIVE_TESTS, SYSTEM, VISIT_REASONS } from './codes';

/**
 * Maya Torres, 16: pelvic pain tonight; a school-clinic visit five weeks ago left only the generic SNOMED CT
 * 8098009 "Sexually transmitted infectious disease" on her problem list, as real charts often do. Insured, stable
 * home, one clinic visit: the STI prompt is the only one that may fire.
 */
export function buildGenericStiYouthChart({ now }: ChartContext): Chart {
  const patientId = 'maya-torres';
  const currentEncounterId = 'enc-maya-ed-current';
  const clinicEncounterId = 'enc-maya-clinic';
  const arrival = minutesBefore(now, 70);
  const clinicVisit = daysBefore(now, 36, 15, 10);

  const patient = buildPatient({
    id: patientId,
    mrn: 'SBX-100707',
    given: ['Maya'],
    family: 'Torres',
    gender: 'female',
    birthDate: birthDateForAge(now, 16, 95),
    phone: '555-0174',
    address: {
      use: 'home',
      type: 'both',
      line: ['48 Example Court'],
      city: 'Sampleton',
      state: 'CA',
      postalCode: '99999',
      period: { start: fhirDate(daysBefore(now, 9 * 365)) },
    },
  });

  const encounters: Encounter[] = [
    buildEncounter({
      id: currentEncounterId,
      patientId,
      classCode: 'EMER',
      status: 'in-progress',
      start: arrival,
      reasons: [VISIT_REASONS.pelvicPain],
      locationId: LOCATION_ID.edBay7,
      serviceProviderId: ORGANIZATION_ID.hospital,
      practitionerId: PRACTITIONER_ID.edPhysician,
    }),
    buildEncounter({
      id: clinicEncounterId,
      patientId,
      classCode: 'AMB',
      status: 'finished',
      start: clinicVisit,
      end: minutesAfter(clinicVisit, 25),
      serviceProviderId: ORGANIZATION_ID.hospital,
    }),
  ];

  // Only the parent concept, no ICD-10-CM: what a problem list holds when the organism was never written down.
  const genericSti = buildCondition({
    id: 'cond-maya-sti',
    patientId,
    encounterId: clinicEncounterId,
    diagnosis: concept({ system: SYSTEM.snomed, code: '8098009', display: 'Sexually transmitted infectious disease' }),
    category: 'problem-list-item',
    clinicalStatus: 'active',
    onset: clinicVisit,
  });

  const observations: Observation[] = [
    ...buildVitalSignObservations(
      (key) => `obs-maya-vitals-${key}`,
      { patientId, encounterId: currentEncounterId, effective: minutesAfter(arrival, 6) },
      { heartRate: 92, respiratoryRate: 16, bodyTemperature: 37.4, oxygenSaturation: 99, systolic: 112, diastolic: 70, painScore: 6, bodyWeight: 55.2 },
    ),
    buildQualitativeObservation('obs-maya-hcg', { patientId, encounterId: currentEncounterId, effective: minutesAfter(arrival, 30) }, QUALITATIVE_TESTS.urineHcg, 'negative'),
  ];

  const coverage: Coverage = {
    resourceType: 'Coverage',
    id: 'cov-maya-medicaid',
    status: 'active',
    type: concept(PAYER_TYPE.medicaid),
    subscriberId: 'MCD-SBX-70707',
    beneficiary: reference('Patient', patientId),
    relationship: concept({ system: SYSTEM.subscriberRelationship, code: 'child', display: 'Child' }),
    period: { start: fhirDate(daysBefore(now, 4 * 365)) },
    payor: [reference('Organization', ORGANIZATION_ID.healthPlan)],
  };

  return {
    patient: {
      key: 'generic-sti-youth',
      label: patientLabel(patient, now, 'ED, in progress'),
      patientId,
      activeEncounterIds: [currentEncounterId],
      description:
        '16-year-old whose only indicator is the generic SNOMED CT 8098009 "Sexually transmitted infectious disease" (no ICD-10-CM, no organism): must raise the STI prompt.',
    },
    resources: [patient, ...encounters, genericSti, ...observations, coverage],
  };
}
