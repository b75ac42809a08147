import { jwtVerify } from 'jose';
import type { JWTVerifyGetKey } from 'jose';

export interface VerifiedAccessToken {
  scopes: string[];
  clientId: string;
  patient?: string;
  encounter?: string;
  /** Relative reference, e.g. 'Practitioner/dr-lee'. */
  fhirUser?: string;
  /** Epoch seconds (the token's `exp`), like fhirclient's `state.expiresAt`. */
  expiresAt: number;
  /** The launch asked the FHIR base to store writes without their `meta.security`, as Oracle Health does. */
  dropsSecurityLabels?: true;
  /**
   * A backend client registered as acting for one organisation (e.g. 'Organization/org-direct-light'): the FHIR base
   * holds the token to that organisation's Tasks, whatever its scopes say.
   */
  organization?: string;
}

/** Sandbox-only claim carrying the launch's "drops security labels" choice from the auth server to the FHIR base. */
export const dropsSecurityLabelsClaim = 'sandbox_drops_security_labels';

/** Sandbox-only claim naming the organisation a backend client acts for (SMART defines none for this). */
export const organizationClaim = 'sandbox_organization';

/** An opaque access token as the authorization server stored it. */
export interface StoredAccessToken {
  clientId: string;
  scope?: string;
  /** The FHIR base it was issued for. */
  aud?: string;
  exp?: number;
  /** The launch context claims a JWT would carry (`patient`, `encounter`, `fhirUser`, and the sandbox's own). */
  extra?: Readonly<Record<string, unknown>>;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The token as the FHIR base sees it, from claims named as in a SMART JWT access token. */
function fromClaims(claims: Readonly<Record<string, unknown>>): VerifiedAccessToken | undefined {
  const clientId = optionalString(claims['client_id']);
  const expiresAt = claims['exp'];
  if (clientId === undefined || typeof expiresAt !== 'number') return undefined;
  const scope = optionalString(claims['scope']) ?? '';
  const patient = optionalString(claims['patient']);
  const encounter = optionalString(claims['encounter']);
  const fhirUser = optionalString(claims['fhirUser']);
  const organization = optionalString(claims[organizationClaim]);
  return {
    scopes: scope.split(' ').filter(Boolean),
    clientId,
    ...(patient !== undefined ? { patient } : {}),
    ...(encounter !== undefined ? { encounter } : {}),
    ...(fhirUser !== undefined ? { fhirUser } : {}),
    expiresAt,
    ...(claims[dropsSecurityLabelsClaim] === true ? { dropsSecurityLabels: true as const } : {}),
    ...(organization !== undefined ? { organization } : {}),
  };
}

/** Verifies signature, `iss`, `aud`, `typ` and expiry of a sandbox JWT access token; undefined when any check fails. */
export async function verifySmartAccessToken(
  token: string,
  keys: JWTVerifyGetKey,
  expected: { issuer: string; audience: string },
): Promise<VerifiedAccessToken | undefined> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: expected.issuer,
      audience: expected.audience,
      algorithms: ['RS256'],
      typ: 'at+jwt',
    });
    return fromClaims(payload);
  } catch {
    // Any failure (bad signature, expired, wrong audience, malformed) means "not a valid token" to the caller.
    return undefined;
  }
}

/** Looks up an opaque access token and checks its expiry and audience; undefined when it is unknown or any check fails. */
export async function verifyOpaqueAccessToken(
  token: string,
  find: (token: string) => Promise<StoredAccessToken | undefined>,
  expected: { audience: string },
): Promise<VerifiedAccessToken | undefined> {
  const stored = await find(token);
  if (stored?.aud !== expected.audience || stored.exp === undefined) return undefined;
  // The store still finds a token within its clock tolerance after `exp`; a JWT is refused from `exp` on, so this one is too.
  if (stored.exp <= Math.floor(Date.now() / 1000)) return undefined;
  return fromClaims({ ...stored.extra, client_id: stored.clientId, scope: stored.scope, exp: stored.exp });
}
