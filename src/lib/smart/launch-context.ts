import type { Encounter, Practitioner, PractitionerRole } from 'fhir/r4';
import { queryOptions, type UseQueryOptions } from '@tanstack/react-query';
import type { FhirClient, Stored } from '../fhir/fhir-client';
import { failure, normalizeError, type OperationOutcomeError } from '../fhir/outcomes';
import type { SmartContext, SmartSession } from '../fhir/smart-session';
import { field, stringField } from '../fhir/untrusted-json';
import { inProgressEncounterParams, userResourceType } from './launch-reads';

export type EncounterContext =
  /** The EHR said which encounter is open. */
  | { status: 'in-context'; encounter: Encounter }
  /** No encounter in the launch; exactly one in-progress encounter was found. */
  | { status: 'found'; encounter: Encounter }
  /** Several in-progress encounters: the clinician picks one. */
  | { status: 'choose'; encounters: Encounter[] }
  /** Nothing in progress: screening still works, written resources carry no encounter. */
  | { status: 'none' }
  /** Encounters could not be read; the rest of the app still works. */
  | { status: 'unavailable'; error: OperationOutcomeError };

export type SignedInUser = Practitioner | PractitionerRole;

export interface LaunchContext {
  patient: Stored<'Patient'>;
  /** `Practitioner/123`, from the id_token; kept even when the resource itself cannot be read. */
  userReference: string | undefined;
  user: SignedInUser | undefined;
  encounter: EncounterContext;
  needPatientBanner: boolean;
  grantedScopes: readonly string[];
}

export const launchContextKeys = {
  all: ['launch-context'] as const,
  patient: (baseUrl: string, patientId: string) => [...launchContextKeys.all, baseUrl, 'patient', patientId] as const,
  context: (baseUrl: string, patientId: string, encounterId: string | undefined, userReference: string | undefined) =>
    [...launchContextKeys.all, baseUrl, patientId, encounterId ?? null, userReference ?? null] as const,
};

/**
 * @param readPatient how to read the launch patient; the query layer passes its cached read so the patient,
 * which the safety check-in needs first, is requested once and shown as soon as it arrives.
 */
export async function resolveLaunchContext(
  session: SmartSession,
  signal?: AbortSignal,
  readPatient: () => Promise<Stored<'Patient'>> = () => session.fhir.read('Patient', requirePatientId(session), { signal }),
): Promise<LaunchContext> {
  const { context, fhir } = session;
  const patientId = requirePatientId(session);
  // Promise.allSettled: a user or encounter that cannot be read must not stop the launch.
  const [patient, user, encounter] = await Promise.allSettled([
    readPatient(),
    readUser(fhir, context, signal),
    resolveEncounter(fhir, context, patientId, signal),
  ]);
  if (patient.status === 'rejected') throw normalizeError(patient.reason);
  return {
    patient: patient.value,
    userReference: context.fhirUser,
    user: user.status === 'fulfilled' ? user.value : undefined,
    encounter: encounter.status === 'fulfilled' ? encounter.value : { status: 'unavailable', error: normalizeError(encounter.reason) },
    needPatientBanner: context.needPatientBanner,
    grantedScopes: context.grantedScopes,
  };
}

function requirePatientId(session: SmartSession): string {
  const patientId = session.context.patientId;
  if (!patientId) throw failure('session', 'The EHR did not say which patient is open.');
  return patientId;
}

async function readUser(fhir: FhirClient, context: SmartContext, signal?: AbortSignal): Promise<SignedInUser | undefined> {
  const reference = context.fhirUser;
  const type = userResourceType(reference);
  return type && reference ? fhir.readReference(type, reference, { signal }) : undefined;
}

async function resolveEncounter(
  fhir: FhirClient,
  context: SmartContext,
  patientId: string,
  signal?: AbortSignal,
): Promise<EncounterContext> {
  if (context.encounterId) {
    const encounter = await fhir.read('Encounter', context.encounterId, { signal });
    if (stringField(field(encounter, 'subject'), 'reference') !== `Patient/${patientId}`) {
      throw failure('invalid', 'The visit the EHR opened Lantern with belongs to another patient, so Lantern does not show it.');
    }
    return { status: 'in-context', encounter };
  }
  const { resources } = await fhir.search('Encounter', inProgressEncounterParams(patientId), { signal });
  const [first, ...others] = resources;
  if (!first) return { status: 'none' };
  return others.length === 0 ? { status: 'found', encounter: first } : { status: 'choose', encounters: resources };
}

export function patientQueryOptions(
  session: SmartSession,
): UseQueryOptions<Stored<'Patient'>, OperationOutcomeError, Stored<'Patient'>, ReturnType<typeof launchContextKeys.patient>> {
  const patientId = session.context.patientId ?? '';
  return queryOptions({
    queryKey: launchContextKeys.patient(session.fhir.baseUrl, patientId),
    queryFn: ({ signal }) => session.fhir.read('Patient', requirePatientId(session), { signal }),
    staleTime: Infinity,
  });
}

/** The patient read is shared through the query cache the query runs in, so the patient is requested once. */
export function launchContextQueryOptions(
  session: SmartSession,
): UseQueryOptions<LaunchContext, OperationOutcomeError, LaunchContext, ReturnType<typeof launchContextKeys.context>> {
  const { patientId = '', encounterId, fhirUser } = session.context;
  return queryOptions({
    queryKey: launchContextKeys.context(session.fhir.baseUrl, patientId, encounterId, fhirUser),
    queryFn: ({ signal, client }) => resolveLaunchContext(session, signal, () => client.query(patientQueryOptions(session))),
    staleTime: Infinity,
  });
}

const inProgressStatuses: ReadonlySet<string> = new Set(['in-progress', 'arrived', 'triaged', 'onleave']);

/**
 * Whether a visit is still going on: its status says so and its period has not ended. A finished visit (the SMART
 * launcher's "AUTO" picks the newest, however old) is not, and nothing is tied to it unless the clinician chooses.
 */
export function isVisitInProgress(encounter: Encounter): boolean {
  const status = stringField(encounter, 'status');
  return status !== undefined && inProgressStatuses.has(status) && stringField(field(encounter, 'period'), 'end') === undefined;
}

/**
 * The visit Lantern writes against: the one in context (if it is finished, only when the clinician chose to tie the
 * record to it) or found in progress, else the one the clinician picked among several. Undefined when there is none
 * (or none picked yet), which the record screen says.
 */
export function activeEncounterId(
  encounter: EncounterContext | undefined,
  chosenEncounterId: string | undefined,
  tieToFinishedVisit = false,
): string | undefined {
  switch (encounter?.status) {
    case 'in-context':
      return isVisitInProgress(encounter.encounter) || tieToFinishedVisit ? encounter.encounter.id : undefined;
    case 'found':
      return encounter.encounter.id;
    case 'choose':
      return encounter.encounters.some((candidate) => candidate.id === chosenEncounterId) ? chosenEncounterId : undefined;
    case 'none':
    case 'unavailable':
    case undefined:
      return undefined;
  }
}

/** Said in the plan when nothing will be tied to a visit although one is in view; undefined otherwise. */
export function untiedVisitNote(encounter: EncounterContext | undefined, encounterId: string | undefined): string | undefined {
  if (encounterId !== undefined) return undefined;
  if (encounter?.status === 'in-context') {
    return 'This record will not be tied to a visit: the visit in context is finished, and you have not chosen to tie the record to it.';
  }
  if (encounter?.status === 'choose') {
    return 'This record will not be tied to a visit: several visits are in progress and none was chosen under “Current visit”.';
  }
  return undefined;
}
