/** Catalog code sets compiled for matching: codes and prefixes normalised and grouped by canonical system, once per list. */

import { canonicalSystem, normalizeCode } from '../../lib/fhir/terminology';
import type { CodeSet } from './indicator-types';

interface CompiledCodeSet {
  set: CodeSet;
  codes: ReadonlySet<string>;
  prefixes: readonly string[];
}

export type CompiledCodes = ReadonlyMap<string, readonly CompiledCodeSet[]>;

// Catalog entries are long-lived constants: compile each list of code sets once.
const compiledCodeSets = new WeakMap<readonly CodeSet[], CompiledCodes>();

export function compileCodeSets(sets: readonly CodeSet[]): CompiledCodes {
  const cached = compiledCodeSets.get(sets);
  if (cached) return cached;
  const bySystem = new Map<string, CompiledCodeSet[]>();
  for (const set of sets) {
    const system = canonicalSystem(set.system);
    const compiled: CompiledCodeSet = {
      set,
      codes: new Set((set.codes ?? []).map(normalizeCode)),
      prefixes: (set.prefixes ?? []).map(normalizeCode).filter((prefix) => prefix !== ''),
    };
    bySystem.set(system, [...(bySystem.get(system) ?? []), compiled]);
  }
  compiledCodeSets.set(sets, bySystem);
  return bySystem;
}

/** The set that lists `key` (same system already established), as a whole code or under a prefix. */
export function findCodeSet(key: string, candidates: readonly CompiledCodeSet[]): CodeSet | undefined {
  for (const candidate of candidates) {
    if (candidate.codes.has(key)) return candidate.set;
    for (const prefix of candidate.prefixes) {
      if (key.startsWith(prefix)) return candidate.set;
    }
  }
  return undefined;
}

/** Whether `key` is listed in any of the sets, whatever their system: for codes the chart gives without one. */
export function listedUnderAnySystem(key: string, compiled: CompiledCodes): boolean {
  for (const candidates of compiled.values()) {
    if (findCodeSet(key, candidates) !== undefined) return true;
  }
  return false;
}
