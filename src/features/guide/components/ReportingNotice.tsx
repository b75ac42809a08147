import type { ReactNode } from 'react';
import { Disclosure } from '../../../components/Disclosure';

interface ReportingNoticeProps {
  /** The organisation's wording for its jurisdiction, from configuration. */
  text: string;
  jurisdiction: string;
}

/**
 * For a minor, the clinician's reporting duty comes before the questions; Lantern shows it and reports nothing.
 * Neutral at a glance (a parent or "boyfriend" may see the screen); the duty itself in full once opened.
 */
export function ReportingNotice({ text, jurisdiction }: ReportingNoticeProps): ReactNode {
  return (
    <Disclosure memoryKey="reporting-notice" className="subsection notice" summary="Patient may be under 18 — see what applies">
      <section aria-labelledby="reporting-heading">
        <h3 id="reporting-heading">Reporting duty for patients under 18 ({jurisdiction})</h3>
        <p>{text}</p>
        <p>Explain this duty to the patient before asking questions. Lantern does not make the report, and a hotline call does not replace it.</p>
      </section>
    </Disclosure>
  );
}
