import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { bypass, http, HttpResponse } from 'msw';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/App';
import { parseConfig } from '../../src/config/runtime-config';
import { calendarDay } from '../../src/lib/fhir/format';
import { connectTestSandbox } from '../sandbox-harness';

/**
 * Issue 14: the access token goes only to the FHIR base the session was launched with. A paging link that stays on
 * the EHR's origin but climbs out of its base with encoded dot segments (another tenant on a multi-tenant host) must
 * be refused before anything is sent, and the clinician told plainly.
 */

const sandbox = connectTestSandbox();
const config = parseConfig(JSON.parse(readFileSync('public/lantern.config.json', 'utf8')) as unknown);
const adult = sandbox.patient('indicator-adult');

interface SentRequest {
  url: string;
  authorization: string | null;
}

const sent: SentRequest[] = [];
sandbox.server.events.on('request:start', ({ request }) => {
  sent.push({ url: request.url, authorization: request.headers.get('authorization') });
});

let queryClient: QueryClient | undefined;
afterEach(() => {
  queryClient?.clear();
  queryClient = undefined;
  sandbox.server.resetHandlers();
  sent.length = 0;
});
afterAll(() => {
  sandbox.close();
});

describe('where the access token goes', () => {
  it.each([
    ['encoded dot segments', '/%2e%2e/epic/fhir/Condition'],
    ['encoded dot segments in capitals', '/%2E%2E/epic/fhir/Condition'],
    ['a dot segment with an encoded slash', '/..%2fepic/fhir/Condition'],
  ])('refuses a next link that leaves the FHIR base with %s, sending no token, and says so plainly', async (_label, escape) => {
    const session = await sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0] });
    const next = `${sandbox.fhirBaseUrl}${escape}?patient=Patient/${adult.patientId}`;
    sandbox.server.use(
      http.get(`${sandbox.fhirBaseUrl}/Condition`, async ({ request }) => {
        const real = (await (await fetch(bypass(request))).json()) as Record<string, unknown>;
        return HttpResponse.json({ ...real, link: [{ relation: 'next', url: next }] });
      }),
    );
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    queryClient = client;
    render(<App session={session} config={config} asOf={calendarDay(new Date())} queryClient={client} />);

    expect(await screen.findByText(/The EHR sent data Lantern could not read/)).toBeVisible();
    await waitFor(() => {
      expect(client.isFetching()).toBe(0);
    });
    const base = `${sandbox.fhirBaseUrl}/`;
    expect(sent.some((request) => request.url.startsWith(`${base}Condition`))).toBe(true);
    expect(sent.filter((request) => !request.url.startsWith(base) && request.authorization !== null)).toEqual([]);
  });
});
