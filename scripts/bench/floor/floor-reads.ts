import { chartSections } from '../../../src/features/chart/chart-sections';
// Only the path builder, so a floor's search is the very URL Lantern sends; nothing of the client itself.
import { searchPath } from '../../../src/lib/fhir/fhir-client';

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
      path: searchPath(section.resourceType, section.params(patientId, asOf)),
      maxPages: section.maxPages,
    })),
  ];
}

/** The clinician's calendar day, as src/lib/fhir/format.ts `calendarDay` computes it (local time zone). */
export function calendarDay(instant: Date): string {
  return new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
