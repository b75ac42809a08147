import type { Communication, Patient, QuestionnaireResponse } from 'fhir/r4';
import { chartSectionNames, chartSections, type ChartSectionName } from '../src/features/chart/chart-sections';
import type { ChartSnapshot } from '../src/features/indicators/indicator-types';
import { createFhirClient, type FhirClient, type ResourceType, type SearchParams } from '../src/lib/fhir/fhir-client';
import { field, recordList, stringField } from '../src/lib/fhir/untrusted-json';

const patientToken = '{{context.patientId}}';

/** A calendar day only to call the sections' parameter builders with; the date windows it yields are dropped. */
const anyDay = '2000-01-01';

/** Every prefetch key: the Patient, each chart section the app reads, and Lantern's own check-in answers and notes. */
export type PrefetchKey = 'patient' | ChartSectionName | LanternPartName;

type LanternPartName = 'lanternScreens' | 'lanternNotes';

/**
 * Where Lantern's own check-ins may be, besides the chart's Flags and referrals: its screening answers and its
 * restricted check-in notes (the one record of a check-in where nobody could talk privately). With them the service
 * knows Lantern's record of this visit already exists. An EHR that holds neither type leaves them unknown, not the
 * chart: the card may then come again in the same visit, which is safer than none.
 */
const lanternParts = {
  lanternScreens: {
    resourceType: 'QuestionnaireResponse',
    maxPages: 1,
    params: (patientId: string): SearchParams => ({ patient: patientId, _sort: '-authored', _count: 50 }),
  },
  lanternNotes: {
    resourceType: 'Communication',
    maxPages: 1,
    params: (patientId: string): SearchParams => ({ patient: patientId, _sort: '-sent', _count: 50 }),
  },
} as const satisfies Record<LanternPartName, PartDefinition>;

const lanternPartNames = Object.keys(lanternParts) as LanternPartName[];

function isLanternPart(key: PrefetchKey): key is LanternPartName {
  return (lanternPartNames as PrefetchKey[]).includes(key);
}

/**
 * The prefetch templates, derived from the app's own chart sections. CDS Hooks 2.0 prefetch tokens allow no date
 * arithmetic, so each section's date window is left out: the search stays bounded by its `_count` and sort order
 * (the newest first), and the indicator engine applies the windows itself.
 */
export const prefetchTemplates: Readonly<Record<PrefetchKey, string>> = {
  patient: `Patient/${patientToken}`,
  ...(Object.fromEntries(
    chartSectionNames.map((name) => [name, searchTemplate(chartSections[name].resourceType, withoutDateWindow(chartSections[name].params(patientToken, anyDay)))]),
  ) as Record<ChartSectionName, string>),
  ...(Object.fromEntries(
    lanternPartNames.map((name) => [name, searchTemplate(lanternParts[name].resourceType, lanternParts[name].params(patientToken))]),
  ) as Record<LanternPartName, string>),
};

function withoutDateWindow(params: SearchParams): SearchParams {
  return Object.fromEntries(Object.entries(params).filter(([name]) => name !== 'date'));
}

function searchTemplate(resourceType: string, params: SearchParams): string {
  const query = Object.entries(params)
    .flatMap(([name, value]) => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((item) => [name, String(item)])))
    // The token stays readable for the EHR to replace; every other value is encoded.
    .map(([name, value]) => `${name}=${value === patientToken ? value : encodeURIComponent(value ?? '')}`)
    .join('&');
  return `${resourceType}?${query}`;
}

/** What the card policy reads: the chart as the app reads it, and Lantern's own answers and notes. */
export interface ChartRead {
  chart: ChartSnapshot;
  screens: QuestionnaireResponse[];
  notes: Communication[];
}

/** Where the chart comes from when prefetch lacks a part: the EHR's FHIR server and the token it gave for it. */
export interface FhirAccess {
  serverUrl: string;
  accessToken: string;
  timeoutMs: number;
}

/** The chart could be had neither from prefetch nor from the FHIR server: the call answers 412. */
export class ChartUnavailableError extends Error {
  override readonly name = 'ChartUnavailableError';
}

/**
 * The chart from prefetch where the EHR gave each part for this patient, and from the FHIR server for the rest, read
 * as the app reads it (its date windows, page size and page limit). A part that is missing, not a Bundle of the
 * expected type, or about another patient counts as not given. Lantern's own answers and notes that can be had neither
 * way are unknown and read as none; any other part missing makes the chart unavailable.
 */
export async function readChart(patientId: string, asOf: string, prefetch: unknown, fhir: FhirAccess | undefined): Promise<ChartRead> {
  const given = prefetchedChart(patientId, prefetch);
  const missing = (Object.keys(prefetchTemplates) as PrefetchKey[]).filter((key) => given[key] === undefined);
  const missingChart = missing.filter((key) => !isLanternPart(key));
  if (missingChart.length > 0 && fhir === undefined) throw new ChartUnavailableError(`Not prefetched and no FHIR access: ${missingChart.join(', ')}.`);
  if (missing.length > 0 && fhir !== undefined) {
    const client = createFhirClient(
      { serverUrl: fhir.serverUrl, authorizationHeader: () => `Bearer ${fhir.accessToken}`, refreshIfNeeded: () => Promise.resolve(), refresh: () => Promise.resolve(false) },
      { timeoutMs: fhir.timeoutMs },
    );
    try {
      await Promise.all([
        ...missingChart.map(async (key) => (given[key] = await readPart(client, key, patientId, asOf))),
        ...missing.filter(isLanternPart).map(async (key) => (given[key] = await readPart(client, key, patientId, asOf).catch(() => undefined))),
      ]);
    } catch (error) {
      throw new ChartUnavailableError('The FHIR server did not give the chart.', { cause: error });
    }
  }
  return {
    chart: {
      patient: given.patient as Patient,
      encounters: given.recentEncounters as ChartSnapshot['encounters'],
      conditions: given.conditions as ChartSnapshot['conditions'],
      observations: given.observations as ChartSnapshot['observations'],
      procedures: given.procedures as ChartSnapshot['procedures'],
      coverage: given.coverage as ChartSnapshot['coverage'],
      flags: given.safetyFlags as ChartSnapshot['flags'],
      serviceRequests: given.referrals as ChartSnapshot['serviceRequests'],
    },
    screens: (given.lanternScreens ?? []) as QuestionnaireResponse[],
    notes: (given.lanternNotes ?? []) as Communication[],
  };
}

type Parts = Partial<Record<PrefetchKey, unknown>>;

function prefetchedChart(patientId: string, prefetch: unknown): Parts {
  const parts: Parts = {};
  const patient = field(prefetch, 'patient');
  if (stringField(patient, 'resourceType') === 'Patient' && stringField(patient, 'id') === patientId) parts.patient = patient;
  for (const name of chartSectionNames) {
    const resources = searchsetResources(field(prefetch, name), chartSections[name].resourceType);
    if (resources !== undefined) parts[name] = resources;
  }
  for (const name of lanternPartNames) {
    const resources = searchsetResources(field(prefetch, name), lanternParts[name].resourceType);
    if (resources !== undefined) parts[name] = resources;
  }
  return parts;
}

/** The resources of the expected type in a searchset Bundle; undefined when the value is no such Bundle. */
function searchsetResources(bundle: unknown, resourceType: string): unknown[] | undefined {
  if (stringField(bundle, 'resourceType') !== 'Bundle') return undefined;
  const entries = field(bundle, 'entry');
  if (entries !== undefined && !Array.isArray(entries)) return undefined;
  return recordList(bundle, 'entry')
    .map((entry) => field(entry, 'resource'))
    .filter((resource) => stringField(resource, 'resourceType') === resourceType);
}

interface PartDefinition {
  resourceType: ResourceType;
  maxPages: number;
  params: (patientId: string, asOf: string) => SearchParams;
}

async function readPart(client: FhirClient, key: PrefetchKey, patientId: string, asOf: string): Promise<unknown> {
  if (key === 'patient') return client.read('Patient', patientId);
  const definition: PartDefinition = isLanternPart(key) ? lanternParts[key] : chartSections[key];
  const result = await client.search(definition.resourceType, definition.params(patientId, asOf), { maxPages: definition.maxPages });
  return result.resources;
}
