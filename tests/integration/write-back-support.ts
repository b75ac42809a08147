import { QueryClient } from '@tanstack/react-query';
import type { CapabilityStatement, FhirResource, QuestionnaireResponse } from 'fhir/r4';
import { bypass, http, HttpResponse } from 'msw';
import { buildCapabilityStatement, type CapabilityStatementOptions } from '../../mocks/sandbox/capability-statement';
import { defaultSystemBase } from '../../src/config/runtime-config';
import { directLightOrganizationReference, directLightServiceId } from '../../mocks/sandbox/partner/direct-light';
import { nationalHotline } from '../../src/features/referral/directory';
import type { DirectoryEntry, ReferralDecision } from '../../src/features/referral/referral-types';
import { submissionIdentifierToken, type SubmissionPart } from '../../src/features/referral/submission-identifiers';
import type { WriteInput } from '../../src/features/referral/write-executor';
import { planWrite, type WritePlan, type WritePlanInput } from '../../src/features/referral/write-plan';
import { defaultAdultQuestionnaire } from '../../src/features/screening/default-questionnaires';
import { buildQuestionnaireResponse } from '../../src/features/screening/questionnaire-response';
import type { ResourceOf } from '../../src/lib/fhir/fhir-client';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import { getCapabilitiesQueryOptions, type ServerCapabilities } from '../../src/lib/smart/capabilities';
import type { TestSandbox } from '../sandbox-harness';

/** The sandbox answering `/metadata` with a variant of its CapabilityStatement (the engine itself is unchanged). */
export function serveMetadata(sandbox: TestSandbox, options: CapabilityStatementOptions | 'missing'): void {
  sandbox.server.use(
    http.get(`${sandbox.fhirBaseUrl}/metadata`, () =>
      options === 'missing' ? new HttpResponse('Not Found', { status: 404 }) : HttpResponse.json<CapabilityStatement>(buildCapabilityStatement(options)),
    ),
  );
}

/** The server stores the request, then the answer is lost on the way back (network loss mid-way). */
export function commitThenLose(url: string, method: 'post' | 'put' = 'post'): ReturnType<typeof http.post> {
  return http[method](
    url,
    async ({ request }) => {
      await fetch(bypass(request));
      return HttpResponse.error();
    },
    { once: true },
  );
}

/** Through the app's own query: a fresh client, so each variant's /metadata is read anew. */
export async function capabilitiesOf(session: SmartSession): Promise<ServerCapabilities> {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } }).query(getCapabilitiesQueryOptions(session.fhir));
}

export const adultReferralAgreed: ReferralDecision = {
  outcome: 'concern-referral-agreed',
  consentRecorded: true,
  minorNoticeAcknowledged: false,
  contactingPatientUnsafe: false,
  safetyPlanConsent: false,
  recordChoice: 'everything',
  referralTarget: nationalHotline,
};

/** Direct Light, the sandbox's community partner: a service with an organisation on the EHR, so its referral is tracked. */
export const directLight: DirectoryEntry = {
  id: `HealthcareService/${directLightServiceId}`,
  name: 'Direct Light (sandbox)',
  serviceType: 'Anti-trafficking coalition',
  performerReference: `HealthcareService/${directLightServiceId}`,
  ownerReference: directLightOrganizationReference,
  languages: ['English'],
  contact: '555-0174',
  source: 'server',
};

export const trackedReferralAgreed: ReferralDecision = { ...adultReferralAgreed, referralTarget: directLight };

/** A completed adult check-in with a concern, as the screening feature builds it. */
export function concernScreen(session: SmartSession, authored: string, systemBase = defaultSystemBase): QuestionnaireResponse {
  const { patientId, encounterId, fhirUser } = session.context;
  return buildQuestionnaireResponse({
    questionnaire: defaultAdultQuestionnaire,
    answers: new Map([
      ['work-living-control', 'yes'],
      ['free-to-leave', 'no'],
      ['documents-held', 'declined'],
      ['work-or-sex-for-something', 'no'],
      ['threats', 'no'],
      ['afraid-to-go-back-today', 'no'],
    ]),
    result: 'concern',
    patientReference: `Patient/${patientId ?? ''}`,
    encounterReference: encounterId ? `Encounter/${encounterId}` : undefined,
    authorReference: fhirUser,
    authored,
    language: 'en',
    includeQuestionText: false,
    systemBase,
  });
}

/**
 * One submission: a fresh id and time, fixed for every retry of it, as the UI would hold them; Lantern's systems under
 * `systemBase` (the default unless a test configures the organisation's own).
 */
export function submission(session: SmartSession, decision: ReferralDecision, withScreen = true, systemBase = defaultSystemBase): WriteInput {
  const recordedAt = new Date().toISOString();
  return {
    submissionId: crypto.randomUUID(),
    patientId: session.context.patientId ?? '',
    encounterId: session.context.encounterId,
    fhirUser: session.context.fhirUser,
    recordedAt,
    decision,
    systemBase,
    ...(withScreen ? { questionnaireResponse: concernScreen(session, recordedAt, systemBase) } : {}),
  };
}

export async function planFor(session: SmartSession, input: WriteInput, overrides: Partial<WritePlanInput> = {}): Promise<WritePlan> {
  return planWrite({
    capabilities: await capabilitiesOf(session),
    grantedScopes: session.context.grantedScopes,
    decision: input.decision,
    isMinor: false,
    hasScreen: input.questionnaireResponse !== undefined,
    fhirUser: input.fhirUser,
    ...overrides,
  });
}

type HeldType = 'Flag' | 'QuestionnaireResponse' | 'ServiceRequest' | 'Communication' | 'Task';

/** What the server holds for one part of a submission, found by searching it as any app could. */
export async function held<K extends HeldType>(session: SmartSession, type: K, input: WriteInput, part: SubmissionPart): Promise<ResourceOf<K>[]> {
  const { resources } = await session.fhir.search(type, {
    patient: `Patient/${input.patientId}`,
    identifier: submissionIdentifierToken(input.systemBase, input.submissionId, part),
  });
  return resources;
}

/** How many resources of each part the server holds for a submission. */
export async function heldCounts(session: SmartSession, input: WriteInput): Promise<Record<'flag' | 'screen' | 'referral' | 'check-in-note', number>> {
  const [flag, screen, referral, checkInNote] = await Promise.all([
    held(session, 'Flag', input, 'flag'),
    held(session, 'QuestionnaireResponse', input, 'screen'),
    held(session, 'ServiceRequest', input, 'referral'),
    held(session, 'Communication', input, 'check-in-note'),
  ]);
  return { flag: flag.length, screen: screen.length, referral: referral.length, 'check-in-note': checkInNote.length };
}

export function referenceOf(resource: FhirResource | undefined): string {
  return resource?.id ? `${resource.resourceType}/${resource.id}` : '(none)';
}

/** The rejection of a promise, which must be an error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected the write to fail');
    },
    (reason: unknown) => reason,
  );
}
