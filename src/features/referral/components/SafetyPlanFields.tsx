import { useId, type ReactNode } from 'react';
import type { LeavesWithCompanion, ReferralDecision, SafetyPlan } from '../referral-types';
import './referral.css';

/** Room for a number, a word or a time, not for a story. */
const safetyPlanTextMaxLength = 120;

const textFields: readonly { key: Exclude<keyof SafetyPlan, 'leavesWithCompanion'>; label: string }[] = [
  { key: 'safePhone', label: 'Safe phone or number' },
  { key: 'codeWord', label: 'Code word' },
  { key: 'whereToGo', label: 'Where to go' },
  { key: 'safeTimeToCall', label: 'Safe time to call' },
  { key: 'dischargeTiming', label: 'Discharge timing' },
];

const companionAnswers: readonly { value: LeavesWithCompanion; label: string }[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unknown', label: 'Not known' },
];

/**
 * A short safety-planning checklist for immediate danger. The answers help now; they are written to the record only
 * when the patient agrees, because the record may be read by the person the plan protects against.
 */
export function SafetyPlanFields({ decision, onChange }: { decision: ReferralDecision; onChange: (next: ReferralDecision) => void }): ReactNode {
  const companionName = useId();
  const plan = decision.safetyPlan ?? {};
  const setPlan = (next: SafetyPlan): void => {
    onChange({ ...decision, safetyPlan: next });
  };
  return (
    <fieldset className="decision-group">
      <legend>Safety plan</legend>
      {textFields.map((field) => (
        <PlanText
          key={field.key}
          label={field.label}
          value={plan[field.key] ?? ''}
          onChange={(value) => {
            // An emptied answer is no answer: nothing blank is written.
            const rest = Object.fromEntries(Object.entries(plan).filter(([key]) => key !== field.key)) as SafetyPlan;
            setPlan(value === '' ? rest : { ...rest, [field.key]: value });
          }}
        />
      ))}
      <div role="radiogroup" aria-label="Leaves with the companion">
        <span className="small">Leaves with the companion</span>
        {companionAnswers.map((answer) => (
          <label key={answer.value} className="check">
            <input
              type="radio"
              name={companionName}
              checked={plan.leavesWithCompanion === answer.value}
              onChange={() => {
                setPlan({ ...plan, leavesWithCompanion: answer.value });
              }}
            />
            <span>{answer.label}</span>
          </label>
        ))}
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={decision.safetyPlanConsent}
          onChange={(event) => {
            onChange({ ...decision, safetyPlanConsent: event.target.checked });
          }}
        />
        <span>The patient agrees to have the safety plan written in the record</span>
      </label>
    </fieldset>
  );
}

function PlanText({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }): ReactNode {
  const id = useId();
  return (
    <div className="safe-contact">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        maxLength={safetyPlanTextMaxLength}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </div>
  );
}
