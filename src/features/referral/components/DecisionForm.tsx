import { useId, type ReactNode } from 'react';
import { useRememberedFlag, useRememberedText } from '../../../components/view-memory';
import { canRecord, decisionWithOutcome, isReferralOutcome, referralOutcomes, safeContactNoteMaxLength } from '../decision-rules';
import { recordDisplayOf, searchDirectory } from '../directory';
import type { CardLanguage } from '../patient-card-words';
import type { DirectoryEntry, ReferralDecision } from '../referral-types';
import type { UrgentContact } from '../../../config/runtime-config';
import { AttemptDetails } from './AttemptDetails';
import { HotlineCard } from './HotlineCard';
import { SafetyPlanFields } from './SafetyPlanFields';
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
  directory: { entries: DirectoryEntry[]; loading: boolean; note?: string };
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
          <ServicePicker decision={decision} onChange={onChange} directory={directory} />
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

function ServicePicker({ decision, onChange, directory }: Pick<DecisionFormProps, 'decision' | 'onChange' | 'directory'>): ReactNode {
  // The search words are a view aid, not part of the decision; the chosen service is, and lives with the caller.
  const [query, setQuery] = useRememberedText('directory-search', '');
  const searchId = useId();
  const optionName = useId();
  const statusId = useId();
  // Names say what a service is for, so the list shows each service's neutral record display until the clinician
  // asks for the names (the vocabulary rule in docs/design.md); the choice is remembered across Hide and Resume.
  const [showNames, setShowNames] = useRememberedFlag('directory-names', false);
  const results = searchDirectory(directory.entries, query);
  const chosen = decision.referralTarget;
  const shownName = (entry: DirectoryEntry): string => (showNames ? entry.name : recordDisplayOf(entry));
  return (
    <fieldset className="decision-group">
      <legend>Refer to</legend>
      <label htmlFor={searchId}>Find a service</label>
      <input
        id={searchId}
        type="search"
        autoComplete="off"
        aria-describedby={statusId}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
        }}
      />
      <p id={statusId} className="small muted" role="status">
        {directory.loading ? 'Loading the EHR’s services… ' : ''}
        {results.length === 1 ? '1 service shown' : `${String(results.length)} services shown`}
        {directory.note ? `. ${directory.note}` : ''}
      </p>
      <button
        type="button"
        className="directory-names-toggle small"
        aria-pressed={showNames}
        onClick={() => {
          setShowNames(!showNames);
        }}
      >
        Show service names
      </button>
      {chosen ? (
        <p className="small">
          Chosen: <strong>{shownName(chosen)}</strong>
        </p>
      ) : null}
      <ul className="directory-list">
        {results.map((entry) => (
          <li key={entry.id}>
            <DirectoryOption
              entry={entry}
              shownName={shownName(entry)}
              name={optionName}
              checked={chosen?.id === entry.id}
              onChoose={() => {
                onChange({ ...decision, referralTarget: entry });
              }}
            />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function DirectoryOption({
  entry,
  shownName,
  name,
  checked,
  onChoose,
}: {
  entry: DirectoryEntry;
  shownName: string;
  name: string;
  checked: boolean;
  onChoose: () => void;
}): ReactNode {
  const nameId = useId();
  const detailsId = useId();
  const contactId = useId();
  const details = [entry.serviceType, entry.languages.join(', '), entry.hours].filter((part): part is string => Boolean(part));
  return (
    // The service's shown name is the radio's name; the details are its description, read after it.
    <label className="directory-option">
      <input type="radio" name={name} value={entry.id} checked={checked} onChange={onChoose} aria-labelledby={nameId} aria-describedby={`${detailsId} ${contactId}`} />
      <span className="directory-text">
        <span id={nameId} className="directory-name">
          {shownName}
        </span>
        <span className="small muted">
          <span id={detailsId} className="directory-details">
            {details.join(' · ')}
          </span>
          <span id={contactId} className="directory-contact">
            {entry.contact}
          </span>
        </span>
      </span>
    </label>
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
