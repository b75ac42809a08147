import { trustedUrl } from './trusted-url';

/**
 * Checks on the authorization server's redirect back to Lantern that fhirclient 2.6.3 does not make: the OAuth
 * `state` it is matched by, and the RFC 9207 `iss` that tells which authorization server sent it.
 *
 * Several EHRs' authorization servers send clinicians back to the one redirect URI, so a response from the wrong one
 * (a mix-up attack) could otherwise have its code sent to the token endpoint of the launch in progress.
 */

/** What the launch remembers from authorize time to check the response with. */
export interface IssuerExpectation {
  /** The authorization server's `issuer` from its metadata, compared character for character (RFC 9207 §2.4). */
  issuer: string;
  /** The server advertises `authorization_response_iss_parameter_supported`: a response without `iss` is refused. */
  required: boolean;
}

/** 32 bytes from the platform's CSPRNG, base64url: 256 bits, where fhirclient's own uses Math.random. */
export function newOAuthState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * From `.well-known/smart-configuration`: the issuer an `iss` in the response must equal, required when the server
 * advertises `authorization_response_iss_parameter_supported`; undefined when the metadata names no issuer; or why
 * the launch cannot go on (it promises an `iss` but does not say which).
 */
export function issuerExpectation(configuration: unknown): IssuerExpectation | { refusal: string } | undefined {
  if (typeof configuration !== 'object' || configuration === null) return undefined;
  const { authorization_response_iss_parameter_supported: supported, issuer } = configuration as Record<string, unknown>;
  const required = supported === true;
  if (typeof issuer !== 'string' || issuer === '') {
    return required ? { refusal: 'The EHR’s sign-in settings say its answers name their sender, but not what that name is.' } : undefined;
  }
  return { issuer, required };
}

const metadataTimeoutMs = 5_000;

/**
 * The expectation from smart-configuration, or — where that names an issuer without advertising RFC 9207 — from the
 * authorization server's own metadata (RFC 8414 `oauth-authorization-server`, then OpenID `openid-configuration`),
 * which may advertise it. Metadata that cannot be read, or that names another issuer, changes nothing.
 */
export async function discoverIssuerExpectation(
  smartConfiguration: unknown,
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
): Promise<IssuerExpectation | { refusal: string } | undefined> {
  const expectation = issuerExpectation(smartConfiguration);
  if (expectation === undefined || 'refusal' in expectation || expectation.required) return expectation;
  const issuerUrl = trustedUrl(expectation.issuer, 'server').url;
  if (!issuerUrl) return expectation;
  const path = issuerUrl.pathname.replace(/\/+$/, '');
  const candidates = [
    `${issuerUrl.origin}/.well-known/oauth-authorization-server${path}`,
    `${issuerUrl.origin}${path}/.well-known/openid-configuration`,
  ];
  for (const url of candidates) {
    const metadata = await readJson(url, fetchImpl);
    const advertised = issuerExpectation(metadata);
    if (advertised && !('refusal' in advertised) && advertised.issuer === expectation.issuer) return advertised;
  }
  return expectation;
}

async function readJson(url: string, fetchImpl: typeof fetch): Promise<unknown> {
  try {
    const response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(metadataTimeoutMs) });
    return response.ok ? ((await response.json()) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the redirect's `iss` does not prove it came from the expected authorization server, or undefined when it does,
 * or when it has none and that server never promised one (RFC 9207 §2.4: an `iss` that is present is always compared).
 */
export function responseIssuerProblem(expected: IssuerExpectation | undefined, responseIss: string | null): string | undefined {
  if (expected === undefined) return undefined;
  if (responseIss === null) return expected.required ?  'The sign-in answer did not say which sign-in server sent it, though that server always says so.' : undefined;
  if (responseIss !== expected.issuer) return 'The sign-in answer came from a different sign-in server than the one Lantern asked.';
  return undefined;
}
