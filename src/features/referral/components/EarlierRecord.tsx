import { useId, type ReactNode } from 'react';
import { formatDateTime } from '../../../lib/fhir/format';
import { entriesInForce, type EarlierSubmission } from '../lantern-record';
import { entryWords } from '../record-words';

export interface EarlierRecordItem {
  submission: EarlierSubmission;
  /** Why this EHR will not let Lantern withdraw it, when that is so. */
  withdrawalBlocked: string | undefined;
  /** Opens the withdrawal, when one may be asked for now. */
  onChange: (() => void) | undefined;
  /** The withdrawal panel, when it is open for this record. */
  panel: ReactNode;
}

/**
 * Lantern's own records from earlier in this visit (another window, a relaunch): shown as what they are, so they are
 * never mistaken for someone else's concern, each with the choice to add to it or to change it.
 */
export function EarlierRecord({ items }: { items: readonly EarlierRecordItem[] }): ReactNode {
  const headingId = useId();
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="earlier-record">
      <h4 id={headingId}>Recorded earlier in this visit</h4>
      {items.map(({ submission, withdrawalBlocked, onChange, panel }) => {
        const when = formatDateTime(submission.recordedAt);
        return (
          <div key={submission.submissionId}>
            <p className="small">Lantern recorded this{when ? ` on ${when}` : ''}:</p>
            <ul>
              {entriesInForce(submission).map((entry) => (
                <li key={entry.reference}>{entryWords(entry)}</li>
              ))}
            </ul>
            {withdrawalBlocked ? <p className="small muted">{withdrawalBlocked}</p> : null}
            {onChange && !withdrawalBlocked ? (
              <button type="button" onClick={onChange}>
                Change or withdraw it…
              </button>
            ) : null}
            {panel}
          </div>
        );
      })}
      <p className="small muted">Recording again adds to it; Lantern’s safety flag is not added twice.</p>
    </section>
  );
}
