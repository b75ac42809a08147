import { queryOptions, useQuery, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query';
import { defaultDirectoryStaleAfterDays } from '../../config/runtime-config';
import type { FhirClient } from '../../lib/fhir/fhir-client';
import { normalizeError, type OperationOutcomeError } from '../../lib/fhir/outcomes';
import { directoryEntryFromHealthcareService, mergeDirectory } from './directory';
import type { DirectoryEntry } from './referral-types';

/** What the EHR's own directory gave: its services, or why there are none. */
export type ServerDirectory =
  | {
      status: 'available';
      entries: DirectoryEntry[];
      /** False when the server holds more active services than were read. */
      complete: boolean;
      /** Services that could not be shown (no id or no name). */
      skipped: number;
    }
  /** The server has no HealthcareService, or Lantern may not read it: the directory goes on without it. */
  | { status: 'unavailable'; note: string };

/** Services read from the server in one go; a local directory longer than this is searched by name instead. */
export const serverDirectoryPageSize = 50;

export const directoryKeys = {
  all: ['directory'] as const,
  server: (baseUrl: string) => [...directoryKeys.all, 'server', baseUrl] as const,
};

type ServerDirectoryKey = ReturnType<typeof directoryKeys.server>;

export async function fetchServerDirectory(fhir: FhirClient, signal?: AbortSignal): Promise<ServerDirectory> {
  try {
    const { resources, withoutId, complete } = await fhir.search('HealthcareService', { active: 'true', _count: serverDirectoryPageSize }, { signal });
    const entries = resources
      .map(directoryEntryFromHealthcareService)
      .filter((entry): entry is DirectoryEntry => entry !== undefined);
    return { status: 'available', entries, complete, skipped: withoutId + resources.length - entries.length };
  } catch (error) {
    // A cancelled query rejects with the abort reason, which React Query recognises as such.
    if (signal?.aborted) throw error;
    const failure = normalizeError(error);
    // Many EHRs expose no HealthcareService, or not to this app: that is a smaller directory, not a failure.
    switch (failure.kind) {
      case 'not-found':
      case 'unsupported':
        return { status: 'unavailable', note: 'This EHR does not list local services; showing the configured services and the national hotline.' };
      case 'forbidden':
        return {
          status: 'unavailable',
          note: 'Lantern may not read this EHR’s list of local services; showing the configured services and the national hotline.',
        };
      case 'session':
      case 'reloaded':
      case 'user-not-allowed':
      case 'permissions-refused':
      case 'not-registered':
      case 'sign-in-declined':
      case 'unauthorized':
      case 'conflict':
      case 'precondition':
      case 'invalid':
      case 'server':
      case 'network':
      case 'timeout':
      case 'malformed':
      case 'unknown':
        throw failure;
    }
  }
}

export function getServerDirectoryQueryOptions(
  fhir: FhirClient,
): UseQueryOptions<ServerDirectory, OperationOutcomeError, ServerDirectory, ServerDirectoryKey> {
  return queryOptions({
    queryKey: directoryKeys.server(fhir.baseUrl),
    queryFn: ({ signal }) => fetchServerDirectory(fhir, signal),
    // A directory changes over weeks, not during a visit.
    staleTime: 30 * 60_000,
    retry: 1,
  });
}

export function useServerDirectory(fhir: FhirClient): UseQueryResult<ServerDirectory> {
  return useQuery(getServerDirectoryQueryOptions(fhir));
}

/** The `directory` prop of DecisionForm. */
export interface DirectoryView {
  entries: DirectoryEntry[];
  loading: boolean;
  note?: string;
  /** Entries last verified longer ago than this are marked "Not verified since …" (`directoryStaleAfterDays`). */
  staleAfterDays: number;
}

/**
 * Configuration and hotline at once, the server's services when they arrive; a plain note when the server's list
 * is missing, partial or failed. The directory is never empty and never blocked by the server.
 */
export function directoryView(
  config: readonly DirectoryEntry[],
  server: { data: ServerDirectory | undefined; error: OperationOutcomeError | null; isPending: boolean },
  staleAfterDays: number = defaultDirectoryStaleAfterDays,
): DirectoryView {
  if (server.data?.status === 'available') {
    const view: DirectoryView = { entries: mergeDirectory(config, server.data.entries), loading: false, staleAfterDays };
    if (!server.data.complete) view.note = `Showing the first ${serverDirectoryPageSize} services the EHR lists.`;
    return view;
  }
  const entries = mergeDirectory(config, []);
  if (server.data?.status === 'unavailable') return { entries, loading: false, note: server.data.note, staleAfterDays };
  if (server.error) {
    return {
      entries,
      loading: false,
      note: 'The EHR’s list of local services could not be loaded; showing the configured services and the national hotline.',
      staleAfterDays,
    };
  }
  return { entries, loading: server.isPending, staleAfterDays };
}
