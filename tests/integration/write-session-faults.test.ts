import { bypass, delay, http, HttpResponse } from 'msw';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { executeWrite } from '../../src/features/referral/write-executor';
import { connectTestSandbox } from '../sandbox-harness';
import { adultReferralAgreed, heldCounts, planFor, submission } from './write-back-support';

const sandbox = connectTestSandbox();
afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

describe('an access token that expires during the write', () => {
  it('is refreshed at the sandbox token endpoint and the write retried with the new token, once', async () => {
    const ana = sandbox.patient('indicator-adult');
    const session = await sandbox.launch({ patient: ana.patientId, encounter: ana.activeEncounterIds[0] });
    const input = submission(session, adultReferralAgreed);
    const plan = await planFor(session, input);

    const tokensSeen: string[] = [];
    // The EHR rejects the first write's token as expired, as a server does when a token lapses mid-visit.
    sandbox.server.use(
      http.post(
        sandbox.fhirBaseUrl,
        ({ request }) => {
          tokensSeen.push(request.headers.get('authorization') ?? '');
          return HttpResponse.json(
            { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'Access token expired' }] },
            { status: 401 },
          );
        },
        { once: true },
      ),
      http.post(sandbox.fhirBaseUrl, ({ request }) => {
        tokensSeen.push(request.headers.get('authorization') ?? '');
      }),
    );

    const result = await executeWrite(session.fhir, plan, input);
    expect(result.written.map(({ action }) => action)).toEqual(['created', 'created', 'created', 'created']);
    expect(tokensSeen).toHaveLength(2);
    expect(tokensSeen[1]).not.toBe(tokensSeen[0]);
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 1, 'check-in-note': 1 });
  });
});

describe('a write that times out', () => {
  it('after the EHR stored it is completed by the retry without a duplicate', async () => {
    const grace = sandbox.patient('no-active-encounter');
    const session = await sandbox.launch({ patient: grace.patientId }, undefined, { timeoutMs: 1_000 });
    const input = submission(session, adultReferralAgreed);
    const plan = await planFor(session, input);
    // The EHR stores the transaction but answers too late: Lantern gives up, not knowing it was written.
    sandbox.server.use(
      http.post(
        sandbox.fhirBaseUrl,
        async ({ request }) => {
          await fetch(bypass(request));
          await delay(5_000);
          return HttpResponse.error();
        },
        { once: true },
      ),
    );
    await expect(executeWrite(session.fhir, plan, input)).rejects.toMatchObject({ kind: 'timeout' });
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 1, 'check-in-note': 1 });

    const retry = await executeWrite(session.fhir, plan, input);
    expect(retry.written.map(({ action }) => action)).toEqual(['found', 'found', 'found', 'found']);
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 1, 'check-in-note': 1 });
  });
});
