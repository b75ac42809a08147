import type { Bundle, OperationOutcome, Questionnaire } from 'fhir/r4';
import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createFhirClient, type FhirAuthorization, type FhirClient } from '../../lib/fhir/fhir-client';
import { fetchQuestionnaire, getQuestionnaireQueryOptions, screeningKeys } from './questionnaire-source';
import { failureOf, setupMswServer } from '../../../tests/msw-server';

const baseUrl = 'https://ehr.example/fhir';
const raftUrl = 'https://county-health.example/fhir/Questionnaire/safety-questions';

function version(versionId: string, date: string, status: Questionnaire['status'] = 'active', url = raftUrl): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    id: `safety-${versionId}-${status}`,
    url,
    version: versionId,
    status,
    date,
    title: `County safety questions ${versionId}`,
    item: [{ linkId: 'q1', type: 'boolean', text: 'Question?' }],
  };
}

const v1 = version('1.0', '2023-01-10');
const v2 = version('2.0', '2024-06-01');
const v10 = version('10.0', '2024-06-01');
const draftV3 = version('3.0', '2025-02-01', 'draft');
const retiredV0 = version('0.9', '2022-01-01', 'retired');
const otherTool = version('9.0', '2025-01-01', 'active', 'https://elsewhere.example/Questionnaire/other');

const fakeAuthorization: FhirAuthorization = {
  serverUrl: baseUrl,
  authorizationHeader: () => 'Bearer t1',
  refreshIfNeeded: () => Promise.resolve(),
  refresh: () => Promise.resolve(false),
};

function fhirClient(): FhirClient {
  return createFhirClient(fakeAuthorization, { timeoutMs: 2_000 });
}

function searchSet(resources: Questionnaire[]): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })) };
}

/** A FHIR server holding these questionnaires that honours `url` and `version` like a real one. */
function serverHolding(stored: Questionnaire[]): ReturnType<typeof http.get> {
  return http.get(`${baseUrl}/Questionnaire`, ({ request }) => {
    const params = new URL(request.url).searchParams;
    const url = params.get('url');
    const wanted = params.get('version');
    return HttpResponse.json(
      searchSet(stored.filter((questionnaire) => questionnaire.url === url && (wanted === null || questionnaire.version === wanted))),
    );
  });
}


const server = setupMswServer();

describe('fetchQuestionnaire', () => {
  it('picks the newest active version of the questionnaire', async () => {
    server.use(serverHolding([v1, v2, draftV3, retiredV0]));
    const questionnaire = await fetchQuestionnaire(fhirClient(), raftUrl);
    expect(questionnaire.version).toBe('2.0');
  });

  it('orders versions numerically when the dates are the same (10.0 after 2.0)', async () => {
    server.use(serverHolding([v10, v2]));
    expect((await fetchQuestionnaire(fhirClient(), raftUrl)).version).toBe('10.0');
  });

  it('fetches the exact version for url|version', async () => {
    server.use(serverHolding([v1, v2]));
    const questionnaire = await fetchQuestionnaire(fhirClient(), `${raftUrl}|1.0`);
    expect(questionnaire).toEqual(v1);
  });

  it('keeps only what was asked for when the server ignores the search parameters', async () => {
    server.use(http.get(`${baseUrl}/Questionnaire`, () => HttpResponse.json(searchSet([otherTool, draftV3, v1]))));
    expect(await fetchQuestionnaire(fhirClient(), raftUrl)).toEqual(v1);
  });

  it('says plainly when the server has no such questionnaire', async () => {
    server.use(serverHolding([otherTool]));
    const error = await failureOf(fetchQuestionnaire(fhirClient(), raftUrl));
    expect(error.kind).toBe('not-found');
    expect(error.message).toBe(
      `The EHR has no active questionnaire at ${raftUrl}; the address in Lantern’s settings may be wrong.`,
    );
  });

  it('says which version is missing', async () => {
    server.use(serverHolding([v1]));
    const error = await failureOf(fetchQuestionnaire(fhirClient(), `${raftUrl}|7.0`));
    expect(error.kind).toBe('not-found');
    expect(error.message).toMatch(/\(version 7\.0\)/);
  });

  it('does not use a questionnaire that is only a draft', async () => {
    server.use(serverHolding([draftV3]));
    expect((await failureOf(fetchQuestionnaire(fhirClient(), raftUrl))).kind).toBe('not-found');
  });

  it('passes on the server’s own refusal', async () => {
    const forbidden: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'forbidden', details: { text: 'Questionnaire search is not allowed for this app' } }],
    };
    server.use(http.get(`${baseUrl}/Questionnaire`, () => HttpResponse.json(forbidden, { status: 403 })));
    const error = await failureOf(fetchQuestionnaire(fhirClient(), raftUrl));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toBe('Questionnaire search is not allowed for this app');
  });
});

describe('getQuestionnaireQueryOptions', () => {
  it('keys the query by server and canonical, and loads the questionnaire through React Query', async () => {
    server.use(serverHolding([v1, v2]));
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const options = getQuestionnaireQueryOptions(fhirClient(), `${raftUrl}|2.0`);
    expect(options.queryKey).toEqual(['screening', 'questionnaire', baseUrl, `${raftUrl}|2.0`]);
    expect(options.queryKey).toEqual(screeningKeys.questionnaire(baseUrl, `${raftUrl}|2.0`));
    const questionnaire = await queryClient.query(options);
    expect(questionnaire).toEqual(v2);
    expect(queryClient.getQueryData(screeningKeys.questionnaire(baseUrl, `${raftUrl}|2.0`))).toEqual(v2);
    queryClient.clear();
  });

  it('rejects with the plain not-found error', async () => {
    server.use(serverHolding([]));
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const error = await failureOf(queryClient.query(getQuestionnaireQueryOptions(fhirClient(), raftUrl)));
    expect(error.message).toMatch(/^The EHR has no active questionnaire at /);
    queryClient.clear();
  });
});
