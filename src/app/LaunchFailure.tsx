import type { ReactNode } from 'react';
import { Problem } from '../components/Problem';
import type { OperationOutcomeError } from '../lib/fhir/outcomes';
import { Shell } from './Shell';

export function LaunchFailure({ error }: { error: OperationOutcomeError }): ReactNode {
  // A reload is not a failure to start: the page says calmly what the reload did, with no "could not start".
  const reloaded = error.kind === 'reloaded';
  return (
    <Shell>
      <Problem error={error} title={reloaded ? undefined : 'Lantern could not start.'} urgent={!reloaded} />
    </Shell>
  );
}
