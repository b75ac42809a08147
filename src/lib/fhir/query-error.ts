import type { OperationOutcomeError } from './outcomes';

// Every query and mutation function goes through the FHIR layer, which only ever throws OperationOutcomeError.
declare module '@tanstack/react-query' {
  interface Register {
    defaultError: OperationOutcomeError;
  }
}
