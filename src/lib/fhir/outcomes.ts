import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4';

/** What went wrong, in terms the UI can act on. */
export type FailureKind =
  | 'session' // no SMART session to resume: the app was opened directly or the launch state was lost
  | 'reloaded' // the page was reloaded or revisited after its launch: the session lived only in that page's memory
  | 'user-not-allowed' // the signed-in user is not one Lantern is set up for (not a clinician, or not identified)
  | 'permissions-refused' // the authorization server refused the access Lantern asked for (OAuth invalid_scope)
  | 'not-registered' // the authorization server does not know or allow Lantern's registration (invalid_client …)
  | 'sign-in-declined' // the user or the EHR declined the sign-in (OAuth access_denied)
  | 'unauthorized' // 401: token missing, expired or revoked and could not be refreshed
  | 'forbidden' // 403: outside the granted scopes or the user's rights
  | 'not-found' // 404
  | 'unsupported' // the server does not offer this kind of resource or interaction at all
  | 'conflict' // 409
  | 'precondition' // 412
  | 'invalid' // 400 / 422: the server rejected what we sent
  | 'server' // 5xx
  | 'network' // no response at all
  | 'timeout'
  | 'malformed' // a response that is not the FHIR JSON we asked for
  | 'unknown';

export interface OperationOutcomeErrorOptions extends ErrorOptions {
  /** A sentence Lantern wrote for the clinician about this failure; see {@link OperationOutcomeError.sentence}. */
  sentence?: string | undefined;
  /** The server's own words; see {@link OperationOutcomeError.serverSays}. */
  serverSays?: string | undefined;
}

export class OperationOutcomeError extends Error {
  readonly outcome: OperationOutcome;
  readonly kind: FailureKind;
  readonly status: number | undefined;
  /**
   * What Lantern wrote for the clinician about this particular failure, shown on screen in place of the kind's
   * general sentence. Undefined when the only text is the server's, a library's or the browser's: that text is
   * never presented as Lantern's words.
   */
  readonly sentence: string | undefined;
  /** The server's own words, from the OperationOutcome it answered with; undefined when it sent none. */
  readonly serverSays: string | undefined;

  constructor(outcome: OperationOutcome, kind: FailureKind, status?: number, options?: OperationOutcomeErrorOptions) {
    super(outcomeText(outcome) ?? kind, options);
    this.name = 'OperationOutcomeError';
    this.outcome = outcome;
    this.kind = kind;
    this.status = status;
    // An error that wraps another (a write step, a reclassified kind) keeps the words of the one it wraps.
    const wrapped = options?.cause instanceof OperationOutcomeError ? options.cause : undefined;
    this.sentence = options?.sentence ?? wrapped?.sentence;
    this.serverSays = options?.serverSays ?? wrapped?.serverSays;
  }
}

export function isOperationOutcome(value: unknown): value is OperationOutcome {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { resourceType?: unknown }).resourceType === 'OperationOutcome' &&
    Array.isArray((value as { issue?: unknown }).issue)
  );
}

export function outcome(
  code: OperationOutcomeIssue['code'],
  diagnostics: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

export function failureKindForStatus(status: number): FailureKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 412) return 'precondition';
  if (status === 400 || status === 422) return 'invalid';
  if (status >= 500) return 'server';
  return 'unknown';
}

const issueCodeForKind: Record<FailureKind, OperationOutcomeIssue['code']> = {
  session: 'login',
  reloaded: 'login',
  'user-not-allowed': 'forbidden',
  'permissions-refused': 'forbidden',
  'not-registered': 'security',
  'sign-in-declined': 'login',
  unauthorized: 'login',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  unsupported: 'not-supported',
  conflict: 'conflict',
  precondition: 'conflict',
  invalid: 'invalid',
  server: 'exception',
  network: 'transient',
  timeout: 'timeout',
  malformed: 'structure',
  unknown: 'exception',
};

/**
 * Builds the error for an HTTP failure, keeping the server's OperationOutcome when it sent one. `fallback` (such as
 * "The FHIR server answered 502.") is for logs and support: on screen the kind's general sentence stands.
 */
export function httpError(status: number, body: unknown, fallback: string): OperationOutcomeError {
  const kind = failureKindForStatus(status);
  if (isOperationOutcome(body)) return new OperationOutcomeError(body, kind, status, { serverSays: outcomeText(body) });
  return new OperationOutcomeError(outcome(issueCodeForKind[kind], fallback), kind, status);
}

/**
 * A failure Lantern found itself, with a sentence written for the clinician: it is shown on screen, so write it
 * in plain words (no resource types, ids or HTTP), saying what happened, not what to do (the kind says that).
 */
export function failure(kind: FailureKind, sentence: string, cause?: unknown): OperationOutcomeError {
  return new OperationOutcomeError(outcome(issueCodeForKind[kind], sentence), kind, undefined, { cause, sentence });
}

/**
 * A failure whose text is for logs and support only (a library's message, a protocol detail): on screen the
 * kind's general sentence stands.
 */
export function technicalFailure(kind: FailureKind, detail: string, cause?: unknown): OperationOutcomeError {
  return new OperationOutcomeError(outcome(issueCodeForKind[kind], detail), kind, undefined, { cause });
}

/**
 * A refusal the server explained in its own words (such as an OAuth `error_description`): shown apart as the EHR's,
 * beside Lantern's `sentence` when it wrote one for this case, else the kind's general sentence.
 */
export function refusal(kind: FailureKind, serverSays: string, sentence?: string): OperationOutcomeError {
  return new OperationOutcomeError(outcome(issueCodeForKind[kind], serverSays), kind, undefined, { sentence, serverSays });
}

/** Everything thrown becomes an OperationOutcomeError, so the UI has one shape to explain. */
export function normalizeError(error: unknown): OperationOutcomeError {
  if (error instanceof OperationOutcomeError) return error;
  if (isOperationOutcome(error)) return new OperationOutcomeError(error, 'unknown');
  // By name, not instanceof: a DOMException can come from another realm (jsdom in tests, frames in browsers).
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError') {
    return technicalFailure('timeout', 'The request took too long.', error);
  }
  if (error instanceof TypeError) return technicalFailure('network', error.message, error);
  if (error instanceof Error) return technicalFailure('unknown', error.message, error);
  return technicalFailure('unknown', String(error));
}

export function normalizeOperationOutcome(error: unknown): OperationOutcome {
  return normalizeError(error).outcome;
}

/** The server's own words, when it gave any: details.text, then diagnostics, of the first error issue. */
export function outcomeText(value: OperationOutcome): string | undefined {
  const issue = value.issue.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? value.issue[0];
  return issue?.details?.text ?? issue?.diagnostics;
}
