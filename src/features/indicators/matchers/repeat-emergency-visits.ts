/** The `repeat-emergency-visits` matcher: emergency encounters within a window, the current visit included. */

import { dedupe, type Candidate } from '../candidate';
import { isOfType, type ChartContext } from '../chart-context';
import type { Evidence, RepeatEmergencyVisitsMatcher } from '../indicator-types';
import { latest, periodDates } from '../resource-dates';
import { formatFhirDate, monthsBefore } from '../../../lib/fhir/fhir-dates';
import { codingsIn, field, plainText, relativeReference, stringField } from '../../../lib/fhir/untrusted-json';
import { CODE_SYSTEM, isCode } from '../../../lib/fhir/terminology';

// A planned visit has not happened; cancelled and entered-in-error ones never did.
export const NOT_A_VISIT: ReadonlySet<string> = new Set(['planned', 'cancelled', 'entered-in-error']);

/**
 * Emergency encounters (class EMER, v3-ActCode) in the window, the current visit included: "three visits in a
 * year" means today's and two before it. An encounter counts if any part of its period falls in the window.
 */
export function matchRepeatEmergencyVisits(matcher: RepeatEmergencyVisitsMatcher, context: ChartContext): Candidate[] | undefined {
  const windowStart = monthsBefore(context.asOfDay, matcher.withinMonths);
  const candidates: Candidate[] = [];
  for (const encounter of context.section('encounters')) {
    if (!isOfType(encounter, 'Encounter')) continue;
    const status = stringField(encounter, 'status');
    if (status !== undefined && NOT_A_VISIT.has(status)) continue;
    const emergency = codingsIn(encounter, 'class').find((coding) => isCode(coding, CODE_SYSTEM.actCode, 'EMER'));
    if (emergency === undefined) continue;
    const { start, end } = periodDates(encounter, 'period');
    const reaches = latest(start, end);
    if (reaches === undefined || reaches < windowStart) continue;

    const shown = start ?? end;
    let description = shown === undefined ? 'Emergency visit' : `Emergency visit, ${formatFhirDate(shown.raw) ?? shown.raw}`;
    if (status === 'in-progress') description += ' (in progress)';
    const provider = plainText(stringField(field(encounter, 'serviceProvider'), 'display'), 60);
    if (provider !== undefined) description += ` — ${provider}`;

    const evidence: Evidence = {
      reference: relativeReference('Encounter', encounter),
      resourceType: 'Encounter',
      description,
      code: { system: CODE_SYSTEM.actCode, code: 'EMER', display: 'emergency' },
    };
    if (shown !== undefined) evidence.date = shown.raw;
    candidates.push({ evidence, day: shown?.range.last });
  }
  return distinctCount(candidates) >= matcher.minimumVisits ? candidates : undefined;
}

/** Candidates counted once per reference (an id-less resource counts on its own). */
function distinctCount(candidates: readonly Candidate[]): number {
  return dedupe(candidates).length;
}
