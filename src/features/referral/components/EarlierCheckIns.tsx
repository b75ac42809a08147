import { useId, type ReactNode } from 'react';
import { hotlineNumbers } from '../directory';
import type { EarlierCheckIn } from '../lantern-record';
import { earlierCheckInWords, referralTrackingWords } from '../record-words';

/**
 * Lantern's own earlier check-ins for this patient, outcome and day only: each visit is another chance, and the next
 * clinician should know one was tried. With each, what came of its referral: the receiving service's answer where the
 * referral was tracked, and the next step where it was declined or could not be done. Nothing more is shown here; the
 * notes themselves are in the restricted record.
 */
export function EarlierCheckIns({ checkIns }: { checkIns: readonly EarlierCheckIn[] }): ReactNode {
  const headingId = useId();
  if (checkIns.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="subsection">
      <h3 id={headingId}>Earlier check-ins</h3>
      <ul className="small">
        {checkIns.map((checkIn) => (
          <li key={checkIn.reference}>
            {earlierCheckInWords(checkIn)}
            <ReferralLine referral={checkIn.referral} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReferralLine({ referral }: { referral: EarlierCheckIn['referral'] }): ReactNode {
  if (referral === undefined) return null;
  if (!referral.tracked) return <p className="referral-tracking">Referral made; its answer is not tracked in this EHR.</p>;
  const needsNextStep = referral.status === 'declined' || referral.status === 'failed';
  return (
    <>
      <p className="referral-tracking">{referralTrackingWords(referral)}</p>
      {needsNextStep ? (
        <p className="referral-next-step">
          Next step: offer another service in this check-in, or the hotline: call {hotlineNumbers.call}, text {hotlineNumbers.text}.
        </p>
      ) : null}
    </>
  );
}
