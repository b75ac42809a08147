/** The `untreated-long-term-condition` matcher: a long-standing condition, and only emergency visits in the window. */

import type { Candidate } from '../candidate';
import { isOfType, type ChartContext } from '../chart-context';
import { compileCodeSets } from '../code-sets';
import type { UntreatedLongTermConditionMatcher } from '../indicator-types';
import { dateIn, latest, periodDates } from '../resource-dates';
import { codedEvidence, isActiveCondition, timingOf } from './coded';
import { NOT_A_VISIT } from './repeat-emergency-visits';
import { monthsBefore } from '../../../lib/fhir/fhir-dates';
import { codingsIn, stringField } from '../../../lib/fhir/untrusted-json';
import { CODE_SYSTEM, isCode } from '../../../lib/fhir/terminology';

export function matchUntreatedLongTermCondition(matcher: UntreatedLongTermConditionMatcher, context: ChartContext): Candidate[] | undefined {
  const windowStart = monthsBefore(context.asOfDay, matcher.withinMonths);
  if (!onlyEmergencyVisits(context, windowStart)) return undefined;

  const compiled = compileCodeSets(matcher.conditions);
  const candidates: Candidate[] = [];
  for (const { resource, codings } of context.coded('Condition')) {
    if (!isActiveCondition(resource)) continue;
    const match = context.matchCodes(codings, compiled);
    if (match === undefined) continue;
    // The condition must be known to be at least as old as the window: a partial date counts by its last day.
    const onset = dateIn(resource, 'onsetDateTime') ?? periodDates(resource, 'onsetPeriod').start;
    const recorded = dateIn(resource, 'recordedDate');
    const firstKnown = [onset, recorded].flatMap((date) => (date === undefined ? [] : [date.range.last]));
    if (firstKnown.length === 0 || Math.min(...firstKnown) > windowStart) continue;
    const timing = timingOf('Condition', resource);
    candidates.push({ evidence: codedEvidence('Condition', resource, match, timing, undefined), day: timing.shown?.range.last });
  }
  return candidates.length > 0 ? candidates : undefined;
}

/** At least one dated visit in the window, and every dated one an emergency visit (class EMER). Undated visits are left out. */
function onlyEmergencyVisits(context: ChartContext, windowStart: number): boolean {
  let emergencyVisits = 0;
  for (const encounter of context.section('encounters')) {
    if (!isOfType(encounter, 'Encounter')) continue;
    const status = stringField(encounter, 'status');
    if (status !== undefined && NOT_A_VISIT.has(status)) continue;
    const { start, end } = periodDates(encounter, 'period');
    const reaches = latest(start, end);
    if (reaches === undefined || reaches < windowStart) continue;
    if (!codingsIn(encounter, 'class').some((coding) => isCode(coding, CODE_SYSTEM.actCode, 'EMER'))) return false;
    emergencyVisits += 1;
  }
  return emergencyVisits > 0;
}
