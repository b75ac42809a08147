import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
// fhirclient's own modules, not its documented API: pinned to 2.6.3 in package.json, and the e2e suite covers both.
import { SMART_KEY } from 'fhirclient/lib/settings';
import { fetchWellKnownJson } from 'fhirclient/lib/smart';
import type { fhirclient } from 'fhirclient/lib/types';
import { createFhirClient, type FhirAuthorization, type FhirClient, type FhirClientOptions } from './fhir-client';
import { technicalFailure, type OperationOutcomeError } from './outcomes';
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
 * Starts the SMART authorization; the browser leaves the page when it succeeds.
 *
 * fhirclient first deletes the launch state that sessionStorage's SMART_KEY points at. EHRs that show two Lantern
 * frames share one sessionStorage between them, so that state can be the other frame's launch in progress: drop
 * the pointer instead, and each launch keeps only its own state.
 */
export async function authorize(params: AuthorizeParams): Promise<void> {
  sessionStorage.removeItem(SMART_KEY);
  await FHIR.oauth2.authorize(params);
}

/**
 * Completes the launch on the redirect page. Call once per page load.
 *
 * Only the launch named by this page's `state` is completed, and once it is, its token, patient and encounter live
 * in this page's memory alone: fhirclient would otherwise keep them in sessionStorage, where a reload — or another
 * Lantern frame sharing the storage ("session bleed") — would pick up whichever patient was launched last.
 */
export async function ready(options?: FhirClientOptions): Promise<SmartSession> {
  const stateKey = new URL(window.location.href).searchParams.get('state');
  if (!stateKey) throw launchFailure(navigationType(), 'There is no launch to complete: the address has no state.');
  let client: Client;
  try {
    client = await FHIR.oauth2.ready();
  } catch (error) {
    throw launchFailure(navigationType(), error instanceof Error ? error.message : 'The SMART launch could not be completed.', error);
  } finally {
    // Completed or not, this launch's stored state (PKCE verifier, token, patient) is not needed again.
    sessionStorage.removeItem(stateKey);
    sessionStorage.removeItem(SMART_KEY);
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
  if (state === null) return undefined;
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(state) ?? 'null');
    if (typeof stored !== 'object' || stored === null) return undefined;
    return { signsIn: typeof (stored as { tokenUri?: unknown }).tokenUri === 'string' };
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
  const authorization: FhirAuthorization = {
    serverUrl: client.state.serverUrl,
    authorizationHeader: () => client.getAuthorizationHeader(),
    async refreshIfNeeded(signal) {
      try {
        await client.refreshIfNeeded({ signal });
      } catch {
        // A failed refresh surfaces as the 401 of the request that follows, which the UI explains.
      }
    },
    async refresh(signal) {
      if (!client.getState('tokenResponse.refresh_token')) return false;
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
