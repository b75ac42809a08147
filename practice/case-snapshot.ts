import type { Condition, Coverage, Encounter, Flag, Observation, Patient, Procedure, Resource, ServiceRequest } from 'fhir/r4';
import type { ChartSnapshot } from '../src/features/indicators/indicator-types';
import { evaluateIndicators } from '../src/features/indicators/engine';
import { populationFor } from '../src/lib/fhir/patient-age';
import type { PracticeCase } from './cases';

function ofType<T extends Resource>(resources: readonly Resource[], type: T['resourceType']): T[] {
  return resources.filter((resource): resource is T => resource.resourceType === type);
}

/** The case's chart as the indicator engine reads it. */
export function caseSnapshot(practiceCase: PracticeCase, asOf: string): ChartSnapshot {
  const chart = practiceCase.chart(asOf);
  const patient = ofType<Patient>(chart, 'Patient').find((candidate) => candidate.id === practiceCase.patientId);
  if (!patient) throw new Error(`Practice case ${practiceCase.id} has no Patient/${practiceCase.patientId}`);
  return {
    patient,
    encounters: ofType<Encounter>(chart, 'Encounter'),
    conditions: ofType<Condition>(chart, 'Condition'),
    observations: ofType<Observation>(chart, 'Observation'),
    procedures: ofType<Procedure>(chart, 'Procedure'),
    coverage: ofType<Coverage>(chart, 'Coverage'),
    flags: ofType<Flag>(chart, 'Flag'),
    serviceRequests: ofType<ServiceRequest>(chart, 'ServiceRequest'),
  };
}

/** The chart prompts Lantern's own indicator engine raises on the case, on `asOf`: what the debrief calls raised. */
export function raisedPrompts(practiceCase: PracticeCase, asOf: string): string[] {
  const snapshot = caseSnapshot(practiceCase, asOf);
  return evaluateIndicators(snapshot, { asOf, population: populationFor(snapshot.patient.birthDate, asOf) }).map((finding) => finding.indicator.id);
}
