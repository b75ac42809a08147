import type { OperationOutcome } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  failure,
  failureKindForStatus,
  httpError,
  isOperationOutcome,
  normalizeError,
  normalizeOperationOutcome,
  OperationOutcomeError,
  outcome,
  outcomeText,
  technicalFailure,
  type FailureKind,
} from './outcomes';

const duplicateFlag: OperationOutcome = {
  resourceType: 'OperationOutcome',
  issue: [
    { severity: 'information', code: 'informational', diagnostics: 'Request received' },
    { severity: 'error', code: 'duplicate', details: { text: 'A safety flag with this identifier exists' }, diagnostics: 'HAPI-0987: duplicate' },
    { severity: 'error', code: 'invariant', diagnostics: 'Second error' },
  ],
};

describe('isOperationOutcome', () => {
  it('recognises an OperationOutcome with an issue list', () => {
    expect(isOperationOutcome(duplicateFlag)).toBe(true);
    expect(isOperationOutcome({ resourceType: 'OperationOutcome', issue: [] })).toBe(true);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'OperationOutcome'],
    ['another resource', { resourceType: 'Patient', issue: [] }],
    ['an outcome without issues', { resourceType: 'OperationOutcome' }],
    ['an outcome whose issue is not a list', { resourceType: 'OperationOutcome', issue: { severity: 'error' } }],
  ])('rejects %s', (_label, value) => {
    expect(isOperationOutcome(value)).toBe(false);
  });
});

describe('failureKindForStatus', () => {
  it.each<[number, FailureKind]>([
    [400, 'invalid'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [410, 'not-found'],
    [409, 'conflict'],
    [412, 'precondition'],
    [422, 'invalid'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [504, 'server'],
    [405, 'unknown'],
    [429, 'unknown'],
    [302, 'unknown'],
  ])('%i → %s', (status, kind) => {
    expect(failureKindForStatus(status)).toBe(kind);
  });
});

describe('httpError', () => {
  it('keeps the server’s OperationOutcome and status', () => {
    const error = httpError(409, duplicateFlag, 'fallback');
    expect(error).toBeInstanceOf(OperationOutcomeError);
    expect(error.kind).toBe('conflict');
    expect(error.status).toBe(409);
    expect(error.outcome).toBe(duplicateFlag);
    expect(error.message).toBe('A safety flag with this identifier exists');
    expect(error.serverSays).toBe('A safety flag with this identifier exists');
    expect(error.sentence).toBeUndefined();
  });

  it('falls back to its own text when the body is not an OperationOutcome, and claims it for neither side', () => {
    const error = httpError(503, '<html>busy</html>', 'The FHIR server answered 503 Service Unavailable.');
    expect(error.kind).toBe('server');
    expect(error.status).toBe(503);
    expect(outcomeText(error.outcome)).toBe('The FHIR server answered 503 Service Unavailable.');
    expect(error.outcome.issue[0]?.severity).toBe('error');
    expect(error.serverSays).toBeUndefined();
    expect(error.sentence).toBeUndefined();
  });
});

describe('failure', () => {
  it('builds an error without an HTTP status, keeping the cause', () => {
    const cause = new SyntaxError('Unexpected end of JSON input');
    const error = failure('malformed', 'Not valid JSON.', cause);
    expect(error.kind).toBe('malformed');
    expect(error.status).toBeUndefined();
    expect(error.message).toBe('Not valid JSON.');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('OperationOutcomeError');
  });

  it('marks its sentence as written for the clinician', () => {
    const error = failure('invalid', 'The questionnaire “Test tool” has no questions, so Lantern cannot use it.');
    expect(error.sentence).toBe('The questionnaire “Test tool” has no questions, so Lantern cannot use it.');
    expect(error.serverSays).toBeUndefined();
  });
});

describe('technicalFailure', () => {
  it('keeps its detail for support, not for the screen', () => {
    const error = technicalFailure('malformed', 'Expected a Patient from the FHIR server but received a Bundle.');
    expect(error.message).toBe('Expected a Patient from the FHIR server but received a Bundle.');
    expect(error.sentence).toBeUndefined();
    expect(error.serverSays).toBeUndefined();
  });
});

describe('normalizeError', () => {
  it('passes an OperationOutcomeError through unchanged', () => {
    const original = httpError(404, duplicateFlag, 'fallback');
    expect(normalizeError(original)).toBe(original);
  });

  it('treats a TypeError from fetch as a network failure', () => {
    const error = normalizeError(new TypeError('Failed to fetch'));
    expect(error.kind).toBe('network');
    expect(error.message).toBe('Failed to fetch');
    expect(error.status).toBeUndefined();
    expect(error.sentence).toBeUndefined();
  });

  it('treats a TimeoutError as a timeout', () => {
    const error = normalizeError(new DOMException('signal timed out', 'TimeoutError'));
    expect(error.kind).toBe('timeout');
    expect(outcomeText(error.outcome)).toBe('The request took too long.');
  });

  it('does not mistake another DOMException for a timeout', () => {
    expect(normalizeError(new DOMException('stopped', 'AbortError')).kind).not.toBe('timeout');
  });

  it('keeps the message of any other Error', () => {
    const cause = new RangeError('Invalid time value');
    const error = normalizeError(cause);
    expect(error.kind).toBe('unknown');
    expect(error.message).toBe('Invalid time value');
    expect(error.cause).toBe(cause);
    expect(error.sentence).toBeUndefined();
  });

  it.each<[string, unknown, string]>([
    ['a string', 'token endpoint unreachable', 'token endpoint unreachable'],
    ['a number', 42, '42'],
    ['undefined', undefined, 'undefined'],
  ])('turns %s into an unknown failure', (_label, thrown, text) => {
    const error = normalizeError(thrown);
    expect(error).toBeInstanceOf(OperationOutcomeError);
    expect(error.kind).toBe('unknown');
    expect(outcomeText(error.outcome)).toBe(text);
  });

  it('wraps a thrown OperationOutcome, keeping it', () => {
    const error = normalizeError(duplicateFlag);
    expect(error.kind).toBe('unknown');
    expect(error.outcome).toBe(duplicateFlag);
    expect(error.message).toBe('A safety flag with this identifier exists');
  });

  it('gives the OperationOutcome through normalizeOperationOutcome', () => {
    expect(normalizeOperationOutcome(duplicateFlag)).toBe(duplicateFlag);
    expect(outcomeText(normalizeOperationOutcome(new TypeError('Failed to fetch')))).toBe('Failed to fetch');
  });
});

describe('outcomeText', () => {
  it('prefers details.text of the first error issue over its diagnostics', () => {
    expect(outcomeText(duplicateFlag)).toBe('A safety flag with this identifier exists');
  });

  it('uses diagnostics when the issue has no details text', () => {
    expect(outcomeText(outcome('invariant', 'Flag.category is required'))).toBe('Flag.category is required');
  });

  it('takes a fatal issue as an error', () => {
    const fatal: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'warning', code: 'informational', diagnostics: 'Deprecated parameter' },
        { severity: 'fatal', code: 'exception', diagnostics: 'Database unavailable' },
      ],
    };
    expect(outcomeText(fatal)).toBe('Database unavailable');
  });

  it('falls back to the first issue when none is an error', () => {
    expect(outcomeText(outcome('informational', 'All OK', 'information'))).toBe('All OK');
  });

  it('is undefined when the server said nothing', () => {
    expect(outcomeText({ resourceType: 'OperationOutcome', issue: [] })).toBeUndefined();
    expect(outcomeText({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] })).toBeUndefined();
  });

  it('names the error by its kind when the outcome has no text', () => {
    const error = new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: [] }, 'forbidden', 403);
    expect(error.message).toBe('forbidden');
  });
});
