import { useId, type ReactNode } from 'react';
import { hotlineNumbers } from '../directory';
import { hotlineCardWords, type CardLanguage } from '../patient-card-words';
import './referral.css';

/**
 * The national hotline on a small card the patient can read or be handed in print. The heading stays neutral:
 * the card may end up where the person who brought the patient can see it. In the patient's language (the screening
 * language chosen), since it is the patient who reads it.
 */
export function HotlineCard({ language }: { language: CardLanguage }): ReactNode {
  const headingId = useId();
  const words = hotlineCardWords[language];
  return (
    <section className="hotline-card" aria-labelledby={headingId} lang={language}>
      <h3 id={headingId}>{words.title}</h3>
      <p className="small">{words.about}</p>
      <dl className="hotline-numbers">
        <dt>{words.call}</dt>
        <dd>
          <a href={`tel:+1${hotlineNumbers.call.replace(/\D/g, '').slice(1)}`}>{hotlineNumbers.call}</a>
        </dd>
        <dt>{words.text}</dt>
        <dd>
          <a href={`sms:${hotlineNumbers.text}`}>{hotlineNumbers.text}</a>
        </dd>
        <dt>{words.tty}</dt>
        <dd>{hotlineNumbers.tty}</dd>
      </dl>
    </section>
  );
}
