import type { Communication } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox';
import { serveSandbox, type ServedSandbox } from '../test-sandbox';
import { careTeamPagePath, edSocialWorkServiceReference, markReceived, renderCareTeamInbox, waitingPages, type CareTeamInboxOptions } from './care-team-inbox';

const now = new Date('2026-12-06T09:30:00Z');

function urgentPage(id: string, recipient = edSocialWorkServiceReference): Communication {
  return {
    resourceType: 'Communication',
    id,
    meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] },
    identifier: [{ system: 'https://lantern.example.org/submission', value: `${id}-page` }],
    status: 'in-progress',
    priority: 'urgent',
    subject: { reference: 'Patient/ana-ruiz' },
    recipient: [{ reference: recipient }],
    sent: '2026-12-06T09:00:00Z',
    payload: [{ contentString: 'Please come to bay <4> for a warm handoff.' }],
  };
}

let served: ServedSandbox;
let sandbox: Sandbox;
let inbox: CareTeamInboxOptions;

async function store(communication: Communication): Promise<void> {
  const response = await sandbox.engine.handle({
    method: 'PUT',
    path: `Communication/${communication.id ?? ''}`,
    search: new URLSearchParams(),
    headers: {},
    body: JSON.stringify(communication),
    baseUrl: sandbox.fhirBaseUrl,
  });
  expect(response.status).toBeLessThan(300);
}

async function stored(id: string): Promise<Communication> {
  const response = await sandbox.engine.handle({ method: 'GET', path: `Communication/${id}`, search: new URLSearchParams(), headers: {}, baseUrl: sandbox.fhirBaseUrl });
  return response.body as Communication;
}

beforeAll(async () => {
  served = await serveSandbox();
  ({ sandbox } = served);
  inbox = { engine: sandbox.engine, fhirBaseUrl: sandbox.fhirBaseUrl, ehrPath: '/sandbox/ehr', now: () => now };
  await store(urgentPage('page-waiting'));
  await store(urgentPage('page-elsewhere', 'HealthcareService/hs-legal-aid'));
});

afterAll(async () => {
  await served.close();
});

describe('the ED social work inbox', () => {
  it('lists in-progress pages to ED social work only, with the patient’s name, escaped', async () => {
    const items = await waitingPages(inbox);
    expect(items.map(({ communication }) => communication.id)).toEqual(['page-waiting']);
    const html = renderCareTeamInbox({ ehrPath: '/sandbox/ehr', items });
    expect(html).toContain('Ana');
    expect(html).toContain('Please come to bay &#60;4&#62; for a warm handoff.');
    expect(html).toContain('<button type="submit">Mark received</button>');
  });

  it('marks a page received (now) and completed, then answers a second click from the old page with a conflict', async () => {
    await store(urgentPage('page-answered'));
    const shown = (await stored('page-answered')).meta?.versionId ?? '';
    expect(await markReceived(inbox, 'page-answered', shown)).toEqual({ kind: 'done', sentence: 'Communication/page-answered marked received.' });
    expect(await stored('page-answered')).toMatchObject({ status: 'completed', received: '2026-12-06T09:30:00.000Z', priority: 'urgent' });
    expect(await markReceived(inbox, 'page-answered', shown)).toMatchObject({ kind: 'failed', sentence: 'This page was already completed; nothing was changed.' });
  });

  it('refuses to overwrite a page changed since the inbox showed it (If-Match)', async () => {
    await store(urgentPage('page-changed'));
    const shown = (await stored('page-changed')).meta?.versionId ?? '';
    await store({ ...urgentPage('page-changed'), payload: [{ contentString: 'Now in bay 6.' }] });
    expect(await markReceived(inbox, 'page-changed', shown)).toMatchObject({ kind: 'failed', sentence: expect.stringMatching(/Someone changed this page/) as unknown });
    expect((await stored('page-changed')).status).toBe('in-progress');
  });

  it('is served by the sandbox with a policy that allows no script', async () => {
    const response = await fetch(`${sandbox.origin}${careTeamPagePath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain('ED social work: pages waiting');
  });
});
