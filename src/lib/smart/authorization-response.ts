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
