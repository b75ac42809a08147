import type { ReactNode } from 'react';
import { useRememberedFlag } from './view-memory';

interface DisclosureProps {
  /** Unique on the screen: whether it is open is remembered under it, so Resume after Hide reopens it. */
  memoryKey: string;
  summary: ReactNode;
  className?: string;
  children: ReactNode;
}

/**
 * A native <details>, closed until the clinician opens it: what it holds is shown only by a deliberate act (the
 * vocabulary rule in docs/design.md), and stays open across Hide and Resume.
 */
export function Disclosure({ memoryKey, summary, className, children }: DisclosureProps): ReactNode {
  const [open, setOpen] = useRememberedFlag(memoryKey, false);
  return (
    <details
      className={className}
      open={open}
      onToggle={(event) => {
        setOpen(event.currentTarget.open);
      }}
    >
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
