import type { Bundle, CapabilityStatement, FhirResource } from 'fhir/r4';
import { httpError, normalizeError, OperationOutcomeError, technicalFailure } from './outcomes';
import { isWithin, trustedUrl } from '../smart/trusted-url';
import { field, recordList, stringField } from './untrusted-json';

export type ResourceType = FhirResource['resourceType'];
export type ResourceOf<K extends ResourceType> = Extract<FhirResource, { resourceType: K }>;
/** A resource as a server holds it: reads, searches and writes give nothing without an id. */
export type WithId<T extends FhirResource> = T & { id: string };
/** What the client hands back: a resource of type K, with its id. */
export type Stored<K extends ResourceType> = WithId<ResourceOf<K>>;

/** Search parameters; an array repeats the parameter (`date=ge…&date=le…`). */
export type SearchParams = Record<string, string | number | readonly string[] | undefined>;

/** What the FHIR layer needs from a SMART session: where the server is and how to authorize. */
export interface FhirAuthorization {
  readonly serverUrl: string;
  authorizationHeader(): string | null;
  /** Refreshes the access token when it is about to expire; never throws. */
  refreshIfNeeded(signal?: AbortSignal): Promise<void>;
  /** Tries a refresh after a 401; resolves false when there is nothing to refresh with. */
  refresh(signal?: AbortSignal): Promise<boolean>;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
}

export interface SearchOptions extends RequestOptions {
  /** Upper bound on pages followed; the chart read is bounded by design. */
  maxPages?: number;
}

export interface SearchResult<K extends ResourceType> {
  resources: Stored<K>[];
  /** Matches the server sent without an id, left out: nothing could refer to them. */
  withoutId: number;
  /** Bundle.total when the server reports it. */
  total: number | undefined;
  /** False when more pages exist than were read. */
  complete: boolean;
}

export interface CreateOptions extends RequestOptions {
  /** Conditional create: the search that identifies an existing copy (`identifier=system|value`). */
  ifNoneExist?: string;
}

export interface UpdateOptions extends RequestOptions {
  /**
   * Optimistic locking: the versionId the change was based on (`3`, or an ETag such as `W/"3"`).
   * A server holding a newer version answers 412, reported as kind 'precondition'.
   */
  ifMatch?: string | undefined;
}

/** What a conditional create did: `created` false when the server found an existing match and kept it. */
export interface ConditionalCreateResult<K extends ResourceType> {
  resource: Stored<K>;
  created: boolean;
}

export interface FhirClient {
  readonly baseUrl: string;
  read<K extends ResourceType>(type: K, id: string, options?: RequestOptions): Promise<Stored<K>>;
  /** Reads a relative reference such as `Encounter/123`, checking it names the expected type. */
  readReference<K extends ResourceType>(type: K, reference: string, options?: RequestOptions): Promise<Stored<K>>;
  search<K extends ResourceType>(type: K, params: SearchParams, options?: SearchOptions): Promise<SearchResult<K>>;
  create<K extends ResourceType>(resource: ResourceOf<K>, options?: CreateOptions): Promise<Stored<K>>;
  /**
   * Create unless `ifNoneExist` (`identifier=system|value`) already matches; tells which happened (201 vs 200),
   * so a retry can say "found" instead of "created".
   */
  conditionalCreate<K extends ResourceType>(
    resource: ResourceOf<K>,
    ifNoneExist: string,
    options?: RequestOptions,
  ): Promise<ConditionalCreateResult<K>>;
  /** PUT of a resource that has an id; returns what the server stored. */
  update<K extends ResourceType>(resource: ResourceOf<K>, options?: UpdateOptions): Promise<Stored<K>>;
  /** The first match of a search, or undefined when nothing matches (a result, not an error). */
  searchOne<K extends ResourceType>(type: K, params: SearchParams, options?: RequestOptions): Promise<Stored<K> | undefined>;
  /** POSTs a `transaction` Bundle; resolves to the `transaction-response` Bundle. */
  transaction(bundle: Bundle, options?: RequestOptions): Promise<Bundle>;
  /** POSTs a `batch` Bundle; resolves to the `batch-response` Bundle (entries may fail one by one). */
  batch(bundle: Bundle, options?: RequestOptions): Promise<Bundle>;
  capabilities(options?: RequestOptions): Promise<CapabilityStatement>;
  /**
   * Starts reads the app is about to make, before anything asks for them (see `ReadAheadPlan`). The first GET of
   * exactly one of those URLs takes its answer, once: a retry or a refetch asks the server again.
   */
  readAhead(plan: ReadAheadPlan): void;
}

/** Reads to start early, as paths relative to the FHIR base (`readPath`, `searchPath`), in the order they matter. */
export interface ReadAheadPlan {
  paths: readonly string[];
  /**
   * One `batch` Bundle instead of a request each (the server's CapabilityStatement declares `batch`). An entry the
   * server could not answer for the moment (401, 429, 5xx), or a batch that failed as a whole, leaves its reads to
   * go to the server on their own, as if nothing had been read ahead; any other answer stands as the server's.
   */
  batch: boolean;
  /** Answers the page already holds, by path: the CapabilityStatement read while the token was being exchanged. */
  answered?: ReadonlyMap<string, unknown>;
}

export interface FhirClientOptions {
  /** Per-request time limit; a hung EHR must not hang the clinician. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const fhirJson = 'application/fhir+json';

/** What the FHIR server answered a request, before it is judged a success or a failure. */
interface Answer {
  status: number;
  statusText: string;
  body: unknown;
  headers: Headers;
}

export function createFhirClient(auth: FhirAuthorization, options: FhirClientOptions = {}): FhirClient {
  const baseUrl = auth.serverUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 20_000;
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  /** Answers to reads started ahead, by URL; an answer of undefined sends the read to the server after all. */
  const readsAhead = new Map<string, Promise<Answer | undefined>>();

  async function send(url: string, init: RequestInit & RequestOptions): Promise<Answer> {
    const kept = init.method === 'GET' ? readsAhead.get(url) : undefined;
    const answer = (kept && (await takeReadAhead(url, kept, init.signal))) ?? (await exchange(url, init));
    if (answer.status < 200 || answer.status > 299) {
      throw httpError(answer.status, answer.body, `The FHIR server answered ${`${answer.status} ${answer.statusText}`.trim()}.`);
    }
    return answer;
  }

  /** The answer read ahead for `url`, taken by the first GET of it; a caller that gives up leaves it for the next. */
  async function takeReadAhead(url: string, kept: Promise<Answer | undefined>, signal: AbortSignal | undefined): Promise<Answer | undefined> {
    const answer = await (signal ? Promise.race([kept, whenAborted(signal)]) : kept);
    signal?.throwIfAborted();
    if (readsAhead.get(url) === kept) readsAhead.delete(url);
    return answer;
  }

  async function exchange(url: string, init: RequestInit & RequestOptions): Promise<Answer> {
    // The access token only ever goes to this FHIR server, never to a link a response points elsewhere.
    const refusal = outsideServer(url, baseUrl);
    if (refusal) throw technicalFailure('malformed', refusal);
    const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    const attempt = async (): Promise<Response> => {
      const headers = new Headers(init.headers);
      headers.set('accept', fhirJson);
      const authorization = auth.authorizationHeader();
      if (authorization) headers.set('authorization', authorization);
      return fetchImpl(url, { ...init, headers, signal });
    };
    try {
      await auth.refreshIfNeeded(signal);
      let response = await attempt();
      if (response.status === 401 && (await auth.refresh(signal))) response = await attempt();
      return { status: response.status, statusText: response.statusText, body: await readBody(response), headers: response.headers };
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason;
      throw normalizeError(error);
    }
  }

  async function readTyped<K extends ResourceType>(type: K, url: string, options: RequestOptions): Promise<Stored<K>> {
    const { body } = await send(url, { method: 'GET', signal: options.signal });
    return expectResource(type, body);
  }

  /** A written resource: the body when the server sent one, else a read of the Location it gave. */
  async function writtenResource<K extends ResourceType>(
    type: K,
    body: unknown,
    responseHeaders: Headers,
    fallbackId: string | undefined,
    options: RequestOptions,
  ): Promise<Stored<K>> {
    if (body !== undefined) return expectResource(type, body);
    // Servers may answer with only a Location header (return=minimal despite our preference).
    const location = responseHeaders.get('location') ?? responseHeaders.get('content-location');
    const id = location ? new URL(location, `${baseUrl}/`).pathname.split(`/${type}/`)[1]?.split('/')[0] : fallbackId;
    if (!id) {
      throw technicalFailure('malformed', location ? `The server's Location header "${location}" names no ${type}.` : `The server accepted the ${type} but did not say where it is.`);
    }
    return readTyped(type, `${baseUrl}/${readPath(type, id)}`, options);
  }

  async function postBundle(bundle: Bundle, type: 'transaction' | 'batch', options: RequestOptions): Promise<Bundle> {
    if (bundle.type !== type) {
      throw technicalFailure('malformed', `Expected a ${type} Bundle to send, got a Bundle of type "${bundle.type}".`);
    }
    const { body } = await send(baseUrl, {
      method: 'POST',
      headers: { 'content-type': fhirJson, prefer: 'return=representation' },
      body: JSON.stringify(bundle),
      signal: options.signal,
    });
    const expected = `${type}-response`;
    if (isResourceOfType(body, 'Bundle') && body.type === expected && (body.entry === undefined || Array.isArray(body.entry))) return body;
    throw technicalFailure('malformed', `Expected a ${expected} Bundle from the FHIR server but received ${describe(body)}.`);
  }

  async function searchPages<K extends ResourceType>(type: K, params: SearchParams, options: SearchOptions = {}): Promise<SearchResult<K>> {
    const maxPages = options.maxPages ?? 1;
    const resources: Stored<K>[] = [];
    let withoutId = 0;
    let url: string | undefined = `${baseUrl}/${searchPath(type, params)}`;
    let total: number | undefined;
    for (let page = 0; url && page < maxPages; page += 1) {
      const { body } = await send(url, { method: 'GET', signal: options.signal }).catch((error: unknown) => {
        throw unsupportedType(error);
      });
      const bundle = expectBundle(body);
      total ??= typeof bundle.total === 'number' ? bundle.total : undefined;
      // Entries and links are read as untrusted JSON: a null entry or a string where a list belongs is skipped.
      for (const entry of recordList(bundle, 'entry')) {
        // Included resources and OperationOutcome entries are not the matches asked for.
        const mode = stringField(field(entry, 'search'), 'mode');
        if (mode === 'include' || mode === 'outcome') continue;
        const resource = field(entry, 'resource');
        if (!isResourceOfType(resource, type)) continue;
        if (hasId(resource)) resources.push(resource);
        else withoutId += 1;
      }
      url = nextLink(bundle);
    }
    return { resources, withoutId, total, complete: url === undefined };
  }

  return {
    baseUrl,
    read(type, id, options = {}) {
      return readTyped(type, `${baseUrl}/${readPath(type, id)}`, options);
    },
    readReference(type, reference, options = {}) {
      const [refType, id, ...rest] = reference.split('/');
      if (refType !== type || !id || rest.length > 0) {
        return Promise.reject(technicalFailure('malformed', `Expected a reference to a ${type}, got "${reference}".`));
      }
      return readTyped(type, `${baseUrl}/${readPath(type, id)}`, options);
    },
    search: searchPages,
    async create(resource, options = {}) {
      const headers: Record<string, string> = { 'content-type': fhirJson, prefer: 'return=representation' };
      if (options.ifNoneExist) headers['if-none-exist'] = options.ifNoneExist;
      const { body, headers: responseHeaders } = await send(`${baseUrl}/${resource.resourceType}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(resource),
        signal: options.signal,
      });
      return writtenResource(resource.resourceType, body, responseHeaders, undefined, options);
    },
    async conditionalCreate(resource, ifNoneExist, options = {}) {
      const { status, body, headers } = await send(`${baseUrl}/${resource.resourceType}`, {
        method: 'POST',
        headers: { 'content-type': fhirJson, prefer: 'return=representation', 'if-none-exist': ifNoneExist },
        body: JSON.stringify(resource),
        signal: options.signal,
      });
      return { resource: await writtenResource(resource.resourceType, body, headers, undefined, options), created: status === 201 };
    },
    async update(resource, options = {}) {
      const id = resource.id;
      if (!id) throw technicalFailure('malformed', `A ${resource.resourceType} without an id cannot be updated.`);
      const headers: Record<string, string> = { 'content-type': fhirJson, prefer: 'return=representation' };
      if (options.ifMatch) headers['if-match'] = weakETag(options.ifMatch);
      const { body, headers: responseHeaders } = await send(`${baseUrl}/${resource.resourceType}/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify(resource),
        signal: options.signal,
      });
      return writtenResource(resource.resourceType, body, responseHeaders, id, options);
    },
    async searchOne(type, params, options = {}) {
      const { resources } = await searchPages(type, params, { ...options, maxPages: 1 });
      return resources[0];
    },
    transaction(bundle, options = {}) {
      return postBundle(bundle, 'transaction', options);
    },
    batch(bundle, options = {}) {
      return postBundle(bundle, 'batch', options);
    },
    async capabilities(options = {}) {
      // The server's statement about itself is not a stored resource: it need not have an id.
      const { body } = await send(`${baseUrl}/metadata`, { method: 'GET', signal: options.signal });
      if (isResourceOfType(body, 'CapabilityStatement')) return body;
      throw technicalFailure('malformed', `Expected a CapabilityStatement from the FHIR server but received ${describe(body)}.`);
    },
    readAhead({ paths, batch, answered = new Map<string, unknown>() }) {
      for (const [path, body] of answered) readsAhead.set(`${baseUrl}/${path}`, Promise.resolve({ status: 200, statusText: 'OK', body, headers: new Headers() }));
      if (batch && paths.length > 1) {
        const answers = batchAnswers(paths);
        paths.forEach((path, index) => readsAhead.set(`${baseUrl}/${path}`, answers.then((all) => all[index])));
        return;
      }
      for (const path of paths) {
        const url = `${baseUrl}/${path}`;
        // A read that could not be made is made again by whoever asks for it, and fails there in its own words.
        readsAhead.set(url, exchange(url, { method: 'GET' }).catch(() => undefined));
      }
    },
  };

  /** The reads as one `batch`, an answer per path in order; none where the batch or its entry did not answer. */
  async function batchAnswers(paths: readonly string[]): Promise<(Answer | undefined)[]> {
    const unanswered = paths.map(() => undefined);
    try {
      const response = await postBundle({ resourceType: 'Bundle', type: 'batch', entry: paths.map((url) => ({ request: { method: 'GET', url } })) }, 'batch', {});
      const entries = response.entry ?? [];
      return entries.length === paths.length ? entries.map(entryAnswer) : unanswered;
    } catch {
      return unanswered;
    }
  }
}

/**
 * A batch entry as the server's answer to its own GET: its status, and its resource or, for a failure, its outcome.
 * None for an answer that asks to be tried again (401, 429, 5xx) or that names no status.
 */
function entryAnswer(entry: unknown): Answer | undefined {
  const response = field(entry, 'response');
  const status = Number.parseInt(stringField(response, 'status') ?? '', 10);
  if (!Number.isInteger(status) || status === 401 || status === 429 || status >= 500) return undefined;
  return { status, statusText: '', body: field(entry, 'resource') ?? field(response, 'outcome'), headers: new Headers() };
}

/** Resolves, to nothing, once the signal is aborted. */
function whenAborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => { resolve(undefined); }, { once: true });
  });
}

/** The path of a read, relative to the FHIR base: `Patient/123`. */
export function readPath(type: ResourceType, id: string): string {
  return `${type}/${encodeURIComponent(id)}`;
}

/** The path of a search's first page, relative to the FHIR base, exactly as `search` asks for it. */
export function searchPath(type: ResourceType, params: SearchParams): string {
  return `${type}?${toQuery(params)}`;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!response.ok) return undefined;
    throw technicalFailure('malformed', 'The FHIR server sent a response that is not valid JSON.', error);
  }
}

function expectResource<K extends ResourceType>(type: K, body: unknown): Stored<K> {
  if (!isResourceOfType(body, type)) throw technicalFailure('malformed', `Expected a ${type} from the FHIR server but received ${describe(body)}.`);
  if (!hasId(body)) throw technicalFailure('malformed', `The FHIR server sent a ${type} without an id.`);
  return body;
}

function hasId<T extends FhirResource>(resource: T): resource is WithId<T> {
  return typeof resource.id === 'string' && resource.id !== '';
}

function expectBundle(body: unknown): Bundle {
  if (isResourceOfType(body, 'Bundle') && (body.entry === undefined || Array.isArray(body.entry))) return body;
  throw technicalFailure('malformed', `Expected a search result Bundle from the FHIR server but received ${describe(body)}.`);
}

function isResourceOfType<K extends ResourceType>(value: unknown, type: K): value is ResourceOf<K> {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === type;
}

function describe(body: unknown): string {
  if (typeof body === 'object' && body !== null && typeof (body as { resourceType?: unknown }).resourceType === 'string') {
    return `a ${(body as { resourceType: string }).resourceType}`;
  }
  return body === undefined ? 'an empty response' : 'something that is not a FHIR resource';
}

/**
 * A type-level search answered 404, or 'not-supported', means the server has no such resource type (Oracle Health has
 * no Flag): that is a fact about the EHR, not a missing record, and the UI says so.
 */
function unsupportedType(error: unknown): unknown {
  if (!(error instanceof OperationOutcomeError)) return error;
  const notSupported = error.outcome.issue.some((issue) => issue.code === 'not-supported');
  if (error.kind !== 'not-found' && !notSupported) return error;
  return new OperationOutcomeError(error.outcome, 'unsupported', error.status, { cause: error });
}

function nextLink(bundle: Bundle): string | undefined {
  return stringField(
    recordList(bundle, 'link').find((link) => stringField(link, 'relation') === 'next'),
    'url',
  );
}

/** `3` → `W/"3"`; an ETag the server gave is sent back as it is. */
function weakETag(version: string): string {
  return /^(W\/)?"/.test(version) ? version : `W/"${version}"`;
}

/**
 * Why `url` may not carry the token to `baseUrl`, or undefined when it may: both parsed by `trusted-url.ts`, the
 * request inside the base by origin and whole path segments, with no dot segment that would lead a server elsewhere.
 */
function outsideServer(url: string, baseUrl: string): string | undefined {
  const base = trustedUrl(baseUrl, 'server');
  if (!base.url) return `Lantern does not send its sign-in to this FHIR server's address. ${base.reason}`;
  const request = trustedUrl(url, 'request');
  if (!request.url) return `The FHIR server pointed to an address Lantern does not follow. ${request.reason}`;
  if (!isWithin(request.url, base.url)) return `The FHIR server pointed to an address outside itself (${request.url.origin}).`;
  return undefined;
}

function toQuery(params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number') query.append(name, String(value));
    else for (const item of value) query.append(name, item);
  }
  return query.toString();
}

