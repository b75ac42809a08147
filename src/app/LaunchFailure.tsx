import type { ReactNode } from 'react';
import { Problem } from '../components/Problem';
import type { OperationOutcomeError } from '../lib/fhir/outcomes';
import { Shell } from './Shell';

export function LaunchFailure({ error }: { error: OperationOutcomeError }): ReactNode {
  return (
    <Shell>
      <Problem error={error} title="Lantern could not start." urgent />
    </Shell>
  );
}
