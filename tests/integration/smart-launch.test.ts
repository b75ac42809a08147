import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestedScopes } from '../../src/config/scopes';
import type { OperationOutcomeError } from '../../src/lib/fhir/outcomes';
import type * as SmartLaunchModule from '../../src/lib/fhir/smart-launch';
import { capabilityStatementGraceMs, maxCarriedStatementLength, pendingLaunchGraceMs, type CarriedReads } from '../../src/lib/fhir/smart-launch';
import type * as SmartSessionModule from '../../src/lib/fhir/smart-session';
import { sessionFromTokenResponse, type SmartSession } from '../../src/lib/fhir/smart-session';
import { readCapabilityStatement } from '../../src/lib/smart/capability-statement';
import { encodeLaunch } from '../../mocks/sandbox/auth/launch-context';
import { authorizationRedirect } from '../../mocks/sandbox/auth/token-client';
import { sandboxClientId, sandboxPaths } from '../../mocks/sandbox/sandbox';
import { connectTestSandbox } from '../sandbox-harness';

/**
 * Issue 14, launch checks: the OAuth state from the platform's CSPRNG, the RFC 9207 `iss` of the authorization
 * response compared before the code is exchanged, nothing of a pending or failed launch left in sessionStorage, and
 * a refresh token sent only to a token endpoint that passes the URL checks. Against the sandbox's real SMART
 * authorization server (oidc-provider), with fhirclient's browser entry in jsdom.
 */

// The authorization server's redirects are followed as a browser would, outside MSW (which hangs on manual redirects).
const browserFetch = globalThis.fetch.bind(globalThis);
const sandbox = connectTestSandbox();
const origin = new URL(sandbox.fhirBaseUrl).origin;
const issuer = `${origin}${sandboxPaths.auth}`;
const redirectUri = `${origin}/index.html`;
const adult = sandbox.patient('indicator-adult');
/** Vitest's JSDOM instance: moving the window to another URL stands in for the browser loading another page. */
const dom = (globalThis as unknown as { jsdom: { reconfigure(settings: { url: string }): void } }).jsdom;

/**
 * Lantern's launch module (launch.html) or session module (index.html) as a freshly loaded page has it: fhirclient's
 * browser adapter reads the page's URL once, so each page gets its own copy of the module graph.
 */
async function loadPage(url: string): Promise<typeof SmartSessionModule> {
  dom.reconfigure({ url });
  vi.resetModules();
  return import('../../src/lib/fhir/smart-session');
}

async function loadLaunchPage(url: string): Promise<typeof SmartLaunchModule> {
  dom.reconfigure({ url });
  vi.resetModules();
  return import('../../src/lib/fhir/smart-launch');
}

/** `ready()` on index.html as the browser lands there with `url`. */
async function ready(url: string): Promise<SmartSession> {
  return (await loadPage(url)).ready();
}

const tokenRequests: string[] = [];
sandbox.server.events.on('request:start', ({ request }) => {
  if (new URL(request.url).pathname.endsWith('/token')) tokenRequests.push(request.url);
});

beforeEach(() => {
  sessionStorage.clear();
  tokenRequests.length = 0;
});
afterEach(() => {
  vi.restoreAllMocks();
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

/** Starts an EHR launch as launch.ts does and returns the URL fhirclient would send the browser to. */
async function startLaunch(carried: CarriedReads = {}): Promise<URL> {
  const { authorize } = await loadLaunchPage(`${origin}/launch.html`);
  const url: unknown = await authorize({
    iss: sandbox.fhirBaseUrl,
    clientId: sandboxClientId,
    scope: requestedScopes('ehr'),
    redirectUri,
    launch: encodeLaunch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0], fhirUser: 'Practitioner/dr-lee' }),
    completeInTarget: true,
    pkceMode: 'unsafeV1',
    noRedirect: true,
  }, carried);
  if (typeof url !== 'string') throw new Error('authorize() gave no authorization URL');
  return new URL(url);
}

/** The authorization server's answer to the launch, as the browser would land on index.html with it. */
async function landOnRedirect(authorizeUrl: URL, edit: (params: URLSearchParams) => void = () => undefined): Promise<string> {
  const redirect = await authorizationRedirect(authorizeUrl, { redirectUri, fetchImpl: browserFetch });
  edit(redirect.searchParams);
  return redirect.href;
}

/**
 * The sandbox's smart-configuration with `change` applied; the authorization server's RFC 8414 metadata, which the
 * sandbox does not serve at the origin's root, answers 404 as on most servers.
 */
function serveSmartConfiguration(change: Record<string, unknown>): void {
  sandbox.server.use(
    http.get(`${sandbox.fhirBaseUrl}/.well-known/smart-configuration`, async ({ request }) => {
      const advertised = (await (await browserFetch(request.url)).json()) as Record<string, unknown>;
      return HttpResponse.json({ ...advertised, ...change });
    }),
    http.get(`${origin}/.well-known/oauth-authorization-server/*`, () => new HttpResponse(null, { status: 404 })),
  );
}

function storedEntries(): string[] {
  return Array.from({ length: sessionStorage.length }, (_, index) => sessionStorage.key(index) ?? '');
}

/** What the tests read of a launch failure. */
type LaunchFailure = Pick<OperationOutcomeError, 'kind' | 'sentence'>;

async function failureOf(promise: Promise<unknown>): Promise<LaunchFailure> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  // Each page loads its own copy of outcomes.ts: recognised by name, not instanceof.
  if (!(error instanceof Error) || error.name !== 'OperationOutcomeError') throw new Error(`expected an OperationOutcomeError, got ${String(error)}`);
  const { kind, sentence } = error as Error & LaunchFailure;
  return { kind, sentence };
}

describe('the authorization response’s iss (RFC 9207)', () => {
  it('is what the sandbox sends, and a launch whose iss matches completes', async () => {
    const landing = await landOnRedirect(await startLaunch(), (params) => {
      expect(params.get('iss')).toBe(issuer);
    });
    const session = await ready(landing);
    expect(session.context.patientId).toBe(adult.patientId);
    expect(tokenRequests).toHaveLength(1);
    expect(storedEntries()).toEqual([]);
  });

  it.each<[string, (params: URLSearchParams) => void, RegExp]>([
    ['swapped for another authorization server', (params) => { params.set('iss', 'https://other-ehr.example/auth'); }, /different sign-in server/],
    ['swapped for the issuer with a trailing slash', (params) => { params.set('iss', `${issuer}/`); }, /different sign-in server/],
    ['missing, though the server advertises it', (params) => { params.delete('iss'); }, /did not say which sign-in server/],
  ])('refuses the response when its iss is %s, before the code is exchanged', async (_label, edit, sentence) => {
    const error = await failureOf(ready(await landOnRedirect(await startLaunch(), edit)));
    expect(error.kind).toBe('session');
    expect(error.sentence).toMatch(sentence);
    expect(tokenRequests).toEqual([]);
    expect(storedEntries()).toEqual([]);
  });

  it('completes a launch with a server that does not advertise it and sends none', async () => {
    serveSmartConfiguration({ authorization_response_iss_parameter_supported: undefined, issuer: undefined });
    const session = await ready(await landOnRedirect(await startLaunch(), (params) => { params.delete('iss'); }));
    expect(session.context.patientId).toBe(adult.patientId);
  });

  it('still compares an iss that is present when the server names its issuer without advertising it', async () => {
    serveSmartConfiguration({ authorization_response_iss_parameter_supported: undefined });
    const landing = await landOnRedirect(await startLaunch(), (params) => { params.set('iss', 'https://other-ehr.example/auth'); });
    expect((await failureOf(ready(landing))).sentence).toMatch(/different sign-in server/);
    expect(tokenRequests).toEqual([]);
  });

  it('learns that the iss is required from the authorization server’s own metadata when smart-configuration does not say', async () => {
    serveSmartConfiguration({ authorization_response_iss_parameter_supported: undefined });
    const landing = await landOnRedirect(await startLaunch(), (params) => {
      params.delete('iss');
    });
    expect((await failureOf(ready(landing))).sentence).toMatch(/did not say which sign-in server/);
    expect(tokenRequests).toEqual([]);
  });

  it('refuses to start when the server advertises it but names no issuer', async () => {
    serveSmartConfiguration({ issuer: undefined });
    const error = await failureOf(startLaunch());
    expect(error.sentence).toMatch(/name their sender/);
    expect(storedEntries()).toEqual([]);
  });
});

describe('the token endpoint', () => {
  it('receives no code when discovery named it with a dot segment that leads elsewhere', async () => {
    serveSmartConfiguration({ token_endpoint: `${issuer}/%2e%2e/elsewhere/token` });
    const landing = await landOnRedirect(await startLaunch());
    expect((await failureOf(ready(landing))).sentence).toMatch(/token address Lantern does not send sign-in details to/);
    expect(tokenRequests).toEqual([]);
    expect(storedEntries()).toEqual([]);
  });
});

describe('the OAuth state', () => {
  it('is 256 bits from crypto.getRandomValues, sent to the authorization server and keying the launch', async () => {
    const random = vi.spyOn(crypto, 'getRandomValues');
    const authorizeUrl = await startLaunch();
    const state = authorizeUrl.searchParams.get('state') ?? '';
    const drawn = random.mock.results.map((result) => result.value as unknown).find((value) => value instanceof Uint8Array && value.length === 32);
    if (!(drawn instanceof Uint8Array)) throw new Error('no 32 random bytes were drawn from crypto.getRandomValues');
    expect(state).toBe(Buffer.from(drawn).toString('base64url'));
    expect(Buffer.from(state, 'base64url')).toHaveLength(32);
    expect(sessionStorage.getItem(state)).not.toBeNull();
  });

  it('differs on every launch', async () => {
    const states = new Set<string | null>();
    for (let launch = 0; launch < 5; launch += 1) states.add((await startLaunch()).searchParams.get('state'));
    expect(states.size).toBe(5);
  });
});

describe('pending launch entries', () => {
  it('leaves nothing of an abandoned launch, PKCE verifier included, after the next authorize', async () => {
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now);
    const abandoned = (await startLaunch()).searchParams.get('state') ?? '';
    expect(sessionStorage.getItem(abandoned)).toContain('codeVerifier');

    vi.spyOn(Date, 'now').mockReturnValue(now + pendingLaunchGraceMs + 1);
    const next = (await startLaunch()).searchParams.get('state') ?? '';
    const remaining = storedEntries();
    expect(remaining.some((key) => key.includes(abandoned))).toBe(false);
    expect(remaining.join(' ')).toContain(next);
    expect(Object.values(sessionStorage).join(' ')).not.toContain(abandoned);
  });

  it('leaves a launch only seconds old alone: another Lantern frame sharing the storage may be completing it', async () => {
    const inProgress = (await startLaunch()).searchParams.get('state') ?? '';
    await startLaunch();
    expect(sessionStorage.getItem(inProgress)).toContain('codeVerifier');
  });

  it('forgets fhirclient state that no Lantern launch accounts for', async () => {
    sessionStorage.setItem('SMART_KEY', '"old"');
    sessionStorage.setItem('old', JSON.stringify({ key: 'old', codeVerifier: 'left-behind' }));
    await startLaunch();
    expect(Object.values(sessionStorage).join(' ')).not.toContain('left-behind');
  });

  it('leaves nothing after a failed ready()', async () => {
    const authorizeUrl = await startLaunch();
    const state = authorizeUrl.searchParams.get('state') ?? '';
    await failureOf(ready(`${redirectUri}?${new URLSearchParams({ code: 'forged', state, iss: issuer }).toString()}`));
    expect(storedEntries()).toEqual([]);
  });

  it('leaves nothing when the authorization server refuses the launch', async () => {
    const authorizeUrl = await startLaunch();
    const state = authorizeUrl.searchParams.get('state') ?? '';
    await failureOf(ready(`${redirectUri}?${new URLSearchParams({ error: 'access_denied', state, iss: issuer }).toString()}`));
    expect(storedEntries()).toEqual([]);
  });
});

describe('the CapabilityStatement the launch page read', () => {
  /** The launch the app page finds under the authorization URL's state, as main.ts reads it before ready(). */
  async function landedLaunch(authorizeUrl: URL): Promise<ReturnType<typeof SmartLaunchModule.pendingLaunch>> {
    const { pendingLaunch } = await loadLaunchPage(redirectUri);
    return pendingLaunch(authorizeUrl.searchParams.get('state'));
  }

  it('travels with the launch, so the app page reads /metadata no second time', async () => {
    const statement = await readCapabilityStatement(sandbox.fhirBaseUrl);
    expect(statement).toMatchObject({ resourceType: 'CapabilityStatement' });
    const launching = await landedLaunch(await startLaunch({ capabilityStatement: Promise.resolve(statement) }));
    expect(launching?.capabilityStatement).toEqual(statement);
  });

  it('is not waited for past the grace period: the launch leaves without it', async () => {
    const started = performance.now();
    const launching = await landedLaunch(await startLaunch({ capabilityStatement: new Promise(() => undefined) }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(capabilityStatementGraceMs - 5);
    expect(launching?.capabilityStatement).toBeUndefined();
    expect(launching?.serverUrl).toBe(sandbox.fhirBaseUrl);
  });

  it.each<[string, () => Promise<unknown>]>([
    ['a failed read', () => Promise.reject(new Error('offline'))],
    ['an OperationOutcome', () => Promise.resolve({ resourceType: 'OperationOutcome', issue: [] })],
    ['a statement too large to keep', () => Promise.resolve({ resourceType: 'CapabilityStatement', text: { div: 'x'.repeat(maxCarriedStatementLength) } })],
  ])('is left out after %s, and the launch goes on', async (_label, read) => {
    const launching = await landedLaunch(await startLaunch({ capabilityStatement: read(), settings: { ehrs: [] } }));
    expect(launching?.capabilityStatement).toBeUndefined();
    expect(launching?.settings).toEqual({ ehrs: [] });
  });

  it('is forgotten with the launch once the code is exchanged', async () => {
    const landing = await landOnRedirect(await startLaunch({ capabilityStatement: readCapabilityStatement(sandbox.fhirBaseUrl) }));
    await ready(landing);
    expect(storedEntries()).toEqual([]);
  });
});

describe('token refresh', () => {
  it('sends no refresh token to a token endpoint that fails the URL checks', async () => {
    const refreshRequests: string[] = [];
    sandbox.server.use(
      http.post(`${origin}/*`, ({ request }) => {
        refreshRequests.push(request.url);
        return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
      }),
      http.get(`${sandbox.fhirBaseUrl}/Patient/:id`, () => HttpResponse.json({}, { status: 401 })),
    );
    const session = sessionFromTokenResponse(
      sandbox.fhirBaseUrl,
      { access_token: 'expired', refresh_token: 'r1', token_type: 'Bearer', expires_in: 3600 },
      {},
      { tokenUri: `${issuer}/%2e%2e/elsewhere/token`, clientId: sandboxClientId },
    );
    const error = await failureOf(session.fhir.read('Patient', adult.patientId));
    expect(error.kind).toBe('unauthorized');
    expect(refreshRequests).toEqual([]);
  });
});
