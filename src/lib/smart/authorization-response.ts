import { refusal, technicalFailure, type FailureKind, type OperationOutcomeError } from '../fhir/outcomes';
import { plainText } from '../fhir/untrusted-json';

/** The authorization response's parameters (RFC 6749 §4.1.2, RFC 9207 `iss`): none is needed once the launch settled. */
const responseParameters = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri'] as const;

/** Long enough for any real server's description, short enough that a page of text cannot be passed off as the EHR's. */
export const maxDescriptionLength = 300;

/** What each OAuth error code means for the clinician (RFC 6749 §4.1.2.1, RFC 8707 `invalid_target`). */
const meanings: Record<string, { kind: FailureKind; sentence?: string }> = {
  invalid_scope: { kind: 'permissions-refused' },
  access_denied: { kind: 'sign-in-declined' },
  unauthorized_client: { kind: 'not-registered' },
  invalid_client: { kind: 'not-registered' },
  unsupported_response_type: { kind: 'not-registered' },
  invalid_request: { kind: 'not-registered', sentence: 'The EHR did not accept the way Lantern asked to sign in.' },
  invalid_target: { kind: 'not-registered', sentence: 'The EHR did not accept the FHIR server Lantern asked to use.' },
  server_error: { kind: 'server', sentence: 'The EHR’s sign-in service had a problem and could not let Lantern in.' },
  temporarily_unavailable: { kind: 'server', sentence: 'The EHR’s sign-in service is busy or down for the moment.' },
};

/** RFC 6749's character set for `error`: printable ASCII without `"` and `\`. */
const errorCodePattern = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

/**
 * The refusal the authorization server redirected back with, or undefined when the address carries none. Only an
 * answer to a launch this window started (`isPendingLaunch(state)`) is believed: anyone can craft a link with
 * `error_description=…`, and its words must never appear as the EHR's.
 */
export function authorizationErrorIn(href: string, isPendingLaunch: (state: string) => boolean): OperationOutcomeError | undefined {
  const params = new URL(href).searchParams;
  const code = params.get('error');
  const state = params.get('state');
  if (code === null || state === null || !isPendingLaunch(state)) return undefined;
  if (!errorCodePattern.test(code)) return technicalFailure('session', 'The authorization server answered with an error code that is not one OAuth defines.');
  const description = plainText(params.get('error_description') ?? undefined, maxDescriptionLength);
  const serverSays = description === undefined ? code : `${description} (${code})`;
  const meaning = meanings[code] ?? { kind: 'session', sentence: 'The EHR refused to let Lantern in.' };
  return refusal(meaning.kind, serverSays, meaning.sentence);
}

/** The address without the authorization response, so neither the code, the state nor an error stays in the address bar. */
export function withoutAuthorizationResponse(href: string): string {
  const url = new URL(href);
  for (const parameter of responseParameters) url.searchParams.delete(parameter);
  return `${url.pathname}${url.search}${url.hash}`;
}
