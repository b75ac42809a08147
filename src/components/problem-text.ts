import { outcomeText, type FailureKind, type OperationOutcomeError } from '../lib/fhir/outcomes';

export interface ProblemText {
  /** What happened, in one plain sentence. */
  message: string;
  /** What the clinician can do about it. */
  action: string;
  /** The server's own explanation, when it gave one. */
  serverSays: string | undefined;
}

const explanations: Record<FailureKind, Omit<ProblemText, 'serverSays'>> = {
  session: {
    message: 'Lantern’s connection to the EHR was lost or never completed.',
    action: 'Close Lantern and open it again from the patient’s chart.',
  },
  unauthorized: {
    message: 'The EHR session has expired or was not accepted.',
    action: 'Close Lantern and open it again from the patient’s chart.',
  },
  forbidden: {
    message: 'The EHR did not give Lantern permission for this.',
    action: 'Ask your EHR administrator to grant Lantern the access listed in its registration.',
  },
  'not-found': {
    message: 'The EHR could not find this record.',
    action: 'Check that the chart is still open, then open Lantern again.',
  },
  unsupported: {
    message: 'This EHR does not offer this kind of record to apps.',
    action: 'Nothing to do: Lantern works without it.',
  },
  conflict: {
    message: 'The record changed in the EHR while Lantern was working on it.',
    action: 'Try again.',
  },
  precondition: {
    message: 'The record changed in the EHR while Lantern was working on it.',
    action: 'Try again.',
  },
  invalid: {
    message: 'The EHR did not accept Lantern’s request.',
    action: 'Try again; if it keeps happening, tell your EHR support team.',
  },
  server: {
    message: 'The EHR had a problem answering.',
    action: 'Try again in a moment.',
  },
  network: {
    message: 'Lantern could not reach the EHR.',
    action: 'Check the network connection, then try again.',
  },
  timeout: {
    message: 'The EHR took too long to answer.',
    action: 'Try again.',
  },
  malformed: {
    message: 'The EHR sent data Lantern could not read.',
    action: 'Try again; if it keeps happening, tell your EHR support team.',
  },
  unknown: {
    message: 'Something went wrong.',
    action: 'Try again.',
  },
};

/** The server's text is only repeated when it adds something: for our own failures it is the same sentence. */
export function explainProblem(error: OperationOutcomeError): ProblemText {
  const explanation = explanations[error.kind];
  const serverSays = error.status === undefined ? undefined : outcomeText(error.outcome);
  return { ...explanation, serverSays };
}
