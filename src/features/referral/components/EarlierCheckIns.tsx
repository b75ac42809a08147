import { useId, type ReactNode } from 'react';
import type { EarlierCheckIn } from '../lantern-record';
import { earlierCheckInWords } from '../record-words';

/**
 * Lantern's own earlier check-ins for this patient, outcome and day only: each visit is another chance, and the next
 * clinician should know one was tried. Nothing more is shown here; the notes themselves are in the restricted record.
 */
export function EarlierCheckIns({ checkIns }: { checkIns: readonly EarlierCheckIn[] }): ReactNode {
  const headingId = useId();
  if (checkIns.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="subsection">
      <h3 id={headingId}>Earlier check-ins</h3>
      <ul className="small">
        {checkIns.map((checkIn) => (
          <li key={checkIn.reference}>{earlierCheckInWords(checkIn)}</li>
        ))}
      </ul>
    </section>
  );
}
