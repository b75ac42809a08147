import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { emptyDecision } from '../features/referral/decision-rules';
import { normalizeError } from '../lib/fhir/outcomes';
import type { SmartSession } from '../lib/fhir/smart-session';
import type { CheckInState } from './check-in-state';
import { keepForRelaunch, keptFor, keptForMinutes, takeKeptCheckIn } from './kept-check-in';

/**
 * True once any of Lantern's requests failed with 401 after the refresh was refused: fhirclient then drops the
 * refresh token, so the session is over even if the access token still works for a while. Watches every query and
 * mutation, so it does not matter which request noticed.
 */
function useEhrSessionOver(): boolean {
  const queryClient = useQueryClient();
  const [over, setOver] = useState(false);
  useEffect(() => {
    const check = (error: unknown): void => {
      if (error !== null && error !== undefined && normalizeError(error).kind === 'unauthorized') setOver(true);
    };
    // Errors from before this subscription started count too.
    for (const query of queryClient.getQueryCache().getAll()) check(query.state.error);
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      check(event.query.state.error);
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      check(event.mutation?.state.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient]);
  return over;
}

function enteredAnything(state: CheckInState): boolean {
  return state.observed.length > 0 || Object.keys(state.answers).length > 0 || JSON.stringify(state.decision) !== JSON.stringify(emptyDecision);
}

/**
 * Once the session is over, keeps what the clinician entered for the relaunch (kept-check-in.ts) and answers whether
 * it did; the copy goes when it is recorded after all or its time is up. Call it where it stays mounted through
 * quick-hide.
 */
export function useKeepForRelaunch(session: SmartSession, state: CheckInState): boolean {
  const over = useEhrSessionOver();
  const owner = useMemo(() => keptFor(session), [session]);
  const keep = over && owner !== undefined && state.written === undefined && enteredAnything(state);
  const keptHere = useRef(false);
  useEffect(() => {
    if (!owner) return undefined;
    if (!keep) {
      // Only the copy this page kept: another frame's for the same patient is not this page's to drop.
      if (keptHere.current) takeKeptCheckIn(owner);
      keptHere.current = false;
      return undefined;
    }
    keepForRelaunch(owner, state);
    keptHere.current = true;
    const expiry = setTimeout(() => takeKeptCheckIn(owner), keptForMinutes * 60_000);
    return () => {
      clearTimeout(expiry);
    };
  }, [keep, state, owner]);
  return keep;
}

/**
 * Says that what was entered waits for the relaunch. With nothing entered there is nothing to add: the request that
 * failed already says to open Lantern again.
 */
export function KeptForRelaunchNotice({ kept }: { kept: boolean }): ReactNode {
  if (!kept) return null;
  return (
    <p role="alert" className="card">
      Lantern’s connection to the EHR has ended. What you entered is kept in this browser tab for {keptForMinutes} minutes: open
      Lantern again from this patient’s chart and it will be back, ready to record; nothing will be written twice.
    </p>
  );
}
