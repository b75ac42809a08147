import type { ResourceType, SearchResult } from '../../lib/fhir/fhir-client';
import { field, stringField } from '../../lib/fhir/untrusted-json';
import type { ChartSectionResult } from './chart-queries';
import type { ChartSectionName } from './chart-sections';

/**
 * One line per chart section: what Lantern read, in words a clinician scans in a second. Resources are what the
 * EHR sent, so elements are read as untrusted JSON (a visit without `class` is still a visit).
 */
const summarizers: { [N in ChartSectionName]: (result: ChartSectionResult<N>) => string } = {
  recentEncounters: (result) =>
    `${countText(result)} (${result.resources.filter((encounter) => stringField(field(encounter, 'class'), 'code') === 'EMER').length} emergency)`,
  conditions: countText,
  observations: countText,
  procedures: countText,
  coverage: (result) => {
    const active = result.resources.filter((coverage) => coverage.status === 'active').length;
    return active > 0 ? `${active} active` : 'None active';
  },
  safetyFlags: (result) => `${countText(result)} (${result.resources.filter((flag) => flag.status === 'active').length} active)`,
  referrals: countText,
};

export function summarizeSection<N extends ChartSectionName>(section: N, result: ChartSectionResult<N>): string {
  return summarizers[section](result);
}

function countText<K extends ResourceType>(result: SearchResult<K>): string {
  const read = result.resources.length;
  if (result.complete) return String(read);
  // The read is bounded: say so rather than pretend the count is complete.
  return result.total !== undefined ? `${read} most recent of ${result.total}` : `${read}+`;
}
