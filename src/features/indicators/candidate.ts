/** What every matcher returns: evidence before ranking, and how it is counted once per reference. */

import type { Evidence } from './indicator-types';

/** Evidence before ranking; `day` (its date's last day) orders it, newest first. */
export interface Candidate {
  evidence: Evidence;
  day: number | undefined;
}

/** Candidates once per reference (an id-less resource counts on its own). */
export function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter(({ evidence }) => {
    if (evidence.reference === '') return true;
    if (seen.has(evidence.reference)) return false;
    seen.add(evidence.reference);
    return true;
  });
}
