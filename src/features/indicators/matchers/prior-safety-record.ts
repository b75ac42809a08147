/** The `prior-safety-record` matcher: earlier safety Flags and social-service referrals, at any time. */

import type { Candidate } from '../candidate';
import { isOfType, type ChartContext } from '../chart-context';
import { compileCodeSets } from '../code-sets';
import type { Evidence, PriorSafetyRecordMatcher } from '../indicator-types';
import { dateIn, periodDates } from '../resource-dates';
import { formatFhirDate } from '../../../lib/fhir/fhir-dates';
import { codingsIn, plainText, relativeReference, stringField } from '../../../lib/fhir/untrusted-json';
import { CODE_SYSTEM, isCode } from '../../../lib/fhir/terminology';

const FLAG_STATUSES: ReadonlySet<string> = new Set(['active', 'inactive']);
const SERVICE_REQUEST_STATUSES: ReadonlySet<string> = new Set(['draft', 'active', 'on-hold', 'revoked', 'completed', 'unknown']);

function statusWords(status: string | undefined, known: ReadonlySet<string>): string {
  return status !== undefined && known.has(status) ? status.replace('-', ' ') : 'status not recorded';
}

/** Safety Flags (flag-category `safety`) and social-service referrals, any status but entered-in-error, any time. */
export function matchPriorSafetyRecord(matcher: PriorSafetyRecordMatcher, context: ChartContext): Candidate[] | undefined {
  const candidates: Candidate[] = [];

  for (const flag of context.section('flags')) {
    if (!isOfType(flag, 'Flag')) continue;
    const status = stringField(flag, 'status');
    if (status === 'entered-in-error') continue;
    const safety = codingsIn(flag, 'category').find((coding) => isCode(coding, CODE_SYSTEM.flagCategory, 'safety'));
    if (safety === undefined) continue;
    const { start, end } = periodDates(flag, 'period');
    let description = `Safety flag (${statusWords(status, FLAG_STATUSES)})`;
    if (start !== undefined) description += `, from ${formatFhirDate(start.raw) ?? start.raw}`;
    if (end !== undefined) description += ` to ${formatFhirDate(end.raw) ?? end.raw}`;
    const evidence: Evidence = {
      reference: relativeReference('Flag', flag),
      resourceType: 'Flag',
      description,
      code: { system: CODE_SYSTEM.flagCategory, code: 'safety', display: 'Safety' },
    };
    const date = start ?? end;
    if (date !== undefined) evidence.date = date.raw;
    candidates.push({ evidence, day: date?.range.last });
  }

  const compiled = compileCodeSets(matcher.referralCodes);
  for (const request of context.section('serviceRequests')) {
    if (!isOfType(request, 'ServiceRequest')) continue;
    const status = stringField(request, 'status');
    if (status === 'entered-in-error') continue;
    const match = context.matchCodes(context.indexCodings([...codingsIn(request, 'category'), ...codingsIn(request, 'code')]), compiled);
    if (match === undefined) continue;
    const date = dateIn(request, 'authoredOn') ?? dateIn(request, 'occurrenceDateTime');
    const name = plainText(match.coding.coding.display) ?? match.set.label;
    let description = `${name} (${statusWords(status, SERVICE_REQUEST_STATUSES)})`;
    if (date !== undefined) description += `, ordered ${formatFhirDate(date.raw) ?? date.raw}`;
    const code = plainText(match.coding.coding.code, 40) ?? '';
    const display = plainText(match.coding.coding.display);
    const evidence: Evidence = {
      reference: relativeReference('ServiceRequest', request),
      resourceType: 'ServiceRequest',
      description,
      code: display === undefined ? { system: match.coding.system, code } : { system: match.coding.system, code, display },
    };
    if (date !== undefined) evidence.date = date.raw;
    candidates.push({ evidence, day: date?.range.last });
  }

  return candidates.length > 0 ? candidates : undefined;
}
