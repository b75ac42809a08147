import { useId, type ReactNode } from 'react';
import type { UrgentContact } from '../../../config/runtime-config';
import './referral.css';

/** The facility's own numbers for immediate danger, large enough to read at arm's length. */
export function UrgentContacts({ contacts }: { contacts: readonly UrgentContact[] }): ReactNode {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="urgent-contacts">
      <h4 id={headingId}>Urgent contacts</h4>
      {contacts.length === 0 ? (
        <p className="small">Your organisation has not listed its urgent numbers in Lantern. Follow your facility’s procedure for immediate danger.</p>
      ) : (
        <ul>
          {contacts.map((contact) => (
            <li key={`${contact.label} ${contact.number}`}>
              <span className="urgent-label">{contact.label}</span> <span className="urgent-number">{contact.number}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
