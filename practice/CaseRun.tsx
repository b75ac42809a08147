import { use, useCallback, useRef, useState, type ReactNode } from 'react';
import { App, type CheckInView } from '../src/app/App';
import { initialCheckInState } from '../src/app/check-in-state';
import { Problem } from '../src/components/Problem';
import { normalizeError, type OperationOutcomeError } from '../src/lib/fhir/outcomes';
import { raisedPrompts } from './case-snapshot';
import type { PracticeCase, RoomActionId } from './cases';
import { debrief, type Debrief, type RoomStep } from './debrief';
import { practiceConfig } from './practice-config';
import type { PracticeSession } from './practice-session';
import { RoomPanel } from './RoomPanel';

const promptFlag = /^prompt:(.+)$/;

/** One case in progress: the real Lantern beside the simulated room, until "Finish and debrief". */
export function CaseRun({
  practiceCase,
  asOf,
  opening,
  onFinished,
}: {
  practiceCase: PracticeCase;
  asOf: string;
  opening: Promise<PracticeSession>;
  onFinished: (result: Debrief) => void;
}): ReactNode {
  const practice = use(opening);
  const latest = useRef<CheckInView | undefined>(undefined);
  // A prompt counts as noticed once opened, even if closed again.
  const opened = useRef(new Set<string>());
  const [steps, setSteps] = useState<readonly RoomStep[]>([]);
  const [finishing, setFinishing] = useState(false);
  const [failure, setFailure] = useState<OperationOutcomeError | undefined>(undefined);

  const watch = useCallback((view: CheckInView) => {
    latest.current = view;
    for (const [key, open] of view.openFlags) {
      const id = promptFlag.exec(key)?.[1];
      if (open && id !== undefined) opened.current.add(id);
    }
  }, []);

  const act = (action: RoomActionId): void => {
    const answered = (latest.current?.state.answers.size ?? 0) > 0;
    setSteps((current) => [...current, { action, afterAsking: answered || current.some((step) => step.action === 'ask-questions') }]);
  };

  const finish = async (): Promise<void> => {
    setFinishing(true);
    setFailure(undefined);
    try {
      const recorded = await practice.recorded();
      const state = latest.current?.state ?? initialCheckInState;
      onFinished(
        debrief(practiceCase, {
          roomSteps: steps,
          raisedPrompts: raisedPrompts(practiceCase, asOf),
          openedPrompts: [...opened.current],
          observed: state.observed,
          decision: state.decision,
          recorded,
        }),
      );
    } catch (error) {
      setFailure(normalizeError(error));
      setFinishing(false);
    }
  };

  return (
    <div className="practice-run">
      <div className="practice-side">
        <RoomPanel practiceCase={practiceCase} taken={steps.map((step) => step.action)} onAction={act} />
        <section className="card" aria-label="Finish the case">
          <button type="button" disabled={finishing} onClick={() => void finish()}>
            Finish and debrief
          </button>
          {failure ? <Problem error={failure} /> : null}
        </section>
      </div>
      <div className="practice-lantern">
        <App session={practice.session} config={practiceConfig} asOf={asOf} onCheckInChange={watch} />
      </div>
    </div>
  );
}
