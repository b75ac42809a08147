import type { ReactNode } from 'react';
import type { OperationOutcomeError } from '../lib/fhir/outcomes';
import { explainProblem } from './problem-text';

interface ProblemProps {
  error: OperationOutcomeError;
  /** Short context such as "Conditions could not be read." */
  title?: string;
  onRetry?: () => void;
  /** Page-level problems interrupt; section-level ones do not. */
  urgent?: boolean;
}

export function Problem({ error, title, onRetry, urgent = false }: ProblemProps): ReactNode {
  const { message, action, serverSays } = explainProblem(error);
  return (
    <div className="problem" role={urgent ? 'alert' : 'status'}>
      {title ? <p className="problem-title">{title}</p> : null}
      <p>{message}</p>
      {serverSays ? <p className="problem-server">The EHR said: “{serverSays}”</p> : null}
      <p>{action}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
