import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { OperationOutcomeError } from '../src/lib/fhir/outcomes';

/** An MSW server for one test file: unhandled requests fail loudly, and each test starts from the happy path. */
export function setupMswServer(): ReturnType<typeof setupServer> {
  const server = setupServer();
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    server.resetHandlers();
  });
  afterAll(() => {
    server.close();
  });
  return server;
}

/** The OperationOutcomeError a promise rejects with; anything else fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<OperationOutcomeError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof OperationOutcomeError)) throw new Error(`Expected an OperationOutcomeError, got ${String(error)}`);
  return error;
}
