import type { OperationOutcome } from 'fhir/r4';
import { bypass, http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeWrite, findSubmission, WriteStepError, type WriteInput } from '../../src/features/referral/write-executor';
import type { WritePlan, WriteRole } from '../../src/features/referral/write-plan';
import type { FailureKind } from '../../src/lib/fhir/outcomes';
import { outcomeText } from '../../src/lib/fhir/outcomes';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import type { SandboxPatient } from '../../mocks/sandbox/synthetic/generate';
import { connectTestSandbox } from '../sandbox-harness';
import { clientChosenId } from '../../src/features/referral/submission-identifiers';
import {
  adultReferralAgreed,
  commitThenLose,
  held,
  heldCounts,
  planFor,
  rejectionOf,
  serveMetadata,
  submission,
} from './write-back-support';

const sandbox = connectTestSandbox();

afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

// Each test writes for a fresh copy of Grace Okafor (adult, no visit in progress), its own.
let patient: SandboxPatient;
let session: SmartSession;
beforeEach(async () => {
  patient = await sandbox.freshPatient('no-active-encounter');
  session = await sandbox.launch({ patient: patient.patientId });
});

const busy: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The EHR is busy; try again shortly.' } }] };

type Fault = 'network loss before the server' | 'answer lost after the server stored it' | '503' | '401';

function inject(fault: Fault, url: string): void {
  switch (fault) {
    case 'network loss before the server':
      sandbox.server.use(http.post(url, () => HttpResponse.error(), { once: true }));
      return;
    case 'answer lost after the server stored it':
      sandbox.server.use(commitThenLose(url));
      return;
    case '503':
      sandbox.server.use(http.post(url, () => HttpResponse.json(busy, { status: 503 }), { once: true }));
      return;
    case '401': {
      // Refused before and after the client's refresh, as when the EHR revokes the session: the step fails.
      let refusals = 0;
      sandbox.server.use(
        http.post(url, () => {
          if (refusals >= 2) return undefined;
          refusals += 1;
          return HttpResponse.json<OperationOutcome>(
            { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'Token expired' }] },
            { status: 401 },
          );
        }),
      );
      return;
    }
  }
}

const expectedKind: Record<Fault, FailureKind> = {
  'network loss before the server': 'network',
  'answer lost after the server stored it': 'network',
  '503': 'server',
  '401': 'unauthorized',
};

async function sequentialPlan(input: WriteInput, conditionalCreate = true): Promise<WritePlan> {
  serveMetadata(sandbox, { transaction: false, conditionalCreate, updateCreate: false });
  const plan = await planFor(session, input);
  expect(plan.mode).toBe('sequential');
  return plan;
}

/**
 * Runs the plan once with the fault, expecting it to fail at `role`. (A 401 that one refresh cures never fails a
 * step: write-session-faults.test.ts covers it.)
 */
async function firstAttempt(plan: WritePlan, input: WriteInput, fault: Fault, role: WriteRole | 'transaction'): Promise<void> {
  const outcome = await executeWrite(session.fhir, plan, input).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(outcome).toBeInstanceOf(WriteStepError);
  expect(outcome).toMatchObject({ step: role, kind: expectedKind[fault] });
  if (fault === '503') expect(outcomeText((outcome as WriteStepError).outcome)).toBe('The EHR is busy; try again shortly.');
}

describe.each<Fault>(['network loss before the server', 'answer lost after the server stored it', '503', '401'])('ordered creates: %s', (fault) => {
  it.each<[WriteRole, string]>([
    ['safety-flag', 'Flag'],
    ['screen', 'QuestionnaireResponse'],
    ['check-in-note', 'Communication'],
    ['referral', 'ServiceRequest'],
  ])('at the %s step, then a retry completes without duplicates', async (role, type) => {
    const input = submission(session, adultReferralAgreed);
    const plan = await sequentialPlan(input);
    inject(fault, `${sandbox.fhirBaseUrl}/${type}`);
    await firstAttempt(plan, input, fault, role);

    const retry = await executeWrite(session.fhir, plan, input);
    expect(retry.written.map(({ resourceType }) => resourceType)).toEqual(['Flag', 'QuestionnaireResponse', 'Communication', 'ServiceRequest']);
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 1, 'check-in-note': 1 });
    const [referral] = await held(session, 'ServiceRequest', input, 'referral');
    const [flag] = await held(session, 'Flag', input, 'flag');
    expect(referral?.supportingInfo?.[0]?.reference).toBe(`Flag/${flag?.id ?? ''}`);
  });
});

describe('what a failure leaves on the server before the retry', () => {
  it('a 503 at the screen leaves the Flag only, and the retry finds it', async () => {
    const input = submission(session, adultReferralAgreed);
    const plan = await sequentialPlan(input);
    inject('503', `${sandbox.fhirBaseUrl}/QuestionnaireResponse`);
    const error = await rejectionOf(executeWrite(session.fhir, plan, input));
    expect(error).toMatchObject({ step: 'screen', kind: 'server', status: 503 });
    expect((error as WriteStepError).written.map(({ resourceType }) => resourceType)).toEqual(['Flag']);
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 0, referral: 0, 'check-in-note': 0 });

    const retry = await executeWrite(session.fhir, plan, input);
    expect(retry.written.map(({ action }) => action)).toEqual(['found', 'created', 'created', 'created']);
  });

  it('a 409 on a conditional create is settled in the same attempt', async () => {
    const input = submission(session, adultReferralAgreed);
    const plan = await sequentialPlan(input);
    sandbox.server.use(
      http.post(`${sandbox.fhirBaseUrl}/ServiceRequest`, () => HttpResponse.json(busy, { status: 409 }), { once: true }),
    );
    const result = await executeWrite(session.fhir, plan, input);
    expect(result.written.map(({ action }) => action)).toEqual(['created', 'created', 'created', 'created']);
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 1, 'check-in-note': 1 });
  });

  it('a 422 shows the server’s words and names the step', async () => {
    const input = submission(session, adultReferralAgreed);
    const plan = await sequentialPlan(input);
    const rejected: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'invariant', details: { text: 'ServiceRequest.performer must be a HealthcareService on this server' } }],
    };
    sandbox.server.use(http.post(`${sandbox.fhirBaseUrl}/ServiceRequest`, () => HttpResponse.json(rejected, { status: 422 }), { once: true }));
    const error = await rejectionOf(executeWrite(session.fhir, plan, input));
    expect(error).toMatchObject({ step: 'referral', kind: 'invalid', status: 422, outcome: rejected });
    expect((error as WriteStepError).message).toBe('ServiceRequest.performer must be a HealthcareService on this server');
    await executeWrite(session.fhir, plan, input);
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 1, 'check-in-note': 1 });
  });

  it('writes carry no encounter when no visit is in progress', async () => {
    const input = submission(session, adultReferralAgreed);
    await executeWrite(session.fhir, await sequentialPlan(input), input);
    const [flag] = await held(session, 'Flag', input, 'flag');
    const [referral] = await held(session, 'ServiceRequest', input, 'referral');
    expect(flag?.encounter).toBeUndefined();
    expect(referral?.encounter).toBeUndefined();
  });
});

describe('ordered creates with search-before-create (no conditional create)', () => {
  it.each<[WriteRole, string]>([
    ['safety-flag', 'Flag'],
    ['screen', 'QuestionnaireResponse'],
    ['check-in-note', 'Communication'],
    ['referral', 'ServiceRequest'],
  ])('an answer lost after the %s was stored is found by the retry', async (role, type) => {
    const input = submission(session, adultReferralAgreed);
    const plan = await sequentialPlan(input, false);
    expect(plan.mode === 'sequential' && plan.steps.every((step) => step.action === 'create' && step.idempotency === 'search-first')).toBe(true);
    inject('answer lost after the server stored it', `${sandbox.fhirBaseUrl}/${type}`);
    await firstAttempt(plan, input, 'answer lost after the server stored it', role);
    const retry = await executeWrite(session.fhir, plan, input);
    expect(retry.written.find((item) => item.role === role)?.action).toBe('found');
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 1, 'check-in-note': 1 });
  });
});

describe.each<Fault>(['network loss before the server', 'answer lost after the server stored it', '503'])('one transaction: %s', (fault) => {
  it('leaves all or nothing, and a retry completes without duplicates', async () => {
    const input = submission(session, adultReferralAgreed);
    const plan = await planFor(session, input);
    expect(plan.mode).toBe('transaction');
    inject(fault, sandbox.fhirBaseUrl);
    await firstAttempt(plan, input, fault, 'transaction');
    const stored = fault === 'answer lost after the server stored it' ? 1 : 0;
    expect(await heldCounts(session, input)).toEqual({ flag: stored, screen: stored, referral: stored, 'check-in-note': stored });
    const retry = await executeWrite(session.fhir, plan, input);
    expect(retry.written.map(({ action }) => action)).toEqual(stored ? ['found', 'found', 'found', 'found'] : ['created', 'created', 'created', 'created']);
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 1, 'check-in-note': 1 });
  });
});

describe('a server that creates on PUT but has no conditional create (client-chosen ids)', () => {
  it('an answer lost after the PUT was stored: the retry lands on the same resource, nothing twice', async () => {
    serveMetadata(sandbox, { conditionalCreate: false, transaction: false });
    const input = submission(session, adultReferralAgreed, false);
    const plan = await planFor(session, input, { grantedScopes: ['patient/Flag.write', 'patient/ServiceRequest.write'] });
    expect(plan.mode === 'sequential' && plan.steps.map((step) => (step.action === 'create' ? step.idempotency : step.action))).toEqual(['client-id', 'client-id']);
    sandbox.server.use(commitThenLose(`${sandbox.fhirBaseUrl}/Flag/${clientChosenId(input.submissionId, 'flag')}`, 'put'));
    await expect(executeWrite(session.fhir, plan, input)).rejects.toMatchObject({ step: 'safety-flag', kind: 'network' });
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 0, referral: 0, 'check-in-note': 0 });

    const retry = await executeWrite(session.fhir, plan, input);
    expect(retry.written.map(({ reference }) => reference)).toEqual([
      `Flag/${clientChosenId(input.submissionId, 'flag')}`,
      `ServiceRequest/${clientChosenId(input.submissionId, 'referral')}`,
    ]);
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 0, referral: 1, 'check-in-note': 0 });
    const [referral] = await held(session, 'ServiceRequest', input, 'referral');
    expect(referral?.supportingInfo?.[0]).toEqual({ reference: `Flag/${clientChosenId(input.submissionId, 'flag')}` });
  });
});

describe('a server that ignores the identifier search parameter (FHIR lets it)', () => {
  it('never takes the patient’s other resources for this submission’s, when writing or when looking for what it stored', async () => {
    const other = submission(session, { ...adultReferralAgreed, outcome: 'concern-declined-referral', consentRecorded: false }, false);
    await executeWrite(session.fhir, await sequentialPlan(other, false), other);
    // From here, every search answers with all of the patient's resources of the type, whatever identifier was asked.
    sandbox.server.use(
      http.get(`${sandbox.fhirBaseUrl}/:type`, async ({ request }) => {
        const url = new URL(request.url);
        if (!url.searchParams.has('identifier')) return undefined;
        url.searchParams.delete('identifier');
        const headers = new Headers(request.headers);
        return fetch(bypass(new Request(url, { headers })));
      }),
    );
    const input = submission(session, { ...adultReferralAgreed, outcome: 'concern-declined-referral', consentRecorded: false }, false);
    const plan = await sequentialPlan(input, false);
    expect(await findSubmission(session.fhir, plan, input)).toEqual({ found: [], unchecked: [] });
    const result = await executeWrite(session.fhir, plan, input);
    expect(result.written).toEqual([
      expect.objectContaining({ role: 'safety-flag', action: 'created' }),
      expect.objectContaining({ role: 'check-in-note', action: 'created' }),
    ]);
    sandbox.server.resetHandlers();
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 0, referral: 0, 'check-in-note': 1 });
  });
});

describe('a server that can guard nothing (no conditional create, no update-as-create, no reads)', () => {
  it('does not send again what an earlier attempt is known to have stored', async () => {
    serveMetadata(sandbox, { transaction: false, conditionalCreate: false, updateCreate: false });
    const writeOnly = await sandbox.launch({ patient: patient.patientId }, 'launch openid fhirUser patient/Patient.read patient/Flag.write patient/QuestionnaireResponse.write');
    const input = submission(writeOnly, { ...adultReferralAgreed, outcome: 'concern-declined-referral', consentRecorded: false });
    const plan = await planFor(writeOnly, input);
    expect(plan.mode === 'sequential' && plan.steps.map((step) => (step.action === 'create' ? step.idempotency : step.action))).toEqual(['unguarded', 'unguarded']);
    sandbox.server.use(http.post(`${sandbox.fhirBaseUrl}/QuestionnaireResponse`, () => HttpResponse.json(busy, { status: 503 }), { once: true }));
    const failed = await rejectionOf(executeWrite(writeOnly.fhir, plan, input));
    if (!(failed instanceof WriteStepError)) throw new Error('expected a failed step');
    expect(failed.written.map(({ role }) => role)).toEqual(['safety-flag']);

    const retry = await executeWrite(writeOnly.fhir, plan, input, {}, failed.written);
    expect(retry.written.map(({ role, action }) => `${role}:${action}`)).toEqual(['safety-flag:found', 'screen:created']);
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 0, 'check-in-note': 0 });
  });
});
