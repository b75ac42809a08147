import type { ReactNode } from 'react';
import type { ScreeningResult } from '../screening-types';

/** Neutral, clinician-facing words: someone else may read the screen, and a result is a prompt, not a finding. */
const resultWords: Readonly<Record<ScreeningResult, { summary: string; next: string }>> = {
  'no-concern': {
    summary: 'No concern came up in these answers.',
    next: 'What you noticed yourself still counts.',
  },
  concern: {
    summary: 'These answers suggest talking further, in private.',
    next: 'Offer information and options; the patient decides what happens next.',
  },
  declined: {
    summary: 'Some questions were not answered, so the answers give no result.',
    next: 'That is the patient’s choice. What you noticed yourself still counts.',
  },
  'immediate-danger': {
    summary: 'The patient may not be safe leaving today.',
    next: 'Talk privately about safety now, before the visit ends.',
  },
};

export function ScreeningResultNote({ result }: { result: ScreeningResult | undefined }): ReactNode {
  const words = result === undefined ? undefined : resultWords[result];
  return (
    // A status region: the result is announced once the last answer is given, without moving focus.
    <div role="status" className="screening-result">
      {words ? (
        <>
          <p className="screening-result-summary">{words.summary}</p>
          <p>{words.next}</p>
        </>
      ) : (
        <p className="screening-progress">The result appears when every question has an answer.</p>
      )}
    </div>
  );
}
