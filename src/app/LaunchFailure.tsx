import type { ReactNode } from 'react';
import { Problem } from '../components/Problem';
import type { OperationOutcomeError } from '../lib/fhir/outcomes';
import { Shell } from './Shell';

interface LaunchFailureProps {
  error: OperationOutcomeError;
  /** Lantern's launch page asking to read only, when the EHR refused the writes it asked for. */
  readOnlyRelaunch?: string | undefined;
}

export function LaunchFailure({ error, readOnlyRelaunch }: LaunchFailureProps): ReactNode {
  // A reload is not a failure to start: the page says calmly what the reload did, with no "could not start".
  const reloaded = error.kind === 'reloaded';
  return (
    <Shell>
      <Problem error={error} title={reloaded ? undefined : 'Lantern could not start.'} urgent={!reloaded} />
      {readOnlyRelaunch ? (
        <section className="card" aria-label="Open reading only">
          <p>
            Lantern can open again asking only to read the chart. The check-in and the summary to print work as usual;
            nothing is written to the record.
          </p>
          <button
            type="button"
            onClick={() => {
              window.location.assign(readOnlyRelaunch);
            }}
          >
            Open Lantern reading only
          </button>
        </section>
      ) : null}
    </Shell>
  );
}
