import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapabilityStatementOptions } from '../../mocks/sandbox/capability-statement';
import { requestedScopes } from '../../src/config/scopes';
import { hasSafetySecurityLabels } from '../../src/features/referral/security-labels';
import { executeWrite } from '../../src/features/referral/write-executor';
import type { WritePlan } from '../../src/features/referral/write-plan';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import type { SandboxPatient } from '../../mocks/sandbox/synthetic/generate';
import { connectTestSandbox } from '../sandbox-harness';
import { adultReferralAgreed, held, heldCounts, planFor, referenceOf, rejectionOf, serveMetadata, submission, trackedReferralAgreed } from './write-back-support';

const sandbox = connectTestSandbox();

afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

const readOnlyScope = requestedScopes('ehr')
  .split(' ')
  .filter((scope) => !scope.endsWith('.write'))
  .join(' ');

/** Epic-like grants: no Flag or Communication write. */
const noFlagScope = requestedScopes('ehr')
  .split(' ')
  .filter((scope) => scope !== 'patient/Flag.write' && scope !== 'patient/Communication.write')
  .join(' ');

interface Variant {
  name: string;
  metadata?: CapabilityStatementOptions | 'missing';
  scope?: string;
  mode: WritePlan['mode'];
  /** What the server holds afterwards, per part of the submission. */
  holds: { flag: number; screen: number; referral: number; 'check-in-note': number };
  /** Whether the referral's tracking Task is held too. */
  tracked: boolean;
  notWritten: string[];
}

const variants: Variant[] = [
  { name: 'sandbox as shipped (transaction, conditional create)', mode: 'transaction', holds: { flag: 1, screen: 1, referral: 1, 'check-in-note': 1 }, tracked: true, notWritten: [] },
  {
    name: 'no transaction',
    metadata: { transaction: false },
    mode: 'sequential',
    holds: { flag: 1, screen: 1, referral: 1, 'check-in-note': 1 },
    tracked: true,
    notWritten: [],
  },
  {
    name: 'no transaction, no conditional create',
    metadata: { transaction: false, conditionalCreate: false, updateCreate: false },
    mode: 'sequential',
    holds: { flag: 1, screen: 1, referral: 1, 'check-in-note': 1 },
    tracked: true,
    notWritten: [],
  },
  {
    name: 'no conditional create, PUT creates (client-chosen ids, in a transaction)',
    metadata: { conditionalCreate: false },
    mode: 'transaction',
    holds: { flag: 1, screen: 1, referral: 1, 'check-in-note': 1 },
    tracked: true,
    notWritten: [],
  },
  {
    name: 'no transaction, no conditional create, PUT creates (client-chosen ids)',
    metadata: { transaction: false, conditionalCreate: false },
    mode: 'sequential',
    holds: { flag: 1, screen: 1, referral: 1, 'check-in-note': 1 },
    tracked: true,
    notWritten: [],
  },
  {
    name: 'no CapabilityStatement (404)',
    metadata: 'missing',
    mode: 'sequential',
    holds: { flag: 1, screen: 1, referral: 1, 'check-in-note': 1 },
    tracked: true,
    notWritten: [],
  },
  {
    name: 'Flag create not declared',
    metadata: { interactions: { Flag: ['read', 'search-type'] } },
    mode: 'transaction',
    holds: { flag: 0, screen: 1, referral: 1, 'check-in-note': 1 },
    tracked: true,
    notWritten: ['Flag'],
  },
  {
    name: 'neither Flag nor Communication create declared',
    metadata: { interactions: { Flag: ['read', 'search-type'], Communication: ['read', 'search-type'] } },
    mode: 'transaction',
    holds: { flag: 0, screen: 1, referral: 1, 'check-in-note': 0 },
    tracked: true,
    notWritten: ['Flag', 'Communication'],
  },
  {
    name: 'ServiceRequest create not declared',
    metadata: { interactions: { ServiceRequest: ['read', 'search-type'] } },
    mode: 'transaction',
    holds: { flag: 1, screen: 1, referral: 0, 'check-in-note': 1 },
    tracked: false,
    notWritten: ['ServiceRequest'],
  },
  {
    name: 'no Flag or Communication write scope granted',
    scope: noFlagScope,
    mode: 'transaction',
    holds: { flag: 0, screen: 1, referral: 1, 'check-in-note': 0 },
    tracked: true,
    notWritten: ['Flag', 'Communication'],
  },
  {
    name: 'Task create not declared (the referral goes untracked)',
    metadata: { interactions: { Task: ['read', 'search-type'] } },
    mode: 'transaction',
    holds: { flag: 1, screen: 1, referral: 1, 'check-in-note': 1 },
    tracked: false,
    notWritten: ['Task'],
  },
  {
    name: 'read-only scopes',
    scope: readOnlyScope,
    mode: 'none',
    holds: { flag: 0, screen: 0, referral: 0, 'check-in-note': 0 },
    tracked: false,
    notWritten: ['Flag', 'QuestionnaireResponse', 'Communication', 'ServiceRequest'],
  },
];

// Each test writes for a fresh copy of Samuel Novak (adult, two visits in progress), its own.
let patient: SandboxPatient;
beforeEach(async () => {
  patient = await sandbox.freshPatient('two-active-encounters');
});

async function launch(scope?: string): Promise<SmartSession> {
  return sandbox.launch({ patient: patient.patientId, encounter: patient.activeEncounterIds[0] }, scope);
}

describe.each(variants)('server variant: $name', (variant) => {
  it(`plans ${variant.mode}, writes what it can, says what it could not, and a retry duplicates nothing`, async () => {
    if (variant.metadata) serveMetadata(sandbox, variant.metadata);
    const session = await launch(variant.scope);
    const input = submission(session, trackedReferralAgreed);
    const plan = await planFor(session, input);
    expect(plan.mode).toBe(variant.mode);
    expect(plan.notWritten.map(({ resourceType }) => resourceType)).toEqual(variant.notWritten);
    expect(plan.notWritten.every(({ reason }) => /^[A-Z].*\.$/.test(reason))).toBe(true);
    if (variant.metadata === 'missing') expect(plan.notes.join(' ')).toMatch(/could not be read/);

    const result = await executeWrite(session.fhir, plan, input);
    expect(result.notWritten).toEqual(plan.notWritten);
    await executeWrite(session.fhir, plan, input);
    expect(await heldCounts(session, input)).toEqual(variant.holds);
    const tasks = await held(session, 'Task', input, 'referral-task');
    expect(tasks).toHaveLength(variant.tracked ? 1 : 0);

    // Whatever was written is labelled, the referral points at what exists, and its Task at the referral.
    const [flag] = await held(session, 'Flag', input, 'flag');
    const [screen] = await held(session, 'QuestionnaireResponse', input, 'screen');
    const [note] = await held(session, 'Communication', input, 'check-in-note');
    const [referral] = await held(session, 'ServiceRequest', input, 'referral');
    for (const resource of [flag, screen, note, referral, ...tasks]) {
      if (resource) expect(hasSafetySecurityLabels(resource.meta?.security)).toBe(true);
    }
    for (const task of tasks) expect(task).toMatchObject({ status: 'requested', focus: { reference: referenceOf(referral) }, owner: { reference: 'Organization/org-direct-light' } });
    if (referral) {
      expect(referral.reasonReference).toBeUndefined();
      expect(referral.supportingInfo).toEqual([flag, screen, note].filter((resource) => resource !== undefined).map((resource) => ({ reference: referenceOf(resource) })));
    }
  });
});

describe('an EHR that declares Flag create but refuses it', () => {
  it('fails at the Flag step with the server’s reason and writes nothing after it', async () => {
    serveMetadata(sandbox, { transaction: false });
    const session = await launch();
    const input = submission(session, adultReferralAgreed);
    const plan = await planFor(session, input);
    sandbox.server.use(
      http.post(`${sandbox.fhirBaseUrl}/Flag`, () =>
        HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', details: { text: 'Flags are maintained by the EHR only.' } }] }, { status: 403 }),
      ),
    );
    const error = await rejectionOf(executeWrite(session.fhir, plan, input));
    expect(error).toMatchObject({ step: 'safety-flag', kind: 'forbidden', status: 403, message: 'Flags are maintained by the EHR only.' });
    expect(await heldCounts(session, input)).toEqual({ flag: 0, screen: 0, referral: 0, 'check-in-note': 0 });
  });
});

describe('the sandbox enforces the scopes the plan respects', () => {
  it('refuses a Flag create from a read-only token, so planning around the scopes matters', async () => {
    const session = await launch(readOnlyScope);
    const input = submission(session, adultReferralAgreed);
    // A plan made as if the token could write (what an app that ignores scopes would do).
    const naive = await planFor(session, input, { grantedScopes: [] });
    expect(naive.mode).toBe('transaction');
    await expect(executeWrite(session.fhir, naive, input)).rejects.toMatchObject({ step: 'transaction', kind: 'forbidden', status: 403 });
  });
});
