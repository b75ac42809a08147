import type { QuestionnaireResponse } from 'fhir/r4';
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useRef } from 'react';
import type { LanternConfig } from '../config/runtime-config';
import { normalizeError, type OperationOutcomeError } from '../lib/fhir/outcomes';
import type { SmartSession } from '../lib/fhir/smart-session';
import { getCapabilitiesQueryOptions, type ServerCapabilities } from '../lib/smart/capabilities';
import type { Stored } from '../lib/fhir/fhir-client';
import { useSmartSession } from '../lib/smart/session-context';
import { chartKeys } from '../features/chart/chart-queries';
import { observedIndicators } from '../features/guide/guide-content';
import { checkRecordedLabels } from '../features/referral/label-check';
import {
  activeLanternFlag,
  entriesInForce,
  getLanternRecordQueryOptions,
  lanternRecordKeys,
  type LanternRecord,
} from '../features/referral/lantern-record';
import {
  executeWrite,
  findSubmission,
  markEnteredInError,
  WriteStepError,
  type RetractionResult,
  type WriteInput,
  type WriteResult,
  type WrittenResource,
} from '../features/referral/write-executor';
import { planWrite, type CreateStep, type WritePlan } from '../features/referral/write-plan';
import { scoreScreening } from '../features/screening/questionnaire-model';
import { buildQuestionnaireResponse } from '../features/screening/questionnaire-response';
import { useCheckIn, type CheckInState, type FrozenSubmission, type RetractionTarget } from './check-in-state';
import { useOwnRecord } from './use-own-record';
import type { ScreeningFormState } from './use-screening-form';

export interface RecordContext {
  patient: Stored<'Patient'>;
  /** Undefined: the age is unknown and not yet confirmed, so the patient may be a minor. */
  isMinor: boolean | undefined;
  config: LanternConfig;
  screening: ScreeningFormState;
}

/** What the record screen needs to know before Record can be offered; each part may still be loading or have failed. */
export interface RecordReadiness {
  capabilities: UseQueryResult<ServerCapabilities>;
  lanternRecord: UseQueryResult<LanternRecord>;
  encounterId: string | undefined;
  /** The plan for what is on screen now; undefined until capabilities and Lantern's earlier record are known. */
  plan: WritePlan | undefined;
  /** The same plan if the patient agrees to everything: what "Everything listed" lists, before the patient chooses. */
  everythingPlan: WritePlan | undefined;
}

/** Reads what the plan is built from and builds it for the decision on screen. */
export function useRecordReadiness({ patient, isMinor, screening, config }: RecordContext): RecordReadiness {
  const session = useSmartSession();
  const { state } = useCheckIn();
  const capabilities = useQuery(getCapabilitiesQueryOptions(session.fhir));
  const { lanternRecord, encounterId, visitNote } = useOwnRecord(patient.id, config.systemBase);
  // While Lantern's record is being re-read (after a write or a withdrawal) the plan would rest on what it was.
  const ready = capabilities.data && lanternRecord.data && !lanternRecord.isFetching ? { capabilities: capabilities.data, record: lanternRecord.data } : undefined;
  const hasScreen = completedScreenResult(screening, state) !== undefined;
  const planContext = { session, systemBase: config.systemBase, isMinor, hasScreen, visitNote };
  const plan = ready ? planFor(ready.capabilities, ready.record, state, planContext) : undefined;
  const everythingPlan = ready ? planFor(ready.capabilities, ready.record, { decision: { ...state.decision, recordChoice: 'everything' } }, planContext) : undefined;
  return { capabilities, lanternRecord, encounterId, plan, everythingPlan };
}

interface PlanContext {
  session: SmartSession;
  systemBase: string;
  isMinor: boolean | undefined;
  hasScreen: boolean;
  visitNote: string | undefined;
}

function planFor(
  capabilities: ServerCapabilities,
  lanternRecord: LanternRecord,
  state: Pick<CheckInState, 'decision'>,
  { session, systemBase, isMinor, hasScreen, visitNote }: PlanContext,
): WritePlan {
  return planWrite({
    capabilities,
    grantedScopes: session.context.grantedScopes,
    decision: state.decision,
    isMinor,
    hasScreen,
    visitNote,
    lanternActiveFlag: activeLanternFlag(lanternRecord, systemBase),
    lanternFlagsUnchecked: lanternRecord.unchecked.includes('Flag'),
    fhirUser: session.context.fhirUser,
  });
}

function completedScreenResult(screening: ScreeningFormState, state: Pick<CheckInState, 'answers'>): ReturnType<typeof scoreScreening> {
  return screening.status === 'ready' ? scoreScreening(screening.form, state.answers) : undefined;
}

/** The screen as a QuestionnaireResponse, built once, when Record is pressed; the executor adds the labels. */
function completedScreen(
  screening: ScreeningFormState,
  state: CheckInState,
  input: Omit<WriteInput, 'decision'>,
  includeQuestionText: boolean,
): QuestionnaireResponse | undefined {
  if (screening.status !== 'ready') return undefined;
  const result = scoreScreening(screening.form, state.answers);
  if (!result) return undefined;
  return buildQuestionnaireResponse({
    questionnaire: screening.questionnaire,
    answers: state.answers,
    result,
    patientReference: `Patient/${input.patientId}`,
    encounterReference: input.encounterId ? `Encounter/${input.encounterId}` : undefined,
    authorReference: input.fhirUser,
    authored: input.recordedAt,
    language: state.language,
    includeQuestionText,
    systemBase: input.systemBase,
  });
}

/** Failures after which what the plan was built from is stale: the retry re-reads it first. */
function invalidatesPlan(error: OperationOutcomeError): boolean {
  return error.kind === 'conflict' || error.kind === 'precondition';
}

export interface RecordActions {
  /** Freezes the decision on screen and records it. A second call while one exists does nothing. */
  record: (plan: WritePlan, encounterId: string | undefined) => void;
  /** Sends the frozen submission again (re-planned first when a conflict made the plan stale). */
  retry: () => void;
}

/**
 * Recording, as a named mutation: the submission is frozen in the check-in state before anything is sent, so quick-hide,
 * a failure or a double click can neither lose it nor change it. Results land in the check-in state (not in this
 * component), so they arrive even if the view was hidden meanwhile.
 */
export function useCreateRecord(context: RecordContext): RecordActions {
  const { patient, config, screening, isMinor } = context;
  const session = useSmartSession();
  const { state, dispatch } = useCheckIn();
  const queryClient = useQueryClient();
  // The form is locked while recording, so the visit (and what the plan says about it) is the one frozen with it.
  const { visitNote } = useOwnRecord(patient.id, config.systemBase);
  // Two clicks inside one frame both see the state from before the first: this catches the second.
  const inFlight = useRef(false);

  const write = useMutation<WriteResult, OperationOutcomeError, FrozenSubmission>({
    mutationKey: ['record', session.fhir.baseUrl, patient.id],
    // What an earlier attempt is known to have stored is not sent again.
    mutationFn: (submission) => executeWrite(session.fhir, submission.plan, submission.input, {}, submission.written),
    onSuccess: async (result, submission) => {
      inFlight.current = false;
      dispatch({ type: 'record-succeeded', submissionId: submission.id, result });
      // Some EHRs silently drop fields they do not support: what was stored is read back, not assumed.
      const [check] = await Promise.all([
        checkRecordedLabels(session.fhir, result.written, submission.input.confidentiality ?? 'R', {
          sensitivityLabel: submission.input.sensitivityLabel ?? true,
        }),
        invalidateRecord(queryClient, session, patient.id),
      ]);
      dispatch({ type: 'labels-checked', submissionId: submission.id, check });
    },
    onError: async (error, submission) => {
      // The clinician may try again at once; the re-read below is awaited by the retry itself when it needs it.
      inFlight.current = false;
      const failure = normalizeError(error);
      const replan = invalidatesPlan(failure);
      const written = mergeWritten(submission.written, error instanceof WriteStepError ? error.written : []);
      dispatch({ type: 'record-failed', submissionId: submission.id, failure, written, replan });
      if (replan) await queryClient.invalidateQueries({ queryKey: lanternRecordKeys.patient(session.fhir.baseUrl, patient.id) });
    },
  });

  const send = (submission: FrozenSubmission): void => {
    inFlight.current = true;
    write.mutate(submission);
  };

  const record = (plan: WritePlan, encounterId: string | undefined): void => {
    if (inFlight.current || state.submission) return;
    const id = crypto.randomUUID();
    const recordedAt = new Date().toISOString();
    const base = {
      submissionId: id,
      patientId: patient.id,
      encounterId,
      fhirUser: session.context.fhirUser,
      recordedAt,
      confidentiality: config.confidentiality,
      sensitivityLabel: config.sensitivityLabel,
      systemBase: config.systemBase,
    };
    const input: WriteInput = {
      ...base,
      decision: state.decision,
      questionnaireResponse: completedScreen(screening, state, base, config.recordQuestionText),
      observedSigns: observedIndicators.filter((sign) => state.observed.includes(sign.id)).map((sign) => sign.label),
    };
    const frozen = { id, recordedAt, plan, input };
    dispatch({ type: 'record-started', submission: frozen });
    send({ ...frozen, phase: 'recording', written: [], result: undefined, failure: undefined, replan: false, labelCheck: undefined });
  };

  const retry = (): void => {
    const submission = state.submission;
    if (inFlight.current || submission?.phase !== 'failed' || state.retraction) return;
    inFlight.current = true;
    // Recording from here on, also while re-reading: a second press, even after quick-hide, finds nothing to do.
    dispatch({ type: 'record-retried', submissionId: submission.id });
    void (async () => {
      let plan = submission.plan;
      if (submission.replan) {
        try {
          const [capabilities, lanternRecord] = await Promise.all([
            queryClient.query(getCapabilitiesQueryOptions(session.fhir)),
            queryClient.query({ ...getLanternRecordQueryOptions(session.fhir, session.context.grantedScopes, patient.id, submission.input.systemBase), staleTime: 0 }),
          ]);
          // The same decision and answers, re-planned against what the chart holds now, less this submission's own
          // part-written resources (they are this record, not an earlier one).
          const others = { ...lanternRecord, submissions: lanternRecord.submissions.filter((candidate) => candidate.submissionId !== submission.id) };
          plan = planFor(capabilities, others, submission.input, {
            session,
            systemBase: submission.input.systemBase,
            isMinor,
            hasScreen: submission.input.questionnaireResponse !== undefined,
            visitNote,
          });
          dispatch({ type: 'record-replanned', submissionId: submission.id, plan });
        } catch (error) {
          inFlight.current = false;
          dispatch({ type: 'record-failed', submissionId: submission.id, failure: normalizeError(error), written: submission.written, replan: true });
          return;
        }
      }
      send({ ...submission, plan, phase: 'recording', failure: undefined, replan: false });
    })();
  };

  return { record, retry };
}

export interface RetractActions {
  /** Marks the chosen record entered in error, once a reason is chosen; repeated presses do nothing. */
  confirm: () => void;
}

/**
 * Retracting, as a named mutation. For this window's record it first asks the server what the submission wrote (an
 * answer lost on the way back leaves resources the screen never heard of), then marks all of it entered in error.
 */
export function useRetractRecord({ patient }: Pick<RecordContext, 'patient'>): RetractActions {
  const session = useSmartSession();
  const { state, dispatch } = useCheckIn();
  const queryClient = useQueryClient();
  const inFlight = useRef(false);

  const retract = useMutation<
    { result: RetractionResult; unchecked: readonly CreateStep[] },
    OperationOutcomeError,
    { target: RetractionTarget; submission: FrozenSubmission | undefined }
  >({
    mutationKey: ['retract', session.fhir.baseUrl, patient.id],
    mutationFn: async ({ target, submission }) => {
      if (target.kind === 'earlier') {
        const written = entriesInForce(target.submission).map(
          (entry): WrittenResource => ({ role: entry.role, resourceType: entry.resourceType, reference: entry.reference, action: 'found' }),
        );
        return { result: await markEnteredInError(session.fhir, { written, kept: [] }), unchecked: [] };
      }
      if (!submission) return { result: { retracted: [], leftAsIs: [] }, unchecked: [] };
      const search = await findSubmission(session.fhir, submission.plan, submission.input);
      const written = mergeWritten(submission.written, search.found);
      const kept = submission.result?.kept ?? keptByPlan(submission.plan);
      return { result: await markEnteredInError(session.fhir, { written, kept }), unchecked: search.unchecked.filter((step) => !written.some((item) => item.role === step.role)) };
    },
    onSuccess: async ({ result, unchecked }) => {
      inFlight.current = false;
      // The chart is re-read first, so the next plan never points at what was just withdrawn.
      await invalidateRecord(queryClient, session, patient.id);
      dispatch({ type: 'retraction-done', result, unchecked });
    },
    onError: (error) => {
      inFlight.current = false;
      dispatch({ type: 'retraction-failed', failure: normalizeError(error), unchecked: [] });
    },
  });

  const confirm = (): void => {
    const retraction = state.retraction;
    if (inFlight.current || !retraction?.reason || retraction.phase === 'retracting') return;
    inFlight.current = true;
    dispatch({ type: 'retraction-started' });
    retract.mutate({ target: retraction.target, submission: state.submission });
  };

  return { confirm };
}

function mergeWritten(known: readonly WrittenResource[], found: readonly WrittenResource[]): WrittenResource[] {
  const merged = [...known];
  for (const item of found) if (!merged.some((seen) => seen.reference === item.reference)) merged.push(item);
  return merged;
}

function keptByPlan(plan: WritePlan): WriteResult['kept'] {
  if (plan.mode !== 'transaction' && plan.mode !== 'sequential') return [];
  return plan.steps.flatMap((step) =>
    step.action === 'keep' ? [{ role: step.role, resourceType: step.resourceType, reference: `Flag/${step.existing.id}`, since: step.existing.period?.start }] : [],
  );
}

/** Everything read from the chart that a write or retraction changed, awaited so the screen shows the new truth. */
async function invalidateRecord(queryClient: ReturnType<typeof useQueryClient>, session: SmartSession, patientId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: chartKeys.patient(session.fhir.baseUrl, patientId) }),
    queryClient.invalidateQueries({ queryKey: lanternRecordKeys.patient(session.fhir.baseUrl, patientId) }),
  ]);
}
