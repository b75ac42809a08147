import type { Bundle, CapabilityStatement, Condition, Encounter, Flag, Observation, OperationOutcome, Patient } from 'fhir/r4';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createFhirClient, readPath, searchPath, type FhirAuthorization, type FhirClient } from './fhir-client';
import { outcomeText, type FailureKind } from './outcomes';
import { failureOf, setupMswServer } from '../../../tests/msw-server';

const baseUrl = 'https://ehr.example/fhir';
const foreignOrigin = 'https://elsewhere.example';

const ana: Patient = {
  resourceType: 'Patient',
  id: 'ana',
  name: [{ use: 'official', given: ['Ana'], family: 'Reyes' }],
  birthDate: '1994-03-12',
};

const ben: Patient = { resourceType: 'Patient', id: 'ben', name: [{ given: ['Ben'], family: 'Okafor' }] };
const cleo: Patient = { resourceType: 'Patient', id: 'cleo', name: [{ text: 'Cleo Marsh' }] };

const edVisit: Encounter = {
  resourceType: 'Encounter',
  id: 'ed-visit',
  status: 'in-progress',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
  subject: { reference: 'Patient/ana' },
};

const fracture: Condition = {
  resourceType: 'Condition',
  id: 'wrist-fracture',
  subject: { reference: 'Patient/ana' },
  code: { text: 'Fracture of wrist' },
};

const unknownResource: OperationOutcome = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'not-found', details: { text: 'Resource Patient/nobody is not known' }, diagnostics: 'HAPI-2001' }],
};

const serverMetadata: CapabilityStatement = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2024-01-01',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
};

interface FakeAuthorization extends FhirAuthorization {
  readonly refreshCalls: number;
}

/** The SMART session seen from the FHIR layer: token t1 until a refresh, t2 afterwards. */
function fakeAuthorization(options: { refreshSucceeds?: boolean } = {}): FakeAuthorization {
  let refreshed = false;
  let refreshCalls = 0;
  return {
    serverUrl: `${baseUrl}/`,
    get refreshCalls() {
      return refreshCalls;
    },
    authorizationHeader: () => (refreshed ? 'Bearer t2' : 'Bearer t1'),
    refreshIfNeeded: () => Promise.resolve(),
    refresh() {
      refreshCalls += 1;
      refreshed = options.refreshSucceeds ?? true;
      return Promise.resolve(refreshed);
    },
  };
}

function searchSet(resources: Bundle['entry'], extra: Partial<Bundle> = {}): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', entry: resources, ...extra };
}

/** The rejection of a promise as the OperationOutcomeError every FHIR call must throw. */

const server = setupMswServer();

function client(auth: FhirAuthorization = fakeAuthorization(), timeoutMs = 2_000): FhirClient {
  return createFhirClient(auth, { timeoutMs });
}

describe('read', () => {
  it('returns the typed resource and sends the access token', async () => {
    let seenAuthorization: string | null = null;
    let seenAccept: string | null = null;
    server.use(
      http.get(`${baseUrl}/Patient/ana`, ({ request }) => {
        seenAuthorization = request.headers.get('authorization');
        seenAccept = request.headers.get('accept');
        return HttpResponse.json(ana);
      }),
    );
    const patient = await client().read('Patient', 'ana');
    expect(patient).toEqual(ana);
    expect(seenAuthorization).toBe('Bearer t1');
    expect(seenAccept).toBe('application/fhir+json');
  });

  it('escapes the id so it cannot change the path', async () => {
    let seenPath = '';
    server.use(
      http.get(`${baseUrl}/Patient/:id`, ({ request }) => {
        seenPath = new URL(request.url).pathname;
        return HttpResponse.json(ana);
      }),
    );
    await client().read('Patient', 'ana?x=1');
    expect(seenPath).toBe('/fhir/Patient/ana%3Fx%3D1');
  });

  it('keeps the server’s OperationOutcome on a 404', async () => {
    server.use(http.get(`${baseUrl}/Patient/nobody`, () => HttpResponse.json(unknownResource, { status: 404 })));
    const error = await failureOf(client().read('Patient', 'nobody'));
    expect(error.kind).toBe('not-found');
    expect(error.status).toBe(404);
    expect(error.outcome).toEqual(unknownResource);
    expect(outcomeText(error.outcome)).toBe('Resource Patient/nobody is not known');
    expect(error.message).toBe('Resource Patient/nobody is not known');
  });

  it('refreshes once after a 401 and retries with the new token', async () => {
    const seenTokens: (string | null)[] = [];
    server.use(
      http.get(`${baseUrl}/Patient/ana`, ({ request }) => {
        const authorization = request.headers.get('authorization');
        seenTokens.push(authorization);
        return authorization === 'Bearer t2' ? HttpResponse.json(ana) : new HttpResponse(null, { status: 401 });
      }),
    );
    const auth = fakeAuthorization();
    await expect(client(auth).read('Patient', 'ana')).resolves.toEqual(ana);
    expect(auth.refreshCalls).toBe(1);
    expect(seenTokens).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('reports unauthorized when there is nothing to refresh with', async () => {
    let requests = 0;
    server.use(
      http.get(`${baseUrl}/Patient/ana`, () => {
        requests += 1;
        return new HttpResponse(null, { status: 401 });
      }),
    );
    const auth = fakeAuthorization({ refreshSucceeds: false });
    const error = await failureOf(client(auth).read('Patient', 'ana'));
    expect(error.kind).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(auth.refreshCalls).toBe(1);
    expect(requests).toBe(1);
  });

  it('reports unauthorized when the refreshed token is refused too', async () => {
    server.use(http.get(`${baseUrl}/Patient/ana`, () => new HttpResponse(null, { status: 401 })));
    const auth = fakeAuthorization();
    const error = await failureOf(client(auth).read('Patient', 'ana'));
    expect(error.kind).toBe('unauthorized');
    expect(auth.refreshCalls).toBe(1);
  });

  it.each<[number, FailureKind]>([
    [400, 'invalid'],
    [403, 'forbidden'],
    [409, 'conflict'],
    [410, 'not-found'],
    [412, 'precondition'],
    [422, 'invalid'],
    [503, 'server'],
  ])('maps HTTP %i to %s', async (status, kind) => {
    server.use(http.get(`${baseUrl}/Patient/ana`, () => HttpResponse.json(unknownResource, { status })));
    const error = await failureOf(client().read('Patient', 'ana'));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
  });

  it('gives a 500 with an HTML page a fallback outcome', async () => {
    server.use(
      http.get(`${baseUrl}/Patient/ana`, () =>
        HttpResponse.html('<html><body>Proxy error</body></html>', { status: 500, statusText: 'Internal Server Error' }),
      ),
    );
    const error = await failureOf(client().read('Patient', 'ana'));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(500);
    expect(error.outcome.resourceType).toBe('OperationOutcome');
    expect(error.outcome.issue[0]?.severity).toBe('error');
    expect(outcomeText(error.outcome)).toBe('The FHIR server answered 500 Internal Server Error.');
  });

  // HTTP/2 has no reason phrase: the fallback sentence must not end in "answered 502 .".
  it('words the fallback cleanly when the status line has no reason phrase (HTTP/2)', async () => {
    // MSW always fills in a reason phrase, so this answer comes through the client's own fetch option.
    const http2Fetch = (): Promise<Response> => Promise.resolve(new Response(null, { status: 502 }));
    const error = await failureOf(createFhirClient(fakeAuthorization(), { fetch: http2Fetch }).read('Patient', 'ana'));
    expect(error.kind).toBe('server');
    expect(outcomeText(error.outcome)).toBe('The FHIR server answered 502.');
  });

  it('reports a network failure', async () => {
    server.use(http.get(`${baseUrl}/Patient/ana`, () => HttpResponse.error()));
    const error = await failureOf(client().read('Patient', 'ana'));
    expect(error.kind).toBe('network');
    expect(error.status).toBeUndefined();
  });

  // The timeout is recognised by the error's name: Node's and jsdom's DOMException are different classes.
  // The server never answers, so only the time limit can end the read: no wall-clock bound is needed.
  it('gives up on a server that does not answer within the time limit', async () => {
    server.use(
      http.get(`${baseUrl}/Patient/ana`, async () => {
        await delay('infinite');
        return HttpResponse.json(ana);
      }),
    );
    const error = await failureOf(client(fakeAuthorization(), 50).read('Patient', 'ana'));
    expect(error.kind).toBe('timeout');
  });

  it('rejects with the caller’s own abort reason, unwrapped', async () => {
    server.use(
      http.get(`${baseUrl}/Patient/ana`, async () => {
        await delay(1_000);
        return HttpResponse.json(ana);
      }),
    );
    const controller = new AbortController();
    const reason = new Error('the clinician closed the chart');
    const reading = client().read('Patient', 'ana', { signal: controller.signal });
    setTimeout(() => {
      controller.abort(reason);
    }, 20);
    await expect(reading).rejects.toBe(reason);
  });

  it('reports a 200 that is not JSON as malformed', async () => {
    const truncated = '{"resourceType": "Patient", ';
    server.use(http.get(`${baseUrl}/Patient/ana`, () => HttpResponse.text(truncated, { headers: { 'content-type': 'application/fhir+json' } })));
    const error = await failureOf(client().read('Patient', 'ana'));
    expect(error.kind).toBe('malformed');
  });

  it('reports a 200 with an empty body as malformed', async () => {
    server.use(http.get(`${baseUrl}/Patient/ana`, () => new HttpResponse(null, { status: 200 })));
    const error = await failureOf(client().read('Patient', 'ana'));
    expect(error.kind).toBe('malformed');
  });

  it('reports a resource of another type than asked for as malformed', async () => {
    server.use(http.get(`${baseUrl}/Patient/ana`, () => HttpResponse.json(edVisit)));
    const error = await failureOf(client().read('Patient', 'ana'));
    expect(error.kind).toBe('malformed');
    expect(outcomeText(error.outcome)).toContain('Encounter');
  });

  it('reports a resource without an id as malformed: nothing could refer to it', async () => {
    server.use(http.get(`${baseUrl}/Patient/ana`, () => HttpResponse.json({ ...ana, id: undefined })));
    const error = await failureOf(client().read('Patient', 'ana'));
    expect(error.kind).toBe('malformed');
    expect(outcomeText(error.outcome)).toBe('The FHIR server sent a Patient without an id.');
  });
});

describe('readReference', () => {
  it('reads a relative reference of the expected type', async () => {
    server.use(http.get(`${baseUrl}/Encounter/ed-visit`, () => HttpResponse.json(edVisit)));
    await expect(client().readReference('Encounter', 'Encounter/ed-visit')).resolves.toEqual(edVisit);
  });

  it.each(['Patient/ana', 'Encounter/', 'Encounter', 'Encounter/ed-visit/_history/2', `${baseUrl}/Encounter/ed-visit`, ''])(
    'refuses %j without sending a request',
    async (reference) => {
      // No handlers: with onUnhandledRequest 'error', any request would fail as a network error instead.
      const error = await failureOf(client().readReference('Encounter', reference));
      expect(error.kind).toBe('malformed');
    },
  );
});

describe('search', () => {
  it('reports a type the server does not offer (404, or not-supported) as unsupported, keeping its words', async () => {
    server.use(
      http.get(`${baseUrl}/Flag`, () =>
        HttpResponse.json<OperationOutcome>(
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: 'Unknown resource type Flag' }] },
          { status: 404 },
        ),
      ),
      http.get(`${baseUrl}/Coverage`, () =>
        HttpResponse.json<OperationOutcome>(
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', diagnostics: 'Coverage search is not supported' }] },
          { status: 400 },
        ),
      ),
    );
    const missingType = await failureOf(client().search('Flag', { patient: 'ana' }));
    expect(missingType).toMatchObject({ kind: 'unsupported', status: 404 });
    expect(outcomeText(missingType.outcome)).toBe('Unknown resource type Flag');
    expect(await failureOf(client().search('Coverage', { patient: 'ana' }))).toMatchObject({ kind: 'unsupported', status: 400 });
  });

  it('serializes parameters: arrays repeat, numbers are written, undefined is left out', async () => {
    let seenQuery: URLSearchParams | undefined;
    server.use(
      http.get(`${baseUrl}/Observation`, ({ request }) => {
        seenQuery = new URL(request.url).searchParams;
        return HttpResponse.json(searchSet([]));
      }),
    );
    await client().search('Observation', {
      patient: 'ana',
      date: ['ge2024-01-01', 'le2024-06-30'],
      _count: 50,
      category: undefined,
      code: 'http://loinc.org|8480-6,http://loinc.org|8462-4',
    });
    expect(seenQuery?.getAll('date')).toEqual(['ge2024-01-01', 'le2024-06-30']);
    expect(seenQuery?.get('patient')).toBe('ana');
    expect(seenQuery?.get('_count')).toBe('50');
    expect(seenQuery?.get('code')).toBe('http://loinc.org|8480-6,http://loinc.org|8462-4');
    expect(seenQuery?.has('category')).toBe(false);
  });

  it('follows next links up to maxPages and says more remain', async () => {
    const pagesServed: string[] = [];
    server.use(
      http.get(`${baseUrl}/Patient`, ({ request }) => {
        const page = new URL(request.url).searchParams.get('page') ?? '1';
        pagesServed.push(page);
        const resource = page === '1' ? ana : page === '2' ? ben : cleo;
        return HttpResponse.json(
          searchSet([{ resource, search: { mode: 'match' } }], {
            total: page === '1' ? 3 : 99,
            link: page === '3' ? [] : [{ relation: 'next', url: `${baseUrl}/Patient?page=${Number(page) + 1}` }],
          }),
        );
      }),
    );
    const firstTwo = await client().search('Patient', { name: 'a' }, { maxPages: 2 });
    expect(firstTwo.resources.map((patient) => patient.id)).toEqual(['ana', 'ben']);
    expect(firstTwo.complete).toBe(false);
    expect(firstTwo.total).toBe(3);
    expect(pagesServed).toEqual(['1', '2']);

    const all = await client().search('Patient', { name: 'a' }, { maxPages: 10 });
    expect(all.resources.map((patient) => patient.id)).toEqual(['ana', 'ben', 'cleo']);
    expect(all.complete).toBe(true);
    expect(all.total).toBe(3);
  });

  it('reads one page by default', async () => {
    server.use(
      http.get(`${baseUrl}/Patient`, () =>
        HttpResponse.json(searchSet([{ resource: ana }], { link: [{ relation: 'next', url: `${baseUrl}/Patient?page=2` }] })),
      ),
    );
    const result = await client().search('Patient', {});
    expect(result.resources).toEqual([ana]);
    expect(result.complete).toBe(false);
    expect(result.total).toBeUndefined();
  });

  it('keeps only the matches of the type asked for', async () => {
    const warning: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'warning', code: 'informational', diagnostics: 'Some results hidden' }],
    };
    const strayObservation: Observation = { resourceType: 'Observation', id: 'bp', status: 'final', code: { text: 'Blood pressure' } };
    server.use(
      http.get(`${baseUrl}/Condition`, () =>
        HttpResponse.json(
          searchSet([
            { resource: fracture, search: { mode: 'match' } },
            { resource: ana, search: { mode: 'include' } },
            { resource: warning, search: { mode: 'outcome' } },
            { resource: { ...fracture, id: 'included-condition' }, search: { mode: 'include' } },
            { resource: strayObservation },
            { fullUrl: `${baseUrl}/Condition/no-resource` },
          ]),
        ),
      ),
    );
    const result = await client().search('Condition', { patient: 'ana', _include: 'Condition:subject' });
    expect(result.resources).toEqual([fracture]);
    expect(result.complete).toBe(true);
  });

  it('skips entries that are not objects, and reads links or a total of the wrong type as absent', async () => {
    server.use(
      http.get(`${baseUrl}/Condition`, () =>
        HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', total: 'many', link: 'next', entry: [null, 7, { resource: fracture, search: 'match' }] }),
      ),
    );
    const result = await client().search('Condition', { patient: 'ana' }, { maxPages: 2 });
    expect(result).toEqual({ resources: [fracture], withoutId: 0, total: undefined, complete: true });
  });

  it('leaves out matches without an id, and counts them', async () => {
    server.use(
      http.get(`${baseUrl}/Condition`, () =>
        HttpResponse.json(searchSet([{ resource: { ...fracture, id: undefined } }, { resource: { ...fracture, id: '' } }, { resource: fracture }])),
      ),
    );
    const result = await client().search('Condition', { patient: 'ana' });
    expect(result.resources).toEqual([fracture]);
    expect(result.withoutId).toBe(2);
  });

  it('does not follow a next link to another server, nor send it the token', async () => {
    let foreignRequests = 0;
    server.use(
      http.get(`${baseUrl}/Patient`, () =>
        HttpResponse.json(searchSet([{ resource: ana }], { link: [{ relation: 'next', url: `${foreignOrigin}/fhir/Patient?page=2` }] })),
      ),
      http.all(`${foreignOrigin}/*`, () => {
        foreignRequests += 1;
        return HttpResponse.json(searchSet([{ resource: ben }]));
      }),
    );
    const error = await failureOf(client().search('Patient', {}, { maxPages: 5 }));
    expect(error.kind).toBe('malformed');
    expect(outcomeText(error.outcome)).toContain(foreignOrigin);
    expect(foreignRequests).toBe(0);
  });

  it('does not mistake a look-alike host or path for the FHIR server', async () => {
    let foreignRequests = 0;
    server.use(
      http.get(`${baseUrl}/Patient`, ({ request }) => {
        const next = new URL(request.url).searchParams.get('lookalike') ?? '';
        return HttpResponse.json(searchSet([{ resource: ana }], { link: [{ relation: 'next', url: next }] }));
      }),
      http.all('https://ehr.example.attacker.example/*', () => {
        foreignRequests += 1;
        return HttpResponse.json(searchSet([]));
      }),
      http.all('https://ehr.example/fhir-evil/*', () => {
        foreignRequests += 1;
        return HttpResponse.json(searchSet([]));
      }),
    );
    for (const lookalike of ['https://ehr.example.attacker.example/fhir/Patient?page=2', 'https://ehr.example/fhir-evil/Patient?page=2']) {
      const error = await failureOf(client().search('Patient', { lookalike }, { maxPages: 2 }));
      expect(error.kind).toBe('malformed');
    }
    expect(foreignRequests).toBe(0);
  });

  it.each([
    `${baseUrl}/%2e%2e/other-tenant/Patient?page=2`,
    `${baseUrl}/%2E%2e/other-tenant/Patient?page=2`,
    `${baseUrl}/../other-tenant/Patient?page=2`,
    `${baseUrl}/..%2fother-tenant/Patient?page=2`,
    `${baseUrl}-other/Patient?page=2`,
    'https://user@ehr.example/fhir/Patient?page=2',
    'http://ehr.example/fhir/Patient?page=2',
  ])('sends no token to the next link %s, which leaves the FHIR base on its own origin', async (next) => {
    const tokensElsewhere: (string | null)[] = [];
    server.use(
      http.get(`${baseUrl}/Patient`, ({ request }) =>
        new URL(request.url).searchParams.has('page')
          ? HttpResponse.json(searchSet([{ resource: ben }]))
          : HttpResponse.json(searchSet([{ resource: ana }], { link: [{ relation: 'next', url: next }] })),
      ),
      http.all('*/other-tenant/*', ({ request }) => {
        tokensElsewhere.push(request.headers.get('authorization'));
        return HttpResponse.json(searchSet([]));
      }),
      http.all('https://ehr.example/fhir-other/*', ({ request }) => {
        tokensElsewhere.push(request.headers.get('authorization'));
        return HttpResponse.json(searchSet([]));
      }),
      http.all('http://ehr.example/*', ({ request }) => {
        tokensElsewhere.push(request.headers.get('authorization'));
        return HttpResponse.json(searchSet([]));
      }),
    );
    const error = await failureOf(client().search('Patient', {}, { maxPages: 2 }));
    expect(error.kind).toBe('malformed');
    expect(tokensElsewhere).toEqual([]);
  });

  it('sends nothing for a read whose id is a dot segment', async () => {
    const seen: string[] = [];
    server.use(
      http.all('https://ehr.example/*', ({ request }) => {
        seen.push(request.url);
        return HttpResponse.json(ana);
      }),
    );
    const error = await failureOf(client().read('Patient', '..'));
    expect(error.kind).toBe('malformed');
    expect(seen).toEqual([]);
  });

  // A relative next link must fail like any other malformed answer, not throw from outside the client's handling.
  it('reports a relative next link as malformed, like every other failure', async () => {
    server.use(
      http.get(`${baseUrl}/Patient`, () =>
        HttpResponse.json(searchSet([{ resource: ana }], { link: [{ relation: 'next', url: 'Patient?page=2' }] })),
      ),
    );
    const error = await failureOf(client().search('Patient', {}, { maxPages: 2 }));
    expect(error.kind).toBe('malformed');
  });

  it('reports an answer that is not a Bundle as malformed', async () => {
    server.use(http.get(`${baseUrl}/Patient`, () => HttpResponse.json(ana)));
    const error = await failureOf(client().search('Patient', {}));
    expect(error.kind).toBe('malformed');
  });

  it('reports a Bundle whose entry is not a list as malformed', async () => {
    server.use(http.get(`${baseUrl}/Patient`, () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: { resource: ana } })));
    const error = await failureOf(client().search('Patient', {}));
    expect(error.kind).toBe('malformed');
  });
});

describe('create', () => {
  const safetyFlag: Flag = {
    resourceType: 'Flag',
    status: 'active',
    code: { text: 'Safety concern — restricted; see care team' },
    subject: { reference: 'Patient/ana' },
  };

  it('posts FHIR JSON with If-None-Exist and returns the created resource', async () => {
    let seenContentType: string | null = null;
    let seenIfNoneExist: string | null = null;
    let seenAuthorization: string | null = null;
    let seenBody: unknown;
    server.use(
      http.post(`${baseUrl}/Flag`, async ({ request }) => {
        seenContentType = request.headers.get('content-type');
        seenIfNoneExist = request.headers.get('if-none-exist');
        seenAuthorization = request.headers.get('authorization');
        seenBody = await request.json();
        return HttpResponse.json({ ...safetyFlag, id: 'flag-1' }, { status: 201 });
      }),
    );
    const created = await client().create(safetyFlag, { ifNoneExist: 'identifier=urn:lantern|abc' });
    expect(created).toEqual({ ...safetyFlag, id: 'flag-1' });
    expect(seenContentType).toBe('application/fhir+json');
    expect(seenIfNoneExist).toBe('identifier=urn:lantern|abc');
    expect(seenAuthorization).toBe('Bearer t1');
    expect(seenBody).toEqual(safetyFlag);
  });

  it('sends no If-None-Exist when none is given', async () => {
    let sawIfNoneExist = true;
    server.use(
      http.post(`${baseUrl}/Flag`, ({ request }) => {
        sawIfNoneExist = request.headers.has('if-none-exist');
        return HttpResponse.json({ ...safetyFlag, id: 'flag-1' }, { status: 201 });
      }),
    );
    await client().create(safetyFlag);
    expect(sawIfNoneExist).toBe(false);
  });

  it('reads the Location when the server answers 201 without a body', async () => {
    server.use(
      http.post(`${baseUrl}/Flag`, () => new HttpResponse(null, { status: 201, headers: { location: `${baseUrl}/Flag/flag-7/_history/1` } })),
      http.get(`${baseUrl}/Flag/flag-7`, () => HttpResponse.json({ ...safetyFlag, id: 'flag-7' })),
    );
    await expect(client().create(safetyFlag)).resolves.toEqual({ ...safetyFlag, id: 'flag-7' });
  });

  it('reads a relative Location too', async () => {
    server.use(
      http.post(`${baseUrl}/Flag`, () => new HttpResponse(null, { status: 201, headers: { location: 'Flag/flag-8/_history/1' } })),
      http.get(`${baseUrl}/Flag/flag-8`, () => HttpResponse.json({ ...safetyFlag, id: 'flag-8' })),
    );
    await expect(client().create(safetyFlag)).resolves.toEqual({ ...safetyFlag, id: 'flag-8' });
  });

  it('reports a 201 with neither body nor Location as malformed', async () => {
    server.use(http.post(`${baseUrl}/Flag`, () => new HttpResponse(null, { status: 201 })));
    const error = await failureOf(client().create(safetyFlag));
    expect(error.kind).toBe('malformed');
  });

  it('reports a Location naming another resource type as malformed', async () => {
    server.use(http.post(`${baseUrl}/Flag`, () => new HttpResponse(null, { status: 201, headers: { location: `${baseUrl}/Basic/b1` } })));
    const error = await failureOf(client().create(safetyFlag));
    expect(error.kind).toBe('malformed');
  });

  it('passes on the server’s reason for a 422', async () => {
    const rejected: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'warning', code: 'informational', diagnostics: 'Profile not checked' },
        { severity: 'error', code: 'invariant', diagnostics: 'Flag.category is required by this server' },
      ],
    };
    server.use(http.post(`${baseUrl}/Flag`, () => HttpResponse.json(rejected, { status: 422 })));
    const error = await failureOf(client().create(safetyFlag));
    expect(error.kind).toBe('invalid');
    expect(error.status).toBe(422);
    expect(outcomeText(error.outcome)).toBe('Flag.category is required by this server');
  });
});

describe('capabilities', () => {
  it('reads the CapabilityStatement from /metadata', async () => {
    server.use(http.get(`${baseUrl}/metadata`, () => HttpResponse.json(serverMetadata)));
    await expect(client().capabilities()).resolves.toEqual(serverMetadata);
  });
});

describe('write-back additions', () => {
  const storedFlag: Flag = {
    resourceType: 'Flag',
    id: 'flag-1',
    meta: { versionId: '2' },
    status: 'active',
    code: { text: 'Safety concern — restricted; see care team' },
    subject: { reference: 'Patient/ana' },
  };

  describe('conditionalCreate', () => {
    it('says created on 201 and sends If-None-Exist', async () => {
      let seenIfNoneExist: string | null = null;
      server.use(
        http.post(`${baseUrl}/Flag`, ({ request }) => {
          seenIfNoneExist = request.headers.get('if-none-exist');
          return HttpResponse.json(storedFlag, { status: 201 });
        }),
      );
      const result = await client().conditionalCreate({ ...storedFlag, id: undefined }, 'identifier=urn%3Alantern%7Cabc');
      expect(result).toEqual({ resource: storedFlag, created: true });
      expect(seenIfNoneExist).toBe('identifier=urn%3Alantern%7Cabc');
    });

    it('says found on 200 (the server kept the existing match)', async () => {
      server.use(http.post(`${baseUrl}/Flag`, () => HttpResponse.json(storedFlag, { status: 200 })));
      await expect(client().conditionalCreate(storedFlag, 'identifier=x')).resolves.toEqual({ resource: storedFlag, created: false });
    });

    it('reads the match back when the server answers with only a Location', async () => {
      server.use(
        http.post(`${baseUrl}/Flag`, () => new HttpResponse(null, { status: 200, headers: { location: `${baseUrl}/Flag/flag-1/_history/2` } })),
        http.get(`${baseUrl}/Flag/flag-1`, () => HttpResponse.json(storedFlag)),
      );
      await expect(client().conditionalCreate(storedFlag, 'identifier=x')).resolves.toEqual({ resource: storedFlag, created: false });
    });
  });

  describe('update', () => {
    it('PUTs to the resource’s id with If-Match as a weak ETag', async () => {
      let seenIfMatch: string | null = null;
      let seenMethod = '';
      server.use(
        http.put(`${baseUrl}/Flag/flag-1`, async ({ request }) => {
          seenIfMatch = request.headers.get('if-match');
          seenMethod = request.method;
          const body = (await request.json()) as Flag;
          return HttpResponse.json({ ...body, meta: { versionId: '3' } });
        }),
      );
      const stored = await client().update({ ...storedFlag, status: 'inactive' }, { ifMatch: '2' });
      expect(seenMethod).toBe('PUT');
      expect(seenIfMatch).toBe('W/"2"');
      expect(stored).toMatchObject({ id: 'flag-1', status: 'inactive', meta: { versionId: '3' } });
    });

    it('passes an ETag the server gave back unchanged', async () => {
      let seenIfMatch: string | null = null;
      server.use(
        http.put(`${baseUrl}/Flag/flag-1`, ({ request }) => {
          seenIfMatch = request.headers.get('if-match');
          return HttpResponse.json(storedFlag);
        }),
      );
      await client().update(storedFlag, { ifMatch: 'W/"7"' });
      expect(seenIfMatch).toBe('W/"7"');
    });

    it('sends no If-Match when there is no version', async () => {
      let sawIfMatch = true;
      server.use(
        http.put(`${baseUrl}/Flag/flag-1`, ({ request }) => {
          sawIfMatch = request.headers.has('if-match');
          return HttpResponse.json(storedFlag);
        }),
      );
      await client().update(storedFlag);
      expect(sawIfMatch).toBe(false);
    });

    it('reports a version conflict as precondition', async () => {
      server.use(http.put(`${baseUrl}/Flag/flag-1`, () => HttpResponse.json(unknownResource, { status: 412 })));
      const error = await failureOf(client().update(storedFlag, { ifMatch: '1' }));
      expect(error.kind).toBe('precondition');
      expect(error.status).toBe(412);
    });

    it('refuses a resource without an id, without sending anything', async () => {
      const error = await failureOf(client().update({ ...storedFlag, id: undefined }));
      expect(error.kind).toBe('malformed');
    });

    it('reads the resource back when the server returns no body', async () => {
      server.use(
        http.put(`${baseUrl}/Flag/flag-1`, () => new HttpResponse(null, { status: 200 })),
        http.get(`${baseUrl}/Flag/flag-1`, () => HttpResponse.json(storedFlag)),
      );
      await expect(client().update(storedFlag)).resolves.toEqual(storedFlag);
    });
  });

  describe('searchOne', () => {
    it('returns the first match, or undefined when there is none', async () => {
      server.use(
        http.get(`${baseUrl}/Flag`, ({ request }) =>
          HttpResponse.json(searchSet(new URL(request.url).searchParams.get('identifier') === 'x|1' ? [{ resource: storedFlag }] : [])),
        ),
      );
      await expect(client().searchOne('Flag', { identifier: 'x|1' })).resolves.toEqual(storedFlag);
      await expect(client().searchOne('Flag', { identifier: 'x|2' })).resolves.toBeUndefined();
    });
  });

  describe('transaction and batch', () => {
    const transaction: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ fullUrl: 'urn:uuid:0b6c0c5e-7d3f-4c1e-9a55-1f4f6d0b2a11', resource: storedFlag, request: { method: 'POST', url: 'Flag' } }],
    };
    const transactionResponse: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: [{ resource: storedFlag, response: { status: '201 Created', location: 'Flag/flag-1/_history/1' } }],
    };

    it('POSTs the Bundle to the base URL and returns the response Bundle', async () => {
      let seenBody: unknown;
      server.use(
        http.post(baseUrl, async ({ request }) => {
          seenBody = await request.json();
          return HttpResponse.json(transactionResponse);
        }),
      );
      await expect(client().transaction(transaction)).resolves.toEqual(transactionResponse);
      expect(seenBody).toEqual(transaction);
    });

    it('rejects an answer that is not a transaction-response', async () => {
      server.use(http.post(baseUrl, () => HttpResponse.json({ ...transactionResponse, type: 'batch-response' })));
      expect((await failureOf(client().transaction(transaction))).kind).toBe('malformed');
    });

    it('refuses to send a batch as a transaction', async () => {
      expect((await failureOf(client().transaction({ ...transaction, type: 'batch' }))).kind).toBe('malformed');
    });

    it('sends a batch and expects a batch-response', async () => {
      server.use(http.post(baseUrl, () => HttpResponse.json({ ...transactionResponse, type: 'batch-response' })));
      await expect(client().batch({ ...transaction, type: 'batch' })).resolves.toMatchObject({ type: 'batch-response' });
    });

    it('keeps the server’s OperationOutcome when the transaction fails', async () => {
      server.use(http.post(baseUrl, () => HttpResponse.json(unknownResource, { status: 400 })));
      const error = await failureOf(client().transaction(transaction));
      expect(error.kind).toBe('invalid');
      expect(error.outcome).toEqual(unknownResource);
    });
  });
});

describe('readAhead', () => {
  /** Counts the GETs of Patient/ana the server answers, with `answer`. */
  function patientReads(answer: () => Response | Promise<Response> = () => HttpResponse.json(ana)): { count: number } {
    const reads = { count: 0 };
    server.use(
      http.get(`${baseUrl}/Patient/ana`, () => {
        reads.count += 1;
        return answer();
      }),
    );
    return reads;
  }

  it('answers the first read of a path with the read started ahead, once: the next read asks the server', async () => {
    const reads = patientReads();
    const fhir = client();
    fhir.readAhead({ paths: [readPath('Patient', 'ana')], batch: false });
    await expect(fhir.read('Patient', 'ana')).resolves.toEqual(ana);
    expect(reads.count).toBe(1);
    await expect(fhir.read('Patient', 'ana')).resolves.toEqual(ana);
    expect(reads.count).toBe(2);
  });

  it('gives a failed read ahead as that read’s own failure, in the server’s words', async () => {
    patientReads(() => HttpResponse.json(unknownResource, { status: 404 }));
    const fhir = client();
    fhir.readAhead({ paths: [readPath('Patient', 'ana')], batch: false });
    const error = await failureOf(fhir.read('Patient', 'ana'));
    expect(error.kind).toBe('not-found');
    expect(outcomeText(error.outcome)).toBe('Resource Patient/nobody is not known');
  });

  it('leaves the answer for the next caller when the first gives up waiting for it', async () => {
    const reads = patientReads(async () => {
      await delay(50);
      return HttpResponse.json(ana);
    });
    const fhir = client();
    fhir.readAhead({ paths: [readPath('Patient', 'ana')], batch: false });
    const controller = new AbortController();
    const abandoned = fhir.read('Patient', 'ana', { signal: controller.signal });
    controller.abort(new Error('unmounted'));
    await expect(abandoned).rejects.toThrow('unmounted');
    await expect(fhir.read('Patient', 'ana')).resolves.toEqual(ana);
    expect(reads.count).toBe(1);
  });

  it('serves an answer the page already holds without asking the server', async () => {
    let metadataReads = 0;
    server.use(
      http.get(`${baseUrl}/metadata`, () => {
        metadataReads += 1;
        return HttpResponse.json(serverMetadata);
      }),
    );
    const fhir = client();
    fhir.readAhead({ paths: [], batch: false, answered: new Map([['metadata', serverMetadata]]) });
    await expect(fhir.capabilities()).resolves.toEqual(serverMetadata);
    expect(metadataReads).toBe(0);
  });

  it('sends the reads as one batch of GETs and answers each from its entry', async () => {
    const reads = patientReads();
    let sent: unknown;
    server.use(
      http.post(baseUrl, async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({
          resourceType: 'Bundle',
          type: 'batch-response',
          entry: [
            { resource: ana, response: { status: '200 OK' } },
            { resource: searchSet([{ resource: fracture }]), response: { status: '200' } },
            { response: { status: '404 Not Found', outcome: unknownResource } },
          ],
        });
      }),
    );
    const fhir = client();
    const conditions = searchPath('Condition', { patient: 'ana' });
    fhir.readAhead({ paths: [readPath('Patient', 'ana'), conditions, readPath('Encounter', 'gone')], batch: true });
    await expect(fhir.read('Patient', 'ana')).resolves.toEqual(ana);
    await expect(fhir.search('Condition', { patient: 'ana' })).resolves.toMatchObject({ resources: [fracture] });
    expect((await failureOf(fhir.read('Encounter', 'gone'))).kind).toBe('not-found');
    expect(reads.count).toBe(0);
    expect(sent).toEqual({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: 'Patient/ana' } },
        { request: { method: 'GET', url: 'Condition?patient=ana' } },
        { request: { method: 'GET', url: 'Encounter/gone' } },
      ],
    });
  });

  it.each([
    ['an entry to try again (503)', { entry: [{ response: { status: '503 Service Unavailable' } }, { response: { status: '200' } }] }],
    ['an entry with no status', { entry: [{ resource: ana }, { response: { status: '200' } }] }],
    ['fewer entries than reads', { entry: [] }],
  ])('sends a read to the server itself for %s', async (_, answer) => {
    const reads = patientReads();
    server.use(http.post(baseUrl, () => HttpResponse.json({ resourceType: 'Bundle', type: 'batch-response', ...answer })));
    const fhir = client();
    fhir.readAhead({ paths: [readPath('Patient', 'ana'), searchPath('Condition', { patient: 'ana' })], batch: true });
    await expect(fhir.read('Patient', 'ana')).resolves.toEqual(ana);
    expect(reads.count).toBe(1);
  });
});

describe('baseUrl', () => {
  it('drops trailing slashes from the server URL', () => {
    expect(client().baseUrl).toBe(baseUrl);
  });
});
