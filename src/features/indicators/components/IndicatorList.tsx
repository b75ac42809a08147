import type { ReactNode } from 'react';
import { Citation } from '../../../components/Citation';
import { Disclosure } from '../../../components/Disclosure';
import { SYSTEMLESS_CODE_RULE, type IndicatorFinding } from '../indicator-types';

/**
 * Chart indicators as prompts, under one closed "Chart prompts (N)" disclosure. Each prompt shows only its neutral
 * heading until the clinician opens it; then its clinical label, what was seen and where, and why it is shown. None
 * is a finding about the patient; together they only suggest a private conversation.
 */
export function IndicatorList({
  findings,
  ownRecords = new Map(),
}: {
  findings: readonly IndicatorFinding[];
  /** Lantern's own earlier records among the evidence, by reference, in words: recognised as Lantern's. */
  ownRecords?: ReadonlyMap<string, string>;
}): ReactNode {
  if (findings.length === 0) {
    return <p className="muted">Nothing in the chart suggests a conversation. Ask anyway if something in the room concerns you.</p>;
  }
  return (
    <Disclosure memoryKey="chart-prompts" className="chart-prompts" summary={`Chart prompts (${String(findings.length)})`}>
      <p className="muted small">Each is a reason to offer a private conversation, not a finding. Open one to see what the chart holds.</p>
      <ul className="indicators" aria-label="From the chart">
        {findings.map((finding) => (
          <li key={finding.indicator.id} className="indicator">
            <Prompt finding={finding} ownRecords={ownRecords} />
          </li>
        ))}
      </ul>
    </Disclosure>
  );
}

function Prompt({
  finding: { indicator, evidence, matchCount, uncountedCodes },
  ownRecords,
}: {
  finding: IndicatorFinding;
  ownRecords: ReadonlyMap<string, string>;
}): ReactNode {
  const more = matchCount - evidence.length;
  return (
    <Disclosure memoryKey={`prompt:${indicator.id}`} className="prompt" summary={<span className="indicator-heading">{indicator.heading}</span>}>
      <p className="indicator-label">{indicator.label}</p>
      <ul className="evidence">
        {evidence.map((item) => (
          <li key={`${item.reference}-${item.description}`}>
            <Disclosure memoryKey={`evidence:${indicator.id}:${item.reference}:${item.description}`} summary={item.description}>
              <dl className="facts small">
                <dt>Record</dt>
                <dd>{item.reference || item.resourceType}</dd>
                {ownRecords.has(item.reference) ? (
                  <>
                    <dt>Written by</dt>
                    <dd>{ownRecords.get(item.reference)}</dd>
                  </>
                ) : null}
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
            </Disclosure>
          </li>
        ))}
      </ul>
      {more > 0 ? <p className="muted small">and {more} more</p> : null}
      <Disclosure memoryKey={`why:${indicator.id}`} className="why" summary="Why am I seeing this?">
        <p>{indicator.explanation}</p>
        {uncountedCodes ? (
          <p>
            {SYSTEMLESS_CODE_RULE} Seen without a system and not counted: {uncountedCodes.join(', ')}.
          </p>
        ) : null}
        <p className="muted small">Source:</p>
        <Citation {...indicator.source} />
      </Disclosure>
    </Disclosure>
  );
}
