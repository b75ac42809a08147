import { createContext, useContext, useMemo, useReducer, type ReactNode } from 'react';
import { emptyDecision } from '../features/referral/decision-rules';
import type { ReferralDecision, RetractionReason } from '../features/referral/referral-types';
import type { LabelCheck } from '../features/referral/label-check';
import type { EarlierSubmission } from '../features/referral/lantern-record';
import type { RetractionResult, WriteInput, WriteResult, WrittenResource } from '../features/referral/write-executor';
import type { CreateStep, WritePlan } from '../features/referral/write-plan';
import type { OperationOutcomeError } from '../lib/fhir/outcomes';
import type { AnswerValue, Answers, Language } from '../features/screening/screening-types';
import type { HandoffRequest } from '../features/referral/warm-handoff';
import type { ViewPlace } from './quick-hide';

/** Everything the clinician enters in the check-in. Held above the quick-hide switch so nothing is lost. */
export interface CheckInState {
  expanded: boolean;
  observed: readonly string[];
  answers: Answers;
  language: Language;
  decision: ReferralDecision;
  /** The visit picked when several are in progress (`Encounter/…` id). */
  chosenEncounterId: string | undefined;
  /** The clinician ticked "Tie this record to the finished visit": never pre-chosen. */
  tieToFinishedVisit: boolean;
  /** The clinician's answer when the chart gives no usable birth date; nothing is assumed before it. */
  confirmedAge: 'adult' | 'minor' | undefined;
  /**
   * The screen is handed to the patient (the read-it-yourself view), at this question; undefined while the clinician
   * has it. The patient's answers go to `answers` above: one home, no copy.
   */
  patientView: { position: number; returnTo: ViewPlace } | undefined;
  /**
   * What "Record" froze: exactly this is sent, and re-sent by "Try again", so nothing is written twice and nothing
   * the clinician did not see is recorded. While it exists, the form is locked.
   */
  submission: FrozenSubmission | undefined;
  /** Marking a record entered in error: asked for, confirmed with a reason, then done. */
  retraction: Retraction | undefined;
  /** The last retraction that finished, so the screen can say what it did and what it left. */
  retracted: { reason: RetractionReason; result: RetractionResult; unchecked: readonly CreateStep[] } | undefined;
  /** Messages to an on-call team, by directory entry id: what was typed, and what became of the sending. */
  handoffs: Readonly<Record<string, Handoff>>;
}

/** One warm handoff: typed, then frozen on "Send" (exactly this is sent, and re-sent by "Try again"), then sent. */
export interface Handoff {
  where: string;
  request: HandoffRequest | undefined;
  phase: 'editing' | 'sending' | 'sent' | 'failed';
  /** `Communication/123` once the EHR holds it. */
  reference: string | undefined;
  failure: OperationOutcomeError | undefined;
}

const newHandoff: Handoff = { where: '', request: undefined, phase: 'editing', reference: undefined, failure: undefined };

export interface FrozenSubmission {
  id: string;
  recordedAt: string;
  plan: WritePlan;
  input: WriteInput;
  phase: 'recording' | 'failed' | 'recorded';
  /** What the server is known to hold so far: all of it once recorded, the part before a failure otherwise. */
  written: readonly WrittenResource[];
  result: WriteResult | undefined;
  failure: OperationOutcomeError | undefined;
  /** The failure invalidated what the plan was built from (a conflict): "Try again" re-plans from a fresh read. */
  replan: boolean;
  /** Whether the EHR kept the confidentiality labels, read back after recording; undefined while being read. */
  labelCheck: LabelCheck | undefined;
}

/** This window's submission, or an earlier one of Lantern's found on the chart (a relaunch in the same visit). */
export type RetractionTarget = { kind: 'this-window'; submissionId: string } | { kind: 'earlier'; submission: EarlierSubmission };

export interface Retraction {
  target: RetractionTarget;
  reason: RetractionReason | undefined;
  phase: 'confirming' | 'retracting' | 'failed';
  failure: OperationOutcomeError | undefined;
  /** Planned parts whose presence could not be checked; the clinician is told to look for them in the chart. */
  unchecked: readonly CreateStep[];
}

export type CheckInAction =
  | { type: 'toggle-expanded' }
  | { type: 'toggle-observed'; id: string }
  | { type: 'answer'; linkId: string; value: AnswerValue }
  | { type: 'set-language'; language: Language }
  | { type: 'decide'; decision: ReferralDecision }
  | { type: 'choose-encounter'; encounterId: string | undefined }
  | { type: 'confirm-age'; age: 'adult' | 'minor' }
  | { type: 'tie-to-finished-visit'; tie: boolean }
  /** `returnTo`: where the clinician was, to come back to when they take the screen back. */
  | { type: 'patient-view-opened'; returnTo: ViewPlace }
  | { type: 'patient-view-moved'; position: number }
  | { type: 'patient-view-closed' }
  | { type: 'record-started'; submission: Pick<FrozenSubmission, 'id' | 'recordedAt' | 'plan' | 'input'> }
  | { type: 'record-retried'; submissionId: string }
  | { type: 'record-replanned'; submissionId: string; plan: WritePlan }
  | { type: 'record-failed'; submissionId: string; failure: OperationOutcomeError; written: readonly WrittenResource[]; replan: boolean }
  | { type: 'record-succeeded'; submissionId: string; result: WriteResult }
  | { type: 'labels-checked'; submissionId: string; check: LabelCheck }
  | { type: 'retraction-asked'; target: RetractionTarget }
  | { type: 'retraction-reason'; reason: RetractionReason | undefined }
  | { type: 'retraction-cancelled' }
  | { type: 'retraction-started' }
  | { type: 'retraction-failed'; failure: OperationOutcomeError; unchecked: readonly CreateStep[] }
  | { type: 'retraction-done'; result: RetractionResult; unchecked: readonly CreateStep[] }
  | { type: 'handoff-where'; entryId: string; where: string }
  /** `request` is used only for the first send; a retry re-sends the frozen one. */
  | { type: 'handoff-sending'; entryId: string; request: HandoffRequest }
  | { type: 'handoff-sent'; entryId: string; handoffId: string; reference: string }
  | { type: 'handoff-failed'; entryId: string; handoffId: string; failure: OperationOutcomeError };

export const initialCheckInState: CheckInState = {
  expanded: false,
  observed: [],
  answers: new Map(),
  language: 'en',
  decision: emptyDecision,
  chosenEncounterId: undefined,
  tieToFinishedVisit: false,
  confirmedAge: undefined,
  patientView: undefined,
  submission: undefined,
  retraction: undefined,
  retracted: undefined,
  handoffs: {},
};

/** Something was entered that is not (yet) in the record: leaving the page would lose it. */
export function hasUnsavedEntries(state: CheckInState): boolean {
  if (state.submission?.phase === 'recorded') return false;
  return state.observed.length > 0 || state.answers.size > 0 || JSON.stringify(state.decision) !== JSON.stringify(emptyDecision);
}

/** Whether the form is locked: a record is being made, failed part-way, or was made, and has not been retracted. */
export function isLocked(state: CheckInState): boolean {
  return state.submission !== undefined;
}

export function checkInReducer(state: CheckInState, action: CheckInAction): CheckInState {
  switch (action.type) {
    case 'toggle-expanded':
      return { ...state, expanded: !state.expanded };
    case 'toggle-observed':
      return {
        ...state,
        observed: state.observed.includes(action.id) ? state.observed.filter((id) => id !== action.id) : [...state.observed, action.id],
      };
    case 'answer':
      if (isLocked(state)) return state;
      return { ...state, answers: new Map(state.answers).set(action.linkId, action.value) };
    case 'set-language':
      return isLocked(state) ? state : { ...state, language: action.language };
    case 'decide':
      return isLocked(state) ? state : { ...state, decision: action.decision };
    case 'choose-encounter':
      return isLocked(state) ? state : { ...state, chosenEncounterId: action.encounterId };
    case 'tie-to-finished-visit':
      return isLocked(state) ? state : { ...state, tieToFinishedVisit: action.tie };
    case 'confirm-age':
      return isLocked(state) ? state : { ...state, confirmedAge: action.age };
    case 'patient-view-opened':
      // Recorded answers are what the record says: the patient cannot change them.
      return isLocked(state) || state.patientView ? state : { ...state, patientView: { position: 0, returnTo: action.returnTo } };
    case 'patient-view-moved':
      return state.patientView ? { ...state, patientView: { ...state.patientView, position: Math.max(0, action.position) } } : state;
    case 'patient-view-closed':
      return { ...state, patientView: undefined };
    case 'record-started':
      // A second press (a double click, a second tap) finds the submission already frozen and changes nothing; nor is
      // anything recorded while a withdrawal is open (the new record would point at what is being withdrawn).
      if (state.submission || state.retraction) return state;
      return {
        ...state,
        submission: { ...action.submission, phase: 'recording', written: [], result: undefined, failure: undefined, replan: false, labelCheck: undefined },
        retracted: undefined,
      };
    case 'record-retried':
      if (state.submission?.phase !== 'failed' || state.submission.id !== action.submissionId || state.retraction) return state;
      return { ...state, submission: { ...state.submission, phase: 'recording', failure: undefined } };
    case 'record-replanned':
      if (!isCurrent(state, action.submissionId, 'recording')) return state;
      return { ...state, submission: { ...state.submission, plan: action.plan, replan: false } };
    case 'record-failed':
      if (!isCurrent(state, action.submissionId, 'recording')) return state;
      return { ...state, submission: { ...state.submission, phase: 'failed', failure: action.failure, written: action.written, replan: action.replan } };
    case 'record-succeeded':
      if (!isCurrent(state, action.submissionId, 'recording')) return state;
      return { ...state, submission: { ...state.submission, phase: 'recorded', result: action.result, written: action.result.written } };
    case 'labels-checked':
      if (!isCurrent(state, action.submissionId, 'recorded')) return state;
      return { ...state, submission: { ...state.submission, labelCheck: action.check } };
    case 'retraction-asked': {
      if (state.retraction) return state;
      // This window's record can be withdrawn only once its sending has stopped, and only the record on screen.
      const target = action.target;
      if (target.kind === 'this-window' && (state.submission?.id !== target.submissionId || state.submission.phase === 'recording')) return state;
      return { ...state, retraction: { target, reason: undefined, phase: 'confirming', failure: undefined, unchecked: [] } };
    }
    case 'retraction-reason':
      if (state.retraction?.phase !== 'confirming' && state.retraction?.phase !== 'failed') return state;
      return { ...state, retraction: { ...state.retraction, reason: action.reason } };
    case 'retraction-cancelled':
      return state.retraction?.phase === 'retracting' ? state : { ...state, retraction: undefined };
    case 'retraction-started':
      if (!state.retraction?.reason || state.retraction.phase === 'retracting' || state.submission?.phase === 'recording') return state;
      return { ...state, retraction: { ...state.retraction, phase: 'retracting', failure: undefined } };
    case 'retraction-failed':
      if (state.retraction?.phase !== 'retracting') return state;
      return { ...state, retraction: { ...state.retraction, phase: 'failed', failure: action.failure, unchecked: action.unchecked } };
    case 'retraction-done': {
      const retraction = state.retraction;
      if (retraction?.phase !== 'retracting' || !retraction.reason) return state;
      // Retracting this window's record unlocks the form: what was decided stays, to be changed and recorded anew.
      const target = retraction.target;
      const submission = target.kind === 'this-window' && state.submission?.id === target.submissionId ? undefined : state.submission;
      return { ...state, submission, retraction: undefined, retracted: { reason: retraction.reason, result: action.result, unchecked: action.unchecked } };
    }
    case 'handoff-where': {
      const handoff = state.handoffs[action.entryId] ?? newHandoff;
      if (handoff.request) return state;
      return { ...state, handoffs: { ...state.handoffs, [action.entryId]: { ...handoff, where: action.where } } };
    }
    case 'handoff-sending': {
      const handoff = state.handoffs[action.entryId] ?? newHandoff;
      // A second press while sending, or after it was sent, changes nothing: the team is paged once.
      if (handoff.phase === 'sending' || handoff.phase === 'sent') return state;
      const request = handoff.request ?? action.request;
      return { ...state, handoffs: { ...state.handoffs, [action.entryId]: { ...handoff, request, phase: 'sending', failure: undefined } } };
    }
    case 'handoff-sent':
    case 'handoff-failed': {
      const handoff = state.handoffs[action.entryId];
      if (handoff?.phase !== 'sending' || handoff.request?.handoffId !== action.handoffId) return state;
      const next: Handoff =
        action.type === 'handoff-sent' ? { ...handoff, phase: 'sent', reference: action.reference } : { ...handoff, phase: 'failed', failure: action.failure };
      return { ...state, handoffs: { ...state.handoffs, [action.entryId]: next } };
    }
  }
}

/** The submission an asynchronous result is for is still the one on screen, in the phase that result ends. */
function isCurrent(
  state: CheckInState,
  submissionId: string,
  phase: FrozenSubmission['phase'],
): state is CheckInState & { submission: FrozenSubmission } {
  return state.submission?.id === submissionId && state.submission.phase === phase;
}

const CheckInContext = createContext<{ state: CheckInState; dispatch: (action: CheckInAction) => void } | undefined>(undefined);

export function CheckInStateProvider({ children }: { children: ReactNode }): ReactNode {
  const [state, dispatch] = useReducer(checkInReducer, initialCheckInState);
  const value = useMemo(() => ({ state, dispatch }), [state]);
  return <CheckInContext value={value}>{children}</CheckInContext>;
}

export function useCheckIn(): { state: CheckInState; dispatch: (action: CheckInAction) => void } {
  const value = useContext(CheckInContext);
  if (!value) throw new Error('useCheckIn must be used inside CheckInStateProvider');
  return value;
}
