import type { Bundle, HealthcareService, OperationOutcome } from 'fhir/r4';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { useState, type ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFhirClient, type FhirAuthorization, type FhirClient } from '../../lib/fhir/fhir-client';
import { OperationOutcomeError } from '../../lib/fhir/outcomes';
import { DecisionForm } from './components/DecisionForm';
import { emptyDecision } from './decision-rules';
import { directoryKeys, directoryView, fetchServerDirectory, getServerDirectoryQueryOptions, useServerDirectory, type ServerDirectory } from './directory-query';
import type { DirectoryEntry, ReferralDecision } from './referral-types';

const baseUrl = 'https://ehr.example/fhir';

const advocates: HealthcareService = {
  resourceType: 'HealthcareService',
  id: 'hs-victim-advocate',
  active: true,
  name: 'Community victim advocates',
  type: [{ text: 'Victim advocate' }],
  telecom: [{ system: 'phone', value: '555-0167' }],
  communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: 'es', display: 'Spanish' }] }],
};

const legalAid: HealthcareService = {
  resourceType: 'HealthcareService',
  id: 'hs-legal-aid',
  active: true,
  name: 'Survivor legal services',
  type: [{ text: 'Legal aid' }],
  telecom: [{ system: 'phone', value: '555-0155' }],
};

const nameless: HealthcareService = { resourceType: 'HealthcareService', id: 'hs-nameless', active: true };

const configuredShelter: DirectoryEntry = {
  id: 'config:shelter',
  name: 'Harbor shelter line',
  serviceType: 'Shelter',
  languages: ['English'],
  contact: 'Call 555-0142',
  source: 'configuration',
};

const notSupported: OperationOutcome = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'not-supported', diagnostics: 'Unknown resource type HealthcareService' }],
};

function searchset(resources: HealthcareService[], next?: string): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
  };
}

/** Answers only the search Lantern should send: active services, one page of 50. */
const directoryHandler = http.get(`${baseUrl}/HealthcareService`, ({ request }) => {
  const params = new URL(request.url).searchParams;
  if (params.get('active') !== 'true' || params.get('_count') !== '50') {
    return HttpResponse.json(notSupported, { status: 400 });
  }
  return HttpResponse.json(searchset([advocates, legalAid, nameless]));
});

const server = setupServer(directoryHandler);

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
});
afterAll(() => {
  server.close();
});

const fakeAuthorization: FhirAuthorization = {
  serverUrl: baseUrl,
  authorizationHeader: () => 'Bearer sandbox-token',
  refreshIfNeeded: () => Promise.resolve(),
  refresh: () => Promise.resolve(false),
};

function fhirClient(): FhirClient {
  return createFhirClient(fakeAuthorization);
}

function queryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}

describe('getServerDirectoryQueryOptions', () => {
  it('is keyed by the FHIR server', () => {
    expect(getServerDirectoryQueryOptions(fhirClient()).queryKey).toEqual(['directory', 'server', baseUrl]);
    expect(directoryKeys.server(baseUrl).slice(0, 1)).toEqual(directoryKeys.all);
  });

  it('reads the active services, leaving out those it cannot show', async () => {
    const result = await queryClient().query(getServerDirectoryQueryOptions(fhirClient()));
    expect(result).toEqual<ServerDirectory>({
      status: 'available',
      entries: [
        {
          id: 'HealthcareService/hs-victim-advocate',
          name: 'Community victim advocates',
          serviceType: 'Victim advocate',
          performerReference: 'HealthcareService/hs-victim-advocate',
          languages: ['Spanish'],
          contact: 'Call 555-0167',
          source: 'server',
        },
        {
          id: 'HealthcareService/hs-legal-aid',
          name: 'Survivor legal services',
          serviceType: 'Legal aid',
          performerReference: 'HealthcareService/hs-legal-aid',
          languages: [],
          contact: 'Call 555-0155',
          source: 'server',
        },
      ],
      complete: true,
      skipped: 1,
    });
  });

  it('counts a service the server sent without an id among those it cannot show', async () => {
    server.use(http.get(`${baseUrl}/HealthcareService`, () => HttpResponse.json(searchset([advocates, { ...legalAid, id: undefined }]))));
    const result = await fetchServerDirectory(fhirClient());
    expect(result).toMatchObject({ status: 'available', skipped: 1 });
    expect(result.status === 'available' ? result.entries.map((entry) => entry.name) : []).toEqual(['Community victim advocates']);
  });

  it('says when the server holds more services than one page', async () => {
    server.use(http.get(`${baseUrl}/HealthcareService`, () => HttpResponse.json(searchset([advocates], `${baseUrl}/HealthcareService?page=2`))));
    const result = await fetchServerDirectory(fhirClient());
    expect(result).toMatchObject({ status: 'available', complete: false });
    expect(directoryView([], { data: result, error: null, isPending: false }).note).toBe('Showing the first 50 services the EHR lists.');
  });

  it('treats a server without HealthcareService (404) as a smaller directory, not a failure', async () => {
    server.use(http.get(`${baseUrl}/HealthcareService`, () => HttpResponse.json(notSupported, { status: 404 })));
    const result = await queryClient().query(getServerDirectoryQueryOptions(fhirClient()));
    expect(result).toEqual({ status: 'unavailable', note: expect.stringMatching(/does not list local services/) as unknown });
  });

  it('treats a refusal (403) the same way', async () => {
    server.use(http.get(`${baseUrl}/HealthcareService`, () => new HttpResponse(null, { status: 403 })));
    const result = await fetchServerDirectory(fhirClient());
    expect(result).toEqual({ status: 'unavailable', note: expect.stringMatching(/may not read this EHR’s list/) as unknown });
  });

  it('fails on a server error, with the OperationOutcome’s kind', async () => {
    server.use(http.get(`${baseUrl}/HealthcareService`, () => new HttpResponse('upstream down', { status: 503 })));
    const failure = await queryClient()
      .query({ ...getServerDirectoryQueryOptions(fhirClient()), retry: false })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(OperationOutcomeError);
    expect(failure).toMatchObject({ kind: 'server', status: 503 });
  });
});

describe('directoryView', () => {
  it('shows configuration and hotline while the server is read', () => {
    const view = directoryView([configuredShelter], { data: undefined, error: null, isPending: true });
    expect(view).toEqual({ entries: [expect.objectContaining({ id: 'hotline' }) as unknown, configuredShelter], loading: true, staleAfterDays: 365 });
  });

  it('adds a plain note when the server’s list failed', () => {
    const error = new OperationOutcomeError(notSupported, 'server', 500);
    const view = directoryView([configuredShelter], { data: undefined, error, isPending: false });
    expect(view.entries.map((entry) => entry.id)).toEqual(['hotline', 'config:shelter']);
    expect(view.loading).toBe(false);
    expect(view.note).toMatch(/could not be loaded; showing the configured services and the national hotline/);
  });
});

/** The panel as the app composes it: server directory query → view → form. */
function ReferralPanel({ fhir }: { fhir: FhirClient }): ReactNode {
  const [decision, setDecision] = useState<ReferralDecision>({ ...emptyDecision, outcome: 'concern-referral-agreed' });
  const serverDirectory = useServerDirectory(fhir);
  return <DecisionForm decision={decision} onChange={setDecision} isMinor={false} screenSummary="Check-in answers: not completed" urgentContacts={[]} directory={directoryView([configuredShelter], serverDirectory)} language="en" />;
}

function renderPanel(): void {
  render(
    <QueryClientProvider client={queryClient()}>
      <ReferralPanel fhir={fhirClient()} />
    </QueryClientProvider>,
  );
}

describe('the directory in the decision form', () => {
  it('lists the server’s services after the hotline and the configured ones', async () => {
    renderPanel();
    const picker = screen.getByRole('group', { name: 'Refer to' });
    expect(within(picker).getByRole('radio', { name: 'Community support line' })).toBeInTheDocument();
    expect(within(picker).getByText(/Loading the EHR’s services/)).toBeInTheDocument();
    await waitFor(() => {
      expect(within(picker).getAllByRole('radio')).toHaveLength(4);
    });
    expect(within(picker).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual([
      'hotline',
      'config:shelter',
      'HealthcareService/hs-victim-advocate',
      'HealthcareService/hs-legal-aid',
    ]);
  });

  it('still works on a server that refuses HealthcareService, and says so plainly', async () => {
    server.use(http.get(`${baseUrl}/HealthcareService`, () => new HttpResponse(null, { status: 403 })));
    renderPanel();
    const picker = screen.getByRole('group', { name: 'Refer to' });
    expect(await within(picker).findByText(/may not read this EHR’s list of local services/)).toBeInTheDocument();
    expect(within(picker).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual(['hotline', 'config:shelter']);
  });
});
