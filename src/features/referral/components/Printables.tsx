import { useId, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { Patient } from 'fhir/r4';
import type { CardLanguage } from '../patient-card-words';
import type { ReferralDecision } from '../referral-types';
import { PatientCard } from './PatientCard';
import { ReferralSummary } from './ReferralSummary';
import './referral.css';

type Sheet = 'patient-card' | 'referral-summary';

/**
 * The two printables, never mixed: the patient's card (handed over) and the clinician's phone-referral summary
 * (kept). Printing shows the chosen one alone (app.css hides everything else); the browser's own Print shows the card,
 * the one that is safe in anyone's hands.
 */
export function Printables({
  patient,
  outcome,
  decision,
  isMinor,
  language,
}: {
  patient: Patient;
  outcome: string;
  decision: ReferralDecision;
  isMinor: boolean | undefined;
  language: CardLanguage;
}): ReactNode {
  const [sheet, setSheet] = useState<Sheet>('patient-card');
  const [serviceAsked, setServiceAsked] = useState(false);
  const headingId = useId();
  const service = decision.referralTarget;
  const print = (chosen: Sheet): void => {
    // The sheet to print must be in the page before the print dialog takes its snapshot.
    flushSync(() => {
      setSheet(chosen);
    });
    window.print();
  };
  return (
    <section className="printables subsection" aria-labelledby={headingId} data-print={sheet}>
      <h4 id={headingId}>To print</h4>
      <div className="printable-choice">
        <p className="small muted">For the patient: general health numbers, the confidential line among them; nothing about today.</p>
        {service ? (
          <label className="check">
            <input
              type="checkbox"
              checked={serviceAsked}
              onChange={(event) => {
                setServiceAsked(event.target.checked);
              }}
            />
            <span>The patient asked for the chosen service on the card</span>
          </label>
        ) : null}
        <PatientCard language={language} service={service && serviceAsked ? service : undefined} />
        <button
          type="button"
          onClick={() => {
            print('patient-card');
          }}
        >
          Print the patient card
        </button>
      </div>
      <div className="printable-choice">
        <p className="small muted">For the clinician’s phone referral; not for the patient.</p>
        <ReferralSummary patient={patient} outcome={outcome} decision={decision} isMinor={isMinor} />
        <button
          type="button"
          onClick={() => {
            print('referral-summary');
          }}
        >
          Print the referral summary
        </button>
      </div>
    </section>
  );
}
