import type { Patient, QuestionnaireResponse } from 'fhir/r4';
import { chartSectionNames, chartSections, type ChartSectionName } from '../src/features/chart/chart-sections';
import type { ChartSnapshot } from '../src/features/indicators/indicator-types';
import { createFhirClient, type FhirClient, type ResourceType, type SearchParams } from '../src/lib/fhir/fhir-client';
import { field, recordList, stringField } from '../src/lib/fhir/untrusted-json';

const patientToken = '{{context.patientId}}';

/** A calendar day only to call the sections' parameter builders with; the date windows it yields are dropped. */
const anyDay = '2000-01-01';

/** Every prefetch key: the Patient, each chart section the app reads, and Lantern's own check-in answers. */
export type PrefetchKey = 'patient' | ChartSectionName | 'lanternScreens';

/**
 * Lantern's screening answers, which every EHR that takes any of Lantern's writes accepts: with the Flags and
 * referrals of the chart, how the service knows Lantern's record of this visit already exists.
 */
const lanternScreens = {
  resourceType: 'QuestionnaireResponse',
  maxPages: 1,
  params: (patientId: string): SearchParams => ({ patient: patientId, _sort: '-authored', _count: 50 }),
} as const;

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
  lanternScreens: searchTemplate(lanternScreens.resourceType, lanternScreens.params(patientToken)),
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

/** What the card policy reads: the chart as the app reads it, and Lantern's own answers. */
export interface ChartRead {
  chart: ChartSnapshot;
  screens: QuestionnaireResponse[];
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
 * expected type, or about another patient counts as not given.
 */
export async function readChart(patientId: string, asOf: string, prefetch: unknown, fhir: FhirAccess | undefined): Promise<ChartRead> {
  const given = prefetchedChart(patientId, prefetch);
  const missing = (Object.keys(prefetchTemplates) as PrefetchKey[]).filter((key) => given[key] === undefined);
  if (missing.length > 0) {
    if (fhir === undefined) throw new ChartUnavailableError(`Not prefetched and no FHIR access: ${missing.join(', ')}.`);
    const client = createFhirClient(
      { serverUrl: fhir.serverUrl, authorizationHeader: () => `Bearer ${fhir.accessToken}`, refreshIfNeeded: () => Promise.resolve(), refresh: () => Promise.resolve(false) },
      { timeoutMs: fhir.timeoutMs },
    );
    try {
      await Promise.all(missing.map(async (key) => (given[key] = await readPart(client, key, patientId, asOf))));
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
    screens: given.lanternScreens as QuestionnaireResponse[],
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
  const screens = searchsetResources(field(prefetch, 'lanternScreens'), lanternScreens.resourceType);
  if (screens !== undefined) parts.lanternScreens = screens;
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
  const definition: PartDefinition = key === 'lanternScreens' ? lanternScreens : chartSections[key];
  const result = await client.search(definition.resourceType, definition.params(patientId, asOf), { maxPages: definition.maxPages });
  return result.resources;
}
