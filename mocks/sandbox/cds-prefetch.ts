import type { FhirEngine } from './fhir-engine';

/** The hook context a prefetch token may name (`{{context.patientId}}`). */
export type PrefetchContext = Readonly<Record<string, string | undefined>>;

/**
 * Fills a CDS service's prefetch templates from the sandbox's own FHIR data, as an EHR does before calling the
 * service: each token replaced from the hook context, each query run as the EHR itself (no token). A template whose
 * token has no value, or whose query fails, is left out, as CDS Hooks lets a client do.
 */
export async function fillPrefetch(
  engine: FhirEngine,
  fhirBaseUrl: string,
  templates: Readonly<Record<string, string>>,
  context: PrefetchContext,
): Promise<Record<string, unknown>> {
  const filled = await Promise.all(
    Object.entries(templates).map(async ([key, template]): Promise<[string, unknown] | undefined> => {
      const names = [...template.matchAll(/\{\{context\.([A-Za-z]+)\}\}/g)].map((match) => match[1] ?? '');
      if (names.some((name) => context[name] === undefined)) return undefined;
      const url = template.replace(/\{\{context\.([A-Za-z]+)\}\}/g, (_token, name: string) => encodeURIComponent(context[name] ?? ''));
      const [path = '', query = ''] = url.split('?');
      const response = await engine.handle({ method: 'GET', path, search: new URLSearchParams(query), headers: {}, baseUrl: fhirBaseUrl });
      return response.status === 200 ? [key, response.body] : undefined;
    }),
  );
  return Object.fromEntries(filled.filter((entry) => entry !== undefined));
}
