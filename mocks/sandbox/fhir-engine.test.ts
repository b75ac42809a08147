import type {
  Bundle,
  Condition,
  Encounter,
  FhirResource,
  Flag,
  Observation,
  Patient,
  Resource,
  ServiceRequest,
} from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCapabilityStatement, LANTERN_RESOURCE_TYPES } from './capability-statement';
import { createFhirEngine } from './fhir-engine-node';
import type { FhirEngine, FhirHttpRequest, FhirHttpResponse } from './fhir-engine';
import { findSearchParameter } from './fhir-definitions';

const BASE_URL = 'http://localhost:5173/sandbox/fhir';
const APP_IDENTIFIER_SYSTEM = 'urn:lantern:submission';

function request(
  method: string,
  pathAndQuery: string,
  body?: unknown,
  headers: Record<string, string> = {},
): FhirHttpRequest {
  const [path = '', query = ''] = pathAndQuery.split('?', 2);
  return {
    method,
    path,
    search: new URLSearchParams(query),
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    headers,
    baseUrl: BASE_URL,
  };
}

/** Follows an absolute link produced by the engine back into a request. */
function requestForLink(url: string): FhirHttpRequest {
  expect(url.startsWith(`${BASE_URL}/`)).toBe(true);
  return request('GET', url.slice(BASE_URL.length + 1));
}

type ResourceOf<K extends FhirResource['resourceType']> = Extract<FhirResource, { resourceType: K }>;

function isResourceOf<K extends FhirResource['resourceType']>(
  resource: Resource | undefined,
  type: K,
): resource is ResourceOf<K> {
  return resource?.resourceType === type;
}

function bodyOf<K extends FhirResource['resourceType']>(response: FhirHttpResponse, type: K): ResourceOf<K> {
  const body = response.body;
  if (!isResourceOf(body, type)) {
    throw new Error(`expected a ${type}, got ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
  }
  return body;
}

function outcomeText(response: FhirHttpResponse): string {
  return bodyOf(response, 'OperationOutcome').issue
    .map((i) => `${i.code}: ${i.details?.text ?? ''} ${i.diagnostics ?? ''} ${(i.expression ?? []).join(',')}`)
    .join('\n');
}

function idsOf(bundle: Bundle): string[] {
  return (bundle.entry ?? []).flatMap((e) => (e.search?.mode !== 'outcome' && e.resource?.id ? [e.resource.id] : []));
}

function linkOf(bundle: Bundle, relation: string): string | undefined {
  return bundle.link?.find((l) => l.relation === relation)?.url;
}

const ines: Patient = {
  resourceType: 'Patient',
  id: 'ines',
  name: [{ family: 'Duarte', given: ['Inês'] }],
  gender: 'female',
  birthDate: '1999-04-02',
};

const edVisit: Encounter = {
  resourceType: 'Encounter',
  id: 'ed-visit',
  status: 'in-progress',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER', display: 'emergency' },
  subject: { reference: 'Patient/ines' },
  period: { start: '2025-03-01T10:00:00Z' },
};

const pastVisit: Encounter = {
  resourceType: 'Encounter',
  id: 'past-visit',
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
  subject: { reference: 'Patient/ines' },
  period: { start: '2024-06-10T09:00:00Z', end: '2024-06-10T10:00:00Z' },
};

const chlamydia: Condition = {
  resourceType: 'Condition',
  id: 'chlamydia',
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { coding: [{ system: 'http://snomed.info/sct', code: '105629000', display: 'Chlamydial infection' }] },
  subject: { reference: 'Patient/ines' },
  encounter: { reference: 'Encounter/ed-visit' },
};

const fracture: Condition = {
  resourceType: 'Condition',
  id: 'fracture',
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'S52.501A', display: 'Fracture of radius' }] },
  subject: { reference: 'Patient/ines' },
};

function heartRate(id: string, patientId: string, effective: string, category = 'vital-signs'): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: category }] },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: effective,
    valueQuantity: { value: 70, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

function safetyFlag(submissionId: string): Flag {
  return {
    resourceType: 'Flag',
    meta: {
      security: [
        { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' },
        { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'NOPAT' },
        { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'SDV' },
      ],
    },
    identifier: [{ system: APP_IDENTIFIER_SYSTEM, value: submissionId }],
    status: 'active',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety', display: 'Safety' }] },
    ],
    code: { text: 'Safety concern — restricted; see care team' },
    subject: { reference: 'Patient/ines' },
    encounter: { reference: 'Encounter/ed-visit' },
  };
}

async function seededEngine(extra: readonly Resource[] = []): Promise<FhirEngine> {
  const engine = await createFhirEngine();
  await engine.load([ines, edVisit, pastVisit, chlamydia, fracture, ...extra]);
  return engine;
}

// The first engine indexes the R4 definitions (~2 s); the others reuse them.
beforeAll(async () => {
  await createFhirEngine();
});

describe('metadata and routing', () => {
  it('serves the CapabilityStatement at metadata', async () => {
    const engine = await createFhirEngine();
    const response = await engine.handle(request('GET', 'metadata'));
    expect(response.status).toBe(200);
    const statement = bodyOf(response, 'CapabilityStatement');
    expect(statement.resourceType).toBe('CapabilityStatement');
    expect(statement.fhirVersion).toBe('4.0.1');
    expect(statement.rest?.[0]?.resource?.map((r) => r.type)).toContain('Flag');
  });

  it('serves a custom CapabilityStatement when given one', async () => {
    const epicLike = buildCapabilityStatement({ interactions: { Flag: ['read', 'search-type'] }, transaction: false });
    const engine = await createFhirEngine({ capabilityStatement: epicLike });
    const response = await engine.handle(request('GET', 'metadata'));
    expect(response.body).toEqual(epicLike);
  });

  it('answers 404 not-supported for an unknown resource type', async () => {
    const engine = await createFhirEngine();
    const response = await engine.handle(request('GET', 'Bogus/1'));
    expect(response.status).toBe(404);
    expect(bodyOf(response, 'OperationOutcome').issue[0]?.code).toBe('not-supported');
    expect(outcomeText(response)).toContain('Bogus');
  });

  it('answers 404 with an OperationOutcome when the id is unknown', async () => {
    const engine = await seededEngine();
    const response = await engine.handle(request('GET', 'Patient/nobody'));
    expect(response.status).toBe(404);
    expect(bodyOf(response, 'OperationOutcome').issue[0]?.code).toBe('not-found');
    expect(outcomeText(response)).toContain('Patient/nobody');
  });

  it('reads a loaded resource by its given id, with an ETag', async () => {
    const engine = await seededEngine();
    expect(engine.resourceCount()).toBe(5);
    const response = await engine.handle(request('GET', 'Patient/ines'));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ resourceType: 'Patient', id: 'ines', gender: 'female' });
    expect(response.headers?.ETag).toMatch(/^W\/".+"$/);
  });
});

describe('CapabilityStatement', () => {
  it('declares an R4 JSON server with read/search/create/update on every Lantern type, and transaction/batch', () => {
    const statement = buildCapabilityStatement();
    expect(statement).toMatchObject({ fhirVersion: '4.0.1', kind: 'instance' });
    expect(statement.format).toContain('json');
    const rest = statement.rest?.[0];
    expect(rest?.mode).toBe('server');
    expect(rest?.interaction?.map((i) => i.code)).toEqual(['transaction', 'batch']);
    expect(rest?.resource?.map((r) => r.type)).toEqual([...LANTERN_RESOURCE_TYPES]);
    for (const resource of rest?.resource ?? []) {
      expect(resource.interaction?.map((i) => i.code)).toEqual(['read', 'search-type', 'create', 'update']);
    }
  });

  it('only declares search parameters the engine answers', async () => {
    await createFhirEngine();
    for (const resource of buildCapabilityStatement().rest?.[0]?.resource ?? []) {
      for (const param of resource.searchParam ?? []) {
        expect(findSearchParameter(resource.type, param.name)?.type, `${resource.type}?${param.name}`).toBe(param.type);
      }
    }
  });

  it('builds vendor variants: no Flag create, no transaction, with a security section', () => {
    const security = { cors: true, service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }] };
    const statement = buildCapabilityStatement({
      resourceTypes: ['Patient', 'Flag'],
      interactions: { Flag: ['read', 'search-type'] },
      transaction: false,
      batch: false,
      security,
    });
    const rest = statement.rest?.[0];
    expect(rest?.security).toEqual(security);
    expect(rest?.interaction).toBeUndefined();
    const flag = rest?.resource?.find((r) => r.type === 'Flag');
    expect(flag?.interaction?.map((i) => i.code)).toEqual(['read', 'search-type']);
    expect(flag?.conditionalCreate).toBeUndefined();
    expect(rest?.resource?.find((r) => r.type === 'Patient')?.conditionalCreate).toBe(true);
  });
});

describe('request errors', () => {
  it('answers malformed JSON with 400 and an OperationOutcome', async () => {
    const engine = await createFhirEngine();
    const response = await engine.handle(request('POST', 'Flag', '{"resourceType": "Flag",'));
    expect(response.status).toBe(400);
    expect(bodyOf(response, 'OperationOutcome').issue[0]?.code).toBe('structure');
    expect(outcomeText(response)).toContain('not valid JSON');
  });

  it('refuses a body whose resourceType does not match the URL', async () => {
    const engine = await createFhirEngine();
    const response = await engine.handle(request('POST', 'Flag', ines));
    expect(response.status).toBe(400);
    expect(outcomeText(response)).toContain("'Patient' in the body does not match 'Flag'");
  });

  it('refuses an invalid resource on create and says what is wrong', async () => {
    const engine = await createFhirEngine();
    const withoutStatus: Partial<Flag> = safetyFlag('no-status');
    delete withoutStatus.status;
    const response = await engine.handle(request('POST', 'Flag', withoutStatus));
    expect(response.status).toBe(400);
    const issue = bodyOf(response, 'OperationOutcome').issue[0];
    expect(['invalid', 'structure', 'required']).toContain(issue?.code);
    expect(outcomeText(response)).toContain('Flag.status');
    expect(engine.resourceCount()).toBe(0);
  });

  it('refuses unknown properties and wrong primitive types', async () => {
    const engine = await createFhirEngine();
    const extra = await engine.handle(request('POST', 'Patient', { ...ines, id: undefined, colour: 'red' }));
    expect(extra.status).toBe(400);
    expect(outcomeText(extra)).toMatch(/colour/);
    const wrongType = await engine.handle(request('POST', 'Patient', { resourceType: 'Patient', birthDate: 'yesterday' }));
    expect(wrongType.status).toBe(400);
    expect(outcomeText(wrongType)).toMatch(/birthDate/);
  });

  it('answers 405 for PATCH, which the sandbox does not support', async () => {
    const engine = await seededEngine();
    const response = await engine.handle(request('PATCH', 'Patient/ines', []));
    expect(response.status).toBe(405);
    expect(bodyOf(response, 'OperationOutcome').issue[0]?.code).toBe('not-supported');
  });

  it('has no conditional update or delete: 405 on the type, and a transaction asking for one is refused whole', async () => {
    const engine = await seededEngine();
    const before = engine.resourceCount();
    for (const response of [
      await engine.handle(request('PUT', 'Patient?identifier=urn:mrn|1', ines)),
      await engine.handle(request('DELETE', 'Patient?identifier=urn:mrn|1')),
    ]) {
      expect(response.status).toBe(405);
      expect(bodyOf(response, 'OperationOutcome').issue[0]?.code).toBe('not-supported');
    }
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: ines, request: { method: 'PUT', url: 'Patient?identifier=urn:mrn|1' } }],
    };
    const refused = await engine.handle(request('POST', '', bundle));
    expect(refused.status).toBe(400);
    expect(bodyOf(refused, 'OperationOutcome').issue[0]?.code).toBe('not-supported');
    expect(engine.resourceCount()).toBe(before);
  });

  it('answers 400 for a malformed date in a search', async () => {
    const engine = await seededEngine();
    const response = await engine.handle(request('GET', 'Encounter?date=ge-last-week'));
    expect(response.status).toBe(400);
    expect(outcomeText(response)).toContain('date');
  });
});

describe('create, read and update', () => {
  it('creates with 201, a versioned Location and an ETag, assigning its own id', async () => {
    const engine = await createFhirEngine();
    const response = await engine.handle(request('POST', 'Flag', { ...safetyFlag('a'), id: 'client-chosen' }));
    expect(response.status).toBe(201);
    const flag = bodyOf(response, 'Flag');
    expect(flag.id).toBeTruthy();
    expect(flag.id).not.toBe('client-chosen');
    const versionId = flag.meta?.versionId ?? '';
    expect(versionId).not.toBe('');
    expect(response.headers?.Location).toBe(`${BASE_URL}/Flag/${flag.id ?? ''}/_history/${versionId}`);
    expect(response.headers?.ETag).toBe(`W/"${versionId}"`);
  });

  it('keeps meta.security labels on create', async () => {
    const engine = await createFhirEngine();
    const created = bodyOf(await engine.handle(request('POST', 'Flag', safetyFlag('b'))), 'Flag');
    const read = bodyOf(await engine.handle(request('GET', `Flag/${created.id ?? ''}`)), 'Flag');
    expect(read.meta?.security?.map((c) => c.code)).toEqual(['R', 'NOPAT', 'SDV']);
    const found = bodyOf(await engine.handle(request('GET', 'Flag?_security=NOPAT&patient=ines')), 'Bundle');
    expect(idsOf(found)).toEqual([created.id]);
  });

  it('creates conditionally with If-None-Exist: a retry returns the first Flag', async () => {
    const engine = await seededEngine();
    const headers = { 'if-none-exist': `identifier=${APP_IDENTIFIER_SYSTEM}|submission-1` };
    const first = await engine.handle(request('POST', 'Flag', safetyFlag('submission-1'), headers));
    const retry = await engine.handle(request('POST', 'Flag', safetyFlag('submission-1'), headers));
    // Some clients prefix the criteria with the type; that must not create a duplicate either.
    const prefixed = { 'if-none-exist': `Flag?identifier=${APP_IDENTIFIER_SYSTEM}|submission-1` };
    const prefixedRetry = await engine.handle(request('POST', 'Flag', safetyFlag('submission-1'), prefixed));
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(prefixedRetry.status).toBe(200);
    expect(bodyOf(retry, 'Flag').id).toBe(bodyOf(first, 'Flag').id);
    const flags = bodyOf(await engine.handle(request('GET', 'Flag?patient=ines')), 'Bundle');
    expect(flags.total).toBe(1);
  });

  it('honours Prefer: return=minimal', async () => {
    const engine = await createFhirEngine();
    const response = await engine.handle(request('POST', 'Flag', safetyFlag('c'), { prefer: 'return=minimal' }));
    expect(response.status).toBe(201);
    expect(response.body).toBeUndefined();
    expect(response.headers?.Location).toMatch(new RegExp(`^${BASE_URL}/Flag/[^/]+/_history/[^/]+$`));
  });

  it('updates with a matching If-Match and refuses a stale one with 412', async () => {
    const engine = await seededEngine();
    const current = await engine.handle(request('GET', 'Patient/ines'));
    const etag = current.headers?.ETag ?? '';
    const renamed: Patient = { ...ines, name: [{ family: 'Duarte', given: ['Inês', 'Maria'] }] };
    const updated = await engine.handle(request('PUT', 'Patient/ines', renamed, { 'if-match': etag }));
    expect(updated.status).toBe(200);
    expect(updated.headers?.ETag).not.toBe(etag);
    const stale = await engine.handle(request('PUT', 'Patient/ines', ines, { 'if-match': etag }));
    expect(stale.status).toBe(412);
    expect(outcomeText(stale)).toContain('does not match the current version');
    const read = bodyOf(await engine.handle(request('GET', 'Patient/ines')), 'Patient');
    expect(read.name?.[0]?.given).toEqual(['Inês', 'Maria']);
    const history = bodyOf(await engine.handle(request('GET', 'Patient/ines/_history')), 'Bundle');
    expect(history.entry?.map((e) => e.resource?.meta?.versionId)).toEqual([read.meta?.versionId, etag.slice(3, -1)]);
    const original = await engine.handle(request('GET', `Patient/ines/_history/${etag.slice(3, -1)}`));
    expect(bodyOf(original, 'Patient').name?.[0]?.given).toEqual(['Inês']);
  });

  it('answers 201 for update-as-create and 400 when the body id differs from the URL', async () => {
    const engine = await createFhirEngine();
    const created = await engine.handle(request('PUT', 'Patient/new-one', { ...ines, id: 'new-one' }));
    expect(created.status).toBe(201);
    const mismatch = await engine.handle(request('PUT', 'Patient/new-one', { ...ines, id: 'other' }));
    expect(mismatch.status).toBe(400);
    expect(outcomeText(mismatch)).toContain("'other'");
  });
});

describe('search', () => {
  it('finds resources (the search parameters are indexed)', async () => {
    const engine = await seededEngine();
    const response = await engine.handle(request('GET', 'Encounter?patient=Patient/ines'));
    expect(response.status).toBe(200);
    const bundle = bodyOf(response, 'Bundle');
    expect(bundle.type).toBe('searchset');
    expect(bundle.total).toBe(2);
    expect(bundle.entry?.map((e) => e.fullUrl).sort()).toEqual([
      `${BASE_URL}/Encounter/ed-visit`,
      `${BASE_URL}/Encounter/past-visit`,
    ]);
  });

  it('treats bare ids like typed references', async () => {
    const engine = await seededEngine();
    const count = async (query: string): Promise<number | undefined> =>
      bodyOf(await engine.handle(request('GET', query)), 'Bundle').total;
    expect(await count('Encounter?patient=ines')).toBe(2);
    expect(await count('Encounter?subject=ines')).toBe(2);
    expect(await count('Encounter?subject:Patient=ines')).toBe(2);
    expect(await count(`Encounter?patient=${encodeURIComponent(`${BASE_URL}/Patient/ines`)}`)).toBe(2);
    expect(await count('Condition?subject=ines')).toBe(2);
    expect(await count('Condition?patient=ines,someone-else')).toBe(2);
    expect(await count('Condition?encounter=ed-visit')).toBe(1);
    expect(await count('Encounter?patient=nobody')).toBe(0);
  });

  it('filters Encounters by status, class and date, and sorts by date', async () => {
    const engine = await seededEngine();
    const ids = async (query: string): Promise<string[]> => idsOf(bodyOf(await engine.handle(request('GET', query)), 'Bundle'));
    expect(await ids('Encounter?patient=ines&status=in-progress')).toEqual(['ed-visit']);
    expect(await ids('Encounter?patient=ines&class=EMER')).toEqual(['ed-visit']);
    expect(await ids('Encounter?patient=ines&date=ge2025-01-01')).toEqual(['ed-visit']);
    expect(await ids('Encounter?patient=ines&date=lt2025-01-01')).toEqual(['past-visit']);
    expect(await ids('Encounter?patient=ines&_sort=-date')).toEqual(['ed-visit', 'past-visit']);
    expect(await ids('Encounter?patient=ines&_sort=date')).toEqual(['past-visit', 'ed-visit']);
  });

  it('matches Condition codes with and without a system, and Observation categories', async () => {
    const engine = await seededEngine([
      heartRate('hr-1', 'ines', '2025-03-01T10:05:00Z'),
      heartRate('lab-1', 'ines', '2025-03-01T10:30:00Z', 'laboratory'),
    ]);
    const ids = async (query: string): Promise<string[]> => idsOf(bodyOf(await engine.handle(request('GET', query)), 'Bundle'));
    expect(await ids(`Condition?patient=ines&code=${encodeURIComponent('http://snomed.info/sct|105629000')}`)).toEqual(['chlamydia']);
    expect(await ids('Condition?patient=ines&code=105629000')).toEqual(['chlamydia']);
    expect(await ids(`Condition?patient=ines&code=${encodeURIComponent('http://loinc.org|105629000')}`)).toEqual([]);
    expect(await ids('Observation?patient=ines&category=laboratory')).toEqual(['lab-1']);
    expect(await ids(`Observation?patient=ines&category=${encodeURIComponent('http://terminology.hl7.org/CodeSystem/observation-category|vital-signs')}`)).toEqual(['hr-1']);
  });

  it('searches with POST _search and form-encoded parameters', async () => {
    const engine = await seededEngine();
    const response = await engine.handle(request('POST', 'Encounter/_search', 'patient=ines&status=in-progress'));
    expect(idsOf(bodyOf(response, 'Bundle'))).toEqual(['ed-visit']);
  });

  it('adds _include and _revinclude resources with search mode include', async () => {
    const engine = await seededEngine();
    const included = bodyOf(await engine.handle(request('GET', 'Condition?_id=chlamydia&_include=Condition:encounter')), 'Bundle');
    expect(included.total).toBe(1);
    expect(included.entry?.map((e) => [e.search?.mode, e.resource?.id])).toEqual([
      ['match', 'chlamydia'],
      ['include', 'ed-visit'],
    ]);
    const revIncluded = bodyOf(await engine.handle(request('GET', 'Encounter?_id=ed-visit&_revinclude=Condition:encounter')), 'Bundle');
    expect(revIncluded.entry?.map((e) => [e.search?.mode, e.resource?.id])).toEqual([
      ['match', 'ed-visit'],
      ['include', 'chlamydia'],
    ]);
  });

  it('ignores _elements without failing', async () => {
    const engine = await seededEngine();
    const response = await engine.handle(request('GET', 'Encounter?patient=ines&_elements=id,status'));
    expect(response.status).toBe(200);
    expect(bodyOf(response, 'Bundle').total).toBe(2);
  });

  it('matches nothing for an unknown parameter, and says so in an outcome entry', async () => {
    const engine = await seededEngine();
    const response = await engine.handle(request('GET', 'Encounter?patient=ines&colour=red'));
    expect(response.status).toBe(200);
    const bundle = bodyOf(response, 'Bundle');
    expect(bundle.total).toBe(0);
    const outcome = bundle.entry?.find((e) => e.search?.mode === 'outcome')?.resource;
    expect(isResourceOf(outcome, 'OperationOutcome') && outcome.issue[0]?.severity).toBe('warning');
  });

  it('pages with _count and absolute next links until every result is seen once', async () => {
    const observations = Array.from({ length: 120 }, (_, i) =>
      heartRate(`paged-${i}`, 'ines', new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString()),
    );
    const engine = await seededEngine(observations);
    const seen: string[] = [];
    let next: FhirHttpRequest | undefined = request('GET', 'Observation?patient=ines&_count=50');
    let pages = 0;
    while (next) {
      const bundle = bodyOf(await engine.handle(next), 'Bundle');
      pages++;
      expect(bundle.total).toBe(120);
      expect(linkOf(bundle, 'self')).toMatch(new RegExp(`^${BASE_URL}/Observation\\?`));
      for (const entry of bundle.entry ?? []) {
        expect(entry.fullUrl).toBe(`${BASE_URL}/Observation/${entry.resource?.id ?? ''}`);
      }
      seen.push(...idsOf(bundle));
      const nextUrl = linkOf(bundle, 'next');
      next = nextUrl === undefined ? undefined : requestForLink(nextUrl);
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it('applies the default page size and caps _count', async () => {
    const observations = Array.from({ length: 60 }, (_, i) => heartRate(`many-${i}`, 'ines', '2025-01-01T00:00:00Z'));
    const engine = await createFhirEngine({ defaultPageSize: 20, maxPageSize: 25 });
    await engine.load(observations);
    const byDefault = bodyOf(await engine.handle(request('GET', 'Observation?patient=ines')), 'Bundle');
    expect(byDefault.entry).toHaveLength(20);
    expect(linkOf(byDefault, 'next')).toContain('_offset=20');
    const capped = bodyOf(await engine.handle(request('GET', 'Observation?patient=ines&_count=1000')), 'Bundle');
    expect(capped.entry).toHaveLength(25);
    const countOnly = bodyOf(await engine.handle(request('GET', 'Observation?patient=ines&_summary=count')), 'Bundle');
    expect(countOnly.total).toBe(60);
    expect(countOnly.entry).toBeUndefined();
  });
});

describe('transaction and batch', () => {
  function writeBack(submissionId: string): Bundle {
    const flagUrn = 'urn:uuid:6f1c8c9e-6f3a-4b55-9d65-0c8f3d0b2a11';
    const referral: ServiceRequest = {
      resourceType: 'ServiceRequest',
      identifier: [{ system: APP_IDENTIFIER_SYSTEM, value: submissionId }],
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/ines' },
      encounter: { reference: 'Encounter/ed-visit' },
      reasonReference: [{ reference: flagUrn }],
    };
    return {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: flagUrn,
          resource: safetyFlag(submissionId),
          request: { method: 'POST', url: 'Flag', ifNoneExist: `identifier=${APP_IDENTIFIER_SYSTEM}|${submissionId}` },
        },
        {
          resource: referral,
          request: { method: 'POST', url: 'ServiceRequest', ifNoneExist: `identifier=${APP_IDENTIFIER_SYSTEM}|${submissionId}` },
        },
      ],
    };
  }

  it('writes a Flag and a referral that points at it, and a retried transaction creates nothing new', async () => {
    const engine = await seededEngine();
    const before = engine.resourceCount();
    const first = await engine.handle(request('POST', '', writeBack('tx-1')));
    expect(first.status).toBe(200);
    const response = bodyOf(first, 'Bundle');
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.map((e) => e.response?.status)).toEqual(['201', '201']);
    const [flagEntry, referralEntry] = response.entry ?? [];
    const flagId = flagEntry?.resource?.id ?? '';
    expect(flagEntry?.fullUrl).toBe(`${BASE_URL}/Flag/${flagId}`);
    expect(flagEntry?.response?.location).toMatch(new RegExp(`^Flag/${flagId}/_history/.+`));
    expect(flagEntry?.response?.etag).toMatch(/^W\/"/);
    const referral = referralEntry?.resource;
    expect(isResourceOf(referral, 'ServiceRequest') && referral.reasonReference?.[0]?.reference).toBe(`Flag/${flagId}`);
    expect(isResourceOf(flagEntry?.resource, 'Flag') && flagEntry.resource.meta?.security).toHaveLength(3);
    expect(engine.resourceCount()).toBe(before + 2);

    const retry = bodyOf(await engine.handle(request('POST', '', writeBack('tx-1'))), 'Bundle');
    expect(retry.entry?.map((e) => e.response?.status)).toEqual(['200', '200']);
    expect(retry.entry?.[0]?.resource?.id).toBe(flagId);
    expect(engine.resourceCount()).toBe(before + 2);
  });

  it('validates every entry before writing: one invalid entry fails the transaction and nothing is written', async () => {
    const engine = await seededEngine();
    const before = engine.resourceCount();
    const bundle = writeBack('tx-2');
    const referral = bundle.entry?.[1]?.resource;
    if (isResourceOf(referral, 'ServiceRequest')) {
      const { intent, ...withoutIntent } = referral;
      expect(intent).toBe('order');
      bundle.entry = [bundle.entry?.[0] ?? {}, { ...bundle.entry?.[1], resource: withoutIntent }];
    }
    const response = await engine.handle(request('POST', '', bundle));
    expect(response.status).toBe(400);
    expect(outcomeText(response)).toContain('Bundle.entry[1]');
    expect(outcomeText(response)).toContain('ServiceRequest.intent');
    expect(engine.resourceCount()).toBe(before);
  });

  it('accepts conditional transactions longer than Medplum\'s 8-entry isolation limit', async () => {
    const engine = await seededEngine();
    const before = engine.resourceCount();
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: Array.from({ length: 10 }, (_, i) => ({
        resource: safetyFlag(`long-${i}`),
        request: { method: 'POST' as const, url: 'Flag', ifNoneExist: `identifier=${APP_IDENTIFIER_SYSTEM}|long-${i}` },
      })),
    };
    const first = await engine.handle(request('POST', '', bundle));
    expect(first.status).toBe(200);
    expect(engine.resourceCount()).toBe(before + 10);
    const retry = bodyOf(await engine.handle(request('POST', '', bundle)), 'Bundle');
    expect(retry.entry?.every((e) => e.response?.status === '200')).toBe(true);
    expect(engine.resourceCount()).toBe(before + 10);
  });

  it('fails a transaction whose update has a stale If-Match with 412', async () => {
    const engine = await seededEngine();
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: ines, request: { method: 'PUT', url: 'Patient/ines', ifMatch: 'W/"stale"' } }],
    };
    const response = await engine.handle(request('POST', '', bundle));
    expect(response.status).toBe(412);
    expect(response.body?.resourceType).toBe('OperationOutcome');
  });

  it('runs a batch entry by entry: the invalid one fails, the others are written', async () => {
    const engine = await seededEngine();
    // Not a valid Flag: status and code are required.
    const incompleteFlag = { resourceType: 'Flag', subject: { reference: 'Patient/ines' } };
    const batch: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: incompleteFlag, request: { method: 'POST', url: 'Flag' } },
        { resource: safetyFlag('batch-ok'), request: { method: 'POST', url: 'Flag' } },
        { request: { method: 'GET', url: 'Encounter?patient=ines&status=in-progress' } },
        { request: { method: 'GET', url: 'Flag?patient=ines' } },
      ],
    };
    const response = bodyOf(await engine.handle(request('POST', '', batch)), 'Bundle');
    expect(response.type).toBe('batch-response');
    expect(response.entry?.map((e) => e.response?.status)).toEqual(['400', '201', '200', '200']);
    const encounters = response.entry?.[2]?.resource;
    expect(isResourceOf(encounters, 'Bundle') && idsOf(encounters)).toEqual(['ed-visit']);
    const flags = response.entry?.[3]?.resource;
    expect(isResourceOf(flags, 'Bundle') && flags.total).toBe(1);
  });

  it('refuses a Bundle that is neither transaction nor batch, and malformed JSON', async () => {
    const engine = await createFhirEngine();
    const collection = await engine.handle(request('POST', '', { resourceType: 'Bundle', type: 'collection', entry: [] }));
    expect(collection.status).toBe(400);
    const malformed = await engine.handle(request('POST', '', '{"resourceType":"Bundle"'));
    expect(malformed.status).toBe(400);
  });
});

describe('a large chart', () => {
  const observations: Observation[] = Array.from({ length: 5000 }, (_, i) =>
    heartRate(`obs-${i}`, 'x', new Date(Date.UTC(2020, 0, 1) + i * 8 * 3600_000).toISOString(), i % 3 === 0 ? 'laboratory' : 'vital-signs'),
  );
  const encounters: Encounter[] = Array.from({ length: 300 }, (_, i) => ({
    resourceType: 'Encounter',
    id: `enc-${i}`,
    status: i === 299 ? 'in-progress' : 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: i % 4 === 0 ? 'EMER' : 'AMB' },
    subject: { reference: 'Patient/x' },
    period: { start: new Date(Date.UTC(2020, 0, 1) + i * 6 * 86400_000).toISOString() },
  }));
  const conditions: Condition[] = Array.from({ length: 200 }, (_, i) => ({
    resourceType: 'Condition',
    id: `cond-${i}`,
    code: { coding: [{ system: 'http://snomed.info/sct', code: String(100000 + i) }] },
    subject: { reference: 'Patient/x' },
  }));

  // Speed is measured, not asserted: with unsplit search parameters the Observation search took 6–10 s here.
  it('loads a 5,500-resource chart and answers windowed, sorted chart searches over it', async () => {
    const engine = await createFhirEngine();
    await engine.load([{ ...ines, id: 'x' }, ...observations, ...encounters, ...conditions]);
    expect(engine.resourceCount()).toBe(5501);

    const obs = bodyOf(await engine.handle(request('GET', 'Observation?patient=Patient/x&date=ge2023-01-01&_count=100')), 'Bundle');
    expect(obs.entry).toHaveLength(100);
    expect(obs.total).toBe(5000 - Math.ceil((Date.UTC(2023, 0, 1) - Date.UTC(2020, 0, 1)) / (8 * 3600_000)));
    const enc = bodyOf(await engine.handle(request('GET', 'Encounter?patient=x&_sort=-date&_count=50')), 'Bundle');
    expect(enc.total).toBe(300);
    expect(idsOf(enc).slice(0, 3)).toEqual(['enc-299', 'enc-298', 'enc-297']);
  });
});
