import { randomUUID } from 'node:crypto';
import type { Communication } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSandbox, ehrLaunchToken, type ServedSandbox } from '../mocks/sandbox/test-sandbox';
import { defaultSystemBase } from '../src/config/runtime-config';
import { submissionIdentifier } from '../src/features/referral/submission-identifiers';
import {
  clientJwt,
  ehrIssuer,
  hookBody,
  hookPath,
  launchUrl,
  serveJwks,
  signingKey,
  startService,
  syntheticEhr,
  type RunningService,
  type SigningKey,
  type SyntheticEhr,
} from './test-harness';

/** Contract tests against the CDS Hooks 2.0 text, over real HTTP, with the sandbox's synthetic charts as prefetch. */

let ehr: SyntheticEhr;
let key: SigningKey;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
let running: RunningService;

beforeAll(async () => {
  ehr = await syntheticEhr();
  key = await signingKey();
  jwks = await serveJwks([key]);
  running = await startService({ trustedIssuers: [{ iss: ehrIssuer, jwksUrl: jwks.url }] });
});

afterAll(async () => {
  await running.close();
  await jwks.close();
});

async function call(path: string, init: { body?: unknown; token?: string | null; method?: string } = {}): Promise<Response> {
  const token = init.token === undefined ? await clientJwt({ key, audience: `${running.baseUrl}${path}` }) : init.token;
  return fetch(`${running.baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

async function hook(body: unknown, token?: string | null): Promise<{ status: number; json: unknown; text: string }> {
  const response = await call(hookPath, { body, ...(token === undefined ? {} : { token }) });
  const text = await response.text();
  return { status: response.status, text, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('discovery', () => {
  it('describes one patient-view service in neutral words, with bounded prefetch templates and no date arithmetic', async () => {
    const response = await call('/cds-services');
    expect(response.status).toBe(200);
    const { services } = (await response.json()) as { services: Record<string, unknown>[] };
    expect(services).toHaveLength(1);
    const service = services[0] ?? {};
    expect(service).toMatchObject({ hook: 'patient-view', id: 'lantern-safety-check-in', title: 'Safety check-in' });
    expect(typeof service.description).toBe('string');
    expect(`${String(service.title)} ${String(service.description)}`).not.toMatch(/traffick|exploit|abuse|victim/i);
    const prefetch = service.prefetch as Record<string, string>;
    expect(Object.keys(prefetch).sort()).toEqual(
      ['conditions', 'coverage', 'lanternNotes', 'lanternScreens', 'observations', 'patient', 'procedures', 'recentEncounters', 'referrals', 'safetyFlags'].sort(),
    );
    for (const template of Object.values(prefetch)) {
      expect([...template.matchAll(/\{\{([^}]*)\}\}/g)].map((match) => match[1])).toEqual(['context.patientId']);
      expect(template).not.toMatch(/today\(\)|date=/);
      if (template.includes('?')) expect(template).toMatch(/_count=\d+/);
    }
  });
});

describe('patient-view', () => {
  it('gives the indicator adult one neutral info card whose SMART link is Lantern’s launch page, and nothing else', async () => {
    const { context, prefetch } = await ehr.prefetchFor('indicator-adult');
    const { status, json } = await hook(hookBody(context, prefetch));
    expect(status).toBe(200);
    const { cards } = json as { cards: Record<string, unknown>[] };
    expect(cards).toHaveLength(1);
    const card = cards[0] ?? {};
    expect(Object.keys(card).sort()).toEqual(['indicator', 'links', 'source', 'summary', 'uuid']);
    expect(card).toMatchObject({
      summary: 'Safety check-in available',
      indicator: 'info',
      source: { label: 'Lantern' },
      links: [{ label: 'Open safety check-in', url: launchUrl, type: 'smart' }],
    });
    expect((card.links as unknown[]).length).toBe(1);
    expect(json).not.toHaveProperty('systemActions');
  });

  it('gives no card for the patient without indicators', async () => {
    const { context, prefetch } = await ehr.prefetchFor('no-indicators');
    expect(await hook(hookBody(context, prefetch))).toMatchObject({ status: 200, json: { cards: [] } });
  });

  it('never raises a card for socioeconomic signals alone (no coverage, temporary address)', async () => {
    const { context, prefetch } = await ehr.prefetchFor('no-indicators');
    const patient = { ...(prefetch.patient as Record<string, unknown>), address: [{ use: 'temp', line: ['Motel 6, room 12'], city: 'Sampleton' }] };
    const noCoverage = { resourceType: 'Bundle', type: 'searchset', entry: [] };
    expect(await hook(hookBody(context, { ...prefetch, patient, coverage: noCoverage }))).toMatchObject({ status: 200, json: { cards: [] } });
  });

  it.each(['Patient', 'RelatedPerson'])('gives no card when the user is a %s (a portal user or a proxy)', async (userType) => {
    const { context, prefetch } = await ehr.prefetchFor('indicator-adult');
    const { status, json } = await hook(hookBody({ ...context, userId: `${userType}/${context.patientId}` }, prefetch));
    expect({ status, json }).toEqual({ status: 200, json: { cards: [] } });
  });

  it('gives no second card once Lantern’s own record of this visit is in the chart', async () => {
    const { context, prefetch } = await ehr.prefetchFor('indicator-adult');
    const lanternFlag = {
      resourceType: 'Flag',
      id: 'lantern-flag',
      status: 'active',
      identifier: [submissionIdentifier(defaultSystemBase, randomUUID(), 'flag')],
      code: { text: 'Safety concern — restricted; see care team' },
      subject: { reference: `Patient/${context.patientId}` },
      encounter: { reference: `Encounter/${String(context.encounterId)}` },
    };
    const flags = prefetch.safetyFlags as { entry?: unknown[] };
    const safetyFlags = { ...flags, entry: [...(flags.entry ?? []), { resource: lanternFlag }] };
    expect(await hook(hookBody(context, { ...prefetch, safetyFlags }))).toMatchObject({ status: 200, json: { cards: [] } });
    // Lantern's record of an earlier visit is no reason for silence.
    const earlier = { ...lanternFlag, encounter: { reference: 'Encounter/an-earlier-visit' } };
    const withEarlier = { ...flags, entry: [...(flags.entry ?? []), { resource: earlier }] };
    const { json } = await hook(hookBody(context, { ...prefetch, safetyFlags: withEarlier }));
    expect((json as { cards: unknown[] }).cards).toHaveLength(1);
  });

  it('knows Lantern’s record by its check-in note too, and only under the configured systemBase', async () => {
    const { context, prefetch } = await ehr.prefetchFor('indicator-adult');
    const hospitalBase = 'https://fhir.hospital.example/lantern';
    // "Could not talk privately" writes nothing but this restricted note.
    const note = (systemBase: string) => ({
      resourceType: 'Communication',
      id: 'lantern-note',
      status: 'completed',
      identifier: [submissionIdentifier(systemBase, randomUUID(), 'check-in-note')],
      subject: { reference: `Patient/${context.patientId}` },
      encounter: { reference: `Encounter/${String(context.encounterId)}` },
    });
    const notes = (systemBase: string) => ({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: note(systemBase) }] });
    expect(await hook(hookBody(context, { ...prefetch, lanternNotes: notes(defaultSystemBase) }))).toMatchObject({ status: 200, json: { cards: [] } });

    const hospital = await startService({ trustedIssuers: [{ iss: ehrIssuer, jwksUrl: jwks.url }], systemBase: hospitalBase });
    try {
      const callHospital = async (lanternNotes: unknown) => {
        const token = await clientJwt({ key, audience: `${hospital.baseUrl}${hookPath}` });
        const response = await fetch(`${hospital.baseUrl}${hookPath}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(hookBody(context, { ...prefetch, lanternNotes })),
        });
        return ((await response.json()) as { cards: unknown[] }).cards;
      };
      expect(await callHospital(notes(hospitalBase))).toEqual([]);
      // The same identifier under another base is not this organisation's Lantern record.
      expect(await callHospital(notes(defaultSystemBase))).toHaveLength(1);
    } finally {
      await hospital.close();
    }
  });

  it('still decides when the EHR holds no check-in answers or notes to prefetch (they are Lantern’s, not the chart)', async () => {
    const { context, prefetch } = await ehr.prefetchFor('indicator-adult');
    const chartOnly = Object.fromEntries(Object.entries(prefetch).filter(([name]) => name !== 'lanternScreens' && name !== 'lanternNotes'));
    const { status, json } = await hook(hookBody(context, chartOnly));
    expect(status).toBe(200);
    expect((json as { cards: unknown[] }).cards).toHaveLength(1);
  });

  it('answers 412 when nothing was prefetched and no FHIR access was given, and when a part is missing', async () => {
    const { context, prefetch } = await ehr.prefetchFor('indicator-adult');
    const none = await hook(hookBody(context));
    expect(none.status).toBe(412);
    expect(none.json).toMatchObject({ resourceType: 'OperationOutcome' });
    const withoutConditions = Object.fromEntries(Object.entries(prefetch).filter(([name]) => name !== 'conditions'));
    expect((await hook(hookBody(context, withoutConditions))).status).toBe(412);
  });

  it('answers 400, not a card, to a body that is no patient-view call', async () => {
    const { context } = await ehr.prefetchFor('indicator-adult');
    expect((await hook({ ...hookBody(context), hook: 'order-sign' })).status).toBe(400);
    expect((await hook(hookBody({ ...context, patientId: '../../Patient' }))).status).toBe(400);
    const raw = await fetch(`${running.baseUrl}${hookPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await clientJwt({ key, audience: `${running.baseUrl}${hookPath}` })}`, 'content-type': 'application/json' },
      body: '{"hook": "patient-view", ',
    });
    expect(raw.status).toBe(400);
  });
});

describe('hostile prefetch', () => {
  const marker = 'HOSTILE-MARKER-';
  const huge = `${marker}${'x'.repeat(1_000_000)}`;

  it.each([
    ['resources of the wrong shape', { conditions: { resourceType: 'Bundle', entry: [null, 42, 'x', { resource: { resourceType: 'Condition', code: 'A56.09', onsetDateTime: 7 } }] } }],
    ['a huge string where a code belongs', { conditions: { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Condition', id: 'c', code: { coding: [{ system: huge, code: huge, display: huge }] } } }] } }],
    ['lists where objects belong', { patient: [], coverage: 'none', safetyFlags: { resourceType: 'Bundle', entry: { resource: [] } } }],
    ['a Patient about someone else', { patient: { resourceType: 'Patient', id: 'somebody-else', name: [{ family: marker }] } }],
    ['prototype keys', JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as Record<string, unknown>],
  ])('with %s it neither crashes nor echoes the input', async (_name, hostile) => {
    const { context, prefetch } = await ehr.prefetchFor('indicator-adult');
    const { status, json, text } = await hook(hookBody(context, { ...prefetch, ...hostile }));
    expect([200, 412]).toContain(status);
    if (status === 200) expect((json as { cards: unknown[] }).cards.length).toBeLessThanOrEqual(1);
    expect(text).not.toContain(marker);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(running.logs.join('\n')).not.toContain(marker);
  });

  it('refuses a body beyond 8 MiB with 413, before reading it', async () => {
    const { context } = await ehr.prefetchFor('indicator-adult');
    const { status, text } = await hook(hookBody(context, { patient: { resourceType: 'Patient', id: context.patientId, text: `${marker}${'y'.repeat(9 * 1024 * 1024)}` } }));
    expect(status).toBe(413);
    expect(text).not.toContain(marker);
  });

  it('answers 412 to a prefetch that is not an object at all', async () => {
    const { context } = await ehr.prefetchFor('indicator-adult');
    expect((await hook({ ...hookBody(context), prefetch: 'everything' })).status).toBe(412);
  });
});

describe('authentication (CDS Hooks “Trusting CDS Clients”)', () => {
  const audience = (): string => `${running.baseUrl}${hookPath}`;

  async function expectRefused(token: string | null): Promise<void> {
    const { context, prefetch } = await ehr.prefetchFor('indicator-adult');
    const { status, text } = await hook(hookBody(context, prefetch), token);
    expect(status).toBe(401);
    expect(text).toBe('');
  }

  it('refuses a call without a token', async () => {
    await expectRefused(null);
  });

  it('refuses alg none', async () => {
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ iss: ehrIssuer, aud: audience(), iat: now, exp: now + 60, jti: randomUUID() })}.`;
    await expectRefused(unsigned);
  });

  it('refuses HS256, even with the public key as the secret', async () => {
    const { SignJWT } = await import('jose');
    const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
    const token = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
      .setIssuer(ehrIssuer)
      .setAudience(audience())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    await expectRefused(token);
  });

  it('refuses an unknown issuer, and a trusted issuer signing with a key not in its JWK Set', async () => {
    await expectRefused(await clientJwt({ key, audience: audience(), claims: { iss: 'https://elsewhere.test' } }));
    await expectRefused(await clientJwt({ key: await signingKey(key.kid), audience: audience() }));
  });

  it('refuses a jku that is not allowlisted for the issuer', async () => {
    await expectRefused(await clientJwt({ key, audience: audience(), header: { jku: 'https://attacker.test/jwks.json' } }));
  });

  it('refuses a wrong audience: another endpoint, the base URL, a list naming more than this endpoint', async () => {
    await expectRefused(await clientJwt({ key, audience: `${running.baseUrl}/cds-services` }));
    await expectRefused(await clientJwt({ key, audience: running.baseUrl }));
    await expectRefused(await clientJwt({ key, audience: `https://other.test${hookPath}` }));
  });

  it('refuses an expired token, and one issued in the future or too long ago', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await clientJwt({ key, audience: audience(), claims: { iat: now - 120, exp: now - 60 } }));
    await expectRefused(await clientJwt({ key, audience: audience(), claims: { iat: now + 600, exp: now + 900 } }));
    await expectRefused(await clientJwt({ key, audience: audience(), claims: { iat: now - 3_600, exp: now + 60 } }));
  });

  it('refuses a replayed jti', async () => {
    const token = await clientJwt({ key, audience: audience() });
    const { context, prefetch } = await ehr.prefetchFor('no-indicators');
    expect((await hook(hookBody(context, prefetch), token)).status).toBe(200);
    await expectRefused(token);
  });

  it('refuses a token without a jti', async () => {
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: key.kid })
      .setIssuer(ehrIssuer)
      .setAudience(audience())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key.privateKey);
    await expectRefused(token);
  });

  it('guards discovery and feedback too, each with its own audience', async () => {
    expect((await call('/cds-services', { token: null })).status).toBe(401);
    expect((await call('/cds-services', { token: await clientJwt({ key, audience: audience() }) })).status).toBe(401);
    expect((await call(`${hookPath}/feedback`, { body: { feedback: [] }, token: null })).status).toBe(401);
  });

  it('sends no CORS headers when no browser-based EHR is configured', async () => {
    const preflight = await fetch(`${running.baseUrl}${hookPath}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://ehr.example.org', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS for a configured browser-based EHR', () => {
  it('answers the preflight for that origin only', async () => {
    const withCors = await startService({ trustedIssuers: [{ iss: ehrIssuer, jwksUrl: jwks.url }], allowedOrigins: ['https://ehr.example.org'] });
    try {
      const preflight = (origin: string): Promise<Response> =>
        fetch(`${withCors.baseUrl}${hookPath}`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
        });
      const allowed = await preflight('https://ehr.example.org');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ehr.example.org');
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      expect((await preflight('https://attacker.test')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await withCors.close();
    }
  });
});

describe('logs, feedback and health', () => {
  it('logs each hook call as one JSON line without the patient’s id or name', async () => {
    const { context, prefetch } = await ehr.prefetchFor('indicator-adult');
    const before = running.logs.length;
    const body = hookBody(context, prefetch);
    expect((await hook(body)).status).toBe(200);
    const lines = running.logs.slice(before);
    const entry = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.event === 'hook');
    expect(entry).toMatchObject({ hookInstance: body.hookInstance, status: 200, cards: 1, outcome: 'clinical-indicator' });
    expect(typeof entry?.durationMs).toBe('number');
    const patient = ehr.data.resources.find((resource) => resource.resourceType === 'Patient' && resource.id === context.patientId);
    const names = patient?.resourceType === 'Patient' ? (patient.name ?? []).flatMap((name) => [...(name.given ?? []), name.family ?? '']) : [];
    expect(names.length).toBeGreaterThan(0);
    const logged = running.logs.join('\n');
    for (const word of [context.patientId, String(context.encounterId), patient?.resourceType === 'Patient' ? (patient.birthDate ?? '') : '', ...names]) {
      expect(logged).not.toContain(word);
    }
  });

  it('logs a hook instance that is no UUID as invalid, so a name sent as one never reaches the log', async () => {
    const { context, prefetch } = await ehr.prefetchFor('no-indicators');
    expect((await hook(hookBody(context, prefetch, { hookInstance: 'David-Chen' }))).status).toBe(200);
    expect(running.logs.join('\n')).not.toContain('David-Chen');
    expect(JSON.parse(running.logs.at(-1) ?? '{}')).toMatchObject({ event: 'hook', hookInstance: 'invalid' });
  });

  it('accepts feedback, counts it and keeps nothing of it', async () => {
    const before = running.service.counts.feedback;
    const feedback = [{ card: randomUUID(), outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }];
    const response = await call(`${hookPath}/feedback`, { body: { feedback } });
    expect(response.status).toBe(200);
    expect(running.service.counts.feedback).toBe(before + 1);
    expect(running.logs.join('\n')).not.toContain(feedback[0]?.card ?? '');
  });

  it('answers the health check without a token, with counts only', async () => {
    const response = await fetch(`${running.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(Object.keys((await response.json()) as object).sort()).toEqual(['cards', 'feedback', 'hookCalls', 'status']);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('reading the FHIR server when nothing is prefetched', () => {
  let served: ServedSandbox;
  let withFhir: RunningService;

  beforeAll(async () => {
    served = await serveSandbox();
    withFhir = await startService({ trustedIssuers: [{ iss: ehrIssuer, jwksUrl: jwks.url, fhirServers: [served.sandbox.fhirBaseUrl] }] });
  });

  afterAll(async () => {
    await withFhir.close();
    await served.close();
  });

  async function hookWithFhir(fhirServer: string, patientKey: 'indicator-adult' | 'no-indicators' | 'youth'): Promise<Response> {
    const patient = served.sandbox.data.patients.find((candidate) => candidate.key === patientKey);
    const patientId = patient?.patientId ?? '';
    const scope =
      'patient/Patient.read patient/Encounter.read patient/Condition.read patient/Observation.read patient/Procedure.read patient/Coverage.read patient/Flag.read patient/ServiceRequest.read patient/QuestionnaireResponse.read patient/Communication.read';
    const fhirUser = `Practitioner/${served.sandbox.data.practitioners[0]?.id ?? ''}`;
    const token = await ehrLaunchToken(served.sandbox, { patient: patientId, fhirUser }, `launch ${scope}`);
    const body = hookBody(
      { patientId, userId: fhirUser, encounterId: patient?.activeEncounterIds[0] },
      undefined,
      { fhirServer, fhirAuthorization: { access_token: token.access_token, token_type: 'Bearer', expires_in: 300, scope, subject: 'lantern-cds', patient: patientId } },
    );
    return fetch(`${withFhir.baseUrl}${hookPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await clientJwt({ key, audience: `${withFhir.baseUrl}${hookPath}` })}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('reads the chart from the allowlisted FHIR server with the given token, as the app reads it', async () => {
    const card = await hookWithFhir(served.sandbox.fhirBaseUrl, 'indicator-adult');
    expect(card.status).toBe(200);
    expect(((await card.json()) as { cards: unknown[] }).cards).toHaveLength(1);
    const none = await hookWithFhir(served.sandbox.fhirBaseUrl, 'no-indicators');
    expect(((await none.json()) as { cards: unknown[] }).cards).toEqual([]);
  });

  it('finds Lantern’s check-in note of this visit on the FHIR server, and gives no second card', async () => {
    const patient = served.sandbox.data.patients.find((candidate) => candidate.key === 'youth');
    const before = await hookWithFhir(served.sandbox.fhirBaseUrl, 'youth');
    expect(((await before.json()) as { cards: unknown[] }).cards).toHaveLength(1);
    const note: Communication = {
        resourceType: 'Communication',
        id: 'lantern-note-of-this-visit',
        status: 'completed',
        identifier: [submissionIdentifier(defaultSystemBase, randomUUID(), 'check-in-note')],
        subject: { reference: `Patient/${patient?.patientId ?? ''}` },
        encounter: { reference: `Encounter/${patient?.activeEncounterIds[0] ?? ''}` },
        sent: new Date().toISOString(),
    };
    await served.sandbox.engine.load([note]);
    const after = await hookWithFhir(served.sandbox.fhirBaseUrl, 'youth');
    expect(await after.json()).toEqual({ cards: [] });
  });

  it('never calls a FHIR server the configuration does not list for the issuer: 412', async () => {
    const response = await hookWithFhir(`${served.sandbox.origin}/sandbox/epic/fhir`, 'indicator-adult');
    expect(response.status).toBe(412);
  });
});

describe('every-emergency-visit', () => {
  it('gives a card on an emergency visit without indicators, and none to a portal user', async () => {
    const universal = await startService({ trustedIssuers: [{ iss: ehrIssuer, jwksUrl: jwks.url }], mode: 'every-emergency-visit' });
    try {
      const { context, prefetch } = await ehr.prefetchFor('no-indicators');
      const post = async (body: unknown): Promise<unknown> =>
        (
          await fetch(`${universal.baseUrl}${hookPath}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${await clientJwt({ key, audience: `${universal.baseUrl}${hookPath}` })}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).json();
      expect(((await post(hookBody(context, prefetch))) as { cards: unknown[] }).cards).toHaveLength(1);
      expect(await post(hookBody({ ...context, userId: `Patient/${context.patientId}` }, prefetch))).toEqual({ cards: [] });
    } finally {
      await universal.close();
    }
  });
});
