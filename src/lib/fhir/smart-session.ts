import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import type { fhirclient } from 'fhirclient/lib/types';
import { createFhirClient, type FhirAuthorization, type FhirClient, type FhirClientOptions } from './fhir-client';
import { failure } from './outcomes';

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

/** Starts the SMART authorization; the browser leaves the page when it succeeds. */
export async function authorize(params: AuthorizeParams): Promise<void> {
  await FHIR.oauth2.authorize(params);
}

/** Completes the launch on the redirect page. Call once per page load. */
export async function ready(options?: FhirClientOptions): Promise<SmartSession> {
  let client: Client;
  try {
    client = await FHIR.oauth2.ready();
  } catch (error) {
    throw failure('session', error instanceof Error ? error.message : 'The SMART launch could not be completed.', error);
  }
  return sessionFromClient(client, options);
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
  const match = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/.exec(stringOrUndefined(value) ?? '');
  return match?.[1];
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
