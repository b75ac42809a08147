import type { Bundle, OperationOutcome, ServiceRequest, Task } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox';
import { ehrLaunchToken, serveSandbox, type ServedSandbox } from '../test-sandbox';
import { createDirectLightKeys, directLightClientId, directLightOrganizationReference, type DirectLightKeys } from './direct-light';
import { clientCredentialsForm, createPartnerClient, type PartnerClient } from './partner-client';

const ana = 'ana-ruiz';
const otherOrganization = 'Organization/org-safe-harbor-shelter';
const securityLabels = [
  { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' },
  { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HTEST' },
];

function referral(id: string): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    meta: { security: securityLabels },
    status: 'active',
    intent: 'order',
    code: { coding: [{ system: 'http://snomed.info/sct', code: '306238000', display: 'Referral to social services' }] },
    orderDetail: [{ coding: [{ system: 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes', code: 'contacting-subject-prohibited' }] }],
    subject: { reference: `Patient/${ana}` },
    performer: [{ reference: 'HealthcareService/hs-direct-light', display: 'Anti-trafficking victim services' }],
  };
}

function referralTask(id: string, focus: string, owner: string): Task {
  return {
    resourceType: 'Task',
    id,
    meta: { security: securityLabels },
    identifier: [{ system: 'https://lantern.example.org/submission', value: `${id}-task` }],
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: { reference: `ServiceRequest/${focus}` },
    for: { reference: `Patient/${ana}` },
    authoredOn: '2026-12-01T10:00:00Z',
    requester: { reference: 'Practitioner/prac-ed-physician' },
    owner: { reference: owner },
  };
}

let served: ServedSandbox;
let sandbox: Sandbox;
let keys: DirectLightKeys;
let partner: PartnerClient;
let partnerToken: string;

/** As the EHR itself stores it (the engine, no token): what Lantern's write would leave on the server. */
async function store(resource: ServiceRequest | Task): Promise<void> {
  const response = await sandbox.engine.handle({
    method: 'PUT',
    path: `${resource.resourceType}/${resource.id ?? ''}`,
    search: new URLSearchParams(),
    headers: { 'content-type': 'application/fhir+json' },
    body: JSON.stringify(resource),
    baseUrl: sandbox.fhirBaseUrl,
  });
  expect(response.status).toBeLessThan(300);
}

/** The version the EHR holds now, as the partner page would have shown it. */
async function versionOf(taskId: string): Promise<string> {
  const response = await sandbox.engine.handle({ method: 'GET', path: `Task/${taskId}`, search: new URLSearchParams(), headers: {}, baseUrl: sandbox.fhirBaseUrl });
  return response.body?.meta?.versionId ?? '';
}

async function tokenRequest(form: URLSearchParams): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function directLightForm(scope: string, signingKeys = keys): Promise<URLSearchParams> {
  return clientCredentialsForm({ clientId: directLightClientId, keys: signingKeys, tokenEndpoint: `${sandbox.issuer}/token`, scope, resource: sandbox.fhirBaseUrl });
}

async function asPartner(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${partnerToken}`);
  const response = await fetch(`${sandbox.fhirBaseUrl}/${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

function put(task: Task, version: string): RequestInit {
  return { method: 'PUT', headers: { 'content-type': 'application/fhir+json', 'if-match': `W/"${version}"` }, body: JSON.stringify(task) };
}

beforeAll(async () => {
  keys = await createDirectLightKeys();
  served = await serveSandbox({ directLightKeys: keys });
  ({ sandbox } = served);
  await store(referral('sr-ours'));
  await store(referral('sr-theirs'));
  await store(referralTask('task-ours', 'sr-ours', directLightOrganizationReference));
  await store(referralTask('task-theirs', 'sr-theirs', otherOrganization));
  partner = createPartnerClient({ fhirBaseUrl: sandbox.fhirBaseUrl, clientId: directLightClientId, organization: directLightOrganizationReference, keys });
  const granted = await tokenRequest(await directLightForm('system/Task.rs system/Task.u system/ServiceRequest.r'));
  partnerToken = String(granted.body['access_token']);
});

afterAll(async () => {
  await served.close();
});

describe('Direct Light’s SMART Backend Services client', () => {
  it('finds private_key_jwt and client_credentials advertised in smart-configuration', async () => {
    const configuration = (await asPartner('.well-known/smart-configuration')).body;
    expect(configuration).toMatchObject({
      token_endpoint_auth_methods_supported: expect.arrayContaining(['private_key_jwt']) as unknown,
      grant_types_supported: expect.arrayContaining(['client_credentials']) as unknown,
      token_endpoint_auth_signing_alg_values_supported: expect.arrayContaining(['ES384']) as unknown,
      capabilities: expect.arrayContaining(['client-confidential-asymmetric']) as unknown,
    });
  });

  it('is granted no more than it registered, and no patient context', async () => {
    const granted = await tokenRequest(await directLightForm('system/Task.rs system/Task.u system/ServiceRequest.r system/Patient.rs system/Task.cruds'));
    expect(granted.status).toBe(200);
    expect(String(granted.body['scope']).split(' ').sort()).toEqual(['system/ServiceRequest.r', 'system/Task.rs', 'system/Task.u']);
    expect(granted.body).not.toHaveProperty('patient');
  });

  it('is refused a token when the assertion is signed with a key it did not register', async () => {
    const refused = await tokenRequest(await directLightForm('system/Task.rs', await createDirectLightKeys()));
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: 'invalid_client' });
  });
});

describe('what a Direct Light token reaches on the EHR’s FHIR base', () => {
  it('finds only the Tasks Direct Light owns, whether or not the search names the owner', async () => {
    const ids = (bundle: unknown): string[] => ((bundle as Bundle<Task>).entry ?? []).map((entry) => entry.resource?.id ?? '');
    expect(ids((await asPartner('Task')).body)).toEqual(['task-ours']);
    expect(ids((await asPartner('Task?status=requested')).body)).toEqual(['task-ours']);
    expect(ids((await asPartner(`Task?owner=${directLightOrganizationReference}`)).body)).toEqual(['task-ours']);
  });

  it('is refused a search for another organisation’s Tasks, or one that could reach past them', async () => {
    for (const path of [`Task?owner=${otherOrganization}`, 'Task?_include=Task:patient', 'Task?_revinclude=Provenance:target', 'Task?focus.subject.name=Ruiz', 'Task/_search']) {
      const init: RequestInit = path.endsWith('_search') ? { method: 'POST' } : {};
      const answer = await asPartner(path, init);
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      expect(answer.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
    }
  });

  it('cannot read another organisation’s Task or its referral: 404, as if they did not exist', async () => {
    expect((await asPartner('Task/task-theirs')).status).toBe(404);
    expect((await asPartner('ServiceRequest/sr-theirs')).status).toBe(404);
    expect((await asPartner('Task/task-theirs/_history')).status).toBe(403);
  });

  it('reads its own Task and the referral that Task focuses, but nothing about the patient', async () => {
    expect((await asPartner('Task/task-ours')).body).toMatchObject({ id: 'task-ours', owner: { reference: directLightOrganizationReference } });
    expect((await asPartner('ServiceRequest/sr-ours')).body).toMatchObject({ id: 'sr-ours' });
    expect((await asPartner(`Patient/${ana}`)).status).toBe(403);
    expect((await asPartner('ServiceRequest?subject=Patient/ana-ruiz')).status).toBe(403);
  });

  it('refuses an update that changes what the referrer owns (owner, for, focus, requester, intent, labels)', async () => {
    const current = (await asPartner('Task/task-ours')).body as Task;
    const version = current.meta?.versionId ?? '';
    const changes: Partial<Task>[] = [
      { owner: { reference: otherOrganization } },
      { for: { reference: 'Patient/someone-else' } },
      { focus: { reference: 'ServiceRequest/sr-theirs' } },
      { requester: { reference: 'Practitioner/someone-else' } },
      { intent: 'plan' },
      { meta: { ...current.meta, security: [] } },
    ];
    for (const change of changes) {
      const refused = await asPartner('Task/task-ours', put({ ...current, ...change }, version));
      expect(refused.status).toBe(403);
      expect((refused.body as OperationOutcome).issue[0]?.diagnostics).toMatch(/status, reason and dates, not its/);
    }
    expect(((await asPartner('Task/task-ours')).body as Task).meta?.versionId).toBe(version);
  });

  it('refuses to update another organisation’s Task, even with its own name on it', async () => {
    const theirs = referralTask('task-theirs', 'sr-theirs', directLightOrganizationReference);
    expect((await asPartner('Task/task-theirs', put({ ...theirs, status: 'accepted' }, '1'))).status).toBe(404);
  });

  it('answers 412 to an update made against an older version', async () => {
    const current = (await asPartner('Task/task-ours')).body as Task;
    const version = current.meta?.versionId ?? '';
    const accepted = await asPartner('Task/task-ours', put({ ...current, status: 'accepted' }, version));
    expect(accepted.status).toBe(200);
    const stale = await asPartner('Task/task-ours', put({ ...current, status: 'rejected', statusReason: { text: 'No capacity' } }, version));
    expect(stale.status).toBe(412);
    expect(((await asPartner('Task/task-ours')).body as Task).status).toBe('accepted');
  });
});

describe('the partner client', () => {
  it('lists its referrals with their neutral ServiceRequest, and none of another organisation', async () => {
    await store(referralTask('task-listed', 'sr-ours', directLightOrganizationReference));
    const listed = await partner.referrals();
    if (!listed.ok) throw new Error(listed.failure.sentence);
    expect(listed.value.map(({ task }) => task.id)).toContain('task-listed');
    expect(listed.value.map(({ task }) => task.id)).not.toContain('task-theirs');
    const item = listed.value.find(({ task }) => task.id === 'task-listed');
    expect(item?.serviceRequest).toMatchObject({ ok: true, value: { id: 'sr-ours' } });
  });

  it('accepts, then says in a sentence that a second answer from the same old page conflicts', async () => {
    await store(referralTask('task-answered', 'sr-ours', directLightOrganizationReference));
    const shown = await versionOf('task-answered');
    const accepted = await partner.act('task-answered', shown, 'accept', '');
    expect(accepted).toMatchObject({ ok: true, value: { status: 'accepted' } });
    const stale = await partner.act('task-answered', shown, 'reject', 'No capacity this week');
    expect(stale).toMatchObject({ ok: false, failure: { kind: 'conflict', sentence: expect.stringMatching(/changed this referral/) as unknown } });
  });

  it('asks for a reason before rejecting, and stores it as statusReason.text', async () => {
    await store(referralTask('task-rejected', 'sr-ours', directLightOrganizationReference));
    const shown = await versionOf('task-rejected');
    expect(await partner.act('task-rejected', shown, 'reject', '  ')).toMatchObject({ ok: false, failure: { kind: 'refused' } });
    const rejected = await partner.act('task-rejected', shown, 'reject', 'Outside our service area');
    expect(rejected).toMatchObject({ ok: true, value: { status: 'rejected', statusReason: { text: 'Outside our service area' } } });
  });

  it('says it is not shared with Direct Light when asked to change another organisation’s Task', async () => {
    expect(await partner.act('task-theirs', '1', 'accept', '')).toMatchObject({ ok: false, failure: { kind: 'not-found' } });
  });
});

describe('Lantern’s own launch and Task', () => {
  it('may create a referral Task owned by Direct Light with patient/Task.c, on the SMART launcher profile', async () => {
    const token = await ehrLaunchToken(sandbox, { patient: ana, fhirUser: 'Practitioner/prac-ed-physician' }, 'launch patient/Task.c patient/Task.rs');
    expect(token.scope?.split(' ')).toEqual(expect.arrayContaining(['patient/Task.c', 'patient/Task.rs']));
    const task = referralTask('unused', 'sr-ours', directLightOrganizationReference);
    delete task.id;
    const response = await fetch(`${sandbox.fhirBaseUrl}/Task`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify(task),
    });
    expect(response.status).toBe(201);
  });
});

describe('the partner page over HTTP', () => {
  it('lists Direct Light’s referrals and accepts one posted from its form', async () => {
    await store(referralTask('task-from-page', 'sr-ours', directLightOrganizationReference));
    const page = await fetch(`${sandbox.origin}/sandbox/partner`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Task/task-from-page');
    expect(html).not.toContain('Task/task-theirs');
    const form = new URLSearchParams({ task: 'task-from-page', version: await versionOf('task-from-page'), action: 'accept' });
    const answered = await fetch(`${sandbox.origin}/sandbox/partner`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(await answered.text()).toContain('Task/task-from-page is now accepted.');
    const stale = await fetch(`${sandbox.origin}/sandbox/partner`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(await stale.text()).toContain('role="alert">Someone changed this referral after this page was loaded');
  });
});

describe('the sandbox EHR page', () => {
  it('links to Direct Light’s page and the ED social work inbox', async () => {
    const html = await (await fetch(sandbox.ehrUrl)).text();
    expect(html).toContain('<a href="/sandbox/partner">');
    expect(html).toContain('<a href="/sandbox/care-team">');
  });
});
