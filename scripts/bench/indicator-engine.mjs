import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';
import { awaitChild, BenchFailure } from './failure.mjs';

/**
 * @typedef {Record<string, unknown>} JsonRecord
 * @typedef {{ patient: JsonRecord; encounters: JsonRecord[]; conditions: JsonRecord[]; observations: JsonRecord[];
 *   procedures: JsonRecord[]; coverage: JsonRecord[]; flags: JsonRecord[]; serviceRequests: JsonRecord[] }} ChartSnapshot
 * @typedef {keyof Omit<ChartSnapshot, 'patient'>} SnapshotList
 * @typedef {{ resourceType: string; list: SnapshotList; read: number; matching: number | undefined; complete: boolean;
 *   query: string }} SectionRead
 * @typedef {{ key: 'full' | 'windowed'; label: string; snapshot: ChartSnapshot; counts: Record<SnapshotList, number>;
 *   resources: number; sections: SectionRead[] }} EngineChart
 * @typedef {{ firstCallMs: number; samplesMs: number[]; findings: { id: string; matchCount: number }[];
 *   moduleLoadMs: number; node: string }} EngineTiming
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const childScript = path.join(here, 'indicator-engine-child.mjs');

/** ChartSnapshot list ← resource type; anything else in the chart (e.g. MedicationRequest) is not read by the engine. */
/** @type {Record<string, SnapshotList>} */
const listOf = {
  Encounter: 'encounters',
  Condition: 'conditions',
  Observation: 'observations',
  Procedure: 'procedures',
  Coverage: 'coverage',
  Flag: 'flags',
  ServiceRequest: 'serviceRequests',
};
const fhirBaseUrl = 'http://bench.invalid/sandbox/fhir';

/**
 * Loads a TypeScript module of the project with Vite's module runner (no config file: these modules only use
 * relative imports and packages from node_modules).
 * @param {string} file absolute path
 * @returns {Promise<Record<string, unknown>>}
 */
export async function importTs(file) {
  const { module } = await runnerImport(file, { configFile: false, logLevel: 'error' });
  return /** @type {Record<string, unknown>} */ (module);
}

/**
 * The clinician's calendar day as the app computes it (src/lib/fhir/format.ts `calendarDay`, local time zone).
 * @param {Date} instant
 */
export function calendarDay(instant) {
  return new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/**
 * Two charts of one patient from the sandbox's synthetic data, as JSON the engine can read:
 *   full     — every resource that names the patient (subject, patient or beneficiary), of the types a ChartSnapshot holds;
 *   windowed — what Lantern reads: each section of src/features/chart/chart-sections.ts (its parameters, `_count` and
 *              `maxPages`) searched in the sandbox's own FHIR engine, next links followed as src/lib/fhir/fhir-client.ts does.
 * @param {{ root: string; patientId: string; asOf: string }} options
 * @returns {Promise<{ charts: EngineChart[]; population: string; otherResources: Record<string, number> }>}
 */
export async function prepareEngineCharts({ root, patientId, asOf }) {
  const generate = await importTs(path.join(root, 'mocks/sandbox/synthetic/generate.ts'));
  const sections = await importTs(path.join(root, 'src/features/chart/chart-sections.ts'));
  const fhirEngine = await importTs(path.join(root, 'mocks/sandbox/fhir-engine-node.ts'));
  const patientAge = await importTs(path.join(root, 'src/lib/fhir/patient-age.ts'));
  const fhirClient = await importTs(path.join(root, 'src/lib/fhir/fhir-client.ts'));
  /** The first page's path exactly as the app's FHIR client asks for it. */
  const searchPath = /** @type {(type: string, params: Record<string, string | number | string[] | undefined>) => string} */ (fhirClient.searchPath);
  const generateSandboxData = /** @type {() => { resources: JsonRecord[] }} */ (generate.generateSandboxData);
  const chartSections = /** @type {Record<string, { resourceType: string; maxPages: number; params: (patientId: string, asOf: string) => Record<string, string | number | string[] | undefined> }>} */ (
    sections.chartSections
  );
  const createFhirEngine = /** @type {() => Promise<{ load: (resources: JsonRecord[]) => Promise<void>; handle: (request: unknown) => Promise<{ status: number; body?: JsonRecord }> }>} */ (
    fhirEngine.createFhirEngine
  );
  const populationFor = /** @type {(birthDate: unknown, asOf: string) => string} */ (patientAge.populationFor);

  const { resources } = generateSandboxData();
  const patient = resources.find((resource) => resource.resourceType === 'Patient' && resource.id === patientId);
  if (!patient) throw new BenchFailure(`the synthetic data has no Patient/${patientId}: did the synthetic patients change?`);

  // (a) Full chart.
  const reference = `Patient/${patientId}`;
  const referenceOf = (/** @type {unknown} */ value) => (typeof value === 'object' && value !== null ? /** @type {JsonRecord} */ (value).reference : undefined);
  const full = emptySnapshot(patient);
  /** @type {Record<string, number>} */
  const otherResources = {};
  for (const resource of resources) {
    if (![resource.subject, resource.patient, resource.beneficiary].some((value) => referenceOf(value) === reference)) continue;
    const list = listOf[String(resource.resourceType)];
    if (list) full[list].push(resource);
    else otherResources[String(resource.resourceType)] = (otherResources[String(resource.resourceType)] ?? 0) + 1;
  }

  // (b) Windowed chart, through the same search code the sandbox EHR serves.
  const engine = await createFhirEngine();
  await engine.load(resources);
  const windowed = emptySnapshot(patient);
  /** @type {SectionRead[]} */
  const reads = [];
  for (const [name, section] of Object.entries(chartSections)) {
    const list = listOf[section.resourceType];
    if (!list) throw new BenchFailure(`chart section ${name} reads ${section.resourceType}, which a ChartSnapshot does not hold: update scripts/bench/indicator-engine.mjs`);
    const firstPage = searchPath(section.resourceType, section.params(patientId, asOf));
    /** @type {string | undefined} */
    let url = `${fhirBaseUrl}/${firstPage}`;
    /** @type {number | undefined} */
    let matching;
    let read = 0;
    for (let page = 0; url && page < section.maxPages; page += 1) {
      const { pathname, searchParams } = new URL(url);
      const response = await engine.handle({
        method: 'GET',
        path: pathname.slice(new URL(fhirBaseUrl).pathname.length + 1),
        search: searchParams,
        headers: {},
        baseUrl: fhirBaseUrl,
      });
      const bundle = response.body;
      if (response.status !== 200 || bundle?.resourceType !== 'Bundle') {
        throw new BenchFailure(`the sandbox answered ${String(response.status)} to ${url}: ${JSON.stringify(bundle).slice(0, 500)}`);
      }
      if (typeof bundle.total === 'number') matching ??= bundle.total;
      for (const entry of /** @type {JsonRecord[]} */ (bundle.entry ?? [])) {
        const mode = /** @type {JsonRecord | undefined} */ (entry.search)?.mode;
        const resource = /** @type {JsonRecord | undefined} */ (entry.resource);
        if (mode === 'include' || mode === 'outcome' || resource?.resourceType !== section.resourceType) continue;
        windowed[list].push(resource);
        read += 1;
      }
      url = /** @type {{ relation: string; url: string }[]} */ (bundle.link ?? []).find((link) => link.relation === 'next')?.url;
    }
    reads.push({ resourceType: section.resourceType, list, read, matching, complete: url === undefined, query: decodeURIComponent(firstPage) });
  }

  const describe = (/** @type {ChartSnapshot} */ snapshot) => {
    const counts = /** @type {Record<SnapshotList, number>} */ (Object.fromEntries(Object.values(listOf).map((list) => [list, snapshot[list].length])));
    return { counts, resources: 1 + Object.values(counts).reduce((sum, count) => sum + count, 0) };
  };
  return {
    population: populationFor(patient.birthDate, asOf),
    otherResources,
    charts: [
      { key: 'full', label: 'full chart (every resource of hers)', snapshot: full, ...describe(full), sections: [] },
      { key: 'windowed', label: 'windowed chart (what Lantern reads)', snapshot: windowed, ...describe(windowed), sections: reads },
    ],
  };
}

/**
 * Times `evaluateIndicators` over one chart in a fresh Node process, so the first call is cold (engine code never
 * run, not yet optimised): that first call, then `warmup` untimed calls, then `runs` timed ones.
 * @param {{ root: string; snapshot: ChartSnapshot; asOf: string; population: string; warmup: number; runs: number; timeoutMs: number }} options
 * @returns {Promise<EngineTiming>}
 */
export async function measureEngine({ root, snapshot, asOf, population, warmup, runs, timeoutMs }) {
  const child = spawn(process.execPath, [childScript], {
    cwd: root,
    env: {
      ...process.env,
      BENCH_ENGINE_MODULE: path.join(root, 'src/features/indicators/engine.ts'),
      BENCH_ENGINE_AS_OF: asOf,
      BENCH_ENGINE_POPULATION: population,
      BENCH_ENGINE_WARMUP: String(warmup),
      BENCH_ENGINE_RUNS: String(runs),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (/** @type {Buffer} */ chunk) => (stdout += chunk.toString()));
  child.stderr.on('data', (/** @type {Buffer} */ chunk) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.stdin.on('error', () => undefined); // the child's exit code tells what went wrong
  child.stdin.end(JSON.stringify(snapshot));
  await awaitChild(child, timeoutMs, 'the indicator engine timing process', () => stderr);
  const line = stdout.split('\n').find((text) => text.startsWith('ENGINE_JSON '));
  if (!line) throw new BenchFailure(`the indicator engine timing process printed no result:\n${stdout.slice(-2000)}${stderr}`);
  return /** @type {EngineTiming} */ (JSON.parse(line.slice('ENGINE_JSON '.length)));
}

/** @param {JsonRecord} patient @returns {ChartSnapshot} */
function emptySnapshot(patient) {
  return { patient, encounters: [], conditions: [], observations: [], procedures: [], coverage: [], flags: [], serviceRequests: [] };
}
