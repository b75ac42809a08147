import { useId, type ReactNode } from 'react';
import { formatDateTime } from '../../../lib/fhir/format';
import { entriesInForce, type EarlierSubmission } from '../lantern-record';
import { entryWords } from '../record-words';

/**
 * Lantern's own record from earlier in this visit (another window, a relaunch): shown as what it is, so it is never
 * mistaken for someone else's concern, with the choice to add to it or to change it.
 */
export function EarlierRecord({ submission, onChange }: { submission: EarlierSubmission; onChange: (() => void) | undefined }): ReactNode {
  const headingId = useId();
  const when = formatDateTime(submission.recordedAt);
  return (
    <section aria-labelledby={headingId} className="earlier-record">
      <h4 id={headingId}>Recorded earlier in this visit</h4>
      <p className="small">Lantern recorded this{when ? ` on ${when}` : ''}:</p>
      <ul>
        {entriesInForce(submission).map((entry) => (
          <li key={entry.reference}>{entryWords(entry)}</li>
        ))}
      </ul>
      <p className="small muted">Recording again adds to it; Lantern’s safety flag is not added twice.</p>
      {onChange ? (
        <button type="button" onClick={onChange}>
          Change or withdraw it…
        </button>
      ) : null}
    </section>
  );
}
