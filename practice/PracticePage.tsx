import { Suspense, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '../src/components/ErrorBoundary';
import { CaseRun } from './CaseRun';
import { practiceCaseById, practiceCases, trainingSources, type PracticeCase } from './cases';
import type { Debrief } from './debrief';
import { DebriefView } from './DebriefView';
import { openPracticeSession, type PracticeSession } from './practice-session';
import { completionsKey, forgetCompletions, readCompletions, refresherSuggestion, rememberCompletion, type Completion } from './refresher';

type Stage =
  | { kind: 'choosing' }
  | { kind: 'running'; practiceCase: PracticeCase; opening: Promise<PracticeSession> }
  | { kind: 'debrief'; practiceCase: PracticeCase; result: Debrief };

interface PracticePageProps {
  asOf: string;
  intervalDays: number;
  storage: Storage;
  pageUrl: string;
}

/** The practice page: the banner, the cases, one case at a time in the real Lantern, its debrief and the refresher. */
export function PracticePage({ asOf, intervalDays, storage, pageUrl }: PracticePageProps): ReactNode {
  const [stage, setStage] = useState<Stage>({ kind: 'choosing' });
  const [completions, setCompletions] = useState<readonly Completion[]>(() => readCompletions(storage));

  const start = (practiceCase: PracticeCase): void => {
    const opening = openPracticeSession(practiceCase, asOf, pageUrl);
    setStage({ kind: 'running', practiceCase, opening });
  };

  return (
    <div className="practice">
      <section className="practice-banner" aria-label="Practice mode">
        <p>
          <strong>Practice — nothing here is a real patient or record</strong>
        </p>
      </section>
      {stage.kind === 'running' ? (
        <ErrorBoundary part="The practice case" note="Nothing here is a real record; choose the case again to start over.">
          <Suspense fallback={<p role="status">Preparing the practice chart…</p>}>
            <CaseRun
              practiceCase={stage.practiceCase}
              asOf={asOf}
              opening={stage.opening}
              onFinished={(result) => {
                setCompletions(rememberCompletion(storage, { caseId: stage.practiceCase.id, day: asOf }));
                setStage({ kind: 'debrief', practiceCase: stage.practiceCase, result });
              }}
            />
          </Suspense>
        </ErrorBoundary>
      ) : (
        <main className="practice-main">
          {stage.kind === 'debrief' ? (
            <>
              <DebriefView practiceCase={stage.practiceCase} result={stage.result} />
              <button type="button" onClick={() => {
                setStage({ kind: 'choosing' });
              }}>
                Back to the cases
              </button>
            </>
          ) : (
            <CaseList completions={completions} onStart={start} />
          )}
          <Refresher
            completions={completions}
            asOf={asOf}
            intervalDays={intervalDays}
            onForget={() => {
              forgetCompletions(storage);
              setCompletions([]);
            }}
          />
          <CompletionSummary completions={completions} />
        </main>
      )}
    </div>
  );
}

function CaseList({ completions, onStart }: { completions: readonly Completion[]; onStart: (practiceCase: PracticeCase) => void }): ReactNode {
  return (
    <section className="card" aria-labelledby="cases-heading">
      <h1 id="cases-heading">Lantern practice cases</h1>
      <p>
        Work through a case with the real Lantern: the chart, the prompts, the conversation guide, the questions and the record. The patient, the chart
        and everything you record are made up and stay in this page; nothing is sent anywhere.
      </p>
      <p className="muted">
        Training raises clinicians’ knowledge and suspicion of trafficking, and the knowledge fades within months; no study yet shows that practice
        like this improves identification in real visits.
      </p>
      <ol className="practice-cases">
        {practiceCases.map((practiceCase) => {
          const done = completions.filter((completion) => completion.caseId === practiceCase.id).length;
          return (
            <li key={practiceCase.id}>
              <h2>{practiceCase.title}</h2>
              <p>{practiceCase.summary}</p>
              <button type="button" onClick={() => {
                onStart(practiceCase);
              }} aria-label={`Start: ${practiceCase.title}`}>
                Start
              </button>
              {done > 0 ? <span className="muted"> Finished {done === 1 ? 'once' : `${String(done)} times`} in this browser.</span> : null}
            </li>
          );
        })}
      </ol>
      <details>
        <summary>Why practise</summary>
        <ul>
          {trainingSources.map((source) => (
            <li key={source.title}>
              {source.title}. {source.publisher}.
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function Refresher({ completions, asOf, intervalDays, onForget }: { completions: readonly Completion[]; asOf: string; intervalDays: number; onForget: () => void }): ReactNode {
  const suggestion = refresherSuggestion(completions, practiceCases, asOf, intervalDays);
  return (
    <section className="card" aria-labelledby="refresher-heading">
      <h2 id="refresher-heading">Refresher</h2>
      {suggestion ? (
        <p data-refresher-due={String(suggestion.due)}>
          {suggestion.due ? 'A refresher is due: ' : `Practise again from ${suggestion.dueOn}, ${String(intervalDays)} days after your last case: `}
          {suggestion.nextCase ? `try “${suggestion.nextCase.title}”.` : 'try a case you have not done lately.'}
        </p>
      ) : (
        <p>Finish a case, and this page will suggest a different one after {intervalDays} days.</p>
      )}
      <p className="muted">
        Only this browser remembers which cases you finished and on which day (browser storage, under “{completionsKey}”). No patient data exists here, and
        nothing is sent anywhere.
      </p>
      {completions.length > 0 ? (
        <button type="button" onClick={onForget}>
          Forget my practice history
        </button>
      ) : null}
    </section>
  );
}

function CompletionSummary({ completions }: { completions: readonly Completion[] }): ReactNode {
  if (completions.length === 0) return null;
  return (
    <section className="card practice-summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Practice completed</h2>
      <p className="muted">A summary to print or save for your records. It lists practice cases only: no patient data exists here.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Case</th>
            <th scope="col">What was practised</th>
          </tr>
        </thead>
        <tbody>
          {completions.map((completion, index) => {
            const practiceCase = practiceCaseById(completion.caseId);
            return (
              <tr key={`${completion.caseId}-${completion.day}-${String(index)}`}>
                <td>{completion.day}</td>
                <td>{practiceCase?.title ?? completion.caseId}</td>
                <td>{practiceCase?.summary ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={() => {
        window.print();
      }}>
        Print the summary
      </button>
    </section>
  );
}
