import type { ReactNode } from 'react';
import { guideSource, guideSteps, observedIndicators } from '../guide-content';

interface ConversationGuideProps {
  /** Ids of the observed indicators the clinician has ticked. */
  observed: ReadonlySet<string>;
  onToggleObserved: (id: string) => void;
}

/** PEARR-style steps and the observed-indicator checklist. Controlled: the state lives above, safe from quick-hide. */
export function ConversationGuide({ observed, onToggleObserved }: ConversationGuideProps): ReactNode {
  return (
    <>
      <section aria-labelledby="guide-heading" className="subsection">
        <h3 id="guide-heading">Conversation guide</h3>
        <ol className="guide-steps">
          {guideSteps.map((step) => (
            <li key={step.id}>
              <strong>{step.title}</strong>
              <ul>
                {step.points.map((point) => (
                  <li key={point}>{point}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
        <p className="muted small">Based on the {guideSource.title}.</p>
      </section>
      <fieldset className="subsection checklist">
        <legend>What you notice in the room</legend>
        {observedIndicators.map((indicator) => (
          <label key={indicator.id} className="check">
            <input
              type="checkbox"
              checked={observed.has(indicator.id)}
              onChange={() => {
                onToggleObserved(indicator.id);
              }}
            />
            {indicator.label}
          </label>
        ))}
      </fieldset>
    </>
  );
}
