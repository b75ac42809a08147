import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { normalizeError } from '../lib/fhir/outcomes';
import type { SmartSession } from '../lib/fhir/smart-session';
import { calendarDay } from '../lib/fhir/format';
import { SmartSessionProvider } from '../lib/smart/session-context';
import { ChartPanel } from '../features/chart/components/ChartPanel';
import { Shell } from './Shell';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Clinical data: never refetch behind the clinician's back on focus; retry once, quickly.
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => failureCount < 1 && ['network', 'timeout', 'server'].includes(normalizeError(error).kind),
      },
    },
  });
}

interface AppProps {
  session: SmartSession;
  /** The day indicators and chart windows are computed for; injectable so tests are stable. */
  asOf?: string;
  queryClient?: QueryClient;
}

export function App({ session, asOf, queryClient }: AppProps): ReactNode {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const [day] = useState(() => asOf ?? calendarDay(new Date()));
  return (
    <QueryClientProvider client={client}>
      <SmartSessionProvider session={session}>
        <Shell>
          <ChartPanel asOf={day} />
        </Shell>
      </SmartSessionProvider>
    </QueryClientProvider>
  );
}
