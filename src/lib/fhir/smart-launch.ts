import FHIR from 'fhirclient';
// fhirclient's own modules, not its documented API: pinned to 2.6.3 in package.json, and the e2e suite covers both.
import { SMART_KEY } from 'fhirclient/lib/settings';
import { fetchWellKnownJson } from 'fhirclient/lib/smart';
import type { fhirclient } from 'fhirclient/lib/types';
import { discoverIssuerExpectation, newOAuthState, type IssuerExpectation } from '../smart/authorization-issuer';
import { failure } from './outcomes';

/**
 * The launch page's half of the SMART launch: `authorize()`, and the record of the launch it leaves in
 * sessionStorage for the app page, which reads it once (`pendingLaunch`) and forgets it (`forgetLaunch`). Kept apart
 * from the session so the launch page loads the authorize path alone.
 */

export type AuthorizeParams = fhirclient.AuthorizeParams;

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
export interface LaunchRecord {
  startedAt: number;
  issuer?: IssuerExpectation;
  /** Lantern's configuration as the launch page read it (the file's JSON, parsed again by the app page). */
  settings?: unknown;
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
 * smart-configuration or, failing that, from the authorization server's own metadata. `settings`, the configuration
 * file the launch page read, is kept with the launch so the app page does not fetch it again.
 */
export async function authorize(params: AuthorizeParams, settings?: unknown): Promise<string | undefined> {
  const startedAt = Date.now();
  forgetAbandonedLaunches(startedAt);
  const expectation = params.iss ? await discoverIssuerExpectation(await fetchSmartConfiguration(params.iss).catch(() => undefined)) : undefined;
  if (expectation && 'refusal' in expectation) throw failure('session', expectation.refusal);
  const stateKey = newOAuthState();
  const pending: LaunchRecord = { startedAt, ...(expectation ? { issuer: expectation } : {}), ...(settings === undefined ? {} : { settings }) };
  sessionStorage.setItem(pendingPrefix + stateKey, JSON.stringify(pending));
  try {
    const authorizationUrl = await FHIR.oauth2.authorize({ ...params, stateKey });
    return typeof authorizationUrl === 'string' ? authorizationUrl : undefined;
  } catch (error) {
    forgetLaunch(stateKey);
    throw error;
  }
}

/** A launch this window started and has not completed, as fhirclient and Lantern keep it under its `state`. */
export interface PendingLaunch {
  /** It signs in at an authorization server (fhirclient keeps its token endpoint); a listed open server's does not. */
  signsIn: boolean;
  /** The FHIR base the launch goes to, as the launch page checked it. */
  serverUrl: string | undefined;
  /** The configuration file the launch page read, unparsed; undefined when it kept none. */
  settings: unknown;
}

/** The launch named by `state` that this window started and has not completed; undefined when there is none. */
export function pendingLaunch(state: string | null): PendingLaunch | undefined {
  const stored = state === null ? undefined : storedObject(state);
  if (stored === undefined || state === null) return undefined;
  return {
    signsIn: typeof stored.tokenUri === 'string',
    serverUrl: typeof stored.serverUrl === 'string' ? stored.serverUrl : undefined,
    settings: storedObject(pendingPrefix + state)?.settings,
  };
}

/** Removes a launch's fhirclient state, Lantern's record of it, and fhirclient's pointer to the latest launch. */
export function forgetLaunch(stateKey: string): void {
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

/** Lantern's record of the launch named by `stateKey`: when it started and the issuer to expect. */
export function readLaunchRecord(stateKey: string): Omit<LaunchRecord, 'settings'> | undefined {
  const stored = storedObject(pendingPrefix + stateKey);
  if (typeof stored?.startedAt !== 'number') return undefined;
  const issuer = stored.issuer as Partial<IssuerExpectation> | undefined;
  return {
    startedAt: stored.startedAt,
    ...(typeof issuer?.issuer === 'string' ? { issuer: { issuer: issuer.issuer, required: issuer.required === true } } : {}),
  };
}

/** A sessionStorage entry as a JSON object, or undefined. */
export function storedObject(key: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
