// The floor is deliberately not Lantern: fhirclient as its README shows it, with nothing of src/lib/fhir but the search paths (floor-reads.ts).
// eslint-disable-next-line no-restricted-imports
import FHIR from 'fhirclient';
import { QueryClient, QueryClientProvider, useQueries } from '@tanstack/react-query';
import { createElement, StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { readPages, type Client } from './floor-client';
import { calendarDay, floorReads } from './floor-reads';

/**
 * The React floor: what the floor does, with the framework Lantern's first screen is built on. After `ready()`, React
 * 19 renders one component whose TanStack Query queries make the floor's reads in one wave (next pages included);
 * when all have answered it renders the count, where the bench reads it (`#floor-count`, `data-done`).
 */
function Count({ client, patientId }: { client: Client; patientId: string }): ReactNode {
  const reads = floorReads(patientId, client.encounter.id ?? undefined, calendarDay(new Date()));
  const results = useQueries({ queries: reads.map((read) => ({ queryKey: [read.path], queryFn: () => readPages(client, read), retry: false })) });
  const failed = results.find((result) => result.isError);
  if (failed) return createElement('output', { id: 'floor-count', 'data-failed': 'true' }, `failed: ${failed.error.message}`);
  const done = results.every((result) => result.isSuccess);
  const count = results.reduce((total, result) => total + (result.data ?? 0), 0);
  return createElement('output', { id: 'floor-count', ...(done ? { 'data-done': 'true' } : {}) }, done ? String(count) : '…');
}

const container = document.getElementById('root');
FHIR.oauth2.ready().then(
  (client) => {
    if (!container) return;
    const patientId = client.patient.id;
    if (!patientId) throw new Error('the launch has no patient');
    createRoot(container).render(
      createElement(StrictMode, null, createElement(QueryClientProvider, { client: new QueryClient() }, createElement(Count, { client, patientId }))),
    );
  },
  (error: unknown) => {
    if (container) container.textContent = `failed: ${error instanceof Error ? error.message : String(error)}`;
  },
);
