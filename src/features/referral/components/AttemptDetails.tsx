import { useId, type ReactNode } from 'react';
import type { NoPrivacyReason, ReferralDecision } from '../referral-types';
import './referral.css';

/** Room for a language's name, not for a story. */
const languageMaxLength = 60;

const privacyReasons: readonly { value: NoPrivacyReason; label: string }[] = [
  { value: 'companion-present', label: 'Companion would not leave' },
  { value: 'no-interpreter', label: 'No interpreter' },
  { value: 'no-time', label: 'No time' },
  { value: 'other', label: 'Something else' },
];

/**
 * What the check-in note records about the attempt itself, all optional: what stood in the way of a private
 * conversation, the interpreter (language, professional or not) and whether the hotline card was given.
 */
export function AttemptDetails({ decision, onChange }: { decision: ReferralDecision; onChange: (next: ReferralDecision) => void }): ReactNode {
  const reasonName = useId();
  const languageId = useId();
  const interpreter = decision.interpreter;
  return (
    <>
      {decision.outcome === 'could-not-talk-privately' ? (
        <fieldset role="radiogroup" className="decision-group">
          <legend>What stood in the way (optional)</legend>
          {privacyReasons.map((reason) => (
            <label key={reason.value} className="check">
              <input
                type="radio"
                name={reasonName}
                value={reason.value}
                checked={decision.noPrivacyReason === reason.value}
                onChange={() => {
                  onChange({ ...decision, noPrivacyReason: reason.value });
                }}
              />
              <span>{reason.label}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <fieldset className="decision-group">
        <legend>Interpreter and hotline card (optional)</legend>
        <label htmlFor={languageId}>Interpreter language</label>
        <input
          id={languageId}
          type="text"
          autoComplete="off"
          maxLength={languageMaxLength}
          value={interpreter?.language ?? ''}
          onChange={(event) => {
            const language = event.target.value;
            // No language, no interpreter: nothing blank is written.
            const next: ReferralDecision = { ...decision, interpreter: { language, professional: interpreter?.professional ?? false } };
            if (language === '') delete next.interpreter;
            onChange(next);
          }}
        />
        {interpreter ? (
          <label className="check">
            <input
              type="checkbox"
              checked={interpreter.professional}
              onChange={(event) => {
                onChange({ ...decision, interpreter: { ...interpreter, professional: event.target.checked } });
              }}
            />
            <span>A professional interpreter (not a companion or relative)</span>
          </label>
        ) : null}
        <label className="check">
          <input
            type="checkbox"
            checked={decision.hotlineCardGiven === true}
            onChange={(event) => {
              onChange({ ...decision, hotlineCardGiven: event.target.checked });
            }}
          />
          <span>Hotline card given</span>
        </label>
      </fieldset>
    </>
  );
}
