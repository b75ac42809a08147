import { useEffect, useId, useState, type ReactNode } from 'react';
import { useRememberedFlag, useRememberedText } from '../../../components/view-memory';
import { orderDirectory, recordDisplayOf, searchDirectory, verificationOf } from '../directory';
import type { DirectoryView } from '../directory-query';
import { clinicTimeZone, isOpenNow, type OpenNow } from '../opening-hours';
import type { AgesServed, DirectoryEntry, ReferralDecision } from '../referral-types';

export interface ServicePickerProps {
  decision: ReferralDecision;
  onChange: (next: ReferralDecision) => void;
  directory: DirectoryView;
  /** Undefined while the age is not confirmed: youth services lead then too, as the youth guidance does. */
  isMinor: boolean | undefined;
}

/** The directory as a list of radios: searchable, in the order that helps now, each service's status in words. */
export function ServicePicker({ decision, onChange, directory, isMinor }: ServicePickerProps): ReactNode {
  // The search words are a view aid, not part of the decision; the chosen service is, and lives with the caller.
  const [query, setQuery] = useRememberedText('directory-search', '');
  const searchId = useId();
  const optionName = useId();
  const statusId = useId();
  // Names say what a service is for, so the list shows each service's neutral record display until the clinician
  // asks for the names (the vocabulary rule in docs/design.md); the choice is remembered across Hide and Resume.
  const [showNames, setShowNames] = useRememberedFlag('directory-names', false);
  const now = useMinuteClock();
  const timeZone = clinicTimeZone();
  const youthFirst = isMinor !== false;
  const results = orderDirectory(searchDirectory(directory.entries, query), {
    youthFirst,
    openNowFirst: decision.outcome === 'immediate-danger',
    now,
    timeZone,
  });
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
              marks={entryMarks(entry, { now, timeZone, staleAfterDays: directory.staleAfterDays })}
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

/** The time now, refreshed each minute, so "Open now" stays true while the list is on screen. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(new Date());
    }, 60_000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  return now;
}

const availabilityWords: Record<'referral' | 'warm-handoff', Record<OpenNow, string>> = {
  referral: { open: 'Open now', closed: 'Closed now', 'hours-not-listed': 'Hours not listed' },
  'warm-handoff': { open: 'On call now', closed: 'Not on call now', 'hours-not-listed': 'Hours not listed' },
};

const agesWords: Record<AgesServed, string> = { youth: 'Young people', all: 'All ages', adult: 'Adults only' };

// Built on first use: an Intl formatter costs milliseconds to build, and most lists never need it.
let verifiedMonth: Intl.DateTimeFormat | undefined;

/**
 * What the clinician should know before choosing, in neutral words (anyone may see the screen): open or on call
 * now, whom it serves when that is known, and whether the details are old.
 */
export function entryMarks(
  entry: DirectoryEntry,
  context: { now: Date; timeZone: string; staleAfterDays: number },
): string[] {
  const openNow = isOpenNow(entry, context.now, context.timeZone);
  // Hours written only as words ("By appointment") are shown as such; "Hours not listed" is for no hours at all.
  const marks = openNow === 'hours-not-listed' && entry.hours ? [] : [availabilityWords[entry.kind ?? 'referral'][openNow]];
  if (entry.agesServed && entry.source !== 'national') marks.push(agesWords[entry.agesServed]);
  const verification = verificationOf(entry, context.now, context.staleAfterDays);
  switch (verification.status) {
    case 'current':
      break;
    case 'stale':
      verifiedMonth ??= new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
      marks.push(`Not verified since ${verifiedMonth.format(new Date(`${verification.lastVerified}T00:00:00Z`))}`);
      break;
    case 'no-date':
      marks.push('Not verified');
      break;
  }
  return marks;
}

function DirectoryOption({
  entry,
  shownName,
  marks,
  name,
  checked,
  onChoose,
}: {
  entry: DirectoryEntry;
  shownName: string;
  marks: string[];
  name: string;
  checked: boolean;
  onChoose: () => void;
}): ReactNode {
  const nameId = useId();
  const detailsId = useId();
  const marksId = useId();
  const contactId = useId();
  const details = [entry.serviceType, entry.languages.join(', '), entry.hours].filter((part): part is string => Boolean(part));
  return (
    // The service's shown name is the radio's name; the details, marks and contact are its description.
    <label className="directory-option">
      <input
        type="radio"
        name={name}
        value={entry.id}
        checked={checked}
        onChange={onChoose}
        aria-labelledby={nameId}
        aria-describedby={`${detailsId} ${marksId} ${contactId}`}
      />
      <span className="directory-text">
        <span id={nameId} className="directory-name">
          {shownName}
        </span>
        <span className="small muted">
          <span id={detailsId} className="directory-details">
            {details.join(' · ')}
          </span>
          <span id={marksId} className="directory-marks">
            {marks.join(' · ')}
          </span>
          <span id={contactId} className="directory-contact">
            {entry.contact}
          </span>
        </span>
      </span>
    </label>
  );
}
