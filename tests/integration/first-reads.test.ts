import { QueryClient } from '@tanstack/react-query';
import { bypass, http, HttpResponse } from 'msw';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultSystemBase } from '../../src/config/runtime-config';
import { getChartSectionQueryOptions } from '../../src/features/chart/chart-queries';
import { chartSectionNames } from '../../src/features/chart/chart-sections';
import { getLanternRecordQueryOptions } from '../../src/features/referral/lantern-record';
import { firstReads } from '../../src/first-reads';
import { readCapabilityStatement } from '../../src/lib/smart/capability-statement';
import { calendarDay } from '../../src/lib/fhir/format';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import { getCapabilitiesQueryOptions } from '../../src/lib/smart/capabilities';
import { launchContextQueryOptions } from '../../src/lib/smart/launch-context';
import type { VendorProfileName } from '../../mocks/sandbox/vendor-profiles';
import { connectTestSandbox } from '../sandbox-harness';

/**
 * Issue 18: the bootstrap's first reads answer the app's own queries. Against the sandbox's FHIR engine, through the
 * same HTTP the app uses: what the queries give is the same with the reads started ahead as without, and the server
 * is asked once — in one batch where the CapabilityStatement declares batch, else one GET per read.
 */

const sandbox = connectTestSandbox();
const asOf = calendarDay(new Date());
const adult = sandbox.patient('indicator-adult');

afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

function launch(profile?: VendorProfileName): Promise<SmartSession> {
  return sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0] }, undefined, profile === undefined ? {} : { profile });
}

/** Everything the first screen asks for: capabilities, launch context, every chart section and Lantern's record. */
async function firstScreen(session: SmartSession): Promise<unknown[]> {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const patientId = session.context.patientId ?? '';
  const capabilities = queryClient.query(getCapabilitiesQueryOptions(session.fhir)).then(({ declared, batch, transaction }) => ({ declared, batch, transaction }));
  return Promise.all([
    capabilities,
    queryClient.query(launchContextQueryOptions(session)),
    ...chartSectionNames.map((section) => queryClient.query(getChartSectionQueryOptions(session, patientId, section, asOf))),
    queryClient.query(getLanternRecordQueryOptions(session.fhir, session.context.grantedScopes, patientId, defaultSystemBase)),
  ]);
}

/** The requests sent to the FHIR server while `action` runs, as `GET Patient/…` or `POST (base)`. */
async function requestsDuring(session: SmartSession, action: () => Promise<unknown>): Promise<string[]> {
  const base = session.fhir.baseUrl;
  return (await sandbox.requestsDuring(action))
    .filter((request) => request.url.startsWith(base))
    .map((request) => `${request.method} ${request.url.slice(base.length + 1) || '(base)'}`);
}

/** Starts the first reads as the bootstrap does, and what the first screen then sees, with the requests each step sent. */
async function withFirstReads(session: SmartSession): Promise<{ ahead: string[]; app: string[]; screen: unknown[]; paths: readonly string[] }> {
  let paths: readonly string[] = [];
  const ahead = await requestsDuring(session, async () => {
    const plan = firstReads(session.context, defaultSystemBase, asOf, await readCapabilityStatement(session.fhir.baseUrl));
    paths = plan.paths;
    session.fhir.readAhead(plan);
  });
  let screen: unknown[] = [];
  const app = await requestsDuring(session, async () => {
    screen = await firstScreen(session);
  });
  return { ahead, app, screen, paths };
}

describe('first reads, where the server declares batch (smart-launcher)', () => {
  it('answer the first screen from one batch, exactly as the server would have answered each read', async () => {
    const expected = await firstScreen(await launch());
    const { ahead, app, screen, paths } = await withFirstReads(await launch());
    expect(screen).toEqual(expected);
    // The statement was read without the token, and everything else travelled in one batch.
    expect([...ahead, ...app]).toEqual(['GET metadata', 'POST (base)']);
    expect(paths).toContain(`Patient/${adult.patientId}`);
    expect(paths.filter((path) => path.startsWith('Flag?'))).toHaveLength(2);
  });

  it('sends a read the server could not answer in the batch (500) on its own, and only that one', async () => {
    const expected = await firstScreen(await launch());
    const session = await launch();
    // The sandbox answers the batch; its Coverage entry is then replaced by a failure to try again.
    sandbox.server.use(
      http.post(session.fhir.baseUrl, async ({ request }) => {
        const sent = (await request.clone().json()) as { entry: { request: { url: string } }[] };
        const answer = (await (await fetch(bypass(request))).json()) as { entry: unknown[] };
        const coverage = sent.entry.findIndex((entry) => entry.request.url.startsWith('Coverage?'));
        answer.entry[coverage] = { response: { status: '500 Internal Server Error' } };
        return HttpResponse.json(answer);
      }),
    );
    const { app, screen } = await withFirstReads(session);
    expect(screen).toEqual(expected);
    expect(app.filter((request) => request.startsWith('GET '))).toEqual([expect.stringMatching(/^GET Coverage\?/)]);
  });

  it('sends every read on its own when the batch as a whole fails', async () => {
    const expected = await firstScreen(await launch());
    const session = await launch();
    sandbox.server.use(http.post(session.fhir.baseUrl, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 503 })));
    const { app, screen, paths } = await withFirstReads(session);
    expect(screen).toEqual(expected);
    expect(app.filter((request) => request.startsWith('GET '))).toHaveLength(paths.length);
  });

  it('keeps a failure the server gave for one entry as that read’s own answer', async () => {
    const session = await launch();
    sandbox.server.use(
      http.post(session.fhir.baseUrl, () =>
        HttpResponse.json({
          resourceType: 'Bundle',
          type: 'batch-response',
          entry: firstReadsPaths(session).map(() => ({
            response: { status: '403 Forbidden', outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'Not for this user' }] } },
          })),
        }),
      ),
    );
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const app = await requestsDuring(session, async () => {
      session.fhir.readAhead({ paths: firstReadsPaths(session), batch: true });
      await expect(queryClient.query(launchContextQueryOptions(session))).rejects.toMatchObject({ kind: 'forbidden' });
    });
    expect(app).toEqual(['POST (base)']);
  });
});

describe('first reads, where the server does not declare batch (epic)', () => {
  it('go out as one GET each, and the first screen asks for none of them again', async () => {
    const expected = await firstScreen(await launch('epic'));
    const { ahead, app, screen, paths } = await withFirstReads(await launch('epic'));
    expect(screen).toEqual(expected);
    expect([...ahead, ...app]).toEqual(['GET metadata', ...paths.map((path) => `GET ${path}`)]);
    // The Patient and the visit go first, never behind the chart searches.
    expect(paths.slice(0, 2)).toEqual([`Patient/${adult.patientId}`, `Encounter/${adult.activeEncounterIds[0] ?? ''}`]);
  });
});

function firstReadsPaths(session: SmartSession): readonly string[] {
  return firstReads(session.context, defaultSystemBase, asOf, undefined).paths;
}
