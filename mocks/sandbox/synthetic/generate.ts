import type { FhirResource } from 'fhir/r4';
import { HOUR_MS } from './builders';
import { buildLocations, buildOrganizations, buildPractitionerRoles, buildPractitioners, PRACTITIONER_LABELS } from './care-setting';
import type { Chart, ChartContext, SandboxPatient, SandboxPatientKey } from './chart';
import { buildDirectoryOrganizations, buildHealthcareServices } from './directory';
import { buildGenericStiYouthChart } from './generic-sti-youth';
import { buildLargeChart } from './large-chart';
import {
  buildIndicatorAdultChart,
  buildNoActiveEncounterChart,
  buildNoIndicatorsChart,
  buildTwoActiveEncountersChart,
  buildYouthChart,
} from './patients';
import { createRandom } from './random';
import { buildUnknownAgeChart } from './unknown-age';

export type { SandboxPatient, SandboxPatientKey } from './chart';

export interface SandboxData {
  /** Shared resources (organizations, locations, referral services, practitioners) first, then each chart, Patient first. */
  resources: FhirResource[];
  patients: SandboxPatient[];
  practitioners: { id: string; label: string }[];
  seed: number;
  /** ISO reference instant every date in the data is relative to. */
  now: string;
}

export interface GenerateSandboxOptions {
  seed?: number;
  /** Defaults to the current time truncated to the hour. */
  now?: Date;
  /** Include the large chart (~7,700 resources); default true. */
  largeChart?: boolean;
}

export const DEFAULT_SEED = 20_190_101;

const chartBuilders: Record<SandboxPatientKey, (context: ChartContext) => Chart> = {
  'indicator-adult': buildIndicatorAdultChart,
  youth: buildYouthChart,
  'generic-sti-youth': buildGenericStiYouthChart,
  'no-indicators': buildNoIndicatorsChart,
  'no-active-encounter': buildNoActiveEncounterChart,
  'two-active-encounters': buildTwoActiveEncountersChart,
  'unknown-age': buildUnknownAgeChart,
  'large-chart': buildLargeChart,
};

/** Each chart draws from its own seeded stream, named by its key, so one chart's values never depend on another's. */
function chartContext(key: string, seed: number, now: Date): ChartContext {
  return { now, random: createRandom(seed, key) };
}

/**
 * Synthetic charts for the bundled sandbox EHR. Ids never change; everything else is a pure function of
 * seed and `now`.
 */
export function generateSandboxData(options: GenerateSandboxOptions = {}): SandboxData {
  const seed = options.seed ?? DEFAULT_SEED;
  // The hour, not the day: "arrived two hours ago" must stay true all day, and repeated calls still agree.
  const now = new Date(options.now ?? Math.floor(Date.now() / HOUR_MS) * HOUR_MS);
  if (Number.isNaN(now.getTime())) {
    throw new RangeError('generateSandboxData: `now` is not a valid date');
  }

  const charts = Object.entries(chartBuilders)
    .filter(([key]) => key !== 'large-chart' || (options.largeChart ?? true))
    .map(([key, build]) => build(chartContext(key, seed, now)));

  const resources: FhirResource[] = [
    ...buildOrganizations(),
    ...buildDirectoryOrganizations(),
    ...buildLocations(),
    ...buildHealthcareServices(),
    ...buildPractitioners(),
    ...buildPractitionerRoles(),
  ];
  for (const chart of charts) {
    resources.push(...chart.resources);
  }
  addLocationDisplays(resources);

  return {
    resources,
    patients: charts.map((chart) => chart.patient),
    practitioners: PRACTITIONER_LABELS.map((practitioner) => ({ ...practitioner })),
    seed,
    now: now.toISOString(),
  };
}

/**
 * A fresh copy of one named chart, for a test that writes to it: built as the seed builds it, then every resource
 * of the chart takes a new id (`<id>-<tag>`) and every reference between them follows, so the test owns the patient
 * by construction. References to shared resources (organizations, locations, practitioners) stay as they are.
 */
export function freshChart(data: SandboxData, key: SandboxPatientKey, tag: string): Chart {
  const chart = chartBuilders[key](chartContext(key, data.seed, new Date(data.now)));
  const renamed = new Map(chart.resources.map((resource) => [`${resource.resourceType}/${resource.id ?? ''}`, `${resource.resourceType}/${resource.id ?? ''}-${tag}`]));
  for (const resource of chart.resources) {
    renameReferences(resource, renamed);
    resource.id = `${resource.id ?? ''}-${tag}`;
  }
  addLocationDisplays([...buildLocations(), ...chart.resources]);
  return {
    patient: {
      ...chart.patient,
      patientId: `${chart.patient.patientId}-${tag}`,
      activeEncounterIds: chart.patient.activeEncounterIds.map((id) => `${id}-${tag}`),
    },
    resources: chart.resources,
  };
}

/** Rewrites, in place, every `reference` found anywhere in `value` that `renamed` maps. */
function renameReferences(value: unknown, renamed: ReadonlyMap<string, string>): void {
  if (Array.isArray(value)) {
    for (const item of value) renameReferences(item, renamed);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, field] of Object.entries(value)) {
    const target = key === 'reference' && typeof field === 'string' ? renamed.get(field) : undefined;
    if (target !== undefined) Object.assign(value, { reference: target });
    else renameReferences(field, renamed);
  }
}

/** EHRs send the location's name with the reference (Epic and Oracle Health do), so apps need not read it. */
function addLocationDisplays(resources: FhirResource[]): void {
  const names = new Map<string, string>();
  for (const resource of resources) {
    if (resource.resourceType === 'Location' && resource.id && resource.name) names.set(`Location/${resource.id}`, resource.name);
  }
  for (const resource of resources) {
    if (resource.resourceType !== 'Encounter') continue;
    for (const entry of resource.location ?? []) {
      const name = entry.location.reference ? names.get(entry.location.reference) : undefined;
      if (name) entry.location.display = name;
    }
  }
}

export function isSandboxPatientKey(value: unknown): value is SandboxPatientKey {
  return typeof value === 'string' && Object.hasOwn(chartBuilders, value);
}
