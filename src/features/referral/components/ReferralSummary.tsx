import { useId, type ReactNode } from 'react';
import type { Patient } from 'fhir/r4';
import { formatDateTime, identifierLines, patientName } from '../../../lib/fhir/format';
import type { ReferralDecision } from '../referral-types';
import './referral.css';

/**
 * What a clinician needs to make the referral by phone: who, as the chart identifies them, what was decided and
 * agreed, how (and whether) the service may contact the patient, and where to call. Marked confidential; never
 * handed to the patient.
 */
export function ReferralSummary({
  patient,
  outcome,
  decision,
  isMinor,
}: {
  patient: Patient;
  outcome: string;
  decision: ReferralDecision;
  /** Undefined while the age is unknown: the reporting duty may apply. */
  isMinor: boolean | undefined;
}): ReactNode {
  const headingId = useId();
  const service = decision.referralTarget;
  const identifiers = identifierLines(patient);
  return (
    <section className="print-sheet referral-summary" aria-labelledby={headingId}>
      <h4 id={headingId}>Confidential — phone referral summary</h4>
      <p className="small">For the clinician making the referral. Do not hand to the patient.</p>
      <p>Patient: {patientName(patient)}</p>
      <p>Date of birth: {formatDateTime(patient.birthDate) ?? 'not recorded'}</p>
      <p>{identifiers.length > 0 ? `Identifiers: ${identifiers.join(', ')}` : 'Identifiers: none in the chart'}</p>
      <p>Outcome: {outcome || 'not chosen'}</p>
      <p>Consent: {consentWords(decision, isMinor)}</p>
      {decision.contactingPatientUnsafe ? (
        <>
          <p>Do not contact the patient directly: contacting the patient may be unsafe.</p>
          <p>Safe contact: {decision.safeContactNote?.trim() || 'no safe way noted'}</p>
        </>
      ) : (
        <p>Contacting the patient directly: not marked unsafe.</p>
      )}
      <p>
        Service:{' '}
        {service ? `${service.name} — ${service.contact}${service.hours ? ` (${service.hours})` : ''}` : 'none chosen'}
      </p>
    </section>
  );
}

function consentWords(decision: ReferralDecision, isMinor: boolean | undefined): string {
  if (isMinor === false) return decision.consentRecorded ? 'the patient agreed to the referral.' : 'the patient has not agreed to a referral.';
  const duty = decision.minorNoticeAcknowledged ? 'reporting duty acknowledged' : 'reporting duty not yet acknowledged';
  const report =
    decision.report?.status === 'made'
      ? `report made to ${decision.report.agency}`
      : decision.report?.status === 'not-yet'
        ? `report not yet made (${decision.report.why})`
        : 'report not documented';
  return `${isMinor ? 'a minor' : 'age not confirmed'}; ${duty}; ${report}.`;
}
