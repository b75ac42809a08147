/** The `no-active-coverage` matcher: no Coverage in force on `asOf`, self-pay counting as none. */

import type { Candidate } from '../candidate';
import { isOfType, type ChartContext } from '../chart-context';
import type { Evidence } from '../indicator-types';
import { periodDates, type FoundDate } from '../resource-dates';
import { formatFhirDate } from '../../../lib/fhir/fhir-dates';
import { codingsIn, conceptOwnText, field, plainText, recordList, relativeReference, resourceId, stringField, type JsonRecord } from '../../../lib/fhir/untrusted-json';
import { CODE_SYSTEM, canonicalSystem } from '../../../lib/fhir/terminology';

/**
 * Fires unless some Coverage is active, in force on `asOf` (period open or covering the day) and not self-pay.
 * Self-pay is SOPT category 8 ("no payment from an organization/agency/program/private payer": 81 self-pay,
 * 82 no charge, …), the words "self-pay", or a payor that is the patient.
 * Caveat for callers: an empty list also fires, so drop this indicator from the catalog when Coverage could
 * not be read (scope not granted), rather than pass an empty list.
 */
export function matchNoActiveCoverage(context: ChartContext): Candidate[] | undefined {
  const patientId = resourceId(context.patient());
  const coverages = context
    .section('coverage')
    .filter((coverage) => isOfType(coverage, 'Coverage') && stringField(coverage, 'status') !== 'entered-in-error');

  const candidates: Candidate[] = [];
  for (const coverage of coverages) {
    const status = stringField(coverage, 'status');
    const { start, end } = periodDates(coverage, 'period');
    const started = start === undefined || start.range.first <= context.asOfDay;
    const ended = end !== undefined && end.range.last < context.asOfDay;
    const inForce = status === 'active' && started && !ended;
    if (inForce && !isSelfPay(coverage, patientId)) return undefined;

    let description: string;
    let date: FoundDate | undefined;
    if (inForce) {
      description = 'Self-pay recorded';
      date = start;
      if (start !== undefined) description += `, since ${formatFhirDate(start.raw) ?? start.raw}`;
    } else {
      const typeName = plainText(conceptOwnText(field(coverage, 'type')) ?? codingsIn(coverage, 'type').find((c) => c.display !== undefined)?.display, 60);
      const statusWord = status === 'active' ? (ended ? 'expired' : 'not yet in force') : (plainText(status, 30) ?? 'without status');
      description = `Coverage ${statusWord}${typeName === undefined ? '' : ` (${typeName})`}`;
      date = end ?? start;
      if (!started) {
        date = start;
        description += `, starts ${formatFhirDate(start.raw) ?? start.raw}`;
      } else if (end !== undefined) {
        description += `, ${ended ? 'ended' : 'until'} ${formatFhirDate(end.raw) ?? end.raw}`;
      }
    }
    const evidence: Evidence = { reference: relativeReference('Coverage', coverage), resourceType: 'Coverage', description };
    if (date !== undefined) evidence.date = date.raw;
    candidates.push({ evidence, day: date?.range.last });
  }

  if (candidates.length === 0) {
    candidates.push({ evidence: { reference: context.patientReference(), resourceType: 'Patient', description: 'No coverage on file' }, day: undefined });
  }
  return candidates;
}

function isSelfPay(coverage: JsonRecord, patientId: string | undefined): boolean {
  const typeCodings = codingsIn(coverage, 'type');
  if (typeCodings.some((coding) => coding.system !== undefined && canonicalSystem(coding.system) === CODE_SYSTEM.paymentTypology && coding.code.trim().startsWith('8'))) {
    return true;
  }
  const words = [conceptOwnText(field(coverage, 'type')), ...typeCodings.map((coding) => coding.display)];
  if (words.some((word) => word !== undefined && word.toLowerCase().replace(/[^a-z]/g, '').includes('selfpay'))) return true;

  const payors = recordList(coverage, 'payor');
  return (
    patientId !== undefined &&
    payors.length > 0 &&
    payors.every((payor) => {
      const reference = stringField(payor, 'reference')?.trim();
      return reference !== undefined && (reference === `Patient/${patientId}` || reference.endsWith(`/Patient/${patientId}`));
    })
  );
}
