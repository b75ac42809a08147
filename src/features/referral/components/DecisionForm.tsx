import { useId, type ReactNode } from 'react';
import { canRecord, decisionWithOutcome, isReferralOutcome, referralOutcomes, safeContactNoteMaxLength } from '../decision-rules';
import type { DirectoryView } from '../directory-query';
import type { CardLanguage } from '../patient-card-words';
import type { ReferralDecision } from '../referral-types';
import type { UrgentContact } from '../../../config/runtime-config';
import { AttemptDetails } from './AttemptDetails';
import { HotlineCard } from './HotlineCard';
import { SafetyPlanFields } from './SafetyPlanFields';
import { ServicePicker } from './ServicePicker';
import { UrgentContacts } from './UrgentContacts';
import './referral.css';

export interface DecisionFormProps {
  decision: ReferralDecision;
  onChange: (next: ReferralDecision) => void;
  /** Undefined: the age is unknown and not yet confirmed, so the patient may be a minor. */
  isMinor: boolean | undefined;
  /** The check-in answers in one line ("2 of 4 suggest talking further in private"): they inform, never choose. */
  screenSummary: string;
  /** The facility's own numbers for immediate danger, from configuration. */
  urgentContacts: readonly UrgentContact[];
  directory: DirectoryView;
  /** The screening language chosen: what the patient reads (the hotline card) is in it. */
  language: CardLanguage;
}

/**
 * The outcome of the conversation, the patient's agreement (or, for a minor, the reporting duty) and where to
 * refer. Controlled: the decision lives with the caller, so quick-hide (which unmounts this) loses nothing.
 */
export function DecisionForm({ decision, onChange, isMinor, screenSummary, urgentContacts, directory, language }: DecisionFormProps): ReactNode {
  const outcomeName = useId();
  const summaryId = useId();
  const referral = isReferralOutcome(decision.outcome);
  return (
    <div className="decision-form">
      <fieldset role="radiogroup" className="decision-group" aria-describedby={summaryId}>
        <legend>Outcome of the conversation</legend>
        <p id={summaryId} className="small muted">
          {screenSummary}
        </p>
        {referralOutcomes.map((option) => (
          <label key={option.value} className="check">
            <input
              type="radio"
              name={outcomeName}
              value={option.value}
              checked={decision.outcome === option.value}
              onChange={() => {
                onChange(decisionWithOutcome(decision, option.value));
              }}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </fieldset>

      {decision.outcome === 'immediate-danger' ? (
        <>
          <p className="decision-hint small">Follow your facility’s procedure for immediate danger. Lantern does not contact anyone.</p>
          <UrgentContacts contacts={urgentContacts} />
          <SafetyPlanFields decision={decision} onChange={onChange} />
        </>
      ) : null}

      {/* With nothing in the record, the printable summary beside Record carries the hotline card instead. */}
      {decision.outcome === 'concern-declined-referral' && decision.recordChoice !== 'nothing' ? (
        <div className="subsection">
          <p className="small muted">Offer the hotline, if the patient can safely take it.</p>
          <HotlineCard language={language} />
        </div>
      ) : null}

      {referral ? (
        <>
          <ReferralConditions decision={decision} onChange={onChange} isMinor={isMinor} />
          <ServicePicker decision={decision} onChange={onChange} directory={directory} isMinor={isMinor} />
          <ReferralReadiness decision={decision} isMinor={isMinor} />
        </>
      ) : null}

      {decision.outcome !== undefined ? <AttemptDetails decision={decision} onChange={onChange} /> : null}
    </div>
  );
}

function ReferralConditions({ decision, onChange, isMinor }: Pick<DecisionFormProps, 'decision' | 'onChange' | 'isMinor'>): ReactNode {
  const hintId = useId();
  const noteId = useId();
  return (
    <fieldset className="decision-group">
      <legend>Before referring</legend>
      {/* A minor's agreement does not decide a referral; the reporting duty sits beside Record instead. */}
      {isMinor === false ? (
        <label className="check">
          <input
            type="checkbox"
            checked={decision.consentRecorded}
            onChange={(event) => {
              onChange({ ...decision, consentRecorded: event.target.checked });
            }}
          />
          <span>The patient agreed to this referral</span>
        </label>
      ) : null}
      {isMinor === false && decision.outcome === 'immediate-danger' ? (
        <p className="small muted">Optional here: without the patient’s agreement the danger is still recorded, and no referral is made.</p>
      ) : null}
      <label className="check">
        <input
          type="checkbox"
          checked={decision.contactingPatientUnsafe}
          onChange={(event) => {
            const next: ReferralDecision = { ...decision, contactingPatientUnsafe: event.target.checked };
            // The note only exists to qualify the warning; without it, no free text is kept to be written.
            if (!next.contactingPatientUnsafe) delete next.safeContactNote;
            onChange(next);
          }}
        />
        <span>Contacting the patient directly may be unsafe</span>
      </label>
      {decision.contactingPatientUnsafe ? (
        <div className="safe-contact">
          <label htmlFor={noteId}>Safe way to reach them (optional)</label>
          <input
            id={noteId}
            type="text"
            autoComplete="off"
            maxLength={safeContactNoteMaxLength}
            aria-describedby={hintId}
            value={decision.safeContactNote ?? ''}
            onChange={(event) => {
              const next: ReferralDecision = { ...decision, safeContactNote: event.target.value };
              // An emptied note is no note: nothing blank is written to the referral.
              if (next.safeContactNote === '') delete next.safeContactNote;
              onChange(next);
            }}
          />
          <p id={hintId} className="small muted">
            Keep it minimal: no names of companions.
          </p>
        </div>
      ) : null}
    </fieldset>
  );
}

function ReferralReadiness({ decision, isMinor }: { decision: ReferralDecision; isMinor: boolean | undefined }): ReactNode {
  // The same rule as the Record button's: what still stands in the way of recording this referral.
  const verdict = canRecord(decision, isMinor);
  return (
    <p className="small decision-hint" aria-live="polite">
      {verdict.ok ? 'Ready to refer.' : verdict.reason}
    </p>
  );
}
