import { chartSections } from '../../../src/features/chart/chart-sections';

/** One read of the floor: a path relative to the FHIR base, and how many pages of it to follow (as Lantern does). */
export interface FloorRead {
  path: string;
  maxPages: number;
}

/** Every type the floor reads: its scopes. */
export const floorResourceTypes = ['Patient', 'Encounter', ...new Set(Object.values(chartSections).map((section) => section.resourceType))];

/**
 * What Lantern reads before it shows its prompts: the launch's Patient and Encounter, and each chart section's search
 * as src/features/chart/chart-sections.ts defines it (imported, so the two cannot drift apart).
 */
export function floorReads(patientId: string, encounterId: string | undefined, asOf: string): FloorRead[] {
  return [
    { path: `Patient/${patientId}`, maxPages: 1 },
    ...(encounterId ? [{ path: `Encounter/${encounterId}`, maxPages: 1 }] : []),
    ...Object.values(chartSections).map((section) => ({
      path: `${section.resourceType}?${toQuery(section.params(patientId, asOf))}`,
      maxPages: section.maxPages,
    })),
  ];
}

/** The clinician's calendar day, as src/lib/fhir/format.ts `calendarDay` computes it (local time zone). */
export function calendarDay(instant: Date): string {
  return new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** Same serialisation as src/lib/fhir/fhir-client.ts `toQuery`. */
function toQuery(params: Record<string, string | number | readonly string[] | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number') query.append(name, String(value));
    else for (const item of value) query.append(name, item);
  }
  return query.toString();
}
