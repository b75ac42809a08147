import { createContext, useContext, type ReactNode } from 'react';
import type { SmartSession } from '../fhir/smart-session';

const SessionContext = createContext<SmartSession | undefined>(undefined);

export function SmartSessionProvider({ session, children }: { session: SmartSession; children: ReactNode }): ReactNode {
  return <SessionContext value={session}>{children}</SessionContext>;
}

export function useSmartSession(): SmartSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSmartSession must be used inside SmartSessionProvider');
  return session;
}
