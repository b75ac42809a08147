import { useId, type ReactNode } from 'react';
import { writesFlag } from '../decision-rules';
import { plannedWords } from '../record-words';
import type { RecordChoice, ReferralDecision } from '../referral-types';
import type { WritePlan } from '../write-plan';
import './referral.css';

/** Said when the organisation has not filled in where restricted notes appear on this EHR. */
export const unknownVisibility =
  'Your organisation has not said where restricted notes appear on this EHR (patient portal, after-visit summary, other clinicians’ views).';

/**
 * The patient's say over the record, asked before Record with nothing pre-chosen: what would be written, where it may
 * appear (the organisation's own statement for this EHR), and the patient's choice — everything, the safety flag only
 * (where the outcome writes one), or nothing in the record (the printable summary instead).
 */
export function PatientSay({
  decision,
  everythingPlan,
  visibility,
  onChange,
}: {
  decision: ReferralDecision;
  /** The plan if the patient agrees to everything; its steps are "Everything listed". */
  everythingPlan: WritePlan;
  /** The organisation's statement of where restricted notes appear on this EHR, when it gave one. */
  visibility: string | undefined;
  onChange: (next: ReferralDecision) => void;
}): ReactNode {
  const name = useId();
  const whereId = useId();
  const choices: { value: RecordChoice; label: string }[] = [
    { value: 'everything', label: 'Everything listed' },
    ...(writesFlag(decision.outcome) ? [{ value: 'flag-only' as const, label: 'The safety flag only' }] : []),
    { value: 'nothing', label: 'Nothing in the record (printable summary instead)' },
  ];
  // Listed until the patient has chosen; then the plan below Record lists exactly what their choice writes.
  const steps = decision.recordChoice === undefined && (everythingPlan.mode === 'transaction' || everythingPlan.mode === 'sequential') ? everythingPlan.steps : [];
  return (
    <div className="patient-say">
      {steps.length > 0 ? (
        <>
          <p className="small">Ask the patient first. Everything Lantern would write here:</p>
          <ul className="small">
            {steps.map((step) => (
              <li key={step.role}>{plannedWords(step, decision)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p id={whereId} className="small muted">
        {visibility ?? unknownVisibility}
      </p>
      <fieldset className="decision-group" aria-describedby={whereId}>
        <legend>What goes in the record</legend>
        {choices.map((choice) => (
          <label key={choice.value} className="check">
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={decision.recordChoice === choice.value}
              onChange={() => {
                onChange({ ...decision, recordChoice: choice.value });
              }}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
