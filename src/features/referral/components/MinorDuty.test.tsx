import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { canRecord, emptyDecision } from '../decision-rules';
import type { ReferralDecision } from '../referral-types';
import { MinorDuty } from './MinorDuty';

function renderDuty(): () => ReferralDecision {
  let latest: ReferralDecision = { ...emptyDecision, outcome: 'concern-declined-referral', recordChoice: 'everything' };
  function Harness(): ReactNode {
    const [decision, setDecision] = useState(latest);
    return (
      <>
        <MinorDuty
          decision={decision}
          onChange={(next) => {
            latest = next;
            setDecision(next);
          }}
        />
        <p>{(() => {
          const verdict = canRecord(decision, true);
          return verdict.ok ? 'Ready' : verdict.reason;
        })()}</p>
      </>
    );
  }
  render(<Harness />);
  return () => latest;
}

describe('MinorDuty', () => {
  it('holds a declined referral to the duty: acknowledgement, then the report made with agency and time', async () => {
    const user = userEvent.setup();
    const decision = renderDuty();
    expect(screen.getByText('Acknowledge that the duty to report stands first.')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: /^The duty to report stands whatever the patient says/ }));
    expect(screen.getByText('Record whether the report was made.')).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'Report made' }));
    expect(screen.getByText('Give the agency and the date and time of the report.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Agency' }), 'County child protection intake');
    const when = screen.getByLabelText('Date and time');
    expect(when).toHaveAttribute('type', 'datetime-local');
    await user.type(when, '2026-12-05T03:10');
    await user.type(screen.getByRole('textbox', { name: 'Reference number (optional)' }), 'CP-2291');
    expect(screen.getByText('Ready')).toBeInTheDocument();
    expect(decision().report).toEqual({ status: 'made', agency: 'County child protection intake', madeAt: '2026-12-05T03:10', reference: 'CP-2291' });
  });

  it('accepts a report not yet made only with the reason', async () => {
    const user = userEvent.setup();
    const decision = renderDuty();
    await user.click(screen.getByRole('checkbox', { name: /^The duty to report stands whatever the patient says/ }));
    await user.click(screen.getByRole('radio', { name: 'Report not yet made' }));
    expect(screen.getByText('Say why the report is not yet made.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Why not yet' }), 'Calling intake after the exam');
    expect(screen.getByText('Ready')).toBeInTheDocument();
    expect(decision().report).toEqual({ status: 'not-yet', why: 'Calling intake after the exam' });
  });
});
