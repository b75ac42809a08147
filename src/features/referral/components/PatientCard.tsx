import { useId, type ReactNode } from 'react';
import { patientCardWords, type CardLanguage } from '../patient-card-words';
import type { DirectoryEntry } from '../referral-types';
import './referral.css';

/**
 * The wallet-sized card handed to the patient: general health resources in the patient's language, the confidential
 * line among them. A service is named only when the patient asked for it (`service` is then given).
 */
export function PatientCard({ language, service }: { language: CardLanguage; service: DirectoryEntry | undefined }): ReactNode {
  const words = patientCardWords[language];
  const headingId = useId();
  return (
    <section className="print-sheet patient-card" aria-labelledby={headingId} lang={language}>
      <h4 id={headingId}>{words.title}</h4>
      <ul>
        {words.lines.map((line) => (
          <li key={line.what}>
            {line.what}: <span className="card-number">{line.number}</span>
          </li>
        ))}
        {service ? (
          <li>
            {service.name}: <span className="card-number">{service.contact}</span>
          </li>
        ) : null}
      </ul>
      <p>{words.footer}</p>
    </section>
  );
}
