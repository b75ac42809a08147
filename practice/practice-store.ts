import type { Bundle, Resource } from 'fhir/r4';
import { definitionFiles, searchParameterFiles } from 'virtual:practice-fhir-definitions';
import { createFhirEngineFrom, type FhirEngine } from '../mocks/sandbox/fhir-engine';

/**
 * The practice page's FHIR server: the sandbox's in-memory engine, running in the page. Lantern's FHIR client is
 * handed `fetch`, which answers from the engine: no request leaves the page.
 */
export interface PracticeStore {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  /** Every resource of `type` the store holds now, read through the engine as any search would. */
  holdings(type: Resource['resourceType']): Promise<Resource[]>;
}

/** Opens a store at `baseUrl` (an address on the page's own origin that nothing serves) holding `chart`. */
export async function openPracticeStore(baseUrl: string, chart: readonly Resource[]): Promise<PracticeStore> {
  const engine = await createFhirEngineFrom({ searchParameterFiles, read: (file) => definitionFiles[file] });
  await engine.load(chart);
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    fetch: (input, init) => answer(engine, base, new Request(input, init)),
    async holdings(type) {
      const response = await engine.handle({ method: 'GET', path: type, search: new URLSearchParams({ _count: '500' }), headers: {}, baseUrl: base });
      if (response.body?.resourceType !== 'Bundle') return [];
      // The engine's own searchset: its resourceType says what it is.
      const bundle = response.body as Bundle;
      return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
    },
  };
}

async function answer(engine: FhirEngine, base: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = `${url.origin}${url.pathname}`;
  // Only the practice base is answered; anything else would be a request to the network, which the page never makes.
  if (path !== base && !path.startsWith(`${base}/`)) throw new TypeError(`The practice page sends nothing outside its own store (${url.origin}).`);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
  const response = await engine.handle({
    method: request.method,
    path: path.slice(base.length).replace(/^\/+/, ''),
    search: url.searchParams,
    ...(body === undefined ? {} : { body }),
    headers,
    baseUrl: base,
  });
  const responseHeaders = new Headers(response.headers);
  if (response.body) responseHeaders.set('content-type', 'application/fhir+json');
  return new Response(response.body ? JSON.stringify(response.body) : null, { status: response.status, headers: responseHeaders });
}
