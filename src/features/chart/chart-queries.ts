import { queryOptions, useQueries, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query';
import type { SearchResult } from '../../lib/fhir/fhir-client';
import { failure, type OperationOutcomeError } from '../../lib/fhir/outcomes';
import type { SmartSession } from '../../lib/fhir/smart-session';
import { mayRead } from '../../lib/smart/granted-scopes';
import { chartSectionNames, chartSections, type ChartSectionName } from './chart-sections';

export type ChartSectionResult<N extends ChartSectionName> = SearchResult<(typeof chartSections)[N]['resourceType']>;

/** Every variable a chart query uses is in its key, the FHIR base included: two servers never share a cache entry. */
export const chartKeys = {
  all: ['chart'] as const,
  patient: (baseUrl: string, patientId: string) => [...chartKeys.all, baseUrl, patientId] as const,
  section: (baseUrl: string, patientId: string, section: ChartSectionName, asOf: string) =>
    [...chartKeys.patient(baseUrl, patientId), section, asOf] as const,
};

type ChartSectionKey = ReturnType<typeof chartKeys.section>;

export function getChartSectionQueryOptions<N extends ChartSectionName>(
  session: SmartSession,
  patientId: string,
  section: N,
  asOf: string,
): UseQueryOptions<ChartSectionResult<N>, OperationOutcomeError, ChartSectionResult<N>, ChartSectionKey> {
  const definition = chartSections[section];
  return queryOptions({
    queryKey: chartKeys.section(session.fhir.baseUrl, patientId, section, asOf),
    queryFn: async ({ signal }): Promise<ChartSectionResult<N>> => {
      if (!mayRead(session.context.grantedScopes, definition.resourceType)) {
        throw failure('forbidden', 'The EHR did not give Lantern permission to read this part of the chart.');
      }
      return session.fhir.search(definition.resourceType, definition.params(patientId, asOf), {
        signal,
        maxPages: definition.maxPages,
      });
    },
    staleTime: 5 * 60_000,
    // A failed section waits for the clinician's "Try again"; a second reader mounting must not retry it.
    retryOnMount: false,
  });
}

export type ChartSectionQueries = { [N in ChartSectionName]: UseQueryResult<ChartSectionResult<N>> };

/** Every chart section, read in parallel; each succeeds or fails on its own. */
export function useChartSections(session: SmartSession, patientId: string, asOf: string): ChartSectionQueries {
  return useQueries({
    queries: chartSectionNames.map((section) => getChartSectionQueryOptions(session, patientId, section, asOf)),
    combine: (results) =>
      Object.fromEntries(chartSectionNames.map((section, index) => [section, results[index]])) as ChartSectionQueries,
  });
}
