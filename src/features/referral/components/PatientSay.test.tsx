import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { canRecord, emptyDecision } from '../decision-rules';
import type { ReferralDecision, ReferralOutcome } from '../referral-types';
import type { WritePlan } from '../write-plan';
import { AttemptDetails } from './AttemptDetails';
import { PatientSay, unknownVisibility } from './PatientSay';

const everything: WritePlan = {
  mode: 'transaction',
  steps: [
    { role: 'safety-flag', resourceType: 'Flag', action: 'create', idempotency: 'if-none-exist' },
    { role: 'check-in-note', resourceType: 'Communication', action: 'create', idempotency: 'if-none-exist', declinedReferral: true },
  ],
  notWritten: [],
  notes: [],
};

/** The state the app keeps above both parts of the form. */
function renderSay(outcome: ReferralOutcome, visibility?: string): () => ReferralDecision {
  let latest: ReferralDecision = { ...emptyDecision, outcome };
  function Harness(): ReactNode {
    const [decision, setDecision] = useState(latest);
    const onChange = (next: ReferralDecision): void => {
      latest = next;
      setDecision(next);
    };
    const verdict = canRecord(decision, false);
    return (
      <>
        <AttemptDetails decision={decision} onChange={onChange} />
        <PatientSay decision={decision} everythingPlan={everything} visibility={visibility} onChange={onChange} />
        <p>{verdict.ok ? 'Ready' : verdict.reason}</p>
      </>
    );
  }
  render(<Harness />);
  return () => latest;
}

const group = (): HTMLElement => screen.getByRole('group', { name: 'What goes in the record' });

describe('PatientSay', () => {
  it('lists everything, says where it may appear, and asks with nothing chosen; Record waits for the answer', async () => {
    const user = userEvent.setup();
    const decision = renderSay('concern-declined-referral', 'Restricted notes are not shown in the patient portal.');
    expect(screen.getByText('A restricted safety flag')).toBeInTheDocument();
    expect(group()).toHaveAccessibleDescription('Restricted notes are not shown in the patient portal.');
    const choices = within(group()).getAllByRole('radio');
    expect(choices.map((choice) => choice.closest('label')?.textContent)).toEqual([
      'Everything listed',
      'The safety flag only',
      'Nothing in the record (printable summary instead)',
    ]);
    expect(choices.filter((choice) => choice instanceof HTMLInputElement && choice.checked)).toEqual([]);
    expect(screen.getByText('Ask the patient what goes in the record first.')).toBeInTheDocument();

    await user.click(within(group()).getByRole('radio', { name: 'The safety flag only' }));
    expect(decision().recordChoice).toBe('flag-only');
    expect(screen.getByText('Ready')).toBeInTheDocument();
    // Once chosen, the plan beside Record lists what the choice writes; the list here gives way to it.
    expect(screen.queryByText('A restricted safety flag')).toBeNull();
  });

  it('offers no "safety flag only" where the outcome writes no flag, and says when the organisation has not said where notes appear', () => {
    renderSay('could-not-talk-privately');
    expect(within(group()).queryByRole('radio', { name: 'The safety flag only' })).toBeNull();
    expect(group()).toHaveAccessibleDescription(unknownVisibility);
  });
});

describe('AttemptDetails', () => {
  it('records what stood in the way of privacy, the interpreter and the hotline card, and nothing blank', async () => {
    const user = userEvent.setup();
    const decision = renderSay('could-not-talk-privately');
    await user.click(screen.getByRole('radio', { name: 'Companion would not leave' }));
    expect(decision().noPrivacyReason).toBe('companion-present');

    const language = screen.getByRole('textbox', { name: 'Interpreter language' });
    await user.type(language, 'Tigrinya');
    await user.click(screen.getByRole('checkbox', { name: /^A professional interpreter/ }));
    expect(decision().interpreter).toEqual({ language: 'Tigrinya', professional: true });
    await user.clear(language);
    expect(decision()).not.toHaveProperty('interpreter');
    expect(screen.queryByRole('checkbox', { name: /^A professional interpreter/ })).toBeNull();

    await user.click(screen.getByRole('checkbox', { name: 'Hotline card given' }));
    expect(decision().hotlineCardGiven).toBe(true);
  });
});
