/** The `coded` matcher: Conditions, Observations and Procedures whose code is in the indicator's code sets. */

import type { Candidate } from '../candidate';
import type { ChartContext, CodeMatch } from '../chart-context';
import { compileCodeSets, listedUnderAnySystem } from '../code-sets';
import type { CodedMatcher, CodedResourceType, Evidence } from '../indicator-types';
import { observationResult, type ObservationResult } from '../observation-result';
import { dateIn, latest, periodDates, type FoundDate } from '../resource-dates';
import { formatFhirDate, monthsBefore } from '../../../lib/fhir/fhir-dates';
import { codingsIn, conceptOwnText, field, plainText, relativeReference, type JsonRecord } from '../../../lib/fhir/untrusted-json';
import { CODE_SYSTEM, canonicalSystem, systemName } from '../../../lib/fhir/terminology';

/** When a resource happened, for display and ordering, and the latest day any of its dates reaches. */
interface ResourceTiming {
  shown: (FoundDate & { verb: string }) | undefined;
  /** Day used to tell episodes apart (onset before recording). */
  clinicalDay: number | undefined;
  latestDay: number | undefined;
}

export function timingOf(resourceType: CodedResourceType, resource: JsonRecord): ResourceTiming {
  switch (resourceType) {
    case 'Condition': {
      const onset = dateIn(resource, 'onsetDateTime') ?? periodDates(resource, 'onsetPeriod').start;
      const recorded = dateIn(resource, 'recordedDate');
      const abatementPeriod = periodDates(resource, 'abatementPeriod');
      const abatement = dateIn(resource, 'abatementDateTime') ?? abatementPeriod.end ?? abatementPeriod.start;
      return {
        shown: recorded ? { ...recorded, verb: 'recorded' } : onset ? { ...onset, verb: 'onset' } : undefined,
        clinicalDay: (onset ?? recorded)?.range.first,
        latestDay: latest(onset, recorded, abatement),
      };
    }
    case 'Observation': {
      const period = periodDates(resource, 'effectivePeriod');
      const effective = dateIn(resource, 'effectiveDateTime') ?? dateIn(resource, 'effectiveInstant') ?? period.start ?? period.end;
      const issued = dateIn(resource, 'issued');
      const shown = effective ?? issued;
      return {
        shown: shown ? { ...shown, verb: effective ? 'on' : 'issued' } : undefined,
        clinicalDay: shown?.range.first,
        latestDay: latest(effective, period.end, issued),
      };
    }
    case 'Procedure': {
      const period = periodDates(resource, 'performedPeriod');
      const performed = dateIn(resource, 'performedDateTime') ?? period.start ?? period.end;
      return {
        shown: performed ? { ...performed, verb: 'performed' } : undefined,
        clinicalDay: performed?.range.first,
        latestDay: latest(performed, period.end),
      };
    }
  }
}

const ACTIVE_CLINICAL_STATUSES: ReadonlySet<string> = new Set(['active', 'recurrence', 'relapse']);

export function isActiveCondition(resource: JsonRecord): boolean {
  return codingsIn(resource, 'clinicalStatus').some(
    (coding) =>
      (coding.system === undefined || canonicalSystem(coding.system) === CODE_SYSTEM.conditionClinical) &&
      ACTIVE_CLINICAL_STATUSES.has(coding.code),
  );
}

export function matchCoded(matcher: CodedMatcher, context: ChartContext): Candidate[] | undefined {
  const compiled = compileCodeSets(matcher.codes);
  const windowStart = matcher.withinMonths === undefined ? undefined : monthsBefore(context.asOfDay, matcher.withinMonths);
  const candidates: Candidate[] = [];
  const episodeDays: number[] = [];

  for (const resourceType of matcher.resourceTypes) {
    for (const { resource, codings } of context.coded(resourceType)) {
      const match = context.matchCodes(codings, compiled);
      if (match === undefined) continue;
      const timing = timingOf(resourceType, resource);
      if (windowStart !== undefined) {
        const inWindow =
          timing.latestDay === undefined
            ? resourceType === 'Condition' && isActiveCondition(resource)
            : timing.latestDay >= windowStart;
        if (!inWindow) continue;
      }
      let result: ObservationResult | undefined;
      if (resourceType === 'Observation') {
        result = observationResult(resource);
        if (matcher.requirePositive === true && !result.positive) continue;
      }
      if (timing.clinicalDay !== undefined) episodeDays.push(timing.clinicalDay);
      candidates.push({
        evidence: codedEvidence(resourceType, resource, match, timing, result?.text),
        day: timing.shown?.range.last,
      });
    }
  }

  if (candidates.length === 0) return undefined;
  if (matcher.minimumEpisodes !== undefined && countEpisodes(episodeDays, matcher.minimumEpisodes.daysApart) < matcher.minimumEpisodes.count) {
    return undefined;
  }
  return candidates;
}

/**
 * Codes the chart gives without a coding system that this indicator's sets list under some system. They are not
 * counted (SYSTEMLESS_CODE_RULE); the prompt's "why" names them so the clinician can look for themselves.
 */
export function uncountedSystemlessCodes(matcher: CodedMatcher, context: ChartContext): string[] {
  const compiled = compileCodeSets(matcher.codes);
  const codes = new Set<string>();
  for (const resourceType of matcher.resourceTypes) {
    for (const { codings } of context.coded(resourceType)) {
      for (const coding of codings) {
        if (coding.system !== '' || coding.key === '' || !listedUnderAnySystem(coding.key, compiled)) continue;
        const code = plainText(coding.coding.code, 40);
        if (code !== undefined) codes.add(code);
      }
    }
  }
  return [...codes].sort();
}

/** Dates at least `daysApart` after the previous counted one, oldest first. */
function countEpisodes(days: number[], daysApart: number): number {
  let count = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (const day of [...days].sort((a, b) => a - b)) {
    if (day - previous >= daysApart) {
      count += 1;
      previous = day;
    }
  }
  return count;
}

export function codedEvidence(
  resourceType: CodedResourceType,
  resource: JsonRecord,
  match: CodeMatch,
  timing: ResourceTiming,
  resultText: string | undefined,
): Evidence {
  const { coding, set } = match;
  const code = plainText(coding.coding.code, 40) ?? '';
  const display = set.codeOnlyEvidence === true ? undefined : plainText(coding.coding.display);
  const name = set.codeOnlyEvidence === true ? set.label : (display ?? plainText(conceptOwnText(field(resource, 'code'))) ?? set.label);
  const system = systemName(coding.system);
  let description = `${name} (${system === undefined ? code : `${system} ${code}`})`;
  if (resultText !== undefined) description += `: ${resultText}`;
  if (timing.shown !== undefined) description += `, ${timing.shown.verb} ${formatFhirDate(timing.shown.raw) ?? timing.shown.raw}`;

  const evidence: Evidence = {
    reference: relativeReference(resourceType, resource),
    resourceType,
    description,
    code: display === undefined ? { system: coding.system, code } : { system: coding.system, code, display },
  };
  if (timing.shown !== undefined) evidence.date = timing.shown.raw;
  return evidence;
}
