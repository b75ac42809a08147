import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { normalizeError } from '../lib/fhir/outcomes';
import { hasUnsavedEntries, type CheckInState } from './check-in-state';

/**
 * True once any of Lantern's requests failed with 401 after the refresh was refused: fhirclient then drops the
 * refresh token, so the session is over even if the access token still works for a while. Watches every query and
 * mutation, so it does not matter which request noticed.
 */
export function useEhrSessionOver(): boolean {
  const queryClient = useQueryClient();
  const [over, setOver] = useState(false);
  useEffect(() => {
    const check = (error: unknown): void => {
      if (error !== null && error !== undefined && normalizeError(error).kind === 'unauthorized') setOver(true);
    };
    // Errors from before this subscription started count too.
    for (const query of queryClient.getQueryCache().getAll()) check(query.state.error);
    // Only 'updated' events carry a new result; the others (a query built or observed) fire while a component
    // renders, and setting state then would update this component in the middle of another's render.
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated') check(event.query.state.error);
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated') check(event.mutation.state.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient]);
  return over;
}

/**
 * What the end of the session means for what was entered. Answers live in this page's memory only, so they stay on
 * screen until Lantern closes and are gone after a relaunch; the clinician hears that before closing, not after.
 * With nothing entered or already recorded there is nothing to add: the failed request says to open Lantern again.
 */
export function SessionOverNotice({ state }: { state: CheckInState }): ReactNode {
  if (!hasUnsavedEntries(state)) return null;
  return (
    <p role="alert" className="card">
      Lantern’s connection to the EHR has ended, so it cannot record what you entered. Your answers stay on this screen
      until you close Lantern, and Lantern keeps no copy: print the summary under Record, or note what you need, before
      opening Lantern again from the patient’s chart.
    </p>
  );
}
