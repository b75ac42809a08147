import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { BackendClient } from '../auth/auth-server';
import { DIRECTORY_ORGANIZATION_ID, HEALTHCARE_SERVICE_ID } from '../synthetic/directory';

/**
 * Direct Light, the sandbox's community partner: an anti-trafficking victim-services organisation that receives
 * Lantern's referral Tasks. It has no FHIR server of its own; it reads and answers the Tasks it owns on the EHR's
 * FHIR base, as a SMART Backend Services client registered with the EHR's authorization server.
 */

export const directLightOrganizationId = DIRECTORY_ORGANIZATION_ID.directLight;
/** What a referral Task's `owner` says when Direct Light is to answer it. */
export const directLightOrganizationReference = `Organization/${directLightOrganizationId}`;
export const directLightServiceId = HEALTHCARE_SERVICE_ID.directLight;
export const directLightClientId = 'direct-light-sandbox';
export const partnerPagePath = '/sandbox/partner';

/**
 * What Direct Light registered for, in SMART v2 syntax: find and read its Tasks, update them, and read the
 * referral each one is about. No create, no delete, nothing patient-level.
 */
export const directLightScopes = ['system/Task.rs', 'system/Task.u', 'system/ServiceRequest.r'] as const;

/** Its signing key (ES384, as SMART Backend Services asks servers to support); only the public half is registered. */
export interface DirectLightKeys {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createDirectLightKeys(): Promise<DirectLightKeys> {
  const { privateKey, publicKey } = await generateKeyPair('ES384');
  const jwk = await exportJWK(publicKey);
  return { privateKey, publicJwk: { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES384', use: 'sig' } };
}

/** Direct Light as the EHR's authorization server registered it. */
export function directLightBackendClient(keys: DirectLightKeys): BackendClient {
  return {
    clientId: directLightClientId,
    jwks: { keys: [keys.publicJwk] },
    scopes: directLightScopes,
    organization: directLightOrganizationReference,
  };
}
