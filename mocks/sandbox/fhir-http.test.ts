import type { OperationOutcome } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './sandbox';
import { ehrLaunchToken, serveSandbox, type ServedSandbox } from './test-sandbox';

let served: ServedSandbox;
let sandbox: Sandbox;
let anaToken: string;

const ana = 'ana-ruiz';
const david = 'david-chen';

beforeAll(async () => {
  served = await serveSandbox();
  ({ sandbox } = served);
  const scope = 'openid fhirUser launch patient/Patient.read patient/Encounter.read user/Practitioner.read';
  anaToken = (await ehrLaunchToken(sandbox, { patient: ana, fhirUser: 'Practitioner/prac-ed-physician' }, scope)).access_token;
});

afterAll(async () => {
  await served.close();
});

async function fhir(path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const response = await sandbox.handleFhir(new Request(`${sandbox.fhirBaseUrl}/${path}`, { ...init, headers }));
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers };
}

function diagnostics(body: unknown): string {
  return (body as OperationOutcome).issue.map((issue) => issue.diagnostics ?? '').join(' ');
}

describe('the sandbox FHIR endpoint enforces the access token like a real EHR', () => {
  it('serves the CapabilityStatement and SMART configuration without a token', async () => {
    expect((await fhir('metadata')).body).toMatchObject({ resourceType: 'CapabilityStatement' });
    expect((await fhir('.well-known/smart-configuration')).body).toMatchObject({
      authorization_endpoint: `${sandbox.issuer}/authorize`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('answers 401 with an OperationOutcome when the token is missing or forged', async () => {
    const missing = await fhir(`Patient/${ana}`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(missing.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
    const [header = '', payload = ''] = anaToken.split('.');
    const forged = await fhir(`Patient/${ana}`, { token: `${header}.${payload}.c2lnbmF0dXJl` });
    expect(forged.status).toBe(401);
  });

  it('lets the token read its own patient and search that patient’s encounters', async () => {
    expect((await fhir(`Patient/${ana}`, { token: anaToken })).body).toMatchObject({ resourceType: 'Patient', id: ana });
    const search = await fhir(`Encounter?patient=${ana}&status=in-progress`, { token: anaToken });
    expect(search.status).toBe(200);
    expect(search.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
  });

  it('refuses another patient’s record, by id and by search, with 403', async () => {
    const read = await fhir(`Patient/${david}`, { token: anaToken });
    expect(read.status).toBe(403);
    expect(diagnostics(read.body)).toContain(`Patient/${ana}`);
    expect((await fhir(`Encounter?patient=${david}`, { token: anaToken })).status).toBe(403);
    expect((await fhir('Encounter?status=in-progress', { token: anaToken })).status).toBe(403);
  });

  it('refuses resource types and interactions outside the granted scopes with 403', async () => {
    const conditions = await fhir(`Condition?patient=${ana}`, { token: anaToken });
    expect(conditions.status).toBe(403);
    expect(diagnostics(conditions.body)).toContain('search on Condition');
    const create = await fhir('Flag', {
      token: anaToken,
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Flag', status: 'active', code: { text: 'x' }, subject: { reference: `Patient/${ana}` } }),
    });
    expect(create.status).toBe(403);
    expect(diagnostics(create.body)).toContain('create on Flag');
  });

  it('checks every entry of a transaction against the scopes', async () => {
    const transaction = await fhir('', {
      token: anaToken,
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ resource: { resourceType: 'Flag', status: 'active', code: { text: 'x' }, subject: { reference: `Patient/${ana}` } }, request: { method: 'POST', url: 'Flag' } }],
      }),
    });
    expect(transaction.status).toBe(403);
  });

  it('lets user-level scopes read outside the patient compartment', async () => {
    const practitioner = await fhir('Practitioner/prac-ed-physician', { token: anaToken });
    expect(practitioner.status).toBe(200);
  });
});
