import type { ReactNode } from 'react';
import type { DirectoryEntry } from '../referral-types';
import { HotlineCard } from './HotlineCard';
import './referral.css';

/** What to hand over or phone through when Lantern cannot write: the outcome, the chosen service and the hotline. */
export function PrintableSummary({ outcome, service }: { outcome: string; service: DirectoryEntry | undefined }): ReactNode {
  return (
    <section className="printable card" aria-label="Referral summary to print">
      <p>Outcome: {outcome}</p>
      {service ? (
        <p>
          Service: {service.name} — {service.contact}
          {service.hours ? ` (${service.hours})` : ''}
        </p>
      ) : null}
      <HotlineCard />
      <button
        type="button"
        onClick={() => {
          window.print();
        }}
      >
        Print summary
      </button>
    </section>
  );
}
