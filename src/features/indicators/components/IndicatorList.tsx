import type { ReactNode } from 'react';
import { SYSTEMLESS_CODE_RULE, type IndicatorFinding } from '../indicator-types';

/**
 * Chart indicators as prompts: each says what was seen and where, and why it is shown. None is a finding about
 * the patient; together they only suggest a private conversation.
 */
export function IndicatorList({ findings }: { findings: readonly IndicatorFinding[] }): ReactNode {
  if (findings.length === 0) {
    return <p className="muted">Nothing in the chart suggests a conversation. Ask anyway if something in the room concerns you.</p>;
  }
  return (
    <ul className="indicators" aria-label="From the chart">
      {findings.map(({ indicator, evidence, uncountedCodes }) => (
        <li key={indicator.id} className="indicator">
          <p className="indicator-label">{indicator.label}</p>
          <ul className="evidence">
            {evidence.map((item) => (
              <li key={`${item.reference}-${item.description}`}>
                <details>
                  <summary>{item.description}</summary>
                  <dl className="facts small">
                    <dt>Record</dt>
                    <dd>{item.reference || item.resourceType}</dd>
                    {item.code ? (
                      <>
                        <dt>Code</dt>
                        <dd>
                          {item.code.code} ({item.code.system})
                        </dd>
                      </>
                    ) : null}
                    {item.date ? (
                      <>
                        <dt>Date</dt>
                        <dd>{item.date}</dd>
                      </>
                    ) : null}
                  </dl>
                </details>
              </li>
            ))}
          </ul>
          <details className="why">
            <summary>Why am I seeing this?</summary>
            <p>{indicator.explanation}</p>
            {uncountedCodes ? (
              <p>
                {SYSTEMLESS_CODE_RULE} Seen without a system and not counted: {uncountedCodes.join(', ')}.
              </p>
            ) : null}
            <p className="muted small">
              Source:{' '}
              {indicator.source.url ? (
                <a href={indicator.source.url} target="_blank" rel="noreferrer noopener">
                  {indicator.source.title}
                </a>
              ) : (
                indicator.source.title
              )}
            </p>
          </details>
        </li>
      ))}
    </ul>
  );
}
