import type { Coverage } from 'fhir/r4';
import { buildCondition, buildEncounter, buildPatient, concept, daysBefore, fhirDate, minutesAfter, minutesBefore, reference } from './builders';
import { LOCATION_ID, ORGANIZATION_ID, PRACTITIONER_ID } from './care-setting';
import type { Chart, ChartContext } from './chart';
import { patientLabel } from './chart';
import { INDICATOR_DIAGNOSES, PAYER_TYPE, SYSTEM, VISIT_REASONS } from './codes';

/**
 * Jamie Lee, registered tonight without a birth date (as a patient who gives no papers often is): a facial injury
 * with a head contusion. Lantern cannot know whether Jamie is a minor, so it must show the reporting notice and ask.
 */
export function buildUnknownAgeChart({ now }: ChartContext): Chart {
  const patientId = 'jamie-lee';
  const currentEncounterId = 'enc-jamie-ed-current';
  const arrival = minutesBefore(now, 50);

  const patient = buildPatient({ id: patientId, mrn: 'SBX-100808', given: ['Jamie'], family: 'Lee', gender: 'female' });

  const encounter = buildEncounter({
    id: currentEncounterId,
    patientId,
    classCode: 'EMER',
    status: 'in-progress',
    start: arrival,
    reasons: [VISIT_REASONS.faceInjury],
    locationId: LOCATION_ID.edBay9,
    serviceProviderId: ORGANIZATION_ID.hospital,
    practitionerId: PRACTITIONER_ID.edPhysician,
  });

  const contusion = buildCondition({
    id: 'cond-jamie-head-contusion',
    patientId,
    encounterId: currentEncounterId,
    diagnosis: INDICATOR_DIAGNOSES.headContusion,
    category: 'encounter-diagnosis',
    clinicalStatus: 'active',
    onset: minutesBefore(now, 20 * 60),
    recorded: minutesAfter(arrival, 25),
  });

  const coverage: Coverage = {
    resourceType: 'Coverage',
    id: 'cov-jamie-medicaid',
    status: 'active',
    type: concept(PAYER_TYPE.medicaid),
    subscriberId: 'MCD-SBX-80808',
    beneficiary: reference('Patient', patientId),
    relationship: concept({ system: SYSTEM.subscriberRelationship, code: 'self', display: 'Self' }),
    period: { start: fhirDate(daysBefore(now, 2 * 365)) },
    payor: [reference('Organization', ORGANIZATION_ID.healthPlan)],
  };

  return {
    patient: {
      key: 'unknown-age',
      label: patientLabel(patient, now, 'ED, in progress (no birth date)'),
      patientId,
      activeEncounterIds: [currentEncounterId],
      description: 'Registered without a birth date, with a facial injury: Lantern must not assume an adult, so it shows the reporting notice and asks.',
    },
    resources: [patient, encounter, contusion, coverage],
  };
}
