import type { CapabilityStatement } from 'fhir/r4';
import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFhirClient, type FhirClient } from '../fhir/fhir-client';
import { OperationOutcomeError } from '../fhir/outcomes';
import { capabilityKeys, getCapabilitiesQueryOptions, parseCapabilities } from './capabilities';

const baseUrl = 'https://ehr.example/fhir';

/** Like Epic's: transactions, Flag readable only, ServiceRequest creatable without If-None-Exist. */
const epicLike: CapabilityStatement = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2024-06-01',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  rest: [
    {
      mode: 'server',
      interaction: [{ code: 'transaction' }],
      resource: [
        { type: 'Flag', interaction: [{ code: 'read' }, { code: 'search-type' }] },
        { type: 'ServiceRequest', interaction: [{ code: 'read' }, { code: 'create' }] },
        { type: 'QuestionnaireResponse', interaction: [{ code: 'create' }, { code: 'update' }], conditionalCreate: true },
        // conditionalCreate without create is meaningless: not a conditional create.
        { type: 'Communication', interaction: [{ code: 'read' }], conditionalCreate: true },
      ],
    },
  ],
};

describe('parseCapabilities', () => {
  const capabilities = parseCapabilities(epicLike);

  it('reads the system-level interactions', () => {
    expect(capabilities.declared).toBe(true);
    expect(capabilities.transaction).toBe(true);
    expect(capabilities.batch).toBe(false);
    expect(capabilities.note).toBeUndefined();
  });

  it('reads create and update per type', () => {
    expect(capabilities.canCreate('Flag')).toBe(false);
    expect(capabilities.canCreate('ServiceRequest')).toBe(true);
    expect(capabilities.canUpdate('ServiceRequest')).toBe(false);
    expect(capabilities.canUpdate('QuestionnaireResponse')).toBe(true);
  });

  it('reads conditional create per type', () => {
    expect(capabilities.conditionalCreate('ServiceRequest')).toBe(false);
    expect(capabilities.conditionalCreate('QuestionnaireResponse')).toBe(true);
    expect(capabilities.conditionalCreate('Communication')).toBe(false);
  });

  it('knows nothing of a type the statement does not list', () => {
    expect(capabilities.supportsType('Provenance')).toBe(false);
    expect(capabilities.canCreate('Provenance')).toBe(false);
    expect(capabilities.supportsType('Flag')).toBe(true);
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['an OperationOutcome', { resourceType: 'OperationOutcome', issue: [] }],
    ['a statement without rest', { resourceType: 'CapabilityStatement', status: 'active' }],
    ['a client-mode statement only', { resourceType: 'CapabilityStatement', rest: [{ mode: 'client' }] }],
    ['a string', 'CapabilityStatement'],
  ])('assumes nothing optional from %s, leaves creates to the scopes, and says so', (_, statement) => {
    const cautious = parseCapabilities(statement);
    expect(cautious.declared).toBe(false);
    expect(cautious.transaction).toBe(false);
    expect(cautious.batch).toBe(false);
    expect(cautious.conditionalCreate('Flag')).toBe(false);
    expect(cautious.canCreate('Flag')).toBe(true);
    expect(cautious.canUpdate('Flag')).toBe(true);
    expect(cautious.note).toMatch(/one resource at a time/);
  });
});

describe('getCapabilitiesQueryOptions', () => {
  const server = setupServer();
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    server.resetHandlers();
  });
  afterAll(() => {
    server.close();
  });

  function fhir(): FhirClient {
    return createFhirClient(
      { serverUrl: baseUrl, authorizationHeader: () => null, refreshIfNeeded: () => Promise.resolve(), refresh: () => Promise.resolve(false) },
      { timeoutMs: 2_000 },
    );
  }

  function query(): Promise<ReturnType<typeof parseCapabilities>> {
    return new QueryClient({ defaultOptions: { queries: { retry: false } } }).query(getCapabilitiesQueryOptions(fhir()));
  }

  it('keys by server and parses /metadata', async () => {
    server.use(http.get(`${baseUrl}/metadata`, () => HttpResponse.json(epicLike)));
    expect(getCapabilitiesQueryOptions(fhir()).queryKey).toEqual(capabilityKeys.server(baseUrl));
    const capabilities = await query();
    expect(capabilities.transaction).toBe(true);
    expect(capabilities.canCreate('Flag')).toBe(false);
  });

  it('falls back to the cautious profile, with a note, when there is no /metadata', async () => {
    server.use(http.get(`${baseUrl}/metadata`, () => new HttpResponse('Not here', { status: 404 })));
    const capabilities = await query();
    expect(capabilities.declared).toBe(false);
    expect(capabilities.note).toMatch(/could not be read/);
  });

  it('falls back when /metadata is not a CapabilityStatement', async () => {
    server.use(http.get(`${baseUrl}/metadata`, () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' })));
    expect((await query()).declared).toBe(false);
  });

  it('reports a server that cannot be reached as an error, not as "supports nothing"', async () => {
    server.use(http.get(`${baseUrl}/metadata`, () => HttpResponse.error()));
    const error: unknown = await query().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(OperationOutcomeError);
    expect((error as OperationOutcomeError).kind).toBe('network');
  });
});
