import { queryOptions, type UseQueryOptions } from '@tanstack/react-query';
import type { CapabilityStatement, CapabilityStatementRest, CapabilityStatementRestResource } from 'fhir/r4';
import type { FhirClient } from '../fhir/fhir-client';
import type { OperationOutcomeError } from '../fhir/outcomes';
import { normalizeError } from '../fhir/outcomes';

/** What the FHIR server says it can do, as far as Lantern's write-back needs to know. */
export interface ServerCapabilities {
  /** False when the server gave no usable CapabilityStatement: every answer below is then a cautious guess. */
  readonly declared: boolean;
  /** System-level `transaction` interaction. */
  readonly transaction: boolean;
  /** System-level `batch` interaction. */
  readonly batch: boolean;
  supportsType(type: string): boolean;
  canCreate(type: string): boolean;
  canUpdate(type: string): boolean;
  /** `If-None-Exist` is honoured for this type (`conditionalCreate: true`). */
  conditionalCreate(type: string): boolean;
  /** A PUT to an id the client chose creates the resource (`updateCreate: true`): a retry lands on the same id. */
  updateCreate(type: string): boolean;
  /** Why the answers are guesses, in a sentence for the clinician's "what was written" summary. */
  readonly note: string | undefined;
}

/**
 * Reads a CapabilityStatement. Anything that is not one (or has no server `rest` entry) gives the cautious
 * profile: no transaction, batch or conditional create, but create and update are left to the granted scopes
 * and the server's answer, because many EHRs publish thin statements yet accept writes.
 */
export function parseCapabilities(statement: unknown): ServerCapabilities {
  const rest = serverRest(statement);
  if (!rest) {
    return undeclaredCapabilities('The EHR did not describe what it supports, so Lantern writes one resource at a time and checks for copies first.');
  }
  const resources = new Map<string, CapabilityStatementRestResource>();
  for (const resource of rest.resource ?? []) {
    if (typeof resource.type === 'string') resources.set(resource.type, resource);
  }
  const systemInteractions = new Set((rest.interaction ?? []).map((interaction) => interaction.code));
  const typeInteraction = (type: string, code: string): boolean =>
    (resources.get(type)?.interaction ?? []).some((interaction) => interaction.code === code);
  return {
    declared: true,
    transaction: systemInteractions.has('transaction'),
    batch: systemInteractions.has('batch'),
    supportsType: (type) => resources.has(type),
    canCreate: (type) => typeInteraction(type, 'create'),
    canUpdate: (type) => typeInteraction(type, 'update'),
    conditionalCreate: (type) => typeInteraction(type, 'create') && resources.get(type)?.conditionalCreate === true,
    updateCreate: (type) => typeInteraction(type, 'update') && resources.get(type)?.updateCreate === true,
    note: undefined,
  };
}

/** The cautious profile, for a server whose CapabilityStatement is missing or unreadable. */
export function undeclaredCapabilities(note: string): ServerCapabilities {
  return {
    declared: false,
    transaction: false,
    batch: false,
    supportsType: () => true,
    canCreate: () => true,
    canUpdate: () => true,
    conditionalCreate: () => false,
    updateCreate: () => false,
    note,
  };
}

function serverRest(statement: unknown): CapabilityStatementRest | undefined {
  if (!isCapabilityStatement(statement)) return undefined;
  return statement.rest.find((rest) => rest.mode === 'server');
}

function isCapabilityStatement(value: unknown): value is CapabilityStatement & { rest: CapabilityStatementRest[] } {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { resourceType?: unknown; rest?: unknown };
  return candidate.resourceType === 'CapabilityStatement' && Array.isArray(candidate.rest);
}

export const capabilityKeys = {
  all: ['capabilities'] as const,
  server: (baseUrl: string) => [...capabilityKeys.all, baseUrl] as const,
};

type CapabilityKey = ReturnType<typeof capabilityKeys.server>;

/**
 * `/metadata`, parsed. A server that has no usable statement (404, not a CapabilityStatement) yields the cautious
 * profile with a note; a server that cannot be reached (network, timeout, 5xx, 401) is an error, retried like any read.
 */
export function getCapabilitiesQueryOptions(
  fhir: FhirClient,
): UseQueryOptions<ServerCapabilities, OperationOutcomeError, ServerCapabilities, CapabilityKey> {
  return queryOptions({
    queryKey: capabilityKeys.server(fhir.baseUrl),
    queryFn: async ({ signal }): Promise<ServerCapabilities> => {
      try {
        return parseCapabilities(await fhir.capabilities({ signal }));
      } catch (error) {
        // A cancelled query keeps its own reason, so TanStack recognises the cancellation.
        if (signal.aborted) throw error;
        const failure = normalizeError(error);
        if (failure.kind === 'not-found' || failure.kind === 'malformed' || failure.kind === 'invalid') {
          return undeclaredCapabilities('The EHR’s description of what it supports could not be read, so Lantern writes one resource at a time and checks for copies first.');
        }
        throw failure;
      }
    },
    // What a server supports does not change while Lantern is open.
    staleTime: Number.POSITIVE_INFINITY,
  });
}
