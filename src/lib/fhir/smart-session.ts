import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import type { fhirclient } from 'fhirclient/lib/types';
import { createFhirClient, type FhirAuthorization, type FhirClient, type FhirClientOptions } from './fhir-client';
import { responseIssuerProblem } from '../smart/authorization-issuer';
import { trustedUrl } from '../smart/trusted-url';
import { failure, OperationOutcomeError, technicalFailure } from './outcomes';
import { fhirIdSource } from './fhir-ids';
import { forgetLaunch, readLaunchRecord, storedObject } from './smart-launch';

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
