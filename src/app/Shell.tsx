import type { ReactNode } from 'react';
import { useQuickHide } from './quick-hide';
import './app.css';

interface ShellProps {
  children: ReactNode;
  /** Whether the quick-hide button is offered (only once the app holds anything sensitive). */
  quickHide?: 'available' | 'hidden' | 'none';
}

export function Shell({ children, quickHide = 'none' }: ShellProps): ReactNode {
  return (
    <div className="shell">
      <header className="shell-header">
        <h1>Lantern</h1>
        {quickHide === 'available' ? <HideButton /> : null}
      </header>
      <main className="shell-main">{children}</main>
    </div>
  );
}

function HideButton(): ReactNode {
  const { hide } = useQuickHide();
  return (
    <button type="button" className="hide-button" onClick={hide} aria-keyshortcuts="Escape" title="Hide (Esc)">
      Hide
    </button>
  );
}
