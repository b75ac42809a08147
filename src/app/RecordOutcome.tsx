import type { Patient, QuestionnaireResponse } from 'fhir/r4';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { LanternConfig } from '../config/runtime-config';
import { Problem } from '../components/Problem';
import { normalizeError } from '../lib/fhir/outcomes';
import type { SmartSession } from '../lib/fhir/smart-session';
import { getCapabilitiesQueryOptions } from '../lib/smart/capabilities';
import { launchContextQueryOptions } from '../lib/smart/launch-context';
import { chartKeys, getChartSectionQueryOptions } from '../features/chart/chart-queries';
import type { Population } from '../features/indicators/indicator-types';
import { HotlineCard } from '../features/referral/components/HotlineCard';
import { referralOutcomes } from '../features/referral/decision-rules';
import { executeWrite, markEnteredInError, type WriteInput } from '../features/referral/write-executor';
import { planWrite, type WritePlan, type WriteRole } from '../features/referral/write-plan';
import { scoreScreening } from '../features/screening/questionnaire-model';
import { buildQuestionnaireResponse } from '../features/screening/questionnaire-response';
import { useCheckIn, type CheckInState } from './check-in-state';
import { useEhrSessionOver } from './session-end';
import type { ScreeningFormState } from './use-screening-form';

interface RecordOutcomeProps {
  session: SmartSession;
  patient: Patient & { id: string };
  population: Population;
  asOf: string;
  config: LanternConfig;
  screening: ScreeningFormState;
}

const roleWords: Record<WriteRole, string> = {
  'safety-flag': 'A restricted safety flag',
  screen: 'The screening answers',
  'concern-note': 'A restricted note of the concern',
  referral: 'The referral',
};

/**
 * Writes the outcome to the record, as far as this EHR allows, and says plainly what was and was not written.
 * The submission id is fixed at the first attempt, so "Try again" after any failure finishes the job without
 * duplicating anything.
 */
export function RecordOutcome({ session, patient, population, asOf, config, screening }: RecordOutcomeProps): ReactNode {
  const { state, dispatch } = useCheckIn();
  const queryClient = useQueryClient();
  const capabilities = useQuery(getCapabilitiesQueryOptions(session.fhir));
  const flags = useQuery(getChartSectionQueryOptions(session, patient.id, 'safetyFlags', asOf));
  const context = useQuery(launchContextQueryOptions(session, queryClient));
  const isMinor = population === 'youth';
  const sessionOver = useEhrSessionOver();
  const outcomeLabel = referralOutcomes.find((outcome) => outcome.value === state.decision.outcome)?.label ?? '';

  const write = useMutation({
    mutationFn: async ({ plan, input }: { plan: WritePlan; input: WriteInput }) => executeWrite(session.fhir, plan, input),
    onSuccess: async (result) => {
      dispatch({ type: 'written', result });
      await queryClient.invalidateQueries({ queryKey: chartKeys.patient(patient.id) });
    },
  });
  const retract = useMutation({
    mutationFn: async () => (state.written ? markEnteredInError(session.fhir, state.written) : undefined),
    onSuccess: async () => {
      dispatch({ type: 'retracted' });
      await queryClient.invalidateQueries({ queryKey: chartKeys.patient(patient.id) });
    },
  });

  if (state.written) {
    return (
      <section aria-labelledby="record-heading" className="subsection">
        <h3 id="record-heading">Recorded</h3>
        <ul>
          {state.written.written.map((item) => (
            <li key={item.reference}>
              {roleWords[item.role]} ({item.reference}){item.action === 'updated' ? ': the existing flag was confirmed' : ''}
            </li>
          ))}
        </ul>
        <NotWrittenList notWritten={state.written.notWritten} />
        {state.retracted ? (
          <p role="status">Marked as entered in error.</p>
        ) : (
          <>
            {retract.isError ? <Problem error={normalizeError(retract.error)} onRetry={() => { retract.mutate(); }} /> : null}
            <button type="button" disabled={retract.isPending} onClick={() => { retract.mutate(); }}>
              Mark as entered in error
            </button>
          </>
        )}
      </section>
    );
  }

  // Nothing more can be written from this window: what was decided must not be lost with it.
  if (sessionOver) {
    return (
      <section aria-labelledby="record-heading" className="subsection">
        <h3 id="record-heading">Record</h3>
        <p>Lantern can no longer write to the record from this window.</p>
        <PrintableSummary outcome={outcomeLabel} service={state.decision.referralTarget} />
      </section>
    );
  }

  if (capabilities.isError) {
    return <Problem error={capabilities.error} title="Lantern could not learn what this EHR accepts." onRetry={() => void capabilities.refetch()} />;
  }
  if (!capabilities.data || flags.isPending || context.isPending) return <p className="muted">Checking what this EHR accepts…</p>;

  const existingActiveSafetyFlag = flags.data?.resources.find(
    (flag) => flag.status === 'active' && flag.category?.some((category) => category.coding?.some((coding) => coding.code === 'safety')),
  );
  const encounter = context.data?.encounter;
  const encounterId =
    encounter?.status === 'in-context' || encounter?.status === 'found'
      ? encounter.encounter.id
      : encounter?.status === 'choose'
        ? state.chosenEncounterId
        : undefined;
  const recordedAt = state.submission?.recordedAt ?? new Date().toISOString();
  const screen = completedScreen(screening, state, patient.id, encounterId, session.context.fhirUser, recordedAt);
  const plan = planWrite({
    capabilities: capabilities.data,
    grantedScopes: session.context.grantedScopes,
    decision: state.decision,
    isMinor,
    hasScreen: screen !== undefined,
    existingActiveSafetyFlag,
  });

  const record = (): void => {
    const submission = state.submission ?? { id: crypto.randomUUID(), recordedAt };
    if (!state.submission) dispatch({ type: 'start-submission', ...submission });
    write.mutate({
      plan,
      input: {
        submissionId: submission.id,
        patientId: patient.id,
        encounterId,
        fhirUser: session.context.fhirUser,
        recordedAt: submission.recordedAt,
        confidentiality: config.confidentiality,
        decision: state.decision,
        questionnaireResponse: screen,
      },
    });
  };

  return (
    <section aria-labelledby="record-heading" className="subsection">
      <h3 id="record-heading">Record</h3>
      {plan.mode === 'nothing-to-write' || plan.mode === 'refused' ? <p>{plan.reason}</p> : null}
      {plan.mode === 'none' ? (
        <>
          <p>{plan.reason}</p>
          <PrintableSummary outcome={outcomeLabel} service={state.decision.referralTarget} />
        </>
      ) : null}
      {plan.mode === 'transaction' || plan.mode === 'sequential' ? (
        <>
          <p>Lantern will write, labelled restricted and not for the patient’s family or companions:</p>
          <ul>
            {plan.steps.map((step) => (
              <li key={step.role}>{roleWords[step.role]}</li>
            ))}
          </ul>
          <NotWrittenList notWritten={plan.notWritten} />
          {write.isError ? (
            <Problem error={normalizeError(write.error)} title="The record was not completed. Nothing you entered is lost." />
          ) : null}
          <button type="button" onClick={record} disabled={write.isPending}>
            {write.isError ? 'Try again' : write.isPending ? 'Recording…' : 'Record in the chart'}
          </button>
        </>
      ) : null}
    </section>
  );
}

function NotWrittenList({ notWritten }: { notWritten: readonly { resourceType: string; reason: string }[] }): ReactNode {
  if (notWritten.length === 0) return null;
  return (
    <>
      <p>Not written:</p>
      <ul>
        {notWritten.map((item) => (
          <li key={`${item.resourceType}-${item.reason}`}>{item.reason}</li>
        ))}
      </ul>
    </>
  );
}

function PrintableSummary({ outcome, service }: { outcome: string; service: CheckInState['decision']['referralTarget'] }): ReactNode {
  return (
    <section className="printable card" aria-label="Referral summary to print">
      <p>Outcome: {outcome}</p>
      {service ? (
        <p>
          Service: {service.name} — {service.contact}
          {service.hours ? ` (${service.hours})` : ''}
        </p>
      ) : null}
      <HotlineCard />
      <button
        type="button"
        onClick={() => {
          window.print();
        }}
      >
        Print summary
      </button>
    </section>
  );
}

/** The screen as a QuestionnaireResponse, once every question has an answer; the executor adds the labels. */
function completedScreen(
  screening: ScreeningFormState,
  state: CheckInState,
  patientId: string,
  encounterId: string | undefined,
  fhirUser: string | undefined,
  authored: string,
): QuestionnaireResponse | undefined {
  if (screening.status !== 'ready') return undefined;
  const result = scoreScreening(screening.form, state.answers);
  if (!result) return undefined;
  return buildQuestionnaireResponse({
    questionnaire: screening.questionnaire,
    answers: state.answers,
    result,
    patientReference: `Patient/${patientId}`,
    encounterReference: encounterId ? `Encounter/${encounterId}` : undefined,
    authorReference: fhirUser,
    authored,
    language: state.language,
  });
}
