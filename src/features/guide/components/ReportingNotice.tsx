import type { ReactNode } from 'react';
import { Disclosure } from '../../../components/Disclosure';

interface ReportingNoticeProps {
  /** The organisation's wording for its jurisdiction, from configuration. */
  text: string;
  jurisdiction: string;
  /** The age from which the adult path applies in this jurisdiction (configuration's `ageOfMajority`). */
  ageOfMajority: number;
}

/**
 * For a minor, the clinician's reporting duty comes before the questions; Lantern shows it and reports nothing.
 * Neutral at a glance (a parent or "boyfriend" may see the screen); the duty itself in full once opened.
 */
export function ReportingNotice({ text, jurisdiction, ageOfMajority }: ReportingNoticeProps): ReactNode {
  return (
    <Disclosure memoryKey="reporting-notice" className="subsection notice" summary={`Patient may be under ${String(ageOfMajority)} — see what applies`}>
      <section aria-labelledby="reporting-heading">
        <h3 id="reporting-heading">Reporting duty for patients under {ageOfMajority} ({jurisdiction})</h3>
        <p>{text}</p>
        <p>Explain this duty to the patient before asking questions. Lantern does not make the report, and a hotline call does not replace it.</p>
      </section>
    </Disclosure>
  );
}
