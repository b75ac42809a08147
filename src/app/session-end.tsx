import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { emptyDecision } from '../features/referral/decision-rules';
import { normalizeError } from '../lib/fhir/outcomes';
import type { SmartSession } from '../lib/fhir/smart-session';
import type { CheckInState } from './check-in-state';
import { keepForRelaunch, keptForMinutes, takeKeptCheckIn } from './kept-check-in';

/**
 * True while the latest of Lantern's requests to settle failed with 401 after the token could not be renewed: the
 * EHR session has ended, and only a relaunch goes on. Watches every query and mutation, so it does not matter which
 * request noticed; a later success (the EHR accepted the token after all) means it had not.
 */
function useSessionEnded(): boolean {
  const queryClient = useQueryClient();
  const [ended, setEnded] = useState(() => queryClient.getQueryCache().getAll().some((query) => endsSession(query.state.error)));
  useEffect(() => {
    const settled = (action: { type: string } | undefined, error: unknown): void => {
      if (action?.type === 'error' && endsSession(error)) setEnded(true);
      if (action?.type === 'success') setEnded(false);
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated') settled(event.action, event.query.state.error);
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated') settled(event.action, event.mutation.state.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient]);
  return ended;
}

function endsSession(error: unknown): boolean {
  return error !== null && error !== undefined && normalizeError(error).kind === 'unauthorized';
}

function enteredAnything(state: CheckInState): boolean {
  return state.observed.length > 0 || Object.keys(state.answers).length > 0 || state.decision !== emptyDecision;
}

export interface SessionEndState {
  ended: boolean;
  /** What the clinician entered was kept for the relaunch. */
  kept: boolean;
}

/**
 * When the session ends, keeps what the clinician entered for the relaunch (kept-check-in.ts). Call it where it stays
 * mounted through quick-hide, so the end is not forgotten when the view changes.
 */
export function useSessionEnd(session: SmartSession, state: CheckInState): SessionEndState {
  const ended = useSessionEnded();
  const { patientId } = session.context;
  const kept = ended && patientId !== undefined && state.written === undefined && enteredAnything(state);
  useEffect(() => {
    if (patientId === undefined) return;
    const owner = { serverUrl: session.fhir.baseUrl, patientId };
    // Kept only while the session is over; once a request succeeds again, this page holds it and the copy goes.
    if (kept) keepForRelaunch(owner, state);
    else takeKeptCheckIn(owner);
  }, [kept, session.fhir.baseUrl, patientId, state]);
  return { ended, kept };
}

/**
 * Says that what was entered waits for the relaunch. With nothing entered there is nothing to add: the request that
 * failed already says to open Lantern again.
 */
export function SessionEndNotice({ kept }: SessionEndState): ReactNode {
  if (!kept) return null;
  return (
    <p role="alert" className="card">
      Lantern’s connection to the EHR has ended. What you entered is kept in this browser tab for {keptForMinutes} minutes: open
      Lantern again from this patient’s chart and it will be back, ready to record; nothing will be written twice.
    </p>
  );
}
