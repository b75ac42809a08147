import type { FailureKind, OperationOutcomeError } from '../lib/fhir/outcomes';

export interface ProblemText {
  /** What happened, in plain words: the sentence Lantern wrote for this failure, else its kind's. */
  message: string;
  /** What the clinician can do about it, by kind. */
  action: string;
  /** The server's own explanation, when it gave one; shown apart, as the EHR's words. */
  serverSays: string | undefined;
}

const explanations: Record<FailureKind, Omit<ProblemText, 'serverSays'>> = {
  session: {
    message: 'Lantern’s connection to the EHR was lost or never completed.',
    action: 'Close Lantern and open it again from the patient’s chart.',
  },
  reloaded: {
    message:
      'Lantern was reloaded. For the patient’s privacy it keeps answers only in this window’s memory, never in the browser, so anything entered before the reload was not kept.',
    action: 'Open Lantern again from the patient’s chart.',
  },
  'user-not-allowed': {
    message: 'Lantern is for the clinicians caring for the patient, and the EHR did not say that the person signed in is one.',
    action: 'If you are a clinician, ask your EHR administrator to check how Lantern is launched for you.',
  },
  'permissions-refused': {
    message: 'The EHR refused the access Lantern asked for.',
    action: 'Ask your EHR administrator to grant Lantern the access listed in its registration.',
  },
  'not-registered': {
    message: 'The EHR does not recognise Lantern’s registration.',
    action: 'Ask your EHR administrator to check Lantern’s registration in the EHR and its client id in Lantern’s configuration.',
  },
  'sign-in-declined': {
    message: 'The sign-in to the EHR was declined, so Lantern was not given access.',
    action: 'Open Lantern again from the patient’s chart to try again.',
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

/**
 * Lantern's own sentence for the failure when it wrote one; the server's words only apart, as the EHR's, and
 * library or HTTP text (kept in the OperationOutcome for support) never on screen.
 */
export function explainProblem(error: OperationOutcomeError): ProblemText {
  const explanation = explanations[error.kind];
  return { message: error.sentence ?? explanation.message, action: explanation.action, serverSays: error.serverSays };
}
