// The stack floor is deliberately not Lantern: the libraries Lantern's first screen is built on, each doing the least
// Lantern does with it — fhirclient's ready(), TanStack Query's useQueries, React rendering the answer.
// eslint-disable-next-line no-restricted-imports
import FHIR from 'fhirclient';
import { QueryClient, QueryClientProvider, useQueries } from '@tanstack/react-query';
import { createElement, StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

type Client = Awaited<ReturnType<typeof FHIR.oauth2.ready>>;

function Count({ client }: { client: Client }): ReactNode {
  const results = useQueries({
    queries: ['Condition', 'Observation'].map((type) => ({
      queryKey: [type],
      queryFn: () => client.request<{ total?: number }>(`${type}?patient=${client.patient.id ?? ''}`),
    })),
  });
  return createElement('output', null, results.map((result) => result.data?.total ?? 0).join(' '));
}

const container = document.getElementById('root');
void FHIR.oauth2.ready().then((client) => {
  if (!container) return;
  createRoot(container).render(
    createElement(StrictMode, null, createElement(QueryClientProvider, { client: new QueryClient() }, createElement(Count, { client }))),
  );
});
