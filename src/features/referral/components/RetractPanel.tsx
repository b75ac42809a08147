import { useId, type ReactNode } from 'react';
import { Problem } from '../../../components/Problem';
import type { OperationOutcomeError } from '../../../lib/fhir/outcomes';
import { retractionReasons } from '../record-words';
import type { RetractionReason } from '../referral-types';

/**
 * Marking a record entered in error, as a deliberate act: it says what will be withdrawn, asks why, and only then
 * offers the button. It opens below the record, never where Record was, so a double click cannot reach it.
 */
export function RetractPanel({
  items,
  uncertain,
  reason,
  retracting,
  failure,
  onReason,
  onConfirm,
  onCancel,
}: {
  /** What will be marked entered in error, in words. */
  items: readonly string[];
  /** A sentence about parts an interrupted save may have stored, which Lantern looks for first. */
  uncertain: string | undefined;
  reason: RetractionReason | undefined;
  retracting: boolean;
  failure: OperationOutcomeError | undefined;
  onReason: (reason: RetractionReason) => void;
  onConfirm: () => void;
  onCancel: () => void;
}): ReactNode {
  const headingId = useId();
  const reasonName = useId();
  return (
    <section className="card retract-panel" aria-labelledby={headingId}>
      <h4 id={headingId}>Mark as entered in error</h4>
      {items.length > 0 ? (
        <>
          <p>These will be marked entered in error, so the care team sees they no longer apply:</p>
          <ul>
            {items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      ) : null}
      {uncertain ? <p>{uncertain}</p> : null}
      <fieldset className="decision-group">
        <legend>Why?</legend>
        {retractionReasons.map((option) => (
          <label key={option.value} className="check">
            <input
              type="radio"
              name={reasonName}
              value={option.value}
              checked={reason === option.value}
              disabled={retracting}
              onChange={() => {
                onReason(option.value);
              }}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </fieldset>
      {failure ? <Problem error={failure} title="The record was not changed completely. Try again, or check the chart." /> : null}
      <div className="button-row">
        <button type="button" onClick={onConfirm} disabled={reason === undefined || retracting}>
          {retracting ? 'Marking…' : 'Mark as entered in error'}
        </button>
        <button type="button" onClick={onCancel} disabled={retracting}>
          Keep the record
        </button>
      </div>
    </section>
  );
}
