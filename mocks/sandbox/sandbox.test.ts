import type { Bundle, CapabilityStatement, Encounter, Flag } from 'fhir/r4';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeLaunch, type LaunchContext } from './auth/launch-context';
import { obtainToken, refreshAccessToken } from './auth/token-client';
import { sandboxConfig } from './dev-config';
import { scopeRestrictions } from './ehr-page';
import { sandboxClientId, sandboxFhirBaseUrl, type Sandbox } from './sandbox';
import type { SandboxPatient } from './synthetic/chart';
import { parseFreshPatient, testControlPaths } from './test-controls';
import { ehrLaunchToken, serveSandbox, type ServedSandbox } from './test-sandbox';
import { VENDOR_PROFILE_NAMES, type VendorProfileName } from './vendor-profiles';

const drEd = 'Practitioner/prac-ed-physician';

let served: ServedSandbox;
let sandbox: Sandbox;
let ana: SandboxPatient;

beforeAll(async () => {
  served = await serveSandbox({ profileOverrides: { epic: { smartPermissions: ['permission-v2'] }, meditech: { smartPermissions: ['permission-v1'] } } });
  ({ sandbox } = served);
  const adult = sandbox.data.patients.find((patient) => patient.key === 'indicator-adult');
  if (!adult) throw new Error('the sandbox has no indicator-adult patient');
  ana = adult;
});

afterAll(async () => {
  await served.close();
});

function anaLaunch(extra: Partial<LaunchContext> = {}): LaunchContext {
  return { patient: ana.patientId, encounter: ana.activeEncounterIds[0], fhirUser: drEd, ...extra };
}

async function fhir(url: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: unknown }> {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** An active Flag for the patient, created at `base` as an app would write it. */
function postFlag(base: string, patientId: string, text: string, token?: string): Promise<{ status: number; body: unknown }> {
  const flag: Flag = { resourceType: 'Flag', status: 'active', code: { text }, subject: { reference: `Patient/${patientId}` } };
  return fhir(`${base}/Flag`, {
    ...(token === undefined ? {} : { token }),
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json' },
    body: JSON.stringify(flag),
  });
}

function scopesOf(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter(Boolean).sort();
}

describe('every vendor profile at its own FHIR base', () => {
  it('puts each base at /sandbox/<profile>/fhir, next to the startup profile’s /sandbox/fhir', () => {
    expect(sandbox.fhirBaseUrl).toBe(`${sandbox.origin}/sandbox/fhir`);
    expect(sandbox.fhirBaseUrls.epic).toBe(`${sandbox.origin}/sandbox/epic/fhir`);
    expect(sandbox.fhirBaseUrls['hapi-open']).toBe(sandboxFhirBaseUrl(`${sandbox.origin}/`, 'hapi-open'));
  });

  it.each(VENDOR_PROFILE_NAMES)('serves %s’s own CapabilityStatement, naming the OAuth endpoints unless it is open', async (profile) => {
    const statement = (await fhir(`${sandbox.fhirBaseUrls[profile]}/metadata`)).body as CapabilityStatement;
    expect(statement.implementation?.url).toBe(sandbox.fhirBaseUrls[profile]);
    const oauthUris = statement.rest?.[0]?.security?.extension?.[0]?.extension?.map(({ url, valueUri }) => [url, valueUri]);
    if (profile === 'hapi-open') expect(statement.rest?.[0]?.security).toBeUndefined();
    else expect(oauthUris).toEqual([['authorize', `${sandbox.issuer}/authorize`], ['token', `${sandbox.issuer}/token`]]);
  });

  it.each(VENDOR_PROFILE_NAMES.filter((profile) => profile !== 'hapi-open'))('serves %s’s smart-configuration, pointing at the one auth server', async (profile) => {
    const configuration = await fhir(`${sandbox.fhirBaseUrls[profile]}/.well-known/smart-configuration`);
    expect(configuration.body).toMatchObject({
      issuer: sandbox.issuer,
      authorization_endpoint: `${sandbox.issuer}/authorize`,
      token_endpoint: `${sandbox.issuer}/token`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('shares one FHIR engine: what is written at one base is read at every other and shown in the EHR chart', async () => {
    const created = await postFlag(sandbox.fhirBaseUrls['hapi-open'], ana.patientId, 'Written through the HAPI base');
    expect(created.status).toBe(201);
    const { id } = created.body as Flag;
    const token = await ehrLaunchToken(sandbox, anaLaunch(), 'launch patient/Flag.rs', sandbox.fhirBaseUrls.epic);
    expect((await fhir(`${sandbox.fhirBaseUrls.epic}/Flag/${id ?? ''}`, { token: token.access_token })).body).toMatchObject({ id });
    const chart = await fetch(`${sandbox.ehrUrl}?patient=${ana.patientId}`);
    expect(await chart.text()).toContain('Written through the HAPI base');
  });
});

describe('fresh patients', () => {
  it('are copies of a named patient, chart and all, under ids of their own, which an EHR launch opens', async () => {
    const response = await fetch(`${sandbox.origin}${testControlPaths.freshPatient}?copyOf=indicator-adult`, { method: 'POST' });
    expect(response.status).toBe(201);
    const copy = parseFreshPatient(await response.json());
    const again = parseFreshPatient(await (await fetch(`${sandbox.origin}${testControlPaths.freshPatient}?copyOf=indicator-adult`, { method: 'POST' })).json());
    expect(new Set([ana.patientId, copy.patientId, again.patientId]).size).toBe(3);
    expect(copy.activeEncounterIds).toHaveLength(1);
    expect(copy.activeEncounterIds).not.toEqual(ana.activeEncounterIds);

    const encounters = async (patientId: string): Promise<string[]> => {
      const bundle = (await fhir(`${sandbox.fhirBaseUrls['hapi-open']}/Encounter?patient=${patientId}`)).body as Bundle<Encounter>;
      return (bundle.entry ?? []).map((entry) => entry.resource?.id ?? '').sort();
    };
    const copied = await encounters(copy.patientId);
    expect(copied).toContain(copy.activeEncounterIds[0]);
    expect(copied.map((id) => id.replace(/-copy-\d+$/, ''))).toEqual(await encounters(ana.patientId));

    const launch = { patient: copy.patientId, encounter: copy.activeEncounterIds[0], fhirUser: drEd };
    const token = await ehrLaunchToken(sandbox, launch, 'launch patient/Patient.rs patient/Flag.cruds');
    expect(token.patient).toBe(copy.patientId);
    expect((await postFlag(sandbox.fhirBaseUrl, copy.patientId, 'Written for the copy', token.access_token)).status).toBe(201);
    expect(await (await fetch(`${sandbox.ehrUrl}?patient=${copy.patientId}`)).text()).toContain('Written for the copy');
    expect(await (await fetch(`${sandbox.ehrUrl}?patient=${ana.patientId}`)).text()).not.toContain('Written for the copy');
    expect(await (await fetch(sandbox.ehrUrl)).text()).toContain(`value="${copy.patientId}"`);
  });

  it('are refused with 400 for a patient the sandbox does not have', async () => {
    const response = await fetch(`${sandbox.origin}${testControlPaths.freshPatient}?copyOf=nobody`, { method: 'POST' });
    expect(response.status).toBe(400);
  });
});

describe('one authorization server for every base', () => {
  it('issues a token for the base the app named, which every other base refuses with 401', async () => {
    const token = await ehrLaunchToken(sandbox, anaLaunch(), 'launch patient/Patient.read', sandbox.fhirBaseUrls.athenahealth);
    expect(decodeJwt(token.access_token).aud).toBe(sandbox.fhirBaseUrls.athenahealth);
    expect((await fhir(`${sandbox.fhirBaseUrls.athenahealth}/Patient/${ana.patientId}`, { token: token.access_token })).status).toBe(200);
    expect((await fhir(`${sandbox.fhirBaseUrl}/Patient/${ana.patientId}`, { token: token.access_token })).status).toBe(401);
    expect((await fhir(`${sandbox.fhirBaseUrls['smart-launcher']}/Patient/${ana.patientId}`, { token: token.access_token })).status).toBe(401);
  });

  it('grants only the scope syntax a base advertises, leaving the rest out of the token', async () => {
    const scope = 'launch patient/Patient.read patient/Patient.rs patient/Flag.write patient/Flag.c';
    const granted = async (profile: VendorProfileName): Promise<string[]> =>
      scopesOf((await ehrLaunchToken(sandbox, anaLaunch(), scope, sandbox.fhirBaseUrls[profile])).scope);
    expect(await granted('epic')).toEqual(['launch', 'patient/Flag.c', 'patient/Patient.rs']);
    expect(await granted('meditech')).toEqual(['launch', 'patient/Flag.write', 'patient/Patient.read']);
    expect(await granted('smart-launcher')).toEqual(scopesOf(scope));
  });

  it('advertises only the scope syntax a base grants', async () => {
    const capabilities = async (profile: VendorProfileName): Promise<string[]> =>
      ((await fhir(`${sandbox.fhirBaseUrls[profile]}/.well-known/smart-configuration`)).body as { capabilities: string[] }).capabilities;
    expect(await capabilities('epic')).toContain('permission-v2');
    expect(await capabilities('epic')).not.toContain('permission-v1');
    expect(await capabilities('meditech')).toContain('permission-v1');
    expect(await capabilities('meditech')).not.toContain('permission-v2');
  });

  it.each([
    { profile: 'smart-launcher', scope: 'patient/Patient.read', encounter: false },
    { profile: 'smart-launcher', scope: 'launch patient/Patient.read', encounter: true },
    { profile: 'smart-launcher', scope: 'launch/encounter patient/Patient.read', encounter: true },
    { profile: 'athenahealth', scope: 'patient/Patient.read', encounter: true },
    { profile: 'oracle-health', scope: 'patient/Patient.read', encounter: true },
    { profile: 'hapi-open', scope: 'launch patient/Patient.read', encounter: false },
  ] as const)('gives the encounter at $profile for “$scope”: $encounter', async ({ profile, scope, encounter }) => {
    const token = await ehrLaunchToken(sandbox, anaLaunch(), scope, sandbox.fhirBaseUrls[profile]);
    expect(token.encounter).toBe(encounter ? ana.activeEncounterIds[0] : undefined);
    expect(decodeJwt(token.access_token)['encounter']).toBe(token.encounter);
  });

  it('grants reading only when the EHR refuses writes', async () => {
    const deniedScopes = [...scopeRestrictions['read-only'].denied];
    const scope = 'launch patient/Flag.read patient/Flag.write patient/Condition.rs patient/Flag.cruds user/Practitioner.read user/Task.write';
    const token = await ehrLaunchToken(sandbox, anaLaunch({ deniedScopes }), scope);
    expect(scopesOf(token.scope)).toEqual(['launch', 'patient/Condition.rs', 'patient/Flag.read', 'user/Practitioner.read']);
    expect((await postFlag(sandbox.fhirBaseUrl, ana.patientId, 'x', token.access_token)).status).toBe(403);
  });
});

describe('the epic base’s opaque access tokens', () => {
  const scope = 'launch offline_access patient/Patient.rs patient/Encounter.rs';
  let epic: string;
  let other: SandboxPatient;

  beforeAll(() => {
    epic = sandbox.fhirBaseUrls.epic;
    const someoneElse = sandbox.data.patients.find((patient) => patient.patientId !== ana.patientId);
    if (!someoneElse) throw new Error('the sandbox has only one patient');
    other = someoneElse;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('are not JWTs, and come with expires_in', async () => {
    const token = await ehrLaunchToken(sandbox, anaLaunch(), scope, epic);
    expect(token.access_token.split('.')).toHaveLength(1);
    expect(() => decodeJwt(token.access_token)).toThrow();
    expect(token.expires_in).toBe(3600);
  });

  it('open the launch patient’s compartment at the epic base, and nothing outside it', async () => {
    const token = await ehrLaunchToken(sandbox, anaLaunch(), scope, epic);
    expect((await fhir(`${epic}/Patient/${ana.patientId}`, { token: token.access_token })).status).toBe(200);
    expect((await fhir(`${epic}/Encounter?patient=${ana.patientId}`, { token: token.access_token })).status).toBe(200);
    expect((await fhir(`${epic}/Patient/${other.patientId}`, { token: token.access_token })).status).toBe(403);
    expect((await fhir(`${epic}/Encounter?patient=${other.patientId}`, { token: token.access_token })).status).toBe(403);
  });

  it('are refused with 401 at every other base', async () => {
    const token = await ehrLaunchToken(sandbox, anaLaunch(), scope, epic);
    for (const base of [sandbox.fhirBaseUrl, sandbox.fhirBaseUrls.athenahealth, sandbox.fhirBaseUrls['smart-launcher']]) {
      expect((await fhir(`${base}/Patient/${ana.patientId}`, { token: token.access_token })).status).toBe(401);
    }
  });

  it('are refused with 401 once a test expires them, and the refreshed token works', async () => {
    const token = await ehrLaunchToken(sandbox, anaLaunch(), scope, epic);
    const expire = (form: Record<string, string>): Promise<Response> =>
      fetch(`${sandbox.origin}${testControlPaths.expireAccessToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    expect((await expire({})).status).toBe(400);
    expect((await fhir(`${epic}/Patient/${ana.patientId}`, { token: token.access_token })).status).toBe(200);
    expect((await expire({ token: token.access_token })).status).toBe(204);
    expect((await fhir(`${epic}/Patient/${ana.patientId}`, { token: token.access_token })).status).toBe(401);
    const refreshed = await refreshAccessToken({ issuer: sandbox.issuer, refreshToken: token.refresh_token ?? '' });
    expect((await fhir(`${epic}/Patient/${ana.patientId}`, { token: refreshed.access_token })).status).toBe(200);
  });

  it('are refused with 401 once the launch’s lifetime is over', async () => {
    const token = await ehrLaunchToken(sandbox, anaLaunch({ accessTokenTtlSeconds: 60 }), scope, epic);
    expect(token.expires_in).toBe(60);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61 * 1000);
    expect((await fhir(`${epic}/Patient/${ana.patientId}`, { token: token.access_token })).status).toBe(401);
  });

  it('refresh to a new opaque token that keeps the launch patient', async () => {
    const first = await ehrLaunchToken(sandbox, anaLaunch(), scope, epic);
    const refreshed = await refreshAccessToken({ issuer: sandbox.issuer, refreshToken: first.refresh_token ?? '' });
    expect(refreshed).toMatchObject({ expires_in: 3600, patient: ana.patientId });
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed.access_token.split('.')).toHaveLength(1);
    expect((await fhir(`${epic}/Patient/${ana.patientId}`, { token: refreshed.access_token })).status).toBe(200);
    expect((await fhir(`${epic}/Patient/${other.patientId}`, { token: refreshed.access_token })).status).toBe(403);
  });
});

describe('the open (HAPI-style) base', () => {
  it('serves requests without a token, and with any token', async () => {
    const base = sandbox.fhirBaseUrls['hapi-open'];
    expect((await fhir(`${base}/Patient/${ana.patientId}`)).body).toMatchObject({ resourceType: 'Patient', id: ana.patientId });
    expect((await fhir(`${base}/Encounter?patient=${ana.patientId}`, { token: 'not-a-token' })).status).toBe(200);
  });

  it('has no smart-configuration', async () => {
    const configuration = await fhir(`${sandbox.fhirBaseUrls['hapi-open']}/.well-known/smart-configuration`);
    expect(configuration).toMatchObject({ status: 404, body: { resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] } });
  });
});

describe('the startup profile', () => {
  let oracle: ServedSandbox;

  beforeAll(async () => {
    oracle = await serveSandbox({ profile: 'oracle-health' });
  });

  afterAll(async () => {
    await oracle.close();
  });

  it('is what /sandbox/fhir behaves like, and what the EHR page says it started as', async () => {
    const { sandbox: started } = oracle;
    const statement = (await fhir(`${started.fhirBaseUrl}/metadata`)).body as CapabilityStatement;
    expect(statement.software?.name).toBe('Oracle Health Millennium Platform');
    const token = await ehrLaunchToken(started, { patient: ana.patientId, fhirUser: drEd }, 'launch patient/Patient.read');
    expect(token.expires_in).toBe(570);
    expect(await (await fetch(started.ehrUrl)).text()).toContain('Started as: <strong>Oracle Health (Cerner)</strong>');
  });
});

describe('Lantern served from another origin (appOrigin), as a production-like host in front of the build', () => {
  const appOrigin = 'http://127.0.0.1:9';
  let elsewhere: ServedSandbox;

  beforeAll(async () => {
    elsewhere = await serveSandbox({ appOrigin });
  });

  afterAll(async () => {
    await elsewhere.close();
  });

  it('is what the EHR page frames, and where the authorization server sends the code back', async () => {
    const { sandbox: hosted } = elsewhere;
    const patient = hosted.data.patients.find((candidate) => candidate.key === 'indicator-adult');
    const page = await (await fetch(`${hosted.ehrUrl}?patient=${patient?.patientId ?? ''}`)).text();
    expect(page).toMatch(new RegExp(`<iframe title="Lantern" src="${appOrigin}/launch\\.html\\?iss=${encodeURIComponent(hosted.fhirBaseUrl)}&#38;launch=`));

    const launch = { patient: patient?.patientId ?? '', fhirUser: drEd };
    const scope = 'launch patient/Patient.rs';
    const options = { issuer: hosted.issuer, fhirBaseUrl: hosted.fhirBaseUrl, clientId: sandboxClientId, scope, launch: encodeLaunch(launch) };
    expect((await obtainToken({ ...options, redirectUri: `${appOrigin}/index.html` })).patient).toBe(launch.patient);
    await expect(obtainToken({ ...options, redirectUri: `${hosted.origin}/index.html` })).rejects.toThrow();
  });
});

describe('the development configuration', () => {
  it('is served as the app’s /lantern.config.json, not to be cached, and registers the sandbox', async () => {
    const response = await fetch(`${sandbox.origin}/lantern.config.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const config = (await response.json()) as { ehrs: { issPrefix?: string; clientId: string }[] };
    expect(config).toEqual(sandboxConfig());
    expect(config.ehrs).toContainEqual(expect.objectContaining({ issPrefix: '/sandbox/', clientId: sandboxClientId }));
  });
});
