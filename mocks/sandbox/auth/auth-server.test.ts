import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifySmartAccessToken } from './access-token';
import { createAuthServer } from './auth-server';
import type { AuthServer, AuthServerOptions, ProtectedResource, ResourceServer } from './auth-server';
import { encodeLaunch } from './launch-context';
import type { LaunchContext } from './launch-context';
import { AuthorizationError, authorizationRedirect, CookieJar, obtainToken, refreshAccessToken } from './token-client';

const clientId = 'lantern';
const drLee: LaunchContext['fhirUser'] = 'Practitioner/dr-lee';
const ehrScope =
  'launch openid fhirUser offline_access patient/Patient.read patient/Encounter.rs patient/Condition.rs patient/Observation.read patient/Flag.cruds user/Practitioner.read';

interface RunningAuthServer {
  auth: AuthServer;
  issuer: string;
  fhirBaseUrl: string;
  /** A second FHIR base the same server protects. */
  otherFhirBaseUrl: string;
  resource: ProtectedResource;
  redirectUri: string;
  close: () => Promise<void>;
}

type ServerOverrides = Partial<Omit<AuthServerOptions, 'resourceServers'>> & { resourceServer?: Omit<ResourceServer, 'fhirBaseUrl'> };

/** Starts the auth server on 127.0.0.1:0; `stripPrefix` imitates connect's `app.use('/sandbox/auth', handler)`. */
async function startAuthServer(
  { resourceServer, ...overrides }: ServerOverrides = {},
  mount: { stripPrefix: boolean } = { stripPrefix: false },
): Promise<RunningAuthServer> {
  // The issuer needs the port, so the server listens before the auth server exists.
  const ready: { auth?: AuthServer } = {};
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const { auth } = ready;
    if (auth === undefined) {
      res.statusCode = 503;
      res.end();
      return;
    }
    if (mount.stripPrefix) {
      const url = req.url ?? '/';
      if (!url.startsWith('/sandbox/auth')) {
        res.statusCode = 404;
        res.end();
        return;
      }
      Object.assign(req, { originalUrl: url });
      req.url = url.slice('/sandbox/auth'.length) || '/';
    }
    auth.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}/sandbox/auth`;
  const fhirBaseUrl = `${origin}/sandbox/fhir`;
  const otherFhirBaseUrl = `${origin}/sandbox/epic/fhir`;
  const redirectUri = `${origin}/index.html`;
  const auth = await createAuthServer({
    issuer,
    resourceServers: [{ fhirBaseUrl, ...resourceServer }, { fhirBaseUrl: otherFhirBaseUrl }],
    clients: [{ clientId, redirectUris: [redirectUri] }],
    standalonePatients: [
      { id: 'ines-garcia', label: 'Inés García (F, 19)' },
      { id: 'sam-okafor', label: 'Sam Okafor (M, 34)', encounter: 'enc-sam-ed' },
    ],
    defaultFhirUser: drLee,
    ...overrides,
  });
  ready.auth = auth;
  return {
    auth,
    issuer,
    fhirBaseUrl,
    otherFhirBaseUrl,
    resource: auth.resource(fhirBaseUrl),
    redirectUri,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

function scopesOf(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter(Boolean).sort();
}

/** The error the authorization endpoint redirects back with, for requests built by hand. */
/** The token response of an EHR launch with this context at the server's first FHIR base. */
function launchToken(running: RunningAuthServer, context: LaunchContext, scope: string, cookies?: CookieJar): ReturnType<typeof obtainToken> {
  return obtainToken({
    issuer: running.issuer,
    fhirBaseUrl: running.fhirBaseUrl,
    clientId,
    redirectUri: running.redirectUri,
    scope,
    launch: encodeLaunch(context),
    ...(cookies ? { cookies } : {}),
  });
}

async function authorizationError(running: RunningAuthServer, params: Record<string, string>): Promise<URLSearchParams> {
  const url = new URL(`${running.issuer}/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: running.redirectUri,
    scope: 'launch/patient openid patient/Patient.read',
    state: 'xyz',
    aud: running.fhirBaseUrl,
    ...params,
  }).toString();
  const response = await fetch(url, { redirect: 'manual', headers: { accept: 'text/html' } });
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get('location') ?? '');
  expect(location.origin + location.pathname).toBe(running.redirectUri);
  return location.searchParams;
}

describe('sandbox SMART authorization server', () => {
  let running: RunningAuthServer;

  beforeAll(async () => {
    running = await startAuthServer({ smartStyleUrl: 'http://127.0.0.1/smart-style.json' });
  });

  afterAll(async () => {
    await running.close();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  function ehrToken(context: LaunchContext, scope = ehrScope, cookies?: CookieJar): ReturnType<typeof obtainToken> {
    return launchToken(running, context, scope, cookies);
  }

  it('describes itself in smart-configuration terms', () => {
    const config = running.resource.smartConfiguration();
    expect(config).toMatchObject({
      issuer: running.issuer,
      authorization_endpoint: `${running.issuer}/authorize`,
      token_endpoint: `${running.issuer}/token`,
      jwks_uri: `${running.issuer}/jwks`,
      token_endpoint_auth_methods_supported: ['none'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(config.capabilities).toEqual(
      expect.arrayContaining(['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-encounter', 'permission-v2', 'sso-openid-connect']),
    );
    expect(config.scopes_supported).toEqual(expect.arrayContaining(['openid', 'fhirUser', 'launch/patient', 'offline_access']));
  });

  it('names itself in every authorization response, as its configuration advertises (RFC 9207)', async () => {
    expect(running.resource.smartConfiguration().authorization_response_iss_parameter_supported).toBe(true);
    const authorizeUrl = new URL(`${running.issuer}/authorize`);
    authorizeUrl.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: running.redirectUri,
      scope: ehrScope,
      state: 'xyz',
      aud: running.fhirBaseUrl,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      launch: encodeLaunch({ patient: 'ines-garcia', fhirUser: drLee }),
    }).toString();
    const redirect = await authorizationRedirect(authorizeUrl, { redirectUri: running.redirectUri });
    expect(redirect.searchParams.get('code')).not.toBeNull();
    expect(redirect.searchParams.get('iss')).toBe(running.issuer);
    expect((await authorizationError(running, { launch: 'not-a-launch' })).get('iss')).toBe(running.issuer);
  });

  it('completes an EHR launch with patient, encounter, user and every granted scope', async () => {
    const token = await ehrToken({ patient: 'ines-garcia', encounter: 'enc-1', fhirUser: drLee });

    expect(token).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      patient: 'ines-garcia',
      encounter: 'enc-1',
      need_patient_banner: true,
      smart_style_url: 'http://127.0.0.1/smart-style.json',
    });
    expect(scopesOf(token.scope)).toEqual(scopesOf(ehrScope));
    expect(token.refresh_token).toEqual(expect.any(String));

    const idToken = decodeJwt(token.id_token ?? '');
    expect(idToken['fhirUser']).toBe(`${running.fhirBaseUrl}/Practitioner/dr-lee`);
    expect(idToken.aud).toBe(clientId);

    const verified = await running.resource.verifyAccessToken(token.access_token);
    expect(verified).toMatchObject({ clientId, patient: 'ines-garcia', encounter: 'enc-1', fhirUser: drLee });
    expect(verified?.scopes.sort()).toEqual(
      ['patient/Condition.rs', 'patient/Encounter.rs', 'patient/Flag.cruds', 'patient/Observation.read', 'patient/Patient.read', 'user/Practitioner.read'],
    );
    expect(decodeJwt(token.access_token).aud).toBe(running.fhirBaseUrl);
  });

  it('leaves out the encounter when the EHR gives none, and honours need_patient_banner', async () => {
    const token = await ehrToken(
      { patient: 'ines-garcia', fhirUser: drLee, needPatientBanner: false },
      'launch patient/Patient.read',
    );
    expect(token.patient).toBe('ines-garcia');
    expect(token).not.toHaveProperty('encounter');
    expect(token.need_patient_banner).toBe(false);
    expect(token).not.toHaveProperty('refresh_token');
    expect(token).not.toHaveProperty('id_token');
    expect((await running.resource.verifyAccessToken(token.access_token))?.encounter).toBeUndefined();
  });

  it('withholds the scopes the simulated EHR refuses, in v1 and v2 form', async () => {
    const token = await ehrToken({
      patient: 'ines-garcia',
      fhirUser: drLee,
      deniedScopes: ['patient/Condition.read', 'patient/Observation.read'],
    });
    const granted = scopesOf(token.scope);
    expect(granted).not.toContain('patient/Condition.rs');
    expect(granted).not.toContain('patient/Observation.read');
    expect(granted).toEqual(expect.arrayContaining(['patient/Patient.read', 'patient/Flag.cruds', 'launch', 'openid']));

    const jwtScopes = String(decodeJwt(token.access_token)['scope']).split(' ');
    expect(jwtScopes).not.toContain('patient/Condition.rs');
    expect(jwtScopes).not.toContain('patient/Observation.read');
    expect(jwtScopes).toContain('patient/Flag.cruds');
  });

  it('refuses a request that asks for a refused scope whole, with invalid_scope, when the EHR is set to', async () => {
    const context: LaunchContext = { patient: 'ines-garcia', fhirUser: drLee, deniedScopes: ['patient/*.write'], refuseDeniedScopes: true };
    await expect(ehrToken(context, 'launch openid fhirUser patient/Patient.read patient/Flag.write')).rejects.toMatchObject({
      error: 'invalid_scope',
      message: 'invalid_scope: This EHR does not grant patient/Flag.write to this app.',
    });
    const readOnly = await ehrToken(context, 'launch openid fhirUser patient/Patient.read');
    expect(scopesOf(readOnly.scope)).toEqual(expect.arrayContaining(['patient/Patient.read']));
  });

  it.each(['unauthorized_client', 'access_denied', 'server_error'] as const)('refuses a launch with %s when the EHR is set to', async (error) => {
    await expect(ehrToken({ patient: 'ines-garcia', fhirUser: drLee, authorizationError: error })).rejects.toMatchObject({
      error,
      message: `${error}: The sandbox EHR answers this launch with ${error}.`,
    });
  });

  it('names a patient as the signed-in user, or nobody when the EHR withholds fhirUser', async () => {
    const patientUser = await ehrToken({ patient: 'ines-garcia', fhirUser: 'Patient/ines-garcia' });
    expect(decodeJwt(patientUser.id_token ?? '')['fhirUser']).toBe(`${running.fhirBaseUrl}/Patient/ines-garcia`);

    const unidentified = decodeJwt((await ehrToken({ patient: 'ines-garcia', fhirUser: drLee, withholdFhirUser: true })).id_token ?? '');
    expect(unidentified).not.toHaveProperty('fhirUser');
    expect(unidentified).not.toHaveProperty('profile');
    expect(unidentified.sub).toBe(drLee);
  });

  it('refreshes without client_id (as fhirclient does) and keeps the launch context', async () => {
    const first = await ehrToken({ patient: 'ines-garcia', encounter: 'enc-1', fhirUser: drLee });
    const refreshed = await refreshAccessToken({ issuer: running.issuer, refreshToken: first.refresh_token ?? '' });

    expect(refreshed).toMatchObject({ patient: 'ines-garcia', encounter: 'enc-1', need_patient_banner: true });
    expect(scopesOf(refreshed.scope)).toEqual(scopesOf(first.scope));
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(decodeJwt(refreshed.id_token ?? '')['fhirUser']).toBe(`${running.fhirBaseUrl}/Practitioner/dr-lee`);
    expect(await running.resource.verifyAccessToken(refreshed.access_token)).toMatchObject({ patient: 'ines-garcia', encounter: 'enc-1' });

    // Public-client refresh tokens rotate: the new one works with client_id too, the old one is spent.
    const again = await refreshAccessToken({ issuer: running.issuer, refreshToken: refreshed.refresh_token ?? '', clientId });
    expect(again.patient).toBe('ines-garcia');
    await expect(refreshAccessToken({ issuer: running.issuer, refreshToken: first.refresh_token ?? '' })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('lives as long as the launch says, refreshed tokens too', async () => {
    const token = await ehrToken({ patient: 'ines-garcia', fhirUser: drLee, accessTokenTtlSeconds: 20 });
    expect(token.expires_in).toBe(20);
    const refreshed = await refreshAccessToken({ issuer: running.issuer, refreshToken: token.refresh_token ?? '' });
    expect(refreshed.expires_in).toBe(20);
    const claims = decodeJwt(refreshed.access_token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(20);
  });

  it('refuses a token the sandbox expired ahead of its time, and only that one; its refresh still works', async () => {
    const expired = await ehrToken({ patient: 'ines-garcia', fhirUser: drLee });
    const other = await ehrToken({ patient: 'ines-garcia', fhirUser: drLee });
    expect(await running.resource.verifyAccessToken(expired.access_token)).toBeDefined();
    running.auth.expireAccessToken(expired.access_token);
    expect(await running.resource.verifyAccessToken(expired.access_token)).toBeUndefined();
    expect(await running.resource.verifyAccessToken(other.access_token)).toBeDefined();
    const refreshed = await refreshAccessToken({ issuer: running.issuer, refreshToken: expired.refresh_token ?? '' });
    expect(await running.resource.verifyAccessToken(refreshed.access_token)).toMatchObject({ patient: 'ines-garcia' });
  });

  it('refuses to refresh a launch whose session the EHR ended, and only that launch', async () => {
    const ended = await ehrToken({ patient: 'ines-garcia', fhirUser: drLee, refuseRefresh: true });
    const ongoing = await ehrToken({ patient: 'ines-garcia', fhirUser: drLee });
    const response = await fetch(`${running.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://app.example' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: ended.refresh_token ?? '' }).toString(),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'The session has ended.' });
    await expect(refreshAccessToken({ issuer: running.issuer, refreshToken: ongoing.refresh_token ?? '' })).resolves.toMatchObject({
      patient: 'ines-garcia',
    });
  });

  it('issues each token for the FHIR base named in aud, which alone accepts it', async () => {
    const token = await obtainToken({
      issuer: running.issuer,
      fhirBaseUrl: running.otherFhirBaseUrl,
      clientId,
      redirectUri: running.redirectUri,
      scope: ehrScope,
      launch: encodeLaunch({ patient: 'ines-garcia', fhirUser: drLee }),
    });
    expect(decodeJwt(token.access_token).aud).toBe(running.otherFhirBaseUrl);
    expect(decodeJwt(token.id_token ?? '')['fhirUser']).toBe(`${running.otherFhirBaseUrl}/Practitioner/dr-lee`);
    expect(await running.auth.resource(running.otherFhirBaseUrl).verifyAccessToken(token.access_token)).toMatchObject({ patient: 'ines-garcia' });
    expect(await running.resource.verifyAccessToken(token.access_token)).toBeUndefined();
    expect(() => running.auth.resource('https://elsewhere.example/fhir')).toThrow(/does not protect/);
  });

  it('issues a refresh token for online_access too', async () => {
    const token = await ehrToken({ patient: 'ines-garcia', fhirUser: drLee }, 'launch online_access patient/Patient.read');
    expect(token.refresh_token).toEqual(expect.any(String));
    expect(scopesOf(token.scope)).toEqual(['launch', 'online_access', 'patient/Patient.read']);
  });

  it('keeps each launch in one browser separate (no grant or user reuse)', async () => {
    const browser = new CookieJar();
    const first = await ehrToken({ patient: 'ines-garcia', fhirUser: drLee }, ehrScope, browser);
    const second = await ehrToken(
      { patient: 'sam-okafor', encounter: 'enc-sam-ed', fhirUser: 'Practitioner/nurse-ray', deniedScopes: ['patient/Flag.write'] },
      ehrScope,
      browser,
    );
    expect(first.patient).toBe('ines-garcia');
    expect(second).toMatchObject({ patient: 'sam-okafor', encounter: 'enc-sam-ed' });
    expect(scopesOf(first.scope)).toContain('patient/Flag.cruds');
    expect(scopesOf(second.scope)).not.toContain('patient/Flag.cruds');
    expect(decodeJwt(second.id_token ?? '')['fhirUser']).toBe(`${running.fhirBaseUrl}/Practitioner/nurse-ray`);
  });

  it('shows an accessible patient picker for a standalone launch and uses the chosen patient', async () => {
    const scope = 'launch/patient launch/encounter openid fhirUser patient/*.rs';
    const first = await obtainToken({ issuer: running.issuer, fhirBaseUrl: running.fhirBaseUrl, clientId, redirectUri: running.redirectUri, scope });
    expect(first.patient).toBe('ines-garcia');
    expect(first).not.toHaveProperty('encounter');
    expect(decodeJwt(first.id_token ?? '')['fhirUser']).toBe(`${running.fhirBaseUrl}/Practitioner/dr-lee`);

    const second = await obtainToken({
      issuer: running.issuer,
      fhirBaseUrl: running.fhirBaseUrl,
      clientId,
      redirectUri: running.redirectUri,
      scope,
      patientId: 'sam-okafor',
    });
    expect(second).toMatchObject({ patient: 'sam-okafor', encounter: 'enc-sam-ed' });
    expect(await running.resource.verifyAccessToken(second.access_token)).toMatchObject({ patient: 'sam-okafor', fhirUser: drLee });
  });

  it('renders the picker as plain accessible HTML', async () => {
    const url = new URL(`${running.issuer}/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: running.redirectUri,
      scope: 'launch/patient patient/Patient.read',
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const redirect = await fetch(url, { redirect: 'manual' });
    const jar = new CookieJar();
    jar.store(redirect);
    const pickerUrl = new URL(redirect.headers.get('location') ?? '', url);
    const picker = await fetch(pickerUrl, { headers: { cookie: jar.header(pickerUrl) ?? '' } });
    const html = await picker.text();

    expect(picker.headers.get('content-type')).toContain('text/html');
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toMatch(/<main>[\s\S]*<h1 id="picker-heading">Select a patient<\/h1>/);
    expect(html).toContain('<ul aria-labelledby="picker-heading">');
    expect(html).toContain('>Inés García (F, 19)</button>');
    expect(html).toContain('>Sam Okafor (M, 34)</button>');
  });

  it('refuses authorization requests without PKCE, with plain PKCE, with a foreign aud or a bad launch', async () => {
    const missing = await authorizationError(running, {});
    expect(missing.get('error')).toBe('invalid_request');
    expect(missing.get('error_description')).toMatch(/PKCE/);

    const plain = await authorizationError(running, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
    expect(plain.get('error')).toBe('invalid_request');

    const pkce = { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' };
    const foreign = await authorizationError(running, { ...pkce, aud: 'https://elsewhere.example/fhir' });
    expect(foreign.get('error')).toBe('invalid_request');
    expect(foreign.get('error_description')).toMatch(/aud/);

    const badLaunch = await authorizationError(running, { ...pkce, launch: 'not-a-launch' });
    expect(badLaunch.get('error')).toBe('invalid_request');
    expect(badLaunch.get('error_description')).toMatch(/launch/);

    await expect(
      obtainToken({
        issuer: running.issuer,
        fhirBaseUrl: running.fhirBaseUrl,
        clientId,
        redirectUri: running.redirectUri,
        scope: 'launch patient/Patient.read',
        launch: 'bm90LWpzb24',
      }),
    ).rejects.toBeInstanceOf(AuthorizationError);
  });

  it('allows browser apps to call the token endpoint cross-origin', async () => {
    const preflight = await fetch(`${running.issuer}/token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.example');
  });

  it('rejects tampered, expired and foreign access tokens', async () => {
    const token = await ehrToken({ patient: 'ines-garcia', fhirUser: drLee }, 'launch patient/Patient.read');
    expect(await running.resource.verifyAccessToken(token.access_token)).toBeDefined();

    const [header = '', payload = '', signature = ''] = token.access_token.split('.');
    const claims = decodeJwt(token.access_token);
    const forged = Buffer.from(JSON.stringify({ ...claims, patient: 'someone-else' })).toString('base64url');
    expect(await running.resource.verifyAccessToken(`${header}.${forged}.${signature}`)).toBeUndefined();
    expect(await running.resource.verifyAccessToken(`${header}.${payload}.${signature.slice(0, -4)}AAAA`)).toBeUndefined();
    expect(await running.resource.verifyAccessToken('not.a.jwt')).toBeUndefined();

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3601 * 1000);
    expect(await running.resource.verifyAccessToken(token.access_token)).toBeUndefined();
    vi.useRealTimers();

    const other = await startAuthServer();
    try {
      const foreign = await obtainToken({
        issuer: other.issuer,
        fhirBaseUrl: other.fhirBaseUrl,
        clientId,
        redirectUri: other.redirectUri,
        scope: 'launch patient/Patient.read',
        launch: encodeLaunch({ patient: 'ines-garcia', fhirUser: drLee }),
      });
      expect(await other.resource.verifyAccessToken(foreign.access_token)).toBeDefined();
      expect(await running.resource.verifyAccessToken(foreign.access_token)).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('checks the audience of an otherwise valid token', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), alg: 'RS256' }] });
    const sign = (aud: string): Promise<string> =>
      new SignJWT({ scope: 'patient/Patient.read', client_id: clientId, patient: 'ines-garcia' })
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
        .setIssuer(running.issuer)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    const expected = { issuer: running.issuer, audience: running.fhirBaseUrl };

    expect(await verifySmartAccessToken(await sign(running.fhirBaseUrl), keys, expected)).toMatchObject({
      clientId,
      patient: 'ines-garcia',
      scopes: ['patient/Patient.read'],
    });
    expect(await verifySmartAccessToken(await sign('https://elsewhere.example/fhir'), keys, expected)).toBeUndefined();
  });

  it('works behind a connect-style mount that strips the issuer path, with a short token lifetime', async () => {
    const mounted = await startAuthServer({ resourceServer: { accessTokenTtlSeconds: 570 } }, { stripPrefix: true });
    try {
      const token = await obtainToken({
        issuer: mounted.issuer,
        fhirBaseUrl: mounted.fhirBaseUrl,
        clientId,
        redirectUri: mounted.redirectUri,
        scope: 'launch/patient openid fhirUser offline_access patient/Patient.read',
      });
      expect(token.patient).toBe('ines-garcia');
      expect(token.expires_in).toBe(570);
      const claims = decodeJwt(token.access_token);
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(570);
      expect(token.refresh_token).toEqual(expect.any(String));
      const refreshed = await refreshAccessToken({ issuer: mounted.issuer, refreshToken: token.refresh_token ?? '' });
      expect(refreshed.patient).toBe('ines-garcia');
    } finally {
      await mounted.close();
    }
  });
});

describe('opaque access tokens, as Epic issues them', () => {
  let running: RunningAuthServer;

  beforeAll(async () => {
    running = await startAuthServer({ resourceServer: { accessTokenFormat: 'opaque' } });
  });

  afterAll(async () => {
    await running.close();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  function opaqueToken(context: LaunchContext, scope = ehrScope): ReturnType<typeof obtainToken> {
    return launchToken(running, context, scope);
  }

  it('issues a token that is no JWT, with expires_in, which its FHIR base looks up for the scopes and launch context', async () => {
    const issuedFrom = Math.floor(Date.now() / 1000);
    const token = await opaqueToken({ patient: 'ines-garcia', encounter: 'enc-1', fhirUser: drLee });
    const issuedBy = Math.ceil(Date.now() / 1000);
    expect(token.access_token).not.toMatch(/^[\w-]+\.[\w-]+\.[\w-]*$/);
    expect(() => decodeJwt(token.access_token)).toThrow();
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600, patient: 'ines-garcia', encounter: 'enc-1' });

    const verified = await running.resource.verifyAccessToken(token.access_token);
    expect(verified).toMatchObject({ clientId, patient: 'ines-garcia', encounter: 'enc-1', fhirUser: drLee });
    expect(verified?.scopes.sort()).toEqual(
      ['patient/Condition.rs', 'patient/Encounter.rs', 'patient/Flag.cruds', 'patient/Observation.read', 'patient/Patient.read', 'user/Practitioner.read'],
    );
    // Bounded by when the token was asked for and answered, however long that took.
    expect(verified?.expiresAt).toBeGreaterThanOrEqual(issuedFrom + 3600);
    expect(verified?.expiresAt).toBeLessThanOrEqual(issuedBy + 3600);
  });

  it('is refused at another base, as are unknown strings, altered tokens, refresh tokens and JWTs at the opaque base', async () => {
    const token = await opaqueToken({ patient: 'ines-garcia', fhirUser: drLee });
    const otherBase = running.auth.resource(running.otherFhirBaseUrl);
    expect(await otherBase.verifyAccessToken(token.access_token)).toBeUndefined();
    expect(await running.resource.verifyAccessToken(`${token.access_token.slice(0, -1)}${token.access_token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(await running.resource.verifyAccessToken('A'.repeat(token.access_token.length))).toBeUndefined();
    expect(await running.resource.verifyAccessToken(token.refresh_token ?? '')).toBeUndefined();

    const jwt = await obtainToken({
      issuer: running.issuer,
      fhirBaseUrl: running.otherFhirBaseUrl,
      clientId,
      redirectUri: running.redirectUri,
      scope: 'launch patient/Patient.read',
      launch: encodeLaunch({ patient: 'ines-garcia', fhirUser: drLee }),
    });
    expect(decodeJwt(jwt.access_token).aud).toBe(running.otherFhirBaseUrl);
    expect(await otherBase.verifyAccessToken(jwt.access_token)).toBeDefined();
    expect(await running.resource.verifyAccessToken(jwt.access_token)).toBeUndefined();
  });

  it('is refused from its expiry on, though the store keeps it a little longer', async () => {
    const token = await opaqueToken({ patient: 'ines-garcia', fhirUser: drLee, accessTokenTtlSeconds: 60 }, 'launch patient/Patient.read');
    expect(token.expires_in).toBe(60);
    const issuedAt = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(issuedAt + 58 * 1000);
    expect(await running.resource.verifyAccessToken(token.access_token)).toBeDefined();
    vi.setSystemTime(issuedAt + 61 * 1000);
    expect(await running.resource.verifyAccessToken(token.access_token)).toBeUndefined();
  });

  it('is refused once the sandbox expired it ahead of its time', async () => {
    const token = await opaqueToken({ patient: 'ines-garcia', fhirUser: drLee }, 'launch patient/Patient.read');
    running.auth.expireAccessToken(token.access_token);
    expect(await running.resource.verifyAccessToken(token.access_token)).toBeUndefined();
  });

  it('refreshes to a new opaque token with the launch’s lifetime and context', async () => {
    const first = await opaqueToken({ patient: 'ines-garcia', encounter: 'enc-1', fhirUser: drLee, accessTokenTtlSeconds: 20 });
    const refreshed = await refreshAccessToken({ issuer: running.issuer, refreshToken: first.refresh_token ?? '' });
    expect(refreshed).toMatchObject({ expires_in: 20, patient: 'ines-garcia', encounter: 'enc-1' });
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(() => decodeJwt(refreshed.access_token)).toThrow();
    expect(await running.resource.verifyAccessToken(refreshed.access_token)).toMatchObject({
      clientId,
      patient: 'ines-garcia',
      encounter: 'enc-1',
      fhirUser: drLee,
    });
  });
});
