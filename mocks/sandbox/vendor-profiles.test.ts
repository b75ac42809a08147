import type { Bundle, CapabilityStatement, Flag, OperationOutcome, Task } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from './auth/token-client';
import { LANTERN_RESOURCE_TYPES, type LanternResourceType } from './capability-statement';
import type { Sandbox } from './sandbox';
import { ehrLaunchToken, serveSandbox, type ServedSandbox } from './test-sandbox';
import { parseVendorProfileName, VENDOR_PROFILE_NAMES, type VendorProfileName } from './vendor-profiles';

const ana = 'ana-ruiz';

/** The vendor table of issue 5, written out independently of the profile data it checks. */
interface VendorExpectation {
  label: string;
  flag: 'writable' | 'read-only' | 'absent';
  flagCreateStatus: number;
  /** Lantern's referral Task (issue 16): created, conditionally too, only where the vendor is known to take it. */
  task: 'writable' | 'read-only' | 'absent';
  taskCreateStatus: number;
  typesWithCreate: readonly LanternResourceType[];
  transaction: boolean;
  batch: boolean;
  expiresIn: number;
  /** Whether its access tokens can be read as JWTs; Epic's cannot. */
  accessToken: 'jwt' | 'opaque';
  signIn: 'smart' | 'open';
}

const expectations: Record<VendorProfileName, VendorExpectation> = {
  'smart-launcher': {
    label: 'SMART Health IT launcher',
    flag: 'writable',
    flagCreateStatus: 201,
    task: 'writable',
    taskCreateStatus: 201,
    typesWithCreate: LANTERN_RESOURCE_TYPES,
    transaction: true,
    batch: true,
    expiresIn: 3600,
    accessToken: 'jwt',
    signIn: 'smart',
  },
  'hapi-open': {
    label: 'HAPI public server',
    flag: 'writable',
    flagCreateStatus: 201,
    task: 'writable',
    taskCreateStatus: 201,
    typesWithCreate: LANTERN_RESOURCE_TYPES,
    transaction: true,
    batch: true,
    expiresIn: 3600,
    accessToken: 'jwt',
    signIn: 'open',
  },
  epic: {
    label: 'Epic',
    flag: 'read-only',
    flagCreateStatus: 403,
    task: 'read-only',
    taskCreateStatus: 403,
    typesWithCreate: ['ServiceRequest', 'QuestionnaireResponse', 'Communication'],
    transaction: false,
    batch: false,
    expiresIn: 3600,
    accessToken: 'opaque',
    signIn: 'smart',
  },
  'oracle-health': {
    label: 'Oracle Health (Cerner)',
    flag: 'absent',
    flagCreateStatus: 404,
    task: 'absent',
    taskCreateStatus: 404,
    typesWithCreate: [],
    transaction: false,
    batch: true,
    expiresIn: 570,
    accessToken: 'jwt',
    signIn: 'smart',
  },
  meditech: {
    label: 'MEDITECH Greenfield',
    flag: 'read-only',
    flagCreateStatus: 405,
    task: 'read-only',
    taskCreateStatus: 405,
    typesWithCreate: ['QuestionnaireResponse', 'Communication'],
    transaction: false,
    batch: false,
    expiresIn: 3600,
    accessToken: 'jwt',
    signIn: 'smart',
  },
  athenahealth: {
    label: 'athenahealth',
    flag: 'read-only',
    flagCreateStatus: 403,
    task: 'read-only',
    taskCreateStatus: 403,
    typesWithCreate: ['QuestionnaireResponse'],
    transaction: false,
    batch: false,
    expiresIn: 3600,
    accessToken: 'jwt',
    signIn: 'smart',
  },
};

const concernFlag: Flag = {
  resourceType: 'Flag',
  status: 'active',
  code: { text: 'Safety concern raised in Lantern' },
  subject: { reference: `Patient/${ana}` },
};

const flagTransaction: Bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [{ resource: concernFlag, request: { method: 'POST', url: 'Flag' } }],
};

const referralTask: Task = {
  resourceType: 'Task',
  status: 'requested',
  intent: 'order',
  code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
  for: { reference: `Patient/${ana}` },
  owner: { reference: 'Organization/org-direct-light' },
};

const patientReadBatch: Bundle = { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: `Patient/${ana}` } }] };

let served: ServedSandbox;
let sandbox: Sandbox;

beforeAll(async () => {
  served = await serveSandbox();
  ({ sandbox } = served);
});

afterAll(async () => {
  await served.close();
});

describe.each(VENDOR_PROFILE_NAMES)('the sandbox behaving like %s, at its own FHIR base', (profile) => {
  const expected = expectations[profile];
  let token: TokenResponse;

  beforeAll(async () => {
    const context = { patient: ana, fhirUser: 'Practitioner/prac-ed-physician' };
    token = await ehrLaunchToken(sandbox, context, 'openid fhirUser launch patient/*.read patient/*.write', sandbox.fhirBaseUrls[profile]);
  });

  async function fhir(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token.access_token}`);
    const response = await sandbox.handleFhir(new Request(`${sandbox.fhirBaseUrls[profile]}/${path}`, { ...init, headers }));
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  async function post(path: string, resource: Flag | Task | Bundle): Promise<{ status: number; body: unknown }> {
    return fhir(path, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(resource) });
  }

  it('declares in /metadata the types, creates and system interactions the vendor has', async () => {
    const statement = (await fhir('metadata')).body as CapabilityStatement;
    const rest = statement.rest?.[0];
    const interactionsOf = (type: string): string[] =>
      rest?.resource?.find((resource) => resource.type === type)?.interaction?.map(({ code }) => code) ?? [];
    const typesWithCreate = (rest?.resource ?? []).filter(({ type }) => interactionsOf(type).includes('create')).map(({ type }) => type);
    expect(typesWithCreate.sort()).toEqual([...expected.typesWithCreate].sort());
    if (expected.flag === 'absent') expect(rest?.resource?.map(({ type }) => type)).not.toContain('Flag');
    else expect(interactionsOf('Flag')).toEqual(expect.arrayContaining(['read', 'search-type']));
    const systemInteractions = rest?.interaction?.map(({ code }) => code) ?? [];
    expect(systemInteractions.includes('transaction')).toBe(expected.transaction);
    expect(systemInteractions.includes('batch')).toBe(expected.batch);
  });

  it('answers a Flag create the way the vendor does', async () => {
    const created = await post('Flag', concernFlag);
    expect(created.status).toBe(expected.flagCreateStatus);
    if (expected.flag === 'writable') expect(created.body).toMatchObject({ resourceType: 'Flag', status: 'active' });
    else expect(created.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] });
  });

  it('declares Task in /metadata as the vendor has it: conditional create only with create', async () => {
    const statement = (await fhir('metadata')).body as CapabilityStatement;
    const task = statement.rest?.[0]?.resource?.find(({ type }) => type === 'Task');
    if (expected.task === 'absent') {
      expect(task).toBeUndefined();
      return;
    }
    const interactions = task?.interaction?.map(({ code }) => code) ?? [];
    expect(interactions).toEqual(expect.arrayContaining(['read', 'search-type']));
    expect(interactions.includes('create')).toBe(expected.task === 'writable');
    expect(task?.conditionalCreate === true).toBe(expected.task === 'writable');
  });

  it('answers a referral Task create the way the vendor does', async () => {
    const created = await post('Task', referralTask);
    expect(created.status).toBe(expected.taskCreateStatus);
    if (expected.task === 'writable') expect(created.body).toMatchObject({ resourceType: 'Task', status: 'requested' });
    else expect(created.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] });
  });

  it('grants a launch the Task scopes it asks for, in either syntax, where Task can be written', async () => {
    if (expected.task !== 'writable' || expected.signIn === 'open') return;
    const context = { patient: ana, fhirUser: 'Practitioner/prac-ed-physician' };
    const granted = await ehrLaunchToken(sandbox, context, 'launch patient/Task.cruds patient/Task.read patient/Task.write', sandbox.fhirBaseUrls[profile]);
    expect(granted.scope?.split(' ')).toEqual(expect.arrayContaining(['patient/Task.cruds', 'patient/Task.read', 'patient/Task.write']));
  });

  it('accepts a transaction only where the vendor declares one', async () => {
    const transaction = await post('', flagTransaction);
    if (expected.transaction) {
      expect(transaction.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response' });
    } else {
      expect([403, 405]).toContain(transaction.status);
      expect((transaction.body as OperationOutcome).issue[0]?.diagnostics).toContain('transaction');
    }
  });

  it('accepts a batch only where the vendor declares one, and no write inside it that the vendor refuses', async () => {
    const batch = await post('', patientReadBatch);
    if (expected.batch) {
      expect(batch.body).toMatchObject({ resourceType: 'Bundle', type: 'batch-response' });
      const flagBatch = await post('', { ...flagTransaction, type: 'batch' });
      expect(flagBatch.status).toBe(expected.flag === 'writable' ? 200 : expected.flagCreateStatus);
    } else {
      expect([403, 405]).toContain(batch.status);
      expect((batch.body as OperationOutcome).issue[0]?.diagnostics).toContain('batch');
    }
  });

  it('still reads the launch patient', async () => {
    expect((await fhir(`Patient/${ana}`)).body).toMatchObject({ resourceType: 'Patient', id: ana });
  });

  it('issues tokens with the vendor’s lifetime', () => {
    expect(token.expires_in).toBe(expected.expiresIn);
  });

  it('issues access tokens in the vendor’s format', () => {
    const isJwt = /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token.access_token);
    expect(isJwt ? 'jwt' : 'opaque').toBe(expected.accessToken);
  });

  it('advertises SMART v1 and v2 scopes, unless it is an open server without SMART configuration', async () => {
    const configuration = await fhir('.well-known/smart-configuration');
    if (expected.signIn === 'open') {
      expect(configuration).toMatchObject({ status: 404, body: { resourceType: 'OperationOutcome' } });
    } else {
      expect((configuration.body as { capabilities: string[] }).capabilities).toEqual(expect.arrayContaining(['permission-v1', 'permission-v2']));
    }
  });

  it('says in the simulated EHR which vendor a chart was opened with', async () => {
    const page = await fetch(`${sandbox.ehrUrl}?${new URLSearchParams({ patient: ana, profile }).toString()}`);
    expect(await page.text()).toContain(`Behaving like: <strong>${expected.label}</strong>`);
  });
});

describe('choosing a profile by name', () => {
  it('defaults to the SMART launcher and refuses unknown names, listing the valid ones', () => {
    expect(parseVendorProfileName(undefined)).toBe('smart-launcher');
    expect(parseVendorProfileName('oracle-health')).toBe('oracle-health');
    expect(() => parseVendorProfileName('cerner')).toThrow(/smart-launcher, hapi-open, epic, oracle-health, meditech, athenahealth/);
  });
});
