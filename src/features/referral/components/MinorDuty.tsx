import { useId, type ReactNode } from 'react';
import type { MinorReport, ReferralDecision } from '../referral-types';
import './referral.css';

/** Room for an agency's name, a reference or a reason, not for a story. */
const reportTextMaxLength = 200;

/**
 * The minor's reporting duty, beside the Record button: acknowledged in words that say it stands whatever the
 * patient says, and the report documented (made: agency, date and time, reference; or not yet, and why).
 */
export function MinorDuty({ decision, onChange }: { decision: ReferralDecision; onChange: (next: ReferralDecision) => void }): ReactNode {
  const statusName = useId();
  const report = decision.report;
  const setReport = (next: MinorReport): void => {
    onChange({ ...decision, report: next });
  };
  return (
    <fieldset className="decision-group minor-duty">
      <legend>Reporting duty</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={decision.minorNoticeAcknowledged}
          onChange={(event) => {
            onChange({ ...decision, minorNoticeAcknowledged: event.target.checked });
          }}
        />
        <span>
          The duty to report stands whatever the patient says. I know my duty for a patient who may be a minor; Lantern does not make the report, and a
          referral does not replace it.
        </span>
      </label>
      <div role="radiogroup" aria-label="The report" className="report-status">
        <label className="check">
          <input
            type="radio"
            name={statusName}
            checked={report?.status === 'made'}
            onChange={() => {
              setReport({ status: 'made', agency: '', madeAt: '' });
            }}
          />
          <span>Report made</span>
        </label>
        <label className="check">
          <input
            type="radio"
            name={statusName}
            checked={report?.status === 'not-yet'}
            onChange={() => {
              setReport({ status: 'not-yet', why: '' });
            }}
          />
          <span>Report not yet made</span>
        </label>
      </div>
      {report?.status === 'made' ? (
        <>
          <TextField
            label="Agency"
            value={report.agency}
            onChange={(agency) => {
              setReport({ ...report, agency });
            }}
          />
          <TextField
            label="Date and time"
            type="datetime-local"
            value={report.madeAt}
            onChange={(madeAt) => {
              setReport({ ...report, madeAt });
            }}
          />
          <TextField
            label="Reference number (optional)"
            value={report.reference ?? ''}
            onChange={(reference) => {
              const next: MinorReport = { ...report, reference };
              // An emptied reference is no reference: nothing blank is written.
              if (reference === '') delete next.reference;
              setReport(next);
            }}
          />
        </>
      ) : null}
      {report?.status === 'not-yet' ? (
        <TextField
          label="Why not yet"
          value={report.why}
          onChange={(why) => {
            setReport({ ...report, why });
          }}
        />
      ) : null}
    </fieldset>
  );
}

function TextField({
  label,
  value,
  onChange,
  type = 'text',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'datetime-local';
}): ReactNode {
  const id = useId();
  return (
    <div className="safe-contact">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete="off"
        maxLength={type === 'text' ? reportTextMaxLength : undefined}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </div>
  );
}
