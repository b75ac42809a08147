/** OAuth errors (RFC 6749 §4.1.2.1) the simulated authorization server can answer a launch with. */
export const simulatedAuthorizationErrors = ['unauthorized_client', 'access_denied', 'server_error', 'temporarily_unavailable'] as const;
export type SimulatedAuthorizationError = (typeof simulatedAuthorizationErrors)[number];

/** What the simulated EHR knows at launch time; it travels inside the opaque `launch` parameter. */
export interface LaunchContext {
  /** Patient id. */
  patient?: string;
  /** Encounter id; absent when the EHR gives no encounter. */
  encounter?: string;
  /** e.g. 'Practitioner/dr-lee': the signed-in user, a Patient or RelatedPerson too (patient portals launch apps). */
  fhirUser: string;
  /** The id_token leaves out `fhirUser` (and `profile`), as an EHR that does not identify its user to apps does. */
  withholdFhirUser?: boolean;
  /** Defaults to true. */
  needPatientBanner?: boolean;
  /** Resource scopes the simulated user/EHR refuses to grant, e.g. ['patient/Condition.read'] (v1 and v2 forms match). */
  deniedScopes?: string[];
  /**
   * A request that asks for any denied scope is refused whole with OAuth `invalid_scope`, as some authorization
   * servers do, instead of being granted without the denied scopes.
   */
  refuseDeniedScopes?: boolean;
  /** The authorization server refuses this launch with this OAuth error, as an EHR does that does not let the app in. */
  authorizationError?: SimulatedAuthorizationError;
  /** Lifetime of this launch's access tokens, refreshed ones included; unset: the FHIR base's own. */
  accessTokenTtlSeconds?: number;
  /** The EHR ended the session: the token endpoint refuses this launch's refresh tokens. */
  refuseRefresh?: boolean;
  /** Writes through this launch are stored without `meta.security`, silently, as Oracle Health ignores unsupported fields. */
  dropsSecurityLabels?: boolean;
}

function toBase64Url(text: string): string {
  // btoa/atob keep this usable from the browser-side EHR simulator as well as Node.
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(value: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item: unknown) => typeof item === 'string');
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || (typeof value === 'string' && value.length > 0);
}

function optionalBoolean(value: unknown): value is boolean | undefined {
  return value === undefined || typeof value === 'boolean';
}

function optionalSeconds(value: unknown): value is number | undefined {
  return value === undefined || (Number.isInteger(value) && Number(value) > 0);
}

export function encodeLaunch(context: LaunchContext): string {
  return toBase64Url(JSON.stringify(context));
}

/** The launch context inside `value`, or undefined when it is not one this sandbox issued. */
export function decodeLaunch(value: string): LaunchContext | undefined {
  const json = fromBase64Url(value);
  if (json === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const {
    patient,
    encounter,
    fhirUser,
    withholdFhirUser,
    needPatientBanner,
    deniedScopes,
    refuseDeniedScopes,
    authorizationError,
    accessTokenTtlSeconds,
    refuseRefresh,
    dropsSecurityLabels,
  } = parsed;
  if (typeof fhirUser !== 'string' || fhirUser.length === 0) return undefined;
  if (!optionalString(patient) || !optionalString(encounter)) return undefined;
  if (!optionalBoolean(needPatientBanner) || !optionalBoolean(refuseRefresh) || !optionalBoolean(dropsSecurityLabels)) return undefined;
  if (!optionalBoolean(withholdFhirUser) || !optionalBoolean(refuseDeniedScopes)) return undefined;
  if (authorizationError !== undefined && !simulatedAuthorizationErrors.some((error) => error === authorizationError)) return undefined;
  if (deniedScopes !== undefined && !isStringArray(deniedScopes)) return undefined;
  if (!optionalSeconds(accessTokenTtlSeconds)) return undefined;
  return {
    fhirUser,
    ...(patient !== undefined ? { patient } : {}),
    ...(encounter !== undefined ? { encounter } : {}),
    ...(needPatientBanner !== undefined ? { needPatientBanner } : {}),
    ...(withholdFhirUser !== undefined ? { withholdFhirUser } : {}),
    ...(deniedScopes !== undefined ? { deniedScopes: [...deniedScopes] } : {}),
    ...(refuseDeniedScopes !== undefined ? { refuseDeniedScopes } : {}),
    ...(authorizationError !== undefined ? { authorizationError: authorizationError as SimulatedAuthorizationError } : {}),
    ...(accessTokenTtlSeconds !== undefined ? { accessTokenTtlSeconds } : {}),
    ...(refuseRefresh !== undefined ? { refuseRefresh } : {}),
    ...(dropsSecurityLabels !== undefined ? { dropsSecurityLabels } : {}),
  };
}
