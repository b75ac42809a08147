/** The chart as one evaluation reads it: sections and patient checked by type, coded resources indexed for code-set matching. */

import { findCodeSet, type CompiledCodes } from './code-sets';
import type { ChartSnapshot, CodedResourceType, CodeSet } from './indicator-types';
import { codingsIn, field, recordsOf, relativeReference, stringField, type CodingValue, type JsonRecord } from '../../lib/fhir/untrusted-json';
import { CODE_SYSTEM, canonicalSystem, normalizeCode } from '../../lib/fhir/terminology';

interface IndexedCoding {
  /** Canonical system, '' when the coding has none (such a coding never matches). */
  system: string;
  /** Normalised code (normalizeCode). */
  key: string;
  coding: CodingValue;
}

interface IndexedResource {
  resource: JsonRecord;
  codings: IndexedCoding[];
}

export interface CodeMatch {
  coding: IndexedCoding;
  set: CodeSet;
}

const CHART_SECTION: Record<CodedResourceType, keyof ChartSnapshot> = {
  Condition: 'conditions',
  Observation: 'observations',
  Procedure: 'procedures',
};

/** One evaluation's view of the chart; codings are extracted once per resource type, however many indicators ask. */
export class ChartContext {
  private readonly indexed = new Map<CodedResourceType, IndexedResource[]>();
  // A long chart repeats a few dozen systems and codes thousands of times: normalise each distinct string once.
  private readonly systems = new Map<string, string>();
  private readonly codeKeys = new Map<string, string>();
  private readonly codeVerdicts = new Map<CompiledCodes, Map<string, Map<string, CodeSet | null>>>();

  constructor(
    private readonly chart: unknown,
    readonly asOfDay: number,
  ) {}

  section(name: keyof ChartSnapshot): JsonRecord[] {
    return recordsOf(field(this.chart, name));
  }

  patient(): JsonRecord | undefined {
    const patient = field(this.chart, 'patient');
    return isOfType(patient, 'Patient') ? patient : undefined;
  }

  patientReference(): string {
    return relativeReference('Patient', this.patient());
  }

  coded(resourceType: CodedResourceType): IndexedResource[] {
    let resources = this.indexed.get(resourceType);
    if (resources === undefined) {
      resources = [];
      for (const resource of this.section(CHART_SECTION[resourceType])) {
        if (!isOfType(resource, resourceType) || isRetracted(resourceType, resource)) continue;
        const codings = this.indexCodings(codingsIn(resource, 'code'));
        if (codings.length > 0) resources.push({ resource, codings });
      }
      this.indexed.set(resourceType, resources);
    }
    return resources;
  }

  /**
   * The first coding that is in one of the sets. A long chart repeats the same few codes thousands of times,
   * so the verdict for each system and code is worked out once per set list.
   */
  matchCodes(codings: readonly IndexedCoding[], compiled: CompiledCodes): CodeMatch | undefined {
    let verdicts = this.codeVerdicts.get(compiled);
    if (verdicts === undefined) {
      verdicts = new Map();
      this.codeVerdicts.set(compiled, verdicts);
    }
    for (const coding of codings) {
      const candidates = compiled.get(coding.system);
      if (candidates === undefined || coding.key === '') continue;
      let bySystem = verdicts.get(coding.system);
      if (bySystem === undefined) {
        bySystem = new Map();
        verdicts.set(coding.system, bySystem);
      }
      let set = bySystem.get(coding.key);
      if (set === undefined) {
        set = findCodeSet(coding.key, candidates) ?? null;
        bySystem.set(coding.key, set);
      }
      if (set !== null) return { coding, set };
    }
    return undefined;
  }

  indexCodings(codings: readonly CodingValue[]): IndexedCoding[] {
    const indexed: IndexedCoding[] = [];
    for (const coding of codings) {
      indexed.push({
        system: coding.system === undefined ? '' : memo(this.systems, coding.system, canonicalSystem),
        key: memo(this.codeKeys, coding.code, normalizeCode),
        coding,
      });
    }
    return indexed;
  }
}

function memo(cache: Map<string, string>, input: string, compute: (input: string) => string): string {
  let output = cache.get(input);
  if (output === undefined) {
    output = compute(input);
    cache.set(input, output);
  }
  return output;
}

export function isOfType(value: unknown, resourceType: string): value is JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // A missing resourceType is tolerated (the section says what it is); a different one is not.
  const declared = field(value, 'resourceType');
  return declared === undefined || declared === resourceType;
}

/** Resources the source system has withdrawn: they never count and are never shown. */
function isRetracted(resourceType: CodedResourceType, resource: JsonRecord): boolean {
  const status = stringField(resource, 'status');
  switch (resourceType) {
    case 'Condition':
      return codingsIn(resource, 'verificationStatus').some(
        (coding) =>
          (coding.system === undefined || canonicalSystem(coding.system) === CODE_SYSTEM.conditionVerification) &&
          (coding.code === 'refuted' || coding.code === 'entered-in-error'),
      );
    case 'Observation':
      return status === 'entered-in-error' || status === 'cancelled';
    case 'Procedure':
      return status === 'entered-in-error' || status === 'not-done';
  }
}
