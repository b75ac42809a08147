import type { ReactNode } from 'react';
import type { NotWritten } from '../write-plan';

/** What the clinician may expect in the record but will not find there, each with its reason. */
export function NotWrittenList({ notWritten }: { notWritten: readonly NotWritten[] }): ReactNode {
  if (notWritten.length === 0) return null;
  return (
    <>
      <p>Not written:</p>
      <ul>
        {notWritten.map((item) => (
          <li key={`${item.resourceType}-${item.reason}`}>{item.reason}</li>
        ))}
      </ul>
    </>
  );
}
