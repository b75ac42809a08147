/** The `temporary-address-only` matcher: every current address of the patient is temporary. */

import type { Candidate } from '../candidate';
import type { ChartContext } from '../chart-context';
import type { Evidence } from '../indicator-types';
import { periodDates } from '../resource-dates';
import { formatFhirDate } from '../../../lib/fhir/fhir-dates';
import { recordList, stringField } from '../../../lib/fhir/untrusted-json';

/**
 * Every current address (not `old`, not ended before `asOf`) is `temp`. No address at all does not fire:
 * absence may only mean the server left it out.
 */
export function matchTemporaryAddressOnly(context: ChartContext): Candidate[] | undefined {
  const patient = context.patient();
  const current = recordList(patient, 'address').filter((address) => {
    if (stringField(address, 'use') === 'old') return false;
    const { end } = periodDates(address, 'period');
    return end === undefined || end.range.last >= context.asOfDay;
  });
  if (current.length === 0 || !current.every((address) => stringField(address, 'use') === 'temp')) return undefined;

  const since = current.map((address) => periodDates(address, 'period').start).find((start) => start !== undefined);
  let description = 'Only a temporary address is recorded';
  if (since !== undefined) description += `, since ${formatFhirDate(since.raw) ?? since.raw}`;
  const evidence: Evidence = { reference: context.patientReference(), resourceType: 'Patient', description };
  if (since !== undefined) evidence.date = since.raw;
  return [{ evidence, day: since?.range.last }];
}
