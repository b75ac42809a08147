import { jwtVerify } from 'jose';
import type { JWTVerifyGetKey } from 'jose';

export interface VerifiedAccessToken {
  scopes: string[];
  clientId: string;
  patient?: string;
  encounter?: string;
  /** Relative reference, e.g. 'Practitioner/dr-lee'. */
  fhirUser?: string;
  /** Epoch seconds (the JWT `exp`), like fhirclient's `state.expiresAt`. */
  expiresAt: number;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
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
    const clientId = optionalString(payload['client_id']);
    if (clientId === undefined || payload.exp === undefined) return undefined;
    const scope = optionalString(payload['scope']) ?? '';
    const patient = optionalString(payload['patient']);
    const encounter = optionalString(payload['encounter']);
    const fhirUser = optionalString(payload['fhirUser']);
    return {
      scopes: scope.split(' ').filter(Boolean),
      clientId,
      ...(patient !== undefined ? { patient } : {}),
      ...(encounter !== undefined ? { encounter } : {}),
      ...(fhirUser !== undefined ? { fhirUser } : {}),
      expiresAt: payload.exp,
    };
  } catch {
    // Any failure (bad signature, expired, wrong audience, malformed) means "not a valid token" to the caller.
    return undefined;
  }
}
