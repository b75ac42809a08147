import type { FhirResource } from 'fhir/r4';
import { HOUR_MS } from './builders';
import { buildLocations, buildOrganizations, buildPractitionerRoles, buildPractitioners, PRACTITIONER_LABELS } from './care-setting';
import type { Chart, ChartContext, SandboxPatient } from './chart';
import { buildDirectoryOrganizations, buildHealthcareServices } from './directory';
import { buildLargeChart } from './large-chart';
import {
  buildIndicatorAdultChart,
  buildNoActiveEncounterChart,
  buildNoIndicatorsChart,
  buildTwoActiveEncountersChart,
  buildYouthChart,
} from './patients';
import { createRandom } from './random';

export type { SandboxPatient, SandboxPatientKey } from './chart';

export interface SandboxData {
  /** Shared resources (organizations, locations, referral services, practitioners) first, then each chart, Patient first. */
  resources: FhirResource[];
  patients: SandboxPatient[];
  practitioners: { id: string; label: string }[];
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

  const context = (stream: string): ChartContext => ({ now, random: createRandom(seed, stream) });
  const charts: Chart[] = [
    buildIndicatorAdultChart(context('indicator-adult')),
    buildYouthChart(context('youth')),
    buildNoIndicatorsChart(context('no-indicators')),
    buildNoActiveEncounterChart(context('no-active-encounter')),
    buildTwoActiveEncountersChart(context('two-active-encounters')),
  ];
  if (options.largeChart ?? true) {
    charts.push(buildLargeChart(context('large-chart')));
  }

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
    now: now.toISOString(),
  };
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
