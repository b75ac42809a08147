import { useId, type ReactNode } from 'react';
import { quickHideControl, useQuickHide } from './quick-hide';
import './app.css';

interface ShellProps {
  children: ReactNode;
  /** Whether the quick-hide button is offered (only once the app holds anything sensitive). */
  quickHide?: 'available' | 'hidden' | 'none';
  /**
   * Set in the patient's own view: the button in the patient's language, and no clinician's hint beside it (the
   * patient view says how to hide in its own words).
   */
  hideLabel?: string;
}

export function Shell({ children, quickHide = 'none', hideLabel }: ShellProps): ReactNode {
  return (
    <div className="shell">
      <header className="shell-header">
        <h1>Lantern</h1>
        {quickHide === 'available' ? <HideButton patientLabel={hideLabel} /> : null}
      </header>
      {/* Focusable from script only: where focus lands after Resume when the element that had it is gone. */}
      <main className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function HideButton({ patientLabel }: { patientLabel: string | undefined }): ReactNode {
  const { hide, hideAfterIdleSeconds } = useQuickHide();
  const hintId = useId();
  if (patientLabel) {
    return (
      <button type="button" className="hide-button" onClick={hide} aria-keyshortcuts="Escape" {...quickHideControl}>
        {patientLabel}
      </button>
    );
  }
  return (
    <div className="hide-control">
      <button type="button" className="hide-button" onClick={hide} aria-keyshortcuts="Escape" aria-describedby={hintId} {...quickHideControl}>
        Hide
      </button>
      {/* Honest about reach: an embedded app never receives the keys pressed in the EHR's own page. */}
      <p id={hintId} className="hide-hint">
        Esc hides Lantern while you are in it, not from the chart.
        {hideAfterIdleSeconds > 0 ? ` Hides itself after ${idleWords(hideAfterIdleSeconds)} without use.` : ''}
      </p>
    </div>
  );
}

function idleWords(seconds: number): string {
  if (seconds % 60 !== 0) return `${String(seconds)} s`;
  const minutes = seconds / 60;
  return `${String(minutes)} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
