import type { ReactNode } from 'react';

interface ReportingNoticeProps {
  /** The organisation's wording for its jurisdiction, from configuration. */
  text: string;
  jurisdiction: string;
}

/** For a minor, the clinician's reporting duty comes before the questions; Lantern shows it and reports nothing. */
export function ReportingNotice({ text, jurisdiction }: ReportingNoticeProps): ReactNode {
  return (
    <section aria-labelledby="reporting-heading" className="subsection notice">
      <h3 id="reporting-heading">Reporting duty for patients under 18 ({jurisdiction})</h3>
      <p>{text}</p>
      <p>Explain this duty to the patient before asking questions. Lantern does not make the report, and a hotline call does not replace it.</p>
    </section>
  );
}
