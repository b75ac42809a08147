/** Evaluate and rank: runs each catalog indicator's matcher over the chart and orders the evidence it finds. */

import { dedupe, type Candidate } from './candidate';
import { indicatorCatalog } from './catalog';
import { ChartContext } from './chart-context';
import type { ChartSnapshot, Evidence, IndicatorDefinition, IndicatorFinding, IndicatorMatcher } from './indicator-types';
import { matchCoded, uncountedSystemlessCodes } from './matchers/coded';
import { matchNoActiveCoverage } from './matchers/no-active-coverage';
import { matchPriorSafetyRecord } from './matchers/prior-safety-record';
import { matchRepeatEmergencyVisits } from './matchers/repeat-emergency-visits';
import { matchTemporaryAddressOnly } from './matchers/temporary-address-only';
import { matchUntreatedLongTermCondition } from './matchers/untreated-long-term-condition';
import { parseCalendarDay } from '../../lib/fhir/fhir-dates';
import { field } from '../../lib/fhir/untrusted-json';
import type { Population } from '../../lib/fhir/patient-age';

/** Evidence shown per indicator; `matchCount` says how many there were in all. */
export const EVIDENCE_LIMIT = 5;

export interface EvaluateOptions {
  /** The clinician's calendar day, YYYY-MM-DD; every time window ends on it. */
  asOf: string;
  population: Population;
  catalog?: readonly IndicatorDefinition[];
}

/**
 * Chart → indicator findings, in catalog order; only indicators that matched are returned.
 *
 * Pure and total: the chart is untrusted JSON and is read only through the accessors of lib/fhir/untrusted-json.ts, so
 * malformed resources are skipped or partly read, never a reason to throw. The catalog is trusted code.
 * An `asOf` that is not a calendar day yields no findings: nothing can be placed in time without it.
 */
export function evaluateIndicators(chart: ChartSnapshot, options: EvaluateOptions): IndicatorFinding[] {
  const asOfDay = parseCalendarDay(field(options, 'asOf'));
  if (asOfDay === undefined) return [];
  const population: Population = field(options, 'population') === 'youth' ? 'youth' : 'adult';
  const catalog = options.catalog ?? indicatorCatalog;

  const context = new ChartContext(chart, asOfDay);
  const findings: IndicatorFinding[] = [];
  for (const indicator of catalog) {
    if (indicator.population !== 'all' && indicator.population !== population) continue;
    const candidates = evaluateMatcher(indicator.matcher, context);
    if (candidates === undefined) continue;
    const finding: IndicatorFinding = { indicator, ...rankEvidence(candidates) };
    if (indicator.matcher.kind === 'coded') {
      const uncounted = uncountedSystemlessCodes(indicator.matcher, context);
      if (uncounted.length > 0) finding.uncountedCodes = uncounted;
    }
    findings.push(finding);
  }
  return findings;
}

function evaluateMatcher(matcher: IndicatorMatcher, context: ChartContext): Candidate[] | undefined {
  switch (matcher.kind) {
    case 'coded':
      return matchCoded(matcher, context);
    case 'repeat-emergency-visits':
      return matchRepeatEmergencyVisits(matcher, context);
    case 'no-active-coverage':
      return matchNoActiveCoverage(context);
    case 'prior-safety-record':
      return matchPriorSafetyRecord(matcher, context);
    case 'temporary-address-only':
      return matchTemporaryAddressOnly(context);
    case 'untreated-long-term-condition':
      return matchUntreatedLongTermCondition(matcher, context);
  }
}

/** Newest first (undated last), one entry per reference, capped at EVIDENCE_LIMIT. */
function rankEvidence(candidates: readonly Candidate[]): { evidence: Evidence[]; matchCount: number } {
  const ordered = [...candidates].sort(
    (a, b) =>
      (b.day ?? Number.NEGATIVE_INFINITY) - (a.day ?? Number.NEGATIVE_INFINITY) ||
      compareText(b.evidence.date ?? '', a.evidence.date ?? '') ||
      compareText(a.evidence.reference, b.evidence.reference),
  );
  const distinct = dedupe(ordered);
  return { evidence: distinct.slice(0, EVIDENCE_LIMIT).map(({ evidence }) => evidence), matchCount: distinct.length };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
