import { useId, useMemo, type ReactNode } from 'react';
import type { LanternConfig } from '../config/runtime-config';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Problem } from '../components/Problem';
import type { Stored } from '../lib/fhir/fhir-client';
import { useSmartSession } from '../lib/smart/session-context';
import { ConversationGuide, ObservedChecklist } from '../features/guide/components/ConversationGuide';
import { ReportingNotice } from '../features/guide/components/ReportingNotice';
import { IndicatorList } from '../features/indicators/components/IndicatorList';
import { isMinorFor, populationOf, type AgeGroup } from '../lib/fhir/patient-age';
import { DecisionForm } from '../features/referral/components/DecisionForm';
import { EarlierCheckIns } from '../features/referral/components/EarlierCheckIns';
import { directoryFromConfig } from '../features/referral/directory';
import { directoryView, useServerDirectory } from '../features/referral/directory-query';
import { writesGranted } from '../features/referral/write-plan';
import { ScreeningQuestions } from '../features/screening/components/ScreeningQuestions';
import { ScreeningResultNote } from '../features/screening/components/ScreeningResultNote';
import { answersSummary, scoreScreening } from '../features/screening/questionnaire-model';
import { isLocked, useCheckIn } from './check-in-state';
import { capturePlace } from './quick-hide';
import { RecordOutcome } from './RecordOutcome';
import { WarmHandoff } from './WarmHandoff';
import { useScreeningForm, type ScreeningFormState } from './use-screening-form';
import { useIndicatorFindings } from './use-indicator-findings';
import { useEarlierCheckIns, useOwnRecordWords, useOwnVisitReferences } from './use-record';

interface SafetyCheckInProps {
  patient: Stored<'Patient'>;
  /** From the birth date; 'unknown' asks the clinician to confirm adult or minor before anything is written. */
  ageGroup: AgeGroup;
  asOf: string;
  config: LanternConfig;
  /** Why Lantern must not write from this window, when its settings could not be read. */
  readOnlyReason: string | undefined;
}

/**
 * The discreet card. Collapsed it reads like any other sidebar card — a neutral title and a count; expanded it
 * opens on the private-conversation guide, with the chart prompts under a closed, neutral disclosure, then the
 * observed checklist, the screening questions and the outcome (the vocabulary rule, docs/design.md).
 */
export function SafetyCheckIn({ patient, ageGroup, asOf, config, readOnlyReason }: SafetyCheckInProps): ReactNode {
  const session = useSmartSession();
  const { state, dispatch } = useCheckIn();
  const isMinor = isMinorFor(ageGroup, state.confirmedAge);
  // Until the patient is known to be an adult, the youth wording and reporting notice apply (the safer side).
  const population = populationOf(isMinor);
  const own = useOwnVisitReferences(patient.id, config.systemBase);
  const checkIns = useEarlierCheckIns(patient.id, config.systemBase);
  const ownRecords = useOwnRecordWords(patient.id, config.systemBase);
  const { findings, reading: readingChart, unread } = useIndicatorFindings(patient, population, asOf, own.references);
  const reading = readingChart || own.reading;
  const screening = useScreeningForm(population, config, state.language);
  const count = findings.length + state.observed.length;

  return (
    <section className="card check-in" aria-labelledby="check-in-heading">
      <h2 id="check-in-heading" className="card-toggle-heading">
        <button
          type="button"
          className="card-toggle"
          aria-expanded={state.expanded}
          aria-controls="check-in-body"
          onClick={() => {
            dispatch({ type: 'toggle-expanded' });
          }}
        >
          <span>{config.safetyCardTitle}</span>
          <span className="count" aria-live="polite">
            {/* Until Lantern's own record is known, a count could include it and then drop by one. */}
            {own.reading || (reading && count === 0) ? '…' : `${String(count)} ${count === 1 ? 'item' : 'items'}`}
          </span>
        </button>
      </h2>
      {state.expanded ? (
        <div id="check-in-body">
          {/* The answers live in CheckInStateProvider above, so "Try again" here loses nothing entered. */}
          <ErrorBoundary part="This part of the check-in" note="Nothing you entered is lost.">
            {readOnlyReason ? <p className="muted small">{readOnlyReason}</p> : null}
            {readOnlyReason || writesGranted(session.context.grantedScopes) ? null : (
              <p className="muted small">
                Read-only: this EHR lets Lantern read the chart but not add to it. Nothing entered here is saved to the record; a
                summary to print is offered at the end.
              </p>
            )}
            {ageGroup === 'unknown' ? <AgeConfirmation /> : null}
            {isMinor !== false ? <ReportingNotice {...config.reportingNotice} ageOfMajority={config.ageOfMajority} /> : null}
            {/* The card opens on the guide: words a companion may see. Clinical words wait behind a deliberate opening. */}
            <ConversationGuide />
            <EarlierCheckIns checkIns={checkIns} />
            <section aria-label="Chart prompts" className="subsection">
              {reading ? <p className="muted small">Still reading the chart; more may appear.</p> : null}
              <IndicatorList findings={findings} ownRecords={ownRecords} />
              {unread.length > 0 ? <p className="muted small">Not read: {unread.join(', ')}.</p> : null}
            </section>
            <ObservedChecklist
              observed={new Set(state.observed)}
              onToggleObserved={(id) => {
                dispatch({ type: 'toggle-observed', id });
              }}
            />
            {/* Once recorded (or while recording), the answers and outcome are what the record says: locked until withdrawn. */}
            <fieldset className="locked-when-recorded" disabled={isLocked(state)}>
              <Screening screening={screening} />
              <Decision isMinor={isMinor} config={config} screening={screening} patientId={patient.id} />
            </fieldset>
            {/* Its own boundary: a failure while recording must leave the prompts and the answers on screen. */}
            <ErrorBoundary part="This part of the check-in" note="Nothing you entered is lost.">
              <RecordOutcome
                patient={patient}
                isMinor={isMinor}
                config={config}
                screening={screening}
                readOnlyReason={readOnlyReason}
              />
            </ErrorBoundary>
          </ErrorBoundary>
        </div>
      ) : null}
    </section>
  );
}

function Screening({ screening }: { screening: ScreeningFormState }): ReactNode {
  const { state, dispatch } = useCheckIn();
  if (screening.status === 'unavailable') {
    return <Problem error={screening.error} title="Your organisation’s screening questions could not be loaded." onRetry={screening.retry} />;
  }
  if (screening.status === 'unusable') {
    return <Problem error={screening.error} title="Your organisation’s screening questions cannot be shown." />;
  }
  if (screening.status === 'loading') return <p className="muted">Loading the screening questions…</p>;
  return (
    <section aria-labelledby="screening-heading" className="subsection">
      <h3 id="screening-heading">Screening questions</h3>
      <p className="muted small">When asking aloud is unsafe, the patient can read and answer the questions on this screen.</p>
      <button
        type="button"
        onClick={(event) => {
          dispatch({ type: 'patient-view-opened', returnTo: capturePlace(event.currentTarget) });
        }}
      >
        Let the patient read the questions
      </button>
      <ScreeningQuestions
        form={screening.form}
        answers={state.answers}
        language={state.language}
        onAnswer={(linkId, value) => {
          dispatch({ type: 'answer', linkId, value });
        }}
        onLanguageChange={(language) => {
          dispatch({ type: 'set-language', language });
        }}
      />
      <ScreeningResultNote result={scoreScreening(screening.form, state.answers)} />
    </section>
  );
}

/** The chart gives no usable birth date: the clinician says whether the patient is an adult or a minor; nothing is pre-chosen. */
function AgeConfirmation(): ReactNode {
  const { state, dispatch } = useCheckIn();
  const name = useId();
  const options = [
    { value: 'adult', label: 'Adult' },
    { value: 'minor', label: 'Minor' },
  ] as const;
  return (
    <fieldset role="radiogroup" className="subsection" disabled={isLocked(state)}>
      <legend>The chart has no usable birth date. Is the patient an adult or a minor?</legend>
      {options.map((option) => (
        <label key={option.value} className="check">
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={state.confirmedAge === option.value}
            onChange={() => {
              dispatch({ type: 'confirm-age', age: option.value });
            }}
          />
          {option.label}
        </label>
      ))}
      {state.confirmedAge === undefined ? (
        <p className="muted small">Until you confirm, the youth guidance and reporting notice apply and nothing is recorded.</p>
      ) : null}
    </fieldset>
  );
}

function Decision({ isMinor, config, screening, patientId }: { isMinor: boolean | undefined; config: LanternConfig; screening: ScreeningFormState; patientId: string }): ReactNode {
  const { state, dispatch } = useCheckIn();
  const serverDirectory = useServerDirectory(useSmartSession().fhir);
  // The organisation's partners are configuration: a mistake there is reported, and the hotline still shows.
  const configured = useMemo(() => {
    try {
      return { entries: directoryFromConfig(config.directory) };
    } catch (error) {
      return { entries: [], problem: error instanceof Error ? error.message : String(error) };
    }
  }, [config.directory]);
  const directory = directoryView(configured.entries, serverDirectory, config.directoryStaleAfterDays);
  // On-call teams are paged from their own section, not referred to: the referral list holds the services.
  const teams = directory.entries.filter((entry) => entry.kind === 'warm-handoff' && entry.recipientReference !== undefined);
  const services = { ...directory, entries: directory.entries.filter((entry) => entry.kind !== 'warm-handoff') };
  return (
    <>
    <WarmHandoff teams={teams} patientId={patientId} config={config} />
    <section aria-labelledby="decision-heading" className="subsection">
      <h3 id="decision-heading">Outcome</h3>
      {configured.problem ? (
        <p className="muted small" role="status">
          Local services from Lantern’s configuration are not shown: {configured.problem}
        </p>
      ) : null}
      <DecisionForm
        decision={state.decision}
        isMinor={isMinor}
        urgentContacts={config.urgentContacts}
        screenSummary={screening.status === 'ready' ? answersSummary(screening.form, state.answers) : 'Check-in answers: not completed'}
        directory={services}
        language={state.language}
        onChange={(decision) => {
          dispatch({ type: 'decide', decision });
        }}
      />
    </section>
    </>
  );
}
