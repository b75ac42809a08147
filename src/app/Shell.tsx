import type { ReactNode } from 'react';
import './app.css';

export function Shell({ children }: { children: ReactNode }): ReactNode {
  return (
    <div className="shell">
      <header className="shell-header">
        <h1>Lantern</h1>
      </header>
      <main className="shell-main">{children}</main>
    </div>
  );
}
