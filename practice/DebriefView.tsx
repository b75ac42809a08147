import type { ReactNode } from 'react';
import type { PracticeCase } from './cases';
import type { Debrief, Noticed } from './debrief';

function NoticedList({ items, empty }: { items: readonly Noticed[]; empty: string }): ReactNode {
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <ul>
      {items.map((item) => (
        <li key={item.id} data-finding={item.id} data-noticed={String(item.noticed)}>
          {item.noticed ? 'Noticed' : 'Missed'}: {item.label}
        </li>
      ))}
    </ul>
  );
}

/** The end of a case: what was noticed and missed, the steps, the outcome, what would have been written, and why. */
export function DebriefView({ practiceCase, result }: { practiceCase: PracticeCase; result: Debrief }): ReactNode {
  return (
    <section className="practice-debrief card" aria-labelledby="debrief-heading">
      <h1 id="debrief-heading">Debrief: {practiceCase.title}</h1>
      <p className="muted">What you noticed and did, against what the case showed. This is practice, not an assessment of competence.</p>
      <h2>Chart prompts</h2>
      <NoticedList items={result.prompts} empty="Lantern raised no chart prompts for this patient." />
      <h2>In the room</h2>
      <NoticedList items={result.observations} empty="The room showed none of the signs on the checklist." />
      {result.notInCase.length > 0 ? <p>Ticked, though this case did not show it: {result.notInCase.join('; ')}.</p> : null}
      <h2>The conversation (PEARR)</h2>
      <ul>
        {result.steps.map((step) => (
          <li key={step.id} data-step={step.id} data-done={String(step.done)}>
            {step.label} — {step.done ? 'done' : 'not done'}: {step.detail}
          </li>
        ))}
      </ul>
      <h2>Outcome</h2>
      <p data-outcome-fits={String(result.outcome.fits)}>
        {result.outcome.chosen ? `You chose “${result.outcome.chosen}”. ` : ''}
        {result.outcome.fits ? 'It fits the case. ' : 'It does not fit the case. '}
        {result.outcome.detail}
      </p>
      <h2>What a real record would now hold</h2>
      {result.record.length === 0 ? (
        <p>Nothing was recorded: in a real visit, nothing would have been written to the chart.</p>
      ) : (
        <ul>
          {result.record.map((part) => (
            <li key={`${part.resourceType}/${part.id}`} data-recorded={part.resourceType}>
              {part.resourceType} (labels {part.labels.join(', ') || 'none'}): {part.why}
            </li>
          ))}
        </ul>
      )}
      <h2>The point of this case</h2>
      <p>{result.lesson}</p>
      <h2>Sources</h2>
      <ul>
        {result.sources.map((source) => (
          <li key={source.title}>
            {source.title}. {source.publisher}.{source.url ? ` ${source.url}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
