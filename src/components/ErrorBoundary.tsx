import { Component, type ReactNode } from 'react';

interface ErrorBoundaryProps {
  children: ReactNode;
  /** What the fallback stands in for, as the start of its sentence: "This part of the chart". */
  part?: string;
  /** One more calm sentence under the fallback, e.g. that what was entered is kept. */
  note?: string;
}

interface ErrorBoundaryState {
  failed: boolean;
}

/**
 * The last line of defence when a part of the screen fails to render: that part becomes a calm sentence with a
 * "Try again", instead of React unmounting the whole app. Display code is meant to read untrusted FHIR without
 * throwing; this catches what it still misses. The error itself is never shown or logged here: its message can
 * quote what the EHR sent about the patient.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { failed: false };

  static getDerivedStateFromError(): ErrorBoundaryState {
    return { failed: true };
  }

  override render(): ReactNode {
    const { children, part = 'This part of the chart', note } = this.props;
    if (!this.state.failed) return children;
    return (
      <div className="problem" role="status">
        <p>{part} could not be shown: something in it is not what Lantern can read.</p>
        {note ? <p>{note}</p> : null}
        <button
          type="button"
          onClick={() => {
            this.setState({ failed: false });
          }}
        >
          Try again
        </button>
      </div>
    );
  }
}
