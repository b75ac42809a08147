import type { OperationOutcome } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { failure, httpError, type FailureKind } from '../lib/fhir/outcomes';
import { explainProblem } from './problem-text';

// `satisfies` fails to compile when a FailureKind is added or removed, so no kind goes unexplained.
const everyKind = {
  session: true,
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
  it.each(failureKinds)('explains %s with a message and an action', (kind) => {
    const { message, action } = explainProblem(failure(kind, 'internal detail'));
    expect(message.trim()).not.toBe('');
    expect(action.trim()).not.toBe('');
    expect(message).not.toContain('internal detail');
  });

  it('tells apart failures the clinician handles differently', () => {
    const distinct: FailureKind[] = ['session', 'forbidden', 'not-found', 'server', 'network', 'timeout'];
    const messages = new Set(distinct.map((kind) => explainProblem(failure(kind, '')).message));
    expect(messages.size).toBe(distinct.length);
  });

  it('repeats what the server said about an HTTP failure', () => {
    const problem = explainProblem(httpError(422, missingCategory, 'The FHIR server answered 422 Unprocessable Entity.'));
    expect(problem.serverSays).toBe('Flag.category is required');
    expect(problem.message).toBe(explainProblem(failure('invalid', '')).message);
  });

  it('has nothing from the server when its OperationOutcome carried no text', () => {
    const silent: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] };
    expect(explainProblem(httpError(403, silent, 'fallback')).serverSays).toBeUndefined();
  });

  it.each(failureKinds)('does not present Lantern’s own %s failure as the server’s words', (kind) => {
    expect(explainProblem(failure(kind, 'Expected a Patient from the FHIR server but received a Bundle.')).serverSays).toBeUndefined();
  });
});
