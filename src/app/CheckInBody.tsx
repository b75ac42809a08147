import { Suspense, useId, useMemo, type ReactNode } from 'react';
import type { LanternConfig } from '../config/runtime-config';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { LoadingView, usePreloadWhenIdle } from '../components/lazy-view';
import { Problem } from '../components/Problem';
import type { Stored } from '../lib/fhir/fhir-client';
import { ageGroupFor, isMinorFor, populationOf, type AgeGroup } from '../lib/fhir/patient-age';
import { useLaunchPatient, useSmartSession } from '../lib/smart/session-context';
import { ConversationGuide, ObservedChecklist } from '../features/guide/components/ConversationGuide';
import { ReportingNotice } from '../features/guide/components/ReportingNotice';
import { IndicatorList } from '../features/indicators/components/IndicatorList';
import type { IndicatorFinding } from '../features/indicators/indicator-types';
import { DecisionForm } from '../features/referral/components/DecisionForm';
import { EarlierCheckIns } from '../features/referral/components/EarlierCheckIns';
import { directoryFromConfig } from '../features/referral/directory';
import { directoryView, useServerDirectory } from '../features/referral/directory-query';
import { ownRecordWords } from '../features/referral/record-words';
import { writesGranted } from '../features/referral/write-plan';
import { PatientView } from '../features/screening/components/PatientView';
import { ScreeningQuestions } from '../features/screening/components/ScreeningQuestions';
import { ScreeningResultNote } from '../features/screening/components/ScreeningResultNote';
import { answersSummary, scoreScreening } from '../features/screening/questionnaire-model';
import { isLocked, useCheckIn } from './check-in-state';
import { recordOutcome, warmHandoff } from './lazy-views';
import { capturePlace } from './quick-hide';
import { useEarlierCheckIns, useOwnRecord } from './use-own-record';
import { useScreeningForm, type ScreeningFormState } from './use-screening-form';

/** What the opened card may show next: fetched once it is on screen, so that nothing waits when it is shown. */
const shownNext = [warmHandoff];

export interface CheckInBodyProps {
  patient: Stored<'Patient'>;
  ageGroup: AgeGroup;
  /** Undefined while the age is unknown and not confirmed. */
  isMinor: boolean | undefined;
  config: LanternConfig;
  readOnlyReason: string | undefined;
  /** The chart prompts, and how far the chart has been read: worked out for the card's count, shown here. */
  findings: IndicatorFinding[];
  reading: boolean;
  unread: string[];
}

/**
 * The opened card: the guide, the chart prompts under their closed disclosure, the observed checklist, the screening
 * questions, the outcome and the record. Its code loads when the card is first opened (or ahead, once the first screen
 * is shown); what is entered here lives in the check-in state above it.
 */
export function CheckInBody({ patient, ageGroup, isMinor, config, readOnlyReason, findings, reading, unread }: CheckInBodyProps): ReactNode {
  const session = useSmartSession();
  const { state, dispatch } = useCheckIn();
  const checkIns = useEarlierCheckIns(patient.id, config.systemBase);
  const ownRecords = useOwnRecordWords(patient.id, config.systemBase);
  const screening = useScreeningForm(populationOf(isMinor), config, state.language);
  usePreloadWhenIdle(true, shownNext);
  return (
    <>
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
        <Suspense fallback={<LoadingView />}>
          <recordOutcome.View patient={patient} isMinor={isMinor} config={config} screening={screening} readOnlyReason={readOnlyReason} />
        </Suspense>
      </ErrorBoundary>
    </>
  );
}

/** Lantern's own earlier referrals and flags, by reference, in words (the chart prompts name them as Lantern's). */
function useOwnRecordWords(patientId: string, systemBase: string): ReadonlyMap<string, string> {
  const { lanternRecord } = useOwnRecord(patientId, systemBase);
  return useMemo(() => (lanternRecord.data ? ownRecordWords(lanternRecord.data) : new Map<string, string>()), [lanternRecord.data]);
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
    {teams.length > 0 ? (
      // Its own boundaries: the on-call section's code arrives after the outcome's, and may fail on its own.
      <ErrorBoundary part="This part of the check-in" note="Nothing you entered is lost.">
        <Suspense fallback={<LoadingView />}>
          <warmHandoff.View teams={teams} patientId={patientId} config={config} />
        </Suspense>
      </ErrorBoundary>
    ) : null}
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

/**
 * The read-it-yourself view, in place of everything else on screen: the same questions as the check-in (same
 * population rule, same language), answered into the check-in's own state. It is opened only from the opened card,
 * so it is here, in the card's chunk, with the code that asks the questions.
 */
export function PatientHandover({ config, asOf }: { config: LanternConfig; asOf: string }): ReactNode {
  const { state, dispatch } = useCheckIn();
  const patient = useLaunchPatient();
  const population = populationOf(isMinorFor(ageGroupFor(patient.data?.birthDate, asOf), state.confirmedAge));
  const screening = useScreeningForm(population, config, state.language);
  const back = (): void => {
    dispatch({ type: 'patient-view-closed' });
  };
  if (screening.status === 'loading') return <p className="muted">…</p>;
  if (screening.status !== 'ready') {
    return (
      <>
        <Problem error={screening.error} title="Your organisation’s screening questions cannot be shown." />
        <button type="button" onClick={back}>
          Back to the check-in
        </button>
      </>
    );
  }
  return (
    <PatientView
      form={screening.form}
      answers={state.answers}
      onAnswer={(linkId, value) => {
        dispatch({ type: 'answer', linkId, value });
      }}
      language={state.language}
      onLanguageChange={(language) => {
        dispatch({ type: 'set-language', language });
      }}
      position={state.patientView?.position ?? 0}
      onPositionChange={(position) => {
        dispatch({ type: 'patient-view-moved', position });
      }}
      onReturn={back}
    />
  );
}
