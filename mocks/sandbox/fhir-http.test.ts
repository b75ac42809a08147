import type { Bundle, Coding, Flag, OperationOutcome, ServiceRequest } from 'fhir/r4';
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

async function fhir(
  path: string,
  init: RequestInit & { token?: string; base?: string } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const response = await sandbox.handleFhir(new Request(`${init.base ?? sandbox.fhirBaseUrl}/${path}`, { ...init, headers }));
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

describe('a launch whose EHR drops security labels on write, as Oracle Health does', () => {
  const labels: Coding[] = [
    { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' },
    { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'NOPAT' },
    { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'SDV' },
  ];
  const scope = 'openid fhirUser launch patient/Flag.read patient/Flag.write patient/ServiceRequest.read patient/ServiceRequest.write';
  const context = { patient: ana, fhirUser: 'Practitioner/prac-ed-physician' };
  let droppingToken: string;
  let keepingToken: string;

  beforeAll(async () => {
    droppingToken = (await ehrLaunchToken(sandbox, { ...context, dropsSecurityLabels: true }, scope)).access_token;
    keepingToken = (await ehrLaunchToken(sandbox, context, scope)).access_token;
  });

  const labelledFlag = (): Flag => ({
    resourceType: 'Flag',
    meta: { security: labels, tag: [{ system: 'https://lantern.example/tag', code: 'kept' }] },
    status: 'active',
    code: { text: 'Safety concern — restricted; see care team' },
    subject: { reference: `Patient/${ana}` },
  });

  async function create(token: string, resource: Flag | ServiceRequest, base = sandbox.fhirBaseUrl): Promise<{ status: number; stored: unknown }> {
    const created = await fhir(resource.resourceType, {
      token,
      base,
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(resource),
    });
    const { id } = created.body as { id?: string };
    return { status: created.status, stored: (await fhir(`${resource.resourceType}/${id ?? ''}`, { token, base })).body };
  }

  it('stores a created resource without its labels, says nothing of it, and keeps the rest of meta', async () => {
    const { status, stored } = await create(droppingToken, labelledFlag());
    expect(status).toBe(201);
    expect(stored).toMatchObject({ resourceType: 'Flag', status: 'active', meta: { tag: [{ code: 'kept' }] } });
    expect((stored as Flag).meta?.security).toBeUndefined();
  });

  it('keeps the labels for a launch without the option', async () => {
    const { status, stored } = await create(keepingToken, labelledFlag());
    expect(status).toBe(201);
    expect((stored as Flag).meta?.security?.map(({ system, code }) => ({ system, code }))).toEqual(labels);
  });

  it('drops them on update too, from a resource that had them', async () => {
    const { stored } = await create(keepingToken, labelledFlag());
    const updated = await fhir(`Flag/${(stored as Flag).id ?? ''}`, {
      token: droppingToken,
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(stored),
    });
    expect(updated.status).toBe(200);
    expect((updated.body as Flag).meta?.security).toBeUndefined();
  });

  it('drops them from every entry of a transaction', async () => {
    const transaction = await fhir('', {
      token: droppingToken,
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { fullUrl: 'urn:uuid:6f1c6d0e-8d55-4a55-9c59-5b6a4c3b2a10', resource: labelledFlag(), request: { method: 'POST', url: 'Flag' } },
          { resource: labelledFlag(), request: { method: 'POST', url: 'Flag' } },
        ],
      }),
    });
    expect(transaction.status).toBe(200);
    const locations = (transaction.body as Bundle).entry?.map((entry) => entry.response?.location ?? '') ?? [];
    expect(locations).toHaveLength(2);
    for (const location of locations) {
      const stored = await fhir(location.replace(/\/_history\/.*$/, ''), { token: droppingToken });
      expect(stored.status).toBe(200);
      expect((stored.body as Flag).meta?.security).toBeUndefined();
    }
  });

  it('travels in opaque tokens too (an Epic-style base)', async () => {
    const epic = sandbox.fhirBaseUrls.epic;
    const token = (await ehrLaunchToken(sandbox, { ...context, dropsSecurityLabels: true }, scope, epic)).access_token;
    const referral: ServiceRequest = {
      resourceType: 'ServiceRequest',
      meta: { security: labels },
      status: 'active',
      intent: 'order',
      subject: { reference: `Patient/${ana}` },
    };
    const { status, stored } = await create(token, referral, epic);
    expect(status).toBe(201);
    expect((stored as ServiceRequest).meta?.security).toBeUndefined();
  });
});
