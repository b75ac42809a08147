import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
// fhirclient's own modules, not its documented API: pinned to 2.6.3 in package.json, and the e2e suite covers both.
import { SMART_KEY } from 'fhirclient/lib/settings';
import { fetchWellKnownJson } from 'fhirclient/lib/smart';
import type { fhirclient } from 'fhirclient/lib/types';
import { createFhirClient, type FhirAuthorization, type FhirClient, type FhirClientOptions } from './fhir-client';
import { discoverIssuerExpectation, newOAuthState, responseIssuerProblem, type IssuerExpectation } from '../smart/authorization-issuer';
import { trustedUrl } from '../smart/trusted-url';
import { failure, OperationOutcomeError, technicalFailure } from './outcomes';
import { fhirIdSource } from './fhir-ids';

export type AuthorizeParams = fhirclient.AuthorizeParams;

/** What the EHR told us when it handed over the session. */
export interface SmartContext {
  patientId: string | undefined;
  encounterId: string | undefined;
  /** `Practitioner/123` style reference to the signed-in user, from the id_token. */
  fhirUser: string | undefined;
  grantedScopes: readonly string[];
  /** The EHR already shows who the patient is (SMART `need_patient_banner: false`). */
  needPatientBanner: boolean;
}

export interface SmartSession {
  readonly context: SmartContext;
  readonly fhir: FhirClient;
}

/**
 * The server's `.well-known/smart-configuration`, fetched the way `authorize()` fetches it: fhirclient keeps the
 * answer for the page, so asking first costs no second request.
 */
export async function fetchSmartConfiguration(iss: string): Promise<unknown> {
  return fetchWellKnownJson(iss, { headers: { accept: 'application/json' } });
}

/**
 * How long a launch that has not come back yet is left alone by the next `authorize()`. EHRs that show two Lantern
 * frames share one sessionStorage, so a launch only seconds old may be the other frame's, still in progress; one
 * older than this was abandoned (an EHR launch comes back in about a second), and its PKCE verifier is removed.
 */
export const pendingLaunchGraceMs = 60_000;

/** Lantern's own record of a launch between authorize and ready, beside fhirclient's state under the same key. */
interface LaunchRecord {
  startedAt: number;
  issuer?: IssuerExpectation;
}

const pendingPrefix = 'lantern.pending-launch.';

/**
 * Starts the SMART authorization; the browser leaves the page when it succeeds (with `noRedirect`, in tests, it
 * resolves to the authorization URL instead).
 *
 * First every abandoned launch is forgotten: its fhirclient state (PKCE verifier included), Lantern's record of it
 * and fhirclient's SMART_KEY pointer. The OAuth `state` is Lantern's own, from `crypto.getRandomValues`; fhirclient
 * would draw it with Math.random. Where the server publishes its `issuer`, it is remembered with the launch so the
 * redirect's RFC 9207 `iss` can be checked before the code is exchanged; whether that `iss` is required is read from
 * smart-configuration or, failing that, from the authorization server's own metadata.
 */
export async function authorize(params: AuthorizeParams): Promise<string | undefined> {
  const startedAt = Date.now();
  forgetAbandonedLaunches(startedAt);
  const expectation = params.iss ? await discoverIssuerExpectation(await fetchSmartConfiguration(params.iss).catch(() => undefined)) : undefined;
  if (expectation && 'refusal' in expectation) throw failure('session', expectation.refusal);
  const stateKey = newOAuthState();
  const pending: LaunchRecord = { startedAt, ...(expectation ? { issuer: expectation } : {}) };
  sessionStorage.setItem(pendingPrefix + stateKey, JSON.stringify(pending));
  try {
    const authorizationUrl = await FHIR.oauth2.authorize({ ...params, stateKey });
    return typeof authorizationUrl === 'string' ? authorizationUrl : undefined;
  } catch (error) {
    forgetLaunch(stateKey);
    throw error;
  }
}

/**
 * Completes the launch on the redirect page. Call once per page load.
 *
 * Before any code is exchanged, the redirect must come from the authorization server the launch went to (its `iss`,
 * RFC 9207) and the token endpoint must be an address the sign-in may go to (`trusted-url.ts`). Only the launch
 * named by this page's `state` is completed, and once it is — or once it failed — nothing of it stays in
 * sessionStorage: its token, patient and encounter live in this page's memory alone, where neither a reload nor
 * another Lantern frame sharing the storage ("session bleed") can pick them up.
 */
export async function ready(options?: FhirClientOptions): Promise<SmartSession> {
  const params = new URL(window.location.href).searchParams;
  const stateKey = params.get('state');
  if (!stateKey) throw launchFailure(navigationType(), 'There is no launch to complete: the address has no state.');
  let client: Client;
  try {
    const refusal = params.has('code') ? authorizationResponseProblem(stateKey, params.get('iss')) : undefined;
    if (refusal) throw failure('session', refusal);
    client = await FHIR.oauth2.ready();
  } catch (error) {
    if (error instanceof OperationOutcomeError) throw error;
    throw launchFailure(navigationType(), error instanceof Error ? error.message : 'The SMART launch could not be completed.', error);
  } finally {
    forgetLaunch(stateKey);
  }
  // Without a key, a token refresh updates the client in memory and writes nothing back to storage.
  delete client.state.key;
  return sessionFromClient(client, options);
}

/** A launch this window started and has not completed, as fhirclient keeps it under its `state`. */
export interface PendingLaunch {
  /** It signs in at an authorization server (fhirclient keeps its token endpoint); a listed open server's does not. */
  signsIn: boolean;
}

/** The launch named by `state` that this window started and has not completed; undefined when there is none. */
export function pendingLaunch(state: string | null): PendingLaunch | undefined {
  const stored = state === null ? undefined : storedObject(state);
  return stored === undefined ? undefined : { signsIn: typeof stored.tokenUri === 'string' };
}

/** Why the redirect carrying a code must not be used, from what was remembered at authorize time. */
function authorizationResponseProblem(stateKey: string, responseIss: string | null): string | undefined {
  const issuerProblem = responseIssuerProblem(readLaunchRecord(stateKey)?.issuer, responseIss);
  if (issuerProblem) return issuerProblem;
  const tokenUri = stringOrUndefined(storedObject(stateKey)?.tokenUri);
  if (tokenUri !== undefined && !trustedUrl(tokenUri, 'request').url) {
    return 'The EHR’s sign-in settings name a token address Lantern does not send sign-in details to.';
  }
  return undefined;
}

/** Removes a launch's fhirclient state, Lantern's record of it, and fhirclient's pointer to the latest launch. */
function forgetLaunch(stateKey: string): void {
  sessionStorage.removeItem(stateKey);
  sessionStorage.removeItem(pendingPrefix + stateKey);
  sessionStorage.removeItem(SMART_KEY);
}

/**
 * Forgets every launch older than the grace period, or of unknown age, and fhirclient state no record accounts for
 * (an entry whose `key` names itself): whatever an abandoned launch, or an older Lantern, left behind.
 */
function forgetAbandonedLaunches(now: number): void {
  const keys = Array.from({ length: sessionStorage.length }, (_, index) => sessionStorage.key(index)).filter((key) => key !== null);
  for (const key of keys) {
    if (key.startsWith(pendingPrefix)) {
      const stateKey = key.slice(pendingPrefix.length);
      const startedAt = readLaunchRecord(stateKey)?.startedAt;
      if (startedAt === undefined || startedAt > now || now - startedAt > pendingLaunchGraceMs) forgetLaunch(stateKey);
    } else if (storedObject(key)?.key === key && sessionStorage.getItem(pendingPrefix + key) === null) {
      sessionStorage.removeItem(key);
    }
  }
  sessionStorage.removeItem(SMART_KEY);
}

function readLaunchRecord(stateKey: string): LaunchRecord | undefined {
  const stored = storedObject(pendingPrefix + stateKey);
  if (typeof stored?.startedAt !== 'number') return undefined;
  const issuer = stored.issuer as Partial<IssuerExpectation> | undefined;
  return {
    startedAt: stored.startedAt,
    ...(typeof issuer?.issuer === 'string' ? { issuer: { issuer: issuer.issuer, required: issuer.required === true } } : {}),
  };
}

/** A sessionStorage entry as a JSON object, or undefined. */
function storedObject(key: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why `ready()` failed. A reload or Back lands on a page whose launch was already completed and forgotten (the
 * address lost its `state`, storage kept nothing): that is `reloaded`, so the clinician learns their answers went
 * with the old page. Anything else, such as a page opened without a launch, is `session`. `detail` is for support.
 */
export function launchFailure(navigation: NavigationTimingType | undefined, detail: string, cause?: unknown): OperationOutcomeError {
  const revisited = navigation === 'reload' || navigation === 'back_forward';
  return technicalFailure(revisited ? 'reloaded' : 'session', detail, cause);
}

/** How this page was reached; undefined where the browser does not say (jsdom). */
function navigationType(): NavigationTimingType | undefined {
  if (typeof PerformanceNavigationTiming === 'undefined') return undefined;
  const [entry] = performance.getEntriesByType('navigation');
  return entry instanceof PerformanceNavigationTiming ? entry.type : undefined;
}

/** Where and as whom to refresh a token obtained outside `ready()`. */
export interface RefreshSettings {
  tokenUri: string;
  clientId: string;
}

/**
 * A session from a token response obtained elsewhere: tests, and open servers that need no authorization
 * (tokenResponse without an access_token).
 */
export function sessionFromTokenResponse(
  serverUrl: string,
  tokenResponse: fhirclient.TokenResponse,
  options?: FhirClientOptions,
  refresh?: RefreshSettings,
): SmartSession {
  return sessionFromClient(FHIR.client({ serverUrl, tokenResponse, ...refresh }), options);
}

function sessionFromClient(client: Client, options?: FhirClientOptions): SmartSession {
  const tokenResponse = client.state.tokenResponse ?? {};
  // The refresh token goes only to a token endpoint that passes the same checks as the FHIR base.
  const tokenUri = client.state.tokenUri;
  const refreshable = tokenUri !== undefined && trustedUrl(tokenUri, 'request').url !== undefined;
  const authorization: FhirAuthorization = {
    serverUrl: client.state.serverUrl,
    authorizationHeader: () => client.getAuthorizationHeader(),
    async refreshIfNeeded(signal) {
      if (!refreshable) return;
      try {
        await client.refreshIfNeeded({ signal });
      } catch {
        // A failed refresh surfaces as the 401 of the request that follows, which the UI explains.
      }
    },
    async refresh(signal) {
      if (!refreshable || !client.getState('tokenResponse.refresh_token')) return false;
      try {
        await client.refresh({ signal });
        return true;
      } catch {
        return false;
      }
    },
  };
  return {
    context: {
      patientId: stringOrUndefined(tokenResponse.patient),
      encounterId: stringOrUndefined(tokenResponse.encounter),
      fhirUser: relativeReference(client.getFhirUser()),
      grantedScopes: (stringOrUndefined(tokenResponse.scope) ?? '').split(/\s+/).filter(Boolean),
      needPatientBanner: tokenResponse.need_patient_banner !== false,
    },
    fhir: createFhirClient(authorization, options),
  };
}

/** The id_token's fhirUser is usually absolute (`https://ehr/fhir/Practitioner/1`); keep `Practitioner/1`. */
function relativeReference(value: unknown): string | undefined {
  const match = new RegExp(`([A-Za-z]+/${fhirIdSource})$`).exec(stringOrUndefined(value) ?? '');
  return match?.[1];
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
