import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { registrationFor, type LanternConfig } from '../config/runtime-config';
import { Problem } from '../components/Problem';
import type { Stored } from '../lib/fhir/fhir-client';
import { formatDateTime } from '../lib/fhir/format';
import { field, stringField } from '../lib/fhir/untrusted-json';
import { isVisitInProgress } from '../lib/smart/launch-context';
import { useLaunchContext, useSmartSession } from '../lib/smart/session-context';
import { EarlierRecord } from '../features/referral/components/EarlierRecord';
import { MinorDuty } from '../features/referral/components/MinorDuty';
import { PatientSay } from '../features/referral/components/PatientSay';
import { droppedLabelsText, type LabelCheck } from '../features/referral/label-check';
import { NotWrittenList } from '../features/referral/components/NotWrittenList';
import { Printables } from '../features/referral/components/Printables';
import { PlanNotes, RecordPlanView } from '../features/referral/components/RecordPlanView';
import { RecordedSummary } from '../features/referral/components/RecordedSummary';
import { RetractPanel } from '../features/referral/components/RetractPanel';
import { referralOutcomes, reportingDutyApplies } from '../features/referral/decision-rules';
import { entriesInForce, submissionsInVisit } from '../features/referral/lantern-record';
import { entryWords, partName, retractionReasons, writtenWords } from '../features/referral/record-words';
import type { ReferralDecision } from '../features/referral/referral-types';
import type { WrittenResource } from '../features/referral/write-executor';
import { withdrawalBlocked, type WritableType, type WritePlan } from '../features/referral/write-plan';
import { useCheckIn, type CheckInState, type FrozenSubmission, type RetractionTarget } from './check-in-state';
import { useEhrSessionOver } from './session-end';
import { useCreateRecord, useRecordReadiness, useRetractRecord, type RecordContext } from './use-record';
import type { ScreeningFormState } from './use-screening-form';

interface RecordOutcomeProps {
  patient: Stored<'Patient'>;
  /** Undefined while the age is unknown and not confirmed: the plan then refuses to write. */
  isMinor: boolean | undefined;
  config: LanternConfig;
  screening: ScreeningFormState;
  /** Why Lantern must not write from this window (its settings could not be read), when that is so. */
  readOnlyReason: string | undefined;
}

/**
 * The decisive moment: what will be written, in words; Record, once; what the record then holds; and changing or
 * withdrawing it as a separate, deliberate act.
 */
export function RecordOutcome({ patient, isMinor, config, screening, readOnlyReason }: RecordOutcomeProps): ReactNode {
  const session = useSmartSession();
  const context: RecordContext = { patient, isMinor, config, screening };
  const { state, dispatch } = useCheckIn();
  const readiness = useRecordReadiness(context);
  const { record, retry } = useCreateRecord(context);
  const { confirm } = useRetractRecord(context);
  const sessionOver = useEhrSessionOver();
  const submission = state.submission;
  const outcomeLabel = referralOutcomes.find((outcome) => outcome.value === state.decision.outcome)?.label ?? '';
  const earlier = readiness.lanternRecord.data ? submissionsInVisit(readiness.lanternRecord.data, readiness.encounterId) : [];
  // This window's own record is shown as the submission, not again as "earlier".
  const earlierElsewhere = earlier.filter((candidate) => candidate.submissionId !== submission?.id);

  /** The retraction panel, under the record it is about: this window's (no id) or an earlier submission's. */
  const retractPanel = (earlierSubmissionId?: string): ReactNode => {
    const retraction = state.retraction;
    if (!retraction) return null;
    const matches =
      retraction.target.kind === 'this-window' ? earlierSubmissionId === undefined : retraction.target.submission.submissionId === earlierSubmissionId;
    if (!matches) return null;
    const items =
      retraction.target.kind === 'earlier'
        ? entriesInForce(retraction.target.submission).map(entryWords)
        : submission
          ? submission.written.map((item) => writtenWords(item, submission.input.decision))
          : [];
    return (
      <RetractPanel
        items={items}
        uncertain={submission && retraction.target.kind === 'this-window' && submission.phase === 'failed' ? interruptedWords : undefined}
        reason={retraction.reason}
        retracting={retraction.phase === 'retracting'}
        failure={retraction.failure}
        onReason={(reason) => {
          dispatch({ type: 'retraction-reason', reason });
        }}
        onConfirm={confirm}
        onCancel={() => {
          dispatch({ type: 'retraction-cancelled' });
        }}
      />
    );
  };

  const askToRetract = (target: RetractionTarget): void => {
    dispatch({ type: 'retraction-asked', target });
  };
  const capabilities = readiness.capabilities.data;
  const withdrawalBlockedFor = (types: readonly WritableType[]): string | undefined =>
    capabilities ? withdrawalBlocked(capabilities, session.context.grantedScopes, types) : undefined;

  // After Record and after a withdrawal the part of the screen that had focus is gone: focus goes to what replaced it.
  const headingRef = useFocusOnChange<HTMLHeadingElement>(submission?.phase === 'recorded' ? submission.id : undefined);
  const retractedRef = useFocusOnChange<HTMLDivElement>(state.retracted);

  const earlierRecord = (
    <EarlierRecord
      items={earlierElsewhere.map((candidate) => ({
        submission: candidate,
        withdrawalBlocked: withdrawalBlockedFor(entriesInForce(candidate).map((entry) => entry.resourceType)),
        onChange:
          submission || state.retraction
            ? undefined
            : () => {
                askToRetract({ kind: 'earlier', submission: candidate });
              },
        panel: retractPanel(candidate.submissionId),
      }))}
    />
  );

  return (
    <section aria-labelledby="record-heading" className="subsection">
      <h3 id="record-heading" ref={headingRef} tabIndex={-1}>
        {submission?.phase === 'recorded' ? 'Recorded' : 'Record'}
      </h3>
      {/* Before recording, what Lantern already recorded in this visit comes first: it shapes what to add. */}
      {submission ? null : earlierRecord}
      <RetractedNotice retracted={state.retracted} focusRef={retractedRef} />
      {submission ? (
        <SubmissionView
          submission={submission}
          recording={submission.phase === 'recording'}
          withdrawalBlocked={withdrawalBlockedFor(plannedTypes(submission.plan))}
          sessionOver={sessionOver}
          onRetry={retry}
          onChange={
            state.retraction || submission.phase === 'recording'
              ? undefined
              : () => {
                  askToRetract({ kind: 'this-window', submissionId: submission.id });
                }
          }
        />
      ) : (
        <>
          <FinishedVisitChoice />
          <Unrecorded
          readiness={readiness}
          decision={state.decision}
          minorDuty={
            context.isMinor !== false && reportingDutyApplies(state.decision.outcome) ? (
              <MinorDuty
                decision={state.decision}
                onChange={(decision) => {
                  dispatch({ type: 'decide', decision });
                }}
              />
            ) : null
          }
          patientSay={(everythingPlan) =>
            state.decision.outcome === undefined || everythingPlan.mode === 'none' ? null : (
              <PatientSay
                decision={state.decision}
                everythingPlan={everythingPlan}
                visibility={registrationFor(config, session.fhir.baseUrl, window.location.origin)?.recordVisibility}
                onChange={(decision) => {
                  dispatch({ type: 'decide', decision });
                }}
              />
            )
          }
          sessionOver={sessionOver}
          readOnlyReason={readOnlyReason}
          onRecord={
            state.retraction
              ? undefined
              : (plan) => {
                  record(plan, readiness.encounterId);
                }
          }
          />
        </>
      )}
      {retractPanel()}
      {submission ? earlierRecord : null}
      {/* Every path offers both printables once there is an outcome (declines and "nothing in the record" included), and
          from the start where nothing can be written from this window. */}
      {state.decision.outcome === undefined && !sessionOver && !readOnlyReason ? null : (
        <Printables patient={patient} outcome={outcomeLabel} decision={submission?.input.decision ?? state.decision} isMinor={isMinor} language={state.language} />
      )}
    </section>
  );
}

const interruptedWords =
  'The save was interrupted, so the EHR may hold parts Lantern did not hear back about. Lantern looks for them first and marks whatever it finds.';

/** A finished visit in context: the clinician decides, unprompted by any default, whether this record is tied to it. */
function FinishedVisitChoice(): ReactNode {
  const encounter = useLaunchContext().data?.encounter;
  const { state, dispatch } = useCheckIn();
  if (encounter?.status !== 'in-context' || isVisitInProgress(encounter.encounter)) return null;
  const period = field(encounter.encounter, 'period');
  const when = formatDateTime(stringField(period, 'end') ?? stringField(period, 'start'));
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={state.tieToFinishedVisit}
        onChange={(event) => {
          dispatch({ type: 'tie-to-finished-visit', tie: event.target.checked });
        }}
      />
      {when ? `Tie this record to the finished visit of ${when}` : 'Tie this record to the finished visit in context'}
    </label>
  );
}

function Unrecorded({
  readiness,
  decision,
  minorDuty,
  patientSay,
  sessionOver,
  readOnlyReason,
  onRecord,
}: {
  readiness: ReturnType<typeof useRecordReadiness>;
  decision: ReferralDecision;
  /** A minor's reporting duty and report, next to the Record button it gates. */
  minorDuty: ReactNode;
  /** The patient's say over the record, given what everything would be. */
  patientSay: (everythingPlan: WritePlan) => ReactNode;
  sessionOver: boolean;
  readOnlyReason: string | undefined;
  /** Undefined while a withdrawal is open. */
  onRecord: ((plan: WritePlan) => void) | undefined;
}): ReactNode {
  // Nothing more can be written from this window: what was decided must not be lost with it.
  if (sessionOver || readOnlyReason) {
    return (
      <>
        <p>{readOnlyReason ?? 'Lantern can no longer write to the record from this window.'}</p>
      </>
    );
  }
  const { capabilities, lanternRecord, plan, everythingPlan } = readiness;
  if (capabilities.isError) {
    return <Problem error={capabilities.error} title="Lantern could not learn what this EHR accepts." onRetry={() => void capabilities.refetch()} />;
  }
  if (lanternRecord.isError) {
    return (
      <Problem
        error={lanternRecord.error}
        title="Lantern could not check what it recorded earlier for this patient, so it does not record now: it could add a second safety flag."
        onRetry={() => void lanternRecord.refetch()}
      />
    );
  }
  if (!plan || !everythingPlan) return <p className="muted">Checking what this EHR accepts…</p>;
  const say = patientSay(everythingPlan);
  // Where this EHR takes none of it, the patient is not asked: nothing would be written whatever they chose.
  const shown = everythingPlan.mode === 'none' ? everythingPlan : plan;
  switch (shown.mode) {
    case 'refused':
      return (
        <>
          {say}
          {minorDuty}
          <p>{shown.reason}</p>
        </>
      );
    case 'none':
      return (
        <>
          {say}
          {minorDuty}
          <p>{shown.reason}</p>
          <NotWrittenList notWritten={shown.notWritten} />
        </>
      );
    case 'transaction':
    case 'sequential':
      return (
        <>
          {say}
          {minorDuty}
          <RecordPlanView
            plan={shown}
            decision={decision}
            recording={false}
            onRecord={
              onRecord
                ? () => {
                    onRecord(shown);
                  }
                : undefined
            }
          />
        </>
      );
  }
}

function SubmissionView({
  submission,
  recording,
  withdrawalBlocked,
  sessionOver,
  onRetry,
  onChange,
}: {
  submission: FrozenSubmission;
  recording: boolean;
  withdrawalBlocked: string | undefined;
  sessionOver: boolean;
  onRetry: () => void;
  onChange: (() => void) | undefined;
}): ReactNode {
  const decision = submission.input.decision;
  const change = withdrawalBlocked ? (
    <p className="record-change small muted">{withdrawalBlocked}</p>
  ) : onChange ? (
    <p className="record-change">
      <button type="button" onClick={onChange}>
        Change or withdraw the record…
      </button>
    </p>
  ) : null;
  switch (submission.phase) {
    case 'recording': {
      const plan = submission.plan;
      return plan.mode === 'transaction' || plan.mode === 'sequential' ? (
        <RecordPlanView plan={plan} decision={decision} recording={recording} onRecord={undefined} />
      ) : null;
    }
    case 'recorded':
      return submission.result ? (
        <>
          <p className="small muted">The outcome above is locked to what was recorded.</p>
          <RecordedSummary result={submission.result} decision={decision} />
          <LabelCheckNote check={submission.labelCheck} written={submission.result.written.length > 0} />
          {change}
        </>
      ) : null;
    case 'failed':
      // Nothing more can be written from this window: what was decided must not be lost with it.
      return sessionOver ? (
        <>
          <p>Lantern can no longer write to the record from this window.</p>
          <WrittenSoFar submission={submission} />
        </>
      ) : (
        <FailedRecord submission={submission} recording={recording} withdrawing={onChange === undefined} onRetry={onRetry} change={change} />
      );
  }
}

function FailedRecord({
  submission,
  recording,
  withdrawing,
  onRetry,
  change,
}: {
  submission: FrozenSubmission;
  recording: boolean;
  /** A withdrawal is open: trying again meanwhile would write what is being withdrawn. */
  withdrawing: boolean;
  onRetry: () => void;
  change: ReactNode;
}): ReactNode {
  // Local on purpose: after quick-hide the clinician confirms again that they looked at the chart.
  const [chartChecked, setChartChecked] = useState(false);
  const uncertain = uncheckableSteps(submission.plan, submission.written);
  return (
    <>
      {submission.failure ? <Problem error={submission.failure} title="The record was not completed. Nothing you entered is lost." /> : null}
      <WrittenSoFar submission={submission} />
      {submission.plan.mode === 'transaction' || submission.plan.mode === 'sequential' ? <PlanNotes notes={submission.plan.notes} /> : null}
      {uncertain.length > 0 ? (
        <label className="check">
          <input
            type="checkbox"
            checked={chartChecked}
            onChange={(event) => {
              setChartChecked(event.target.checked);
            }}
          />
          <span>I checked the chart: it does not hold {uncertain.join(' or ')} from this check-in yet.</span>
        </label>
      ) : null}
      <p className="small muted">The outcome and answers above are locked: trying again sends the same decision. To change it, withdraw the record first.</p>
      <button type="button" onClick={onRetry} disabled={recording || withdrawing || (uncertain.length > 0 && !chartChecked)}>
        {recording ? 'Recording…' : 'Try again'}
      </button>
      {change}
    </>
  );
}

/** Whether the record kept Lantern's labels: said only when it matters, or when it could not be checked. */
function LabelCheckNote({ check, written }: { check: LabelCheck | undefined; written: boolean }): ReactNode {
  if (!written) return null;
  switch (check?.status) {
    case undefined:
      return <p className="small muted">Checking that the EHR kept the restricted labels…</p>;
    case 'kept':
      return <p className="small muted">The EHR kept the restricted labels.</p>;
    case 'unchecked':
      return <p className="small muted">{check.reason}</p>;
    case 'dropped':
      return <p role="alert">{droppedLabelsText(check)}</p>;
  }
}

/** What an interrupted record had already put in the chart, as far as Lantern heard back. */
function WrittenSoFar({ submission }: { submission: FrozenSubmission }): ReactNode {
  if (submission.written.length === 0) return <p>Lantern has no answer saying any of it reached the record.</p>;
  return (
    <>
      <p>Already in the record:</p>
      <ul>
        {submission.written.map((item) => (
          <li key={item.reference}>{writtenWords(item, submission.input.decision)}</li>
        ))}
      </ul>
    </>
  );
}

/** The types a plan creates: what a withdrawal of its record would have to change. */
function plannedTypes(plan: WritePlan): WritableType[] {
  if (plan.mode !== 'transaction' && plan.mode !== 'sequential') return [];
  return plan.steps.flatMap((step) => (step.action === 'create' ? [step.resourceType] : []));
}

/** Parts that an interrupted save may have stored where this EHR gives Lantern no way to look for them. */
function uncheckableSteps(plan: WritePlan, written: readonly WrittenResource[]): string[] {
  if (plan.mode !== 'transaction' && plan.mode !== 'sequential') return [];
  return plan.steps.flatMap((step) =>
    step.action === 'create' && step.idempotency === 'unguarded' && !written.some((item) => item.role === step.role) ? [partName(step.role)] : [],
  );
}

/** What the last retraction did, what it deliberately left, and what Lantern could not look for. */
function RetractedNotice({ retracted, focusRef }: { retracted: CheckInState['retracted']; focusRef: RefObject<HTMLDivElement | null> }): ReactNode {
  if (!retracted) return null;
  const reason = (retractionReasons.find((option) => option.value === retracted.reason)?.label ?? '').toLowerCase();
  const { result, unchecked } = retracted;
  return (
    <div role="status" className="retracted" ref={focusRef} tabIndex={-1}>
      {result.retracted.length > 0 ? (
        <>
          <p>Marked as entered in error ({reason}):</p>
          <ul>
            {result.retracted.map((item) => (
              <li key={item.reference}>{capitalised(partName(item.role))}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>Nothing of that record had reached the chart ({reason}).</p>
      )}
      {result.leftAsIs.map((item) => (
        <p key={item.reference}>{item.reason}</p>
      ))}
      {unchecked.length > 0 ? (
        <p>Lantern could not look for {unchecked.map((step) => partName(step.role)).join(' or ')}: check the chart, and mark it there if it is present.</p>
      ) : null}
      <p className="small muted">The outcome above can be changed and recorded again.</p>
    </div>
  );
}

function capitalised(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A ref that takes focus when `value` changes to something (not on mount: a resume from quick-hide keeps its own focus).
 */
function useFocusOnChange<E extends HTMLElement>(value: unknown): RefObject<E | null> {
  const ref = useRef<E>(null);
  const previous = useRef(value);
  useEffect(() => {
    if (value !== undefined && value !== previous.current) ref.current?.focus();
    previous.current = value;
  }, [value]);
  return ref;
}
