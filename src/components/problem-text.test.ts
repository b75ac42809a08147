import type { OperationOutcome } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { failure, httpError, normalizeError, OperationOutcomeError, technicalFailure, type FailureKind } from '../lib/fhir/outcomes';
import { explainProblem } from './problem-text';

// `satisfies` fails to compile when a FailureKind is added or removed, so no kind goes unexplained.
const everyKind = {
  session: true,
  reloaded: true,
  'user-not-allowed': true,
  'permissions-refused': true,
  'not-registered': true,
  'sign-in-declined': true,
  unauthorized: true,
  forbidden: true,
  'not-found': true,
  unsupported: true,
  conflict: true,
  precondition: true,
  invalid: true,
  server: true,
  network: true,
  timeout: true,
  malformed: true,
  unknown: true,
} satisfies Record<FailureKind, true>;
const failureKinds = Object.keys(everyKind) as FailureKind[];

const missingCategory: OperationOutcome = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'required', details: { text: 'Flag.category is required' }, diagnostics: 'HAPI-1821' }],
};

describe('explainProblem', () => {
  it.each(failureKinds)('explains %s with a message and an action of its own', (kind) => {
    const { message, action } = explainProblem(technicalFailure(kind, 'internal detail'));
    expect(message.trim()).not.toBe('');
    expect(action.trim()).not.toBe('');
    expect(message).not.toContain('internal detail');
  });

  it.each(failureKinds)('shows the sentence Lantern wrote for a %s failure, with the kind’s action', (kind) => {
    const sentence = 'The visit the EHR opened Lantern with belongs to another patient, so Lantern does not show it.';
    const problem = explainProblem(failure(kind, sentence));
    expect(problem.message).toBe(sentence);
    expect(problem.action).toBe(explainProblem(technicalFailure(kind, '')).action);
  });

  it('tells apart failures the clinician handles differently', () => {
    const distinct: FailureKind[] = ['session', 'reloaded', 'user-not-allowed', 'permissions-refused', 'not-registered', 'sign-in-declined', 'forbidden', 'not-found', 'server', 'network', 'timeout'];
    const messages = new Set(distinct.map((kind) => explainProblem(technicalFailure(kind, '')).message));
    expect(messages.size).toBe(distinct.length);
  });

  it('says what a reload did, calmly, and how to carry on', () => {
    const { message, action } = explainProblem(technicalFailure('reloaded', 'no state'));
    expect(message).toMatch(/^Lantern was reloaded\. .*only in this window’s memory, never in the browser.*was not kept\.$/);
    expect(action).toBe('Open Lantern again from the patient’s chart.');
  });

  it('repeats what the server said about an HTTP failure, apart from Lantern’s words', () => {
    const problem = explainProblem(httpError(422, missingCategory, 'The FHIR server answered 422 Unprocessable Entity.'));
    expect(problem.serverSays).toBe('Flag.category is required');
    expect(problem.message).toBe(explainProblem(technicalFailure('invalid', '')).message);
  });

  it('keeps the server’s words when a failure is wrapped and reclassified', () => {
    const wrapped = httpError(404, missingCategory, 'fallback');
    const problem = explainProblem(new OperationOutcomeError(wrapped.outcome, 'unsupported', 404, { cause: wrapped }));
    expect(problem.serverSays).toBe('Flag.category is required');
  });

  it('keeps Lantern’s sentence when a failure is wrapped', () => {
    const own = failure('conflict', 'The safety flag on the chart was closed while you were working.');
    expect(explainProblem(new OperationOutcomeError(own.outcome, own.kind, undefined, { cause: own })).message).toBe(own.sentence);
  });

  it('passes off neither HTTP nor browser text as Lantern’s or the EHR’s words', () => {
    const gateway = explainProblem(httpError(502, '<html>Bad gateway</html>', 'The FHIR server answered 502 Bad Gateway.'));
    expect(gateway).toEqual({ ...explainProblem(technicalFailure('server', '')), serverSays: undefined });
    const offline = explainProblem(normalizeError(new TypeError('Failed to fetch')));
    expect(offline.message).toBe('Lantern could not reach the EHR.');
    expect(explainProblem(normalizeError(new Error('Cannot read properties of undefined'))).message).toBe('Something went wrong.');
  });

  it('has nothing from the server when its OperationOutcome carried no text', () => {
    const silent: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] };
    expect(explainProblem(httpError(403, silent, 'fallback')).serverSays).toBeUndefined();
  });

  it.each(failureKinds)('does not present Lantern’s own %s failure as the server’s words', (kind) => {
    expect(explainProblem(failure(kind, 'The EHR did not say which patient is open.')).serverSays).toBeUndefined();
    expect(explainProblem(technicalFailure(kind, 'Expected a Patient from the FHIR server but received a Bundle.')).serverSays).toBeUndefined();
  });
});
