import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getChartSectionQueryOptions, type ChartSectionResult } from '../../src/features/chart/chart-queries';
import type { ChartSectionName } from '../../src/features/chart/chart-sections';
import { calendarDayMonthsBefore } from '../../src/lib/fhir/fhir-dates';
import { calendarDay } from '../../src/lib/fhir/format';
import { outcomeText, type OperationOutcomeError } from '../../src/lib/fhir/outcomes';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import { connectTestSandbox } from '../sandbox-harness';

const sandbox = connectTestSandbox();
const asOf = calendarDay(new Date());
const icd10cm = 'http://hl7.org/fhir/sid/icd-10-cm';

let queryClient: QueryClient;
beforeEach(() => {
  queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
});
afterEach(() => {
  queryClient.clear();
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

function readSection<N extends ChartSectionName>(session: SmartSession, patientId: string, section: N): Promise<ChartSectionResult<N>> {
  return queryClient.query(getChartSectionQueryOptions(session, patientId, section, asOf));
}

async function sectionFailure(session: SmartSession, patientId: string, section: ChartSectionName): Promise<OperationOutcomeError> {
  try {
    await readSection(session, patientId, section);
  } catch (error) {
    return error as OperationOutcomeError;
  }
  throw new Error(`Expected the ${section} section to fail`);
}

function ids(resources: { id?: string }[]): string[] {
  return resources.map((resource) => resource.id ?? '').sort();
}

/** Every request the app sends through MSW while `action` runs. */
async function requestsDuring(action: () => Promise<unknown>): Promise<URL[]> {
  return (await sandbox.requestsDuring(action)).map((request) => new URL(request.url));
}

describe('the chart read for a patient with many indicators (Ana Ruiz)', () => {
  const adult = sandbox.patient('indicator-adult');
  const windowStart = calendarDayMonthsBefore(asOf, 12);
  let session: SmartSession;
  beforeAll(async () => {
    session = await sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0] });
  });

  it('reads the ED visits of the last 12 months and the visit in progress', async () => {
    const result = await readSection(session, adult.patientId, 'recentEncounters');
    expect(ids(result.resources)).toEqual([
      'enc-ana-ed-current',
      'enc-ana-ed-prior-1',
      'enc-ana-ed-prior-2',
      'enc-ana-ed-prior-3',
      'enc-ana-ed-prior-4',
      'enc-ana-ed-prior-5',
    ]);
    expect(result.resources.every((encounter) => encounter.class.code === 'EMER')).toBe(true);
    expect(result.resources.every((encounter) => encounter.subject?.reference === `Patient/${adult.patientId}`)).toBe(true);
    expect(result.complete).toBe(true);
  });

  it('reads no visit that ended before the 12-month window', async () => {
    const result = await readSection(session, adult.patientId, 'recentEncounters');
    for (const encounter of result.resources) {
      const lastDay = (encounter.period?.end ?? encounter.period?.start ?? '').slice(0, 10);
      expect(lastDay >= windowStart, `${encounter.id} ended ${lastDay}`).toBe(true);
    }
  });

  it('reads the newest visit first', async () => {
    const { resources } = await readSection(session, adult.patientId, 'recentEncounters');
    expect(resources[0]?.id).toBe(adult.activeEncounterIds[0]);
    const starts = resources.map((encounter) => encounter.period?.start ?? '');
    expect(starts).toEqual([...starts].sort().reverse());
  });

  it('reads the conditions, including the STIs and the tooth fracture by ICD-10-CM code', async () => {
    const { resources } = await readSection(session, adult.patientId, 'conditions');
    const codes = resources.flatMap((condition) => condition.code?.coding ?? []).filter((coding) => coding.system === icd10cm).map((coding) => coding.code);
    expect(codes).toEqual(expect.arrayContaining(['A56.09', 'A54.03', 'S02.5XXA']));
    expect(ids(resources)).toEqual([
      'cond-ana-chlamydia',
      'cond-ana-face-contusion',
      'cond-ana-forearm-burn',
      'cond-ana-gonorrhea',
      'cond-ana-tooth-fracture',
    ]);
  });

  it('reads the results of the last 12 months without the vital signs', async () => {
    const { resources } = await readSection(session, adult.patientId, 'observations');
    expect(ids(resources)).toEqual(['obs-ana-chlamydia-naat', 'obs-ana-gonorrhea-naat', 'obs-ana-urine-hcg', 'obs-ana-urine-hcg-prior']);
    const categories = resources.flatMap((observation) => observation.category ?? []).flatMap((category) => category.coding ?? []).map((coding) => coding.code);
    expect(categories).not.toContain('vital-signs');
  });

  it('reads the lapsed coverage and finds none active', async () => {
    const { resources } = await readSection(session, adult.patientId, 'coverage');
    expect(ids(resources)).toEqual(['cov-ana-medicaid']);
    expect(resources.filter((coverage) => coverage.status === 'active')).toEqual([]);
  });

  it('reads an empty procedure list as empty and complete', async () => {
    const result = await readSection(session, adult.patientId, 'procedures');
    expect(result.resources).toEqual([]);
    expect(result.complete).toBe(true);
  });

  it('reads only this patient’s flags and referrals', async () => {
    // Other suites may write flags and referrals to the shared sandbox; whatever is there must be hers.
    const flags = await readSection(session, adult.patientId, 'safetyFlags');
    const referrals = await readSection(session, adult.patientId, 'referrals');
    expect(flags.resources.every((flag) => flag.subject.reference === `Patient/${adult.patientId}`)).toBe(true);
    expect(referrals.resources.every((referral) => referral.subject.reference === `Patient/${adult.patientId}`)).toBe(true);
  });
});

describe('the chart read for a patient without a visit in progress (Grace Okafor)', () => {
  const patient = sandbox.patient('no-active-encounter');
  let session: SmartSession;
  beforeAll(async () => {
    session = await sandbox.launch({ patient: patient.patientId });
  });

  it('leaves out the ED visit from 18 months ago', async () => {
    const { resources } = await readSection(session, patient.patientId, 'recentEncounters');
    expect(ids(resources)).toEqual(['enc-grace-clinic-checkup', 'enc-grace-clinic-recent']);
  });

  it('reads no results when the chart holds only vital signs', async () => {
    const { resources } = await readSection(session, patient.patientId, 'observations');
    expect(resources).toEqual([]);
  });

  it('finds the active coverage', async () => {
    const { resources } = await readSection(session, patient.patientId, 'coverage');
    expect(resources.map((coverage) => coverage.status)).toEqual(['active']);
  });
});

describe('a chart section that cannot be read', () => {
  const adult = sandbox.patient('indicator-adult');

  it('fails as forbidden without asking the server when the token does not grant the type', async () => {
    const session = await sandbox.launch({ patient: adult.patientId, deniedScopes: ['patient/Condition.read'] });
    expect(session.context.grantedScopes).not.toContain('patient/Condition.read');

    let error: OperationOutcomeError | undefined;
    const sent = await requestsDuring(async () => {
      error = await sectionFailure(session, adult.patientId, 'conditions');
      // A granted section still goes to the server, so the listener is known to be hearing requests.
      await readSection(session, adult.patientId, 'recentEncounters');
    });

    expect(error).toMatchObject({ kind: 'forbidden', status: undefined });
    expect(error?.message).toBe('The EHR did not give Lantern permission to read this part of the chart.');
    expect(sent.some((url) => url.pathname.endsWith('/Encounter'))).toBe(true);
    expect(sent.filter((url) => url.pathname.includes('/Condition'))).toEqual([]);
  });

  it('fails as forbidden with the server’s own words when the server refuses', async () => {
    const session = await sandbox.launch({ patient: adult.patientId });
    const refusal = 'Access to Condition resources is restricted for this user.';
    sandbox.server.use(
      http.get(`${sandbox.fhirBaseUrl}/Condition`, () =>
        HttpResponse.json(
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', details: { text: refusal } }] },
          { status: 403, headers: { 'content-type': 'application/fhir+json' } },
        ),
      ),
    );
    const error = await sectionFailure(session, adult.patientId, 'conditions');
    expect(error).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(outcomeText(error.outcome)).toBe(refusal);
    expect(error.message).toBe(refusal);
  });

  it('says the EHR does not offer the type when it has no such resource at all (404 on the search)', async () => {
    const session = await sandbox.launch({ patient: adult.patientId });
    sandbox.server.use(
      http.get(`${sandbox.fhirBaseUrl}/Flag`, () =>
        HttpResponse.json(
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', diagnostics: 'Resource type Flag is not supported' }] },
          { status: 404 },
        ),
      ),
    );
    const error = await sectionFailure(session, adult.patientId, 'safetyFlags');
    expect(error).toMatchObject({ kind: 'unsupported', status: 404 });
  });

  it('fails as malformed when the server answers with broken JSON', async () => {
    const session = await sandbox.launch({ patient: adult.patientId });
    sandbox.server.use(
      http.get(
        `${sandbox.fhirBaseUrl}/Condition`,
        () => new HttpResponse('{"resourceType": "Bundle", "entry": [', { status: 200, headers: { 'content-type': 'application/fhir+json' } }),
      ),
    );
    const error = await sectionFailure(session, adult.patientId, 'conditions');
    expect(error).toMatchObject({ kind: 'malformed' });
  });

  it('fails as malformed when the server answers with something other than a Bundle', async () => {
    const session = await sandbox.launch({ patient: adult.patientId });
    sandbox.server.use(http.get(`${sandbox.fhirBaseUrl}/Condition`, () => HttpResponse.json({ resourceType: 'Condition', id: 'x' })));
    const error = await sectionFailure(session, adult.patientId, 'conditions');
    expect(error).toMatchObject({ kind: 'malformed' });
  });

  it('fails on its own: the other sections still read', async () => {
    const session = await sandbox.launch({ patient: adult.patientId });
    sandbox.server.use(http.get(`${sandbox.fhirBaseUrl}/Condition`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 500 })));
    const error = await sectionFailure(session, adult.patientId, 'conditions');
    expect(error).toMatchObject({ kind: 'server', status: 500 });
    const coverage = await readSection(session, adult.patientId, 'coverage');
    expect(ids(coverage.resources)).toEqual(['cov-ana-medicaid']);
  });
});
