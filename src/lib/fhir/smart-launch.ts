import FHIR from 'fhirclient';
// fhirclient's own modules, not its documented API: pinned to 2.6.3 in package.json, and the e2e suite covers both.
import { SMART_KEY } from 'fhirclient/lib/settings';
import { fetchWellKnownJson } from 'fhirclient/lib/smart';
import type { fhirclient } from 'fhirclient/lib/types';
import { discoverIssuerExpectation, newOAuthState, type IssuerExpectation } from '../smart/authorization-issuer';
import { asCapabilityStatement } from '../smart/capability-statement';
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
  /** The server's CapabilityStatement as the launch page read it (checked again by the app page). */
  capabilityStatement?: object;
}

/** What the launch page read that travels with the launch, so the app page does not read it again. */
export interface CarriedReads {
  /** The configuration file, as read. */
  settings?: unknown;
  /** The server's CapabilityStatement, perhaps still on its way: carried if it is in when the launch leaves, or soon after. */
  capabilityStatement?: Promise<unknown>;
}

/**
 * How long the launch page waits for the CapabilityStatement once it is otherwise ready to leave. It was asked for
 * alongside discovery, so it is normally in already; a slower one is left to the app page, which asks again while
 * the code is exchanged, so waiting longer here would only delay the launch.
 */
export const capabilityStatementGraceMs = 50;

/**
 * The largest statement, as JSON text, carried in sessionStorage (some EHRs publish statements of hundreds of
 * kilobytes); a larger one is read again by the app page.
 */
export const maxCarriedStatementLength = 1_000_000;

const pendingPrefix = 'lantern.pending-launch.';

/**
 * Starts the SMART authorization; the browser leaves the page when it succeeds (with `noRedirect`, in tests, it
 * resolves to the authorization URL instead).
 *
 * First every abandoned launch is forgotten: its fhirclient state (PKCE verifier included), Lantern's record of it
 * and fhirclient's SMART_KEY pointer. The OAuth `state` is Lantern's own, from `crypto.getRandomValues`; fhirclient
 * would draw it with Math.random. Where the server publishes its `issuer`, it is remembered with the launch so the
 * redirect's RFC 9207 `iss` can be checked before the code is exchanged; whether that `iss` is required is read from
 * smart-configuration or, failing that, from the authorization server's own metadata. What the launch page read
 * (`carried`: the configuration file, the CapabilityStatement) is kept with the launch so the app page does not read
 * it again.
 */
export async function authorize(params: AuthorizeParams, carried: CarriedReads = {}): Promise<string | undefined> {
  const startedAt = Date.now();
  // A statement that cannot be read is simply not carried.
  const statementRead = carried.capabilityStatement?.catch(() => undefined);
  forgetAbandonedLaunches(startedAt);
  const expectation = params.iss ? await discoverIssuerExpectation(await fetchSmartConfiguration(params.iss).catch(() => undefined)) : undefined;
  if (expectation && 'refusal' in expectation) throw failure('session', expectation.refusal);
  const stateKey = newOAuthState();
  const { settings } = carried;
  const capabilityStatement = asCapabilityStatement(await settledWithin(statementRead, capabilityStatementGraceMs));
  const pending: LaunchRecord = { startedAt, ...(expectation ? { issuer: expectation } : {}), ...(settings === undefined ? {} : { settings }) };
  keepLaunchRecord(stateKey, pending, capabilityStatement);
  try {
    const authorizationUrl = await FHIR.oauth2.authorize({ ...params, stateKey });
    return typeof authorizationUrl === 'string' ? authorizationUrl : undefined;
  } catch (error) {
    forgetLaunch(stateKey);
    throw error;
  }
}

/** `promise`'s value if it settles within `ms`; undefined if it takes longer. */
async function settledWithin(promise: Promise<unknown> | undefined, ms: number): Promise<unknown> {
  if (promise === undefined) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Writes Lantern's record of the launch, with the statement when it fits; without it when it is too large to keep. */
function keepLaunchRecord(stateKey: string, record: LaunchRecord, capabilityStatement: object | undefined): void {
  const withStatement = capabilityStatement === undefined ? undefined : JSON.stringify({ ...record, capabilityStatement });
  if (withStatement !== undefined && withStatement.length <= maxCarriedStatementLength) {
    try {
      sessionStorage.setItem(pendingPrefix + stateKey, withStatement);
      return;
    } catch {
      // Over the storage quota: the app page reads the statement itself.
    }
  }
  sessionStorage.setItem(pendingPrefix + stateKey, JSON.stringify(record));
}

/** A launch this window started and has not completed, as fhirclient and Lantern keep it under its `state`. */
export interface PendingLaunch {
  /** It signs in at an authorization server (fhirclient keeps its token endpoint); a listed open server's does not. */
  signsIn: boolean;
  /** The FHIR base the launch goes to, as the launch page checked it. */
  serverUrl: string | undefined;
  /** The configuration file the launch page read, unparsed; undefined when it kept none. */
  settings: unknown;
  /** The server's CapabilityStatement as the launch page read it; undefined when it kept none. */
  capabilityStatement: object | undefined;
}

/** The launch named by `state` that this window started and has not completed; undefined when there is none. */
export function pendingLaunch(state: string | null): PendingLaunch | undefined {
  const stored = state === null ? undefined : storedObject(state);
  if (stored === undefined || state === null) return undefined;
  const record = storedObject(pendingPrefix + state);
  return {
    signsIn: typeof stored.tokenUri === 'string',
    serverUrl: typeof stored.serverUrl === 'string' ? stored.serverUrl : undefined,
    settings: record?.settings,
    capabilityStatement: asCapabilityStatement(record?.capabilityStatement),
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
export function readLaunchRecord(stateKey: string): Pick<LaunchRecord, 'startedAt' | 'issuer'> | undefined {
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
