import type { ReactNode } from 'react';
import { recordSentences } from '../record-words';
import type { ReferralDecision } from '../referral-types';
import type { WriteResult } from '../write-executor';
import { NotWrittenList } from './NotWrittenList';

/** What the record now holds, in sentences; the ids, which only the EHR team needs, behind a disclosure. */
export function RecordedSummary({ result, decision }: { result: WriteResult; decision: ReferralDecision }): ReactNode {
  const sentences = recordSentences(result, decision);
  const references = [...result.kept, ...result.written].map((item) => item.reference);
  return (
    <>
      {sentences.length > 0 ? (
        <ul>
          {sentences.map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
      ) : (
        <p>Nothing was written to the record.</p>
      )}
      <NotWrittenList notWritten={result.notWritten} />
      {references.length > 0 ? (
        <details>
          <summary>Record ids, for the EHR team</summary>
          <ul className="small">
            {references.map((reference) => (
              <li key={reference}>{reference}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
