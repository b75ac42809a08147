import type { ReactNode } from 'react';
import { plannedWords } from '../record-words';
import type { ReferralDecision } from '../referral-types';
import type { WritePlan } from '../write-plan';
import { NotWrittenList } from './NotWrittenList';

type WritingPlan = Extract<WritePlan, { mode: 'transaction' | 'sequential' }>;

/**
 * What Record will write, in words, before anything is sent: new resources, Lantern's earlier flag that stays as
 * it is, what this EHR will not take, and how safe a retry is here.
 */
export function RecordPlanView({
  plan,
  decision,
  recording,
  onRecord,
}: {
  plan: WritingPlan;
  decision: ReferralDecision;
  recording: boolean;
  /** Undefined while recording or while a withdrawal is open: nothing new is recorded meanwhile. */
  onRecord: (() => void) | undefined;
}): ReactNode {
  return (
    <>
      <p>Lantern will write, labelled restricted and not for the patient’s family or companions:</p>
      <ul>
        {plan.steps.map((step) => (
          <li key={step.role}>{plannedWords(step, decision)}</li>
        ))}
      </ul>
      <NotWrittenList notWritten={plan.notWritten} />
      <PlanNotes notes={plan.notes} />
      <button type="button" onClick={onRecord} disabled={recording || onRecord === undefined}>
        {recording ? 'Recording…' : 'Record in the chart'}
      </button>
    </>
  );
}

/** Caveats about how the writes are made: said before recording, when they can still change the clinician's mind. */
export function PlanNotes({ notes }: { notes: readonly string[] }): ReactNode {
  if (notes.length === 0) return null;
  return (
    <ul className="small muted" aria-label="How Lantern writes to this EHR">
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
}
