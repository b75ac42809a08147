import type { ReactNode } from 'react';
import { Citation } from '../../../components/Citation';
import { Disclosure } from '../../../components/Disclosure';
import { guideSources, guideSteps, nationalHotline, observedIndicators, practicePage } from '../guide-content';

/**
 * The PEARR-style steps: what the expanded card opens on. Neutral words throughout; the hotline's name and the
 * sources (whose titles name the concern) wait under "Names and sources" until the clinician opens it.
 */
export function ConversationGuide(): ReactNode {
  return (
    <section aria-labelledby="guide-heading" className="subsection">
      <h3 id="guide-heading">Private conversation guide</h3>
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
      <Disclosure memoryKey="guide-sources" className="why small" summary="Names and sources">
        <p>
          The hotline under “Respond”: {nationalHotline.name}.
        </p>
        <ul className="sources">
          {guideSources.map((source) => (
            <li key={source.title}>
              <Citation {...source} />
            </li>
          ))}
          <li>
            {/* An address to copy, not a link: nothing in Lantern's frame navigates away. */}
            <Citation title={practicePage.title} publisher={practicePage.publisher} url={new URL(practicePage.path, document.baseURI).href} />
          </li>
        </ul>
      </Disclosure>
    </section>
  );
}

interface ObservedChecklistProps {
  /** Ids of the observed indicators the clinician has ticked. */
  observed: ReadonlySet<string>;
  onToggleObserved: (id: string) => void;
}

/** What only the clinician can see in the room. Controlled: the state lives above, safe from quick-hide. */
export function ObservedChecklist({ observed, onToggleObserved }: ObservedChecklistProps): ReactNode {
  return (
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
  );
}
