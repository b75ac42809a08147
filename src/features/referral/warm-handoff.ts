import type { Communication, Reference } from 'fhir/r4';
import { queryOptions, type UseQueryOptions } from '@tanstack/react-query';
import type { FhirClient, RequestOptions, WithId } from '../../lib/fhir/fhir-client';
import { normalizeError, type OperationOutcomeError } from '../../lib/fhir/outcomes';
import { recordSystem } from '../../lib/fhir/terminology';
import type { ServerCapabilities } from '../../lib/smart/capabilities';
import { scopesGrant } from '../../lib/smart/granted-scopes';
import { clinicianReference } from './resource-builders';
import { withSecurityLabels, type ConfidentialityLevel } from './security-labels';

/**
 * The warm handoff: an urgent, restricted message that asks the hospital's on-call team (the ED social worker, the
 * advocate) to come to the patient now, and whether it has arrived. A message inside the care team, not a referral:
 * it writes no Flag, needs no check-in and is sent the moment the clinician asks, once.
 */

export interface HandoffRequest {
  /** Client-generated once per press of "Send"; a retry reuses it, which is what makes it safe. */
  handoffId: string;
  patientId: string;
  encounterId?: string | undefined;
  fhirUser?: string | undefined;
  /** `HealthcareService/…`, `PractitionerRole/…`, `CareTeam/…` or `Organization/…`: the on-call team. */
  recipientReference: string;
  /** Where to come, as the clinician typed it ("Bay 4"); the only free text the message carries. */
  where?: string | undefined;
  sentAt: string;
  systemBase: string;
  confidentiality?: ConfidentialityLevel | undefined;
  sensitivityLabel?: boolean | undefined;
}

/** What the message says: neutral words, since whoever stands near the team's screen may read it. */
export const handoffMessage = 'Urgent: please come to the emergency department clinician about a patient now. Restricted: do not discuss in front of visitors.';

function handoffIdentifier(systemBase: string, handoffId: string): { system: string; value: string } {
  return { system: recordSystem(systemBase, 'handoff'), value: handoffId };
}

export function buildHandoffMessage(request: HandoffRequest): Communication {
  const sender = clinicianReference(request.fhirUser);
  const where = request.where?.trim();
  return {
    resourceType: 'Communication',
    meta: withSecurityLabels(undefined, request.confidentiality, request.sensitivityLabel),
    identifier: [handoffIdentifier(request.systemBase, request.handoffId)],
    status: 'in-progress',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'notification', display: 'Notification' }] }],
    priority: 'urgent',
    subject: { reference: `Patient/${request.patientId}` },
    ...(request.encounterId ? { encounter: { reference: `Encounter/${request.encounterId}` } } : {}),
    sent: request.sentAt,
    ...(sender ? { sender } : {}),
    recipient: [{ reference: request.recipientReference } satisfies Reference],
    payload: [{ contentString: where ? `${handoffMessage} Where: ${where}.` : handoffMessage }],
  };
}

/** Why Lantern cannot send the message here, or undefined when it can. */
export function handoffBlocked(capabilities: ServerCapabilities, grantedScopes: readonly string[]): string | undefined {
  if (grantedScopes.length > 0 && !scopesGrant(grantedScopes, 'Communication', 'create')) {
    return 'The EHR did not give Lantern permission to send messages: page the on-call team by phone.';
  }
  if (!capabilities.canCreate('Communication')) return 'This EHR does not accept messages from apps: page the on-call team by phone.';
  return undefined;
}

/**
 * Sends the message once: by conditional create on its identifier where the EHR offers it, else after a search for
 * an earlier copy where Lantern may read messages, so "Try again" after a lost answer never pages the team twice.
 */
export async function sendHandoff(
  fhir: FhirClient,
  capabilities: ServerCapabilities,
  grantedScopes: readonly string[],
  request: HandoffRequest,
  options: RequestOptions = {},
): Promise<WithId<Communication>> {
  const message = buildHandoffMessage(request);
  const { system, value } = handoffIdentifier(request.systemBase, request.handoffId);
  const token = `${system}|${value}`;
  if (capabilities.conditionalCreate('Communication')) {
    return (await fhir.conditionalCreate(message, new URLSearchParams({ identifier: token }).toString(), options)).resource;
  }
  if (grantedScopes.length === 0 || scopesGrant(grantedScopes, 'Communication', 'read')) {
    const earlier = await findEarlierCopy(fhir, request, token, options);
    if (earlier) return earlier;
  }
  return fhir.create(message, options);
}

async function findEarlierCopy(fhir: FhirClient, request: HandoffRequest, token: string, options: RequestOptions): Promise<WithId<Communication> | undefined> {
  try {
    const { resources } = await fhir.search('Communication', { patient: `Patient/${request.patientId}`, identifier: token }, { ...options, maxPages: 2 });
    return resources.find((message) => (message.identifier ?? []).some((identifier) => `${identifier.system ?? ''}|${identifier.value ?? ''}` === token));
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // A server that cannot search messages by identifier leaves only the create: the button was pressed once.
    return undefined;
  }
}

/** Whether the team has the message: `received` set (or the message completed) by the receiving side. */
export type HandoffStatus = { state: 'waiting' } | { state: 'received'; at: string | undefined } | { state: 'not-delivered' };

export function handoffStatusOf(message: Communication): HandoffStatus {
  if (message.received !== undefined || message.status === 'completed') return { state: 'received', at: message.received };
  if (message.status === 'not-done' || message.status === 'stopped' || message.status === 'entered-in-error') return { state: 'not-delivered' };
  return { state: 'waiting' };
}

/** How often, and for how long, Lantern asks whether the message arrived while it is open (not while hidden). */
export const handoffPolling = { everyMs: 5_000, forMs: 20 * 60_000 } as const;

/** Still worth asking: not yet received, and sent within the polling window. */
export function keepsPolling(status: HandoffStatus | undefined, sentAt: string, now: number): boolean {
  if (status !== undefined && status.state !== 'waiting') return false;
  return now - Date.parse(sentAt) < handoffPolling.forMs;
}

export const handoffKeys = {
  message: (baseUrl: string, reference: string) => ['handoff', baseUrl, reference] as const,
};

/** The sent message, read again every few seconds while it is still on its way (and the view is shown). */
export function handoffStatusQueryOptions(
  fhir: FhirClient,
  reference: string,
  sentAt: string,
): UseQueryOptions<HandoffStatus, OperationOutcomeError, HandoffStatus, ReturnType<typeof handoffKeys.message>> {
  const id = reference.split('/')[1] ?? '';
  return queryOptions({
    queryKey: handoffKeys.message(fhir.baseUrl, reference),
    queryFn: async ({ signal }): Promise<HandoffStatus> => {
      try {
        return handoffStatusOf(await fhir.read('Communication', id, { signal }));
      } catch (error) {
        throw normalizeError(error);
      }
    },
    refetchInterval: (query) => (keepsPolling(query.state.data, sentAt, Date.now()) ? handoffPolling.everyMs : false),
    refetchIntervalInBackground: false,
    retry: 1,
  });
}
