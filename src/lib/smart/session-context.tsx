import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import type { Stored } from '../fhir/fhir-client';
import type { SmartSession } from '../fhir/smart-session';
import { launchContextQueryOptions, patientQueryOptions, type LaunchContext } from './launch-context';

const SessionContext = createContext<SmartSession | undefined>(undefined);

export function SmartSessionProvider({ session, children }: { session: SmartSession; children: ReactNode }): ReactNode {
  return <SessionContext value={session}>{children}</SessionContext>;
}

/** The one way components reach the session: set once by the app, under the query client. */
export function useSmartSession(): SmartSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSmartSession must be used inside SmartSessionProvider');
  return session;
}

/** The patient, user and visit of this launch; read once per session and shared by every component that asks. */
export function useLaunchContext(): UseQueryResult<LaunchContext> {
  return useQuery(launchContextQueryOptions(useSmartSession()));
}

/** The launch patient alone, which arrives before the user and visit reads do. */
export function useLaunchPatient(): UseQueryResult<Stored<'Patient'>> {
  return useQuery(patientQueryOptions(useSmartSession()));
}
