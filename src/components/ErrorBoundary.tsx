import { Component, type ReactNode } from 'react';
import { ViewLoadError } from './lazy-view';

interface ErrorBoundaryProps {
  children: ReactNode;
  /** What the fallback stands in for, as the start of its sentence: "This part of the chart". */
  part?: string;
  /** One more calm sentence under the fallback, e.g. that what was entered is kept. */
  note?: string;
  /** Offered beside "Try again": a way on when trying again does not help. */
  otherwise?: ReactNode;
}

interface ErrorBoundaryState {
  failed: boolean;
  /** Set when what failed was loading the part's code, not rendering it: "Try again" loads it again. */
  reload: (() => void) | undefined;
}

/**
 * The last line of defence when a part of the screen fails to render: that part becomes a calm sentence with a
 * "Try again", instead of React unmounting the whole app. Display code is meant to read untrusted FHIR without
 * throwing; this catches what it still misses. The error itself is never shown or logged here: its message can
 * quote what the EHR sent about the patient. A part whose code is loaded when first shown (`lazyView`) fails here too
 * when that code cannot be fetched; that is said as such, and "Try again" fetches it again.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { failed: false, reload: undefined };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { failed: true, reload: error instanceof ViewLoadError ? error.retry : undefined };
  }

  override render(): ReactNode {
    const { children, part = 'This part of the chart', note, otherwise } = this.props;
    const { failed, reload } = this.state;
    if (!failed) return children;
    return (
      <div className="problem" role="status">
        <p>
          {reload
            ? `${part} could not be loaded: the connection to Lantern’s server may have dropped.`
            : `${part} could not be shown: something in it is not what Lantern can read.`}
        </p>
        {note ? <p>{note}</p> : null}
        <button
          type="button"
          onClick={() => {
            reload?.();
            this.setState({ failed: false, reload: undefined });
          }}
        >
          Try again
        </button>
        {otherwise}
      </div>
    );
  }
}
