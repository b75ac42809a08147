import { useId, type ReactNode } from 'react';
import { hotlineNumbers } from '../directory';
import './referral.css';

/**
 * The national hotline on a small card the patient can read or be handed in print. The heading stays neutral:
 * the card may end up where the person who brought the patient can see it.
 */
export function HotlineCard(): ReactNode {
  const headingId = useId();
  return (
    <section className="hotline-card" aria-labelledby={headingId}>
      <h3 id={headingId}>National hotline</h3>
      <p className="small">Confidential, 24/7, 200+ languages, not law enforcement.</p>
      <dl className="hotline-numbers">
        <dt>Call</dt>
        <dd>
          <a href={`tel:+1${hotlineNumbers.call.replace(/\D/g, '').slice(1)}`}>{hotlineNumbers.call}</a>
        </dd>
        <dt>Text</dt>
        <dd>
          <a href={`sms:${hotlineNumbers.text}`}>{hotlineNumbers.text}</a>
        </dd>
        <dt>TTY</dt>
        <dd>{hotlineNumbers.tty}</dd>
      </dl>
    </section>
  );
}
