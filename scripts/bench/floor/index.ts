// The floor is deliberately not Lantern: fhirclient as its README shows it, with nothing of src/lib/fhir but the search paths (floor-reads.ts).
// eslint-disable-next-line no-restricted-imports
import FHIR from 'fhirclient';
import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4';
import { floorModeFrom, floorModeKey, type FloorMode } from './floor-mode';
import { countWithNextPages, readPages, type Client } from './floor-client';
import { calendarDay, floorReads, type FloorRead } from './floor-reads';

/**
 * The floor of what Lantern's launch → prompts can cost: the token exchange, then every read Lantern needs in one
 * wave, then the number of resources read written into the page. No UI, no framework, no work on the data.
 */
async function readChart(): Promise<number> {
  const client = await FHIR.oauth2.ready();
  const patientId = client.patient.id;
  if (!patientId) throw new Error('the launch has no patient');
  const reads = floorReads(patientId, client.encounter.id ?? undefined, calendarDay(new Date()));
  const mode: FloorMode = floorModeFrom(sessionStorage.getItem(floorModeKey));
  const counts = mode === 'batch' ? await readInOneBatch(client, reads) : await Promise.all(reads.map((read) => readPages(client, read)));
  return counts.reduce((total, count) => total + count, 0);
}

/** Every read as one entry of a batch Bundle; next pages (only a search that has more) follow as GETs. */
async function readInOneBatch(client: Client, reads: FloorRead[]): Promise<number[]> {
  const batch: Bundle = { resourceType: 'Bundle', type: 'batch', entry: reads.map((read) => ({ request: { method: 'GET', url: read.path } })) };
  const answer = await client.request<Bundle<FhirResource>>({
    url: client.state.serverUrl,
    method: 'POST',
    body: JSON.stringify(batch),
    headers: { 'content-type': 'application/fhir+json' },
  });
  const entries: BundleEntry<FhirResource>[] = answer.entry ?? [];
  return Promise.all(
    reads.map(async (read, index) => {
      const entry = entries[index];
      if (!entry?.response?.status.startsWith('200') || !entry.resource) throw new Error(`the batch answered ${entry?.response?.status ?? 'nothing'} for ${read.path}`);
      return entry.resource.resourceType === 'Bundle' ? countWithNextPages(client, entry.resource, read.maxPages - 1) : 1;
    }),
  );
}

const output = document.getElementById('floor-count');
readChart().then(
  (count) => {
    if (!output) return;
    output.textContent = String(count);
    output.dataset.done = 'true';
  },
  (error: unknown) => {
    if (!output) return;
    output.textContent = `failed: ${error instanceof Error ? error.message : String(error)}`;
    output.dataset.failed = 'true';
  },
);
