// The floor is deliberately not Lantern: fhirclient as its README shows it, with nothing of src/lib/fhir but the search paths (floor-reads.ts).
// eslint-disable-next-line no-restricted-imports
import type FHIR from 'fhirclient';
import type { Bundle, FhirResource } from 'fhir/r4';
import type { FloorRead } from './floor-reads';

/** How both floor pages read: fhirclient's client, after `ready()`. */
export type Client = Awaited<ReturnType<typeof FHIR.oauth2.ready>>;

/** One read as a GET; a search's next pages follow its first, up to its `maxPages`. */
export async function readPages(client: Client, read: FloorRead): Promise<number> {
  const first = await client.request<FhirResource>(read.path);
  return first.resourceType === 'Bundle' ? countWithNextPages(client, first, read.maxPages - 1) : 1;
}

export async function countWithNextPages(client: Client, page: Bundle, pagesLeft: number): Promise<number> {
  const count = page.entry?.length ?? 0;
  const next = page.link?.find((link) => link.relation === 'next')?.url;
  if (!next || pagesLeft <= 0) return count;
  return count + (await countWithNextPages(client, await client.request<Bundle>(next), pagesLeft - 1));
}
