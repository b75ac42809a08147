import { render, screen, within, type RenderResult } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UrgentContact } from '../../../config/runtime-config';
import { emptyDecision } from '../decision-rules';
import { ViewMemoryProvider } from '../../../components/view-memory';
import { mergeDirectory } from '../directory';
import type { DirectoryEntry, ReferralDecision } from '../referral-types';
import { DecisionForm, type DecisionFormProps } from './DecisionForm';

beforeAll(() => {
  // jsdom has no CSS.escape, which user-event needs to walk a radio group with the arrow keys.
  if (typeof (window as { CSS?: unknown }).CSS !== 'object') {
    Object.defineProperty(window, 'CSS', { configurable: true, value: { escape: (value: string) => value.replace(/[^\w-]/g, '\\$&') } });
  }
});

const shelter: DirectoryEntry = {
  id: 'config:shelter',
  name: 'Safe Harbor shelter',
  serviceType: 'Shelter',
  languages: ['English', 'Spanish'],
  hours: '24/7',
  contact: 'Call 555-0142',
  source: 'configuration',
};

const legalAid: DirectoryEntry = {
  id: 'HealthcareService/hs-legal-aid',
  name: 'Survivor legal services',
  serviceType: 'Legal aid',
  performerReference: 'HealthcareService/hs-legal-aid',
  languages: ['English', 'Vietnamese'],
  hours: 'Mon–Fri 09:00–17:00',
  contact: 'Call 555-0155',
  source: 'server',
};

const advocates: DirectoryEntry = {
  id: 'HealthcareService/hs-victim-advocate',
  name: 'Asesoría para víctimas',
  serviceType: 'Victim advocate',
  performerReference: 'HealthcareService/hs-victim-advocate',
  languages: ['Español'],
  contact: 'Text 555-0168',
  source: 'server',
};

const directory: DecisionFormProps['directory'] = { entries: mergeDirectory([shelter], [legalAid, advocates]), loading: false, staleAfterDays: 365 };

interface Harness {
  view: RenderResult;
  /** The decision as the caller holds it now. */
  decision: () => ReferralDecision;
}

/** The state the app keeps above the form (the decision, the view memory), and a quick-hide that unmounts it. */
function renderForm(options: { isMinor?: boolean | undefined; initial?: Partial<ReferralDecision>; directory?: DecisionFormProps['directory'] } = {}): Harness {
  let latest: ReferralDecision = { ...emptyDecision, recordChoice: 'everything', ...options.initial };
  function Panel(): ReactNode {
    const [decision, setDecision] = useState<ReferralDecision>(latest);
    const [hidden, setHidden] = useState(false);
    return (
      <>
        <button
          type="button"
          onClick={() => {
            setHidden((value) => !value);
          }}
        >
          {hidden ? 'Show' : 'Hide'}
        </button>
        {hidden ? null : (
          <DecisionForm
            decision={decision}
            onChange={(next) => {
              latest = next;
              setDecision(next);
            }}
            isMinor={'isMinor' in options ? options.isMinor : false}
            screenSummary="Check-in answers: 2 of 4 suggest talking further in private"
            urgentContacts={urgentContacts}
            directory={options.directory ?? directory}
            language="en"
          />
        )}
      </>
    );
  }
  return {
    view: render(
      <ViewMemoryProvider>
        <Panel />
      </ViewMemoryProvider>,
    ),
    decision: () => latest,
  };
}

function radio(group: string, name: string | RegExp): HTMLInputElement {
  const element = within(screen.getByRole(group === 'Refer to' ? 'group' : 'radiogroup', { name: group })).getByRole('radio', { name });
  if (!(element instanceof HTMLInputElement)) throw new Error('Expected a native radio');
  return element;
}

const outcomeGroup = 'Outcome of the conversation';

const urgentContacts: UrgentContact[] = [
  { label: 'Security', number: '555-0100' },
  { label: 'Social work on call', number: '555-0101' },
];

describe('DecisionForm', () => {
  it('offers the six outcomes as one radio group, none of them chosen, with the answers beside them', () => {
    renderForm();
    const group = screen.getByRole('radiogroup', { name: outcomeGroup });
    const options = within(group).getAllByRole('radio');
    expect(options.map((option) => option.getAttribute('value'))).toEqual([
      'no-concern',
      'concern-declined-referral',
      'concern-referral-agreed',
      'immediate-danger',
      'could-not-talk-privately',
      'declined-conversation',
    ]);
    expect(radio(outcomeGroup, 'Concern — patient declines referral')).toBeInTheDocument();
    expect(radio(outcomeGroup, 'Could not talk privately — try again at a later visit')).toBeInTheDocument();
    expect(radio(outcomeGroup, 'Patient declined the conversation')).toBeInTheDocument();
    expect(options.filter((option) => option instanceof HTMLInputElement && option.checked)).toEqual([]);
    expect(group).toHaveAccessibleDescription('Check-in answers: 2 of 4 suggest talking further in private');
    expect(screen.queryByRole('group', { name: 'Refer to' })).toBeNull();
  });

  it('is done from the keyboard: arrows for the outcome, Space for consent, typing to search, arrows to pick', async () => {
    const user = userEvent.setup();
    const { decision } = renderForm();
    await user.tab(); // Hide
    await user.tab();
    expect(radio(outcomeGroup, 'No concern')).toHaveFocus();
    expect(radio(outcomeGroup, 'No concern')).not.toBeChecked();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(radio(outcomeGroup, 'Concern — patient agrees to referral')).toBeChecked();
    expect(screen.getByText('Record that the patient agreed to this referral first.')).toBeInTheDocument();

    await user.tab();
    const consent = screen.getByRole('checkbox', { name: 'The patient agreed to this referral' });
    expect(consent).toHaveFocus();
    await user.keyboard(' ');
    expect(consent).toBeChecked();
    expect(screen.getByText('Choose a service to refer to.')).toBeInTheDocument();

    await user.tab(); // "Contacting the patient directly may be unsafe"
    await user.tab();
    expect(screen.getByRole('searchbox', { name: 'Find a service' })).toHaveFocus();
    await user.keyboard('legal');
    expect(within(screen.getByRole('group', { name: 'Refer to' })).getAllByRole('radio').map((option) => option.getAttribute('value'))).toEqual([
      'hotline',
      'HealthcareService/hs-legal-aid',
    ]);
    await user.tab();
    expect(screen.getByRole('button', { name: 'Show service names' })).toHaveFocus();
    await user.tab();
    expect(radio('Refer to', 'Community support line')).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(radio('Refer to', 'Community support service')).toBeChecked();
    expect(screen.getByText('Ready to refer.')).toBeInTheDocument();
    expect(decision()).toEqual<ReferralDecision>({
      outcome: 'concern-referral-agreed',
      consentRecorded: true,
      minorNoticeAcknowledged: false,
      contactingPatientUnsafe: false,
      safetyPlanConsent: false,
      referralTarget: legalAid,
      recordChoice: 'everything',
    });
  });

  it('names each service in neutral words until asked, with its type, languages, hours and contact', async () => {
    const user = userEvent.setup();
    renderForm({ initial: { outcome: 'concern-referral-agreed' } });
    const picker = screen.getByRole('group', { name: 'Refer to' });
    expect(within(picker).getAllByRole('radio', { name: 'Community support line' })).toHaveLength(1);
    expect(within(picker).getAllByRole('radio', { name: 'Community support service' })).toHaveLength(3);
    expect(picker).not.toHaveTextContent(/Trafficking|Safe Harbor|Survivor|Asesoría/);
    const toggle = within(picker).getByRole('button', { name: 'Show service names' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const option = radio('Refer to', 'Survivor legal services');
    expect(option).toHaveAccessibleDescription('Legal aid · English, Vietnamese · Mon–Fri 09:00–17:00 Not verified Call 555-0155');
    expect(radio('Refer to', 'National Human Trafficking Hotline')).toHaveAccessibleDescription(/24\/7 Open now Call 1-888-373-7888 · Text 233733 · TTY 711/);
  });

  it('searches without regard to accents or case, and always keeps the hotline', async () => {
    const user = userEvent.setup();
    renderForm({ initial: { outcome: 'immediate-danger' } });
    const search = screen.getByRole('searchbox', { name: 'Find a service' });
    await user.type(search, 'ASESORIA victimas');
    const picker = screen.getByRole('group', { name: 'Refer to' });
    expect(within(picker).getAllByRole('radio').map((option) => option.getAttribute('value'))).toEqual(['hotline', 'HealthcareService/hs-victim-advocate']);
    await user.clear(search);
    await user.type(search, 'nothing like this');
    expect(within(picker).getAllByRole('radio').map((option) => option.getAttribute('value'))).toEqual(['hotline']);
    expect(within(picker).getByRole('status')).toHaveTextContent('1 service shown');
  });

  it('keeps the chosen service in view when a search hides it', async () => {
    const user = userEvent.setup();
    renderForm({ initial: { outcome: 'concern-referral-agreed', consentRecorded: true, referralTarget: shelter } });
    expect(screen.getByText('Chosen:')).toHaveTextContent('Chosen: Community support service');
    await user.click(screen.getByRole('button', { name: 'Show service names' }));
    await user.type(screen.getByRole('searchbox', { name: 'Find a service' }), 'legal');
    expect(screen.queryByRole('radio', { name: 'Safe Harbor shelter' })).toBeNull();
    expect(screen.getByText('Chosen:')).toHaveTextContent('Chosen: Safe Harbor shelter');
  });

  it('lists the hotline while the server’s services load, with the note', () => {
    renderForm({
      initial: { outcome: 'concern-referral-agreed' },
      directory: { entries: mergeDirectory([], []), loading: true, note: 'Lantern may not read this EHR’s list of local services', staleAfterDays: 365 },
    });
    const picker = screen.getByRole('group', { name: 'Refer to' });
    expect(within(picker).getByRole('radio', { name: 'Community support line' })).toBeInTheDocument();
    expect(within(picker).getByRole('status')).toHaveTextContent(/Loading the EHR’s services… 1 service shown\. Lantern may not read/);
  });

  it('asks no agreement of a minor: the reporting duty is held beside Record instead', () => {
    renderForm({ isMinor: true, initial: { outcome: 'concern-referral-agreed', referralTarget: shelter } });
    expect(screen.queryByRole('checkbox', { name: 'The patient agreed to this referral' })).toBeNull();
    expect(screen.getByText('Acknowledge that the duty to report stands first.')).toBeInTheDocument();
  });

  it('shows the facility’s urgent numbers and a safety plan for immediate danger, with agreement optional', async () => {
    const user = userEvent.setup();
    const { decision } = renderForm();
    expect(screen.queryByRole('heading', { name: 'Urgent contacts' })).toBeNull();
    await user.click(radio(outcomeGroup, 'Immediate danger'));
    const contacts = screen.getByRole('region', { name: 'Urgent contacts' });
    expect(within(contacts).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Security 555-0100', 'Social work on call 555-0101']);
    expect(screen.getByText(/Optional here: without the patient’s agreement the danger is still recorded/)).toBeInTheDocument();
    expect(screen.getByText('Ready to refer.')).toBeInTheDocument();

    const plan = screen.getByRole('group', { name: 'Safety plan' });
    await user.type(within(plan).getByRole('textbox', { name: 'Code word' }), 'blue umbrella');
    await user.click(within(within(plan).getByRole('radiogroup', { name: 'Leaves with the companion' })).getByRole('radio', { name: 'Yes' }));
    expect(decision()).toMatchObject({ safetyPlan: { codeWord: 'blue umbrella', leavesWithCompanion: 'yes' }, safetyPlanConsent: false });
    await user.click(within(plan).getByRole('checkbox', { name: 'The patient agrees to have the safety plan written in the record' }));
    expect(decision().safetyPlanConsent).toBe(true);
    await user.clear(within(plan).getByRole('textbox', { name: 'Code word' }));
    expect(decision().safetyPlan).toEqual({ leavesWithCompanion: 'yes' });
  });

  it('reveals a short, optional safe-contact note when contacting the patient may be unsafe', async () => {
    const user = userEvent.setup();
    const { decision } = renderForm({ initial: { outcome: 'concern-referral-agreed' } });
    expect(screen.queryByRole('textbox', { name: /Safe way to reach them/ })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'Contacting the patient directly may be unsafe' }));
    const note = screen.getByRole('textbox', { name: 'Safe way to reach them (optional)' });
    expect(note).toHaveAttribute('maxLength', '200');
    expect(note).toHaveAccessibleDescription('Keep it minimal: no names of companions.');
    await user.type(note, 'Text only, weekday mornings');
    expect(decision()).toMatchObject({ contactingPatientUnsafe: true, safeContactNote: 'Text only, weekday mornings' });
    await user.clear(note);
    expect(decision()).not.toHaveProperty('safeContactNote');
    await user.type(note, 'Via the clinic');
    await user.click(screen.getByRole('checkbox', { name: 'Contacting the patient directly may be unsafe' }));
    expect(decision()).not.toHaveProperty('safeContactNote');
    expect(decision().contactingPatientUnsafe).toBe(false);
  });

  it('loses nothing when quick-hide unmounts it, the shown names included', async () => {
    const user = userEvent.setup();
    renderForm({ initial: { outcome: 'concern-referral-agreed', consentRecorded: true } });
    await user.click(screen.getByRole('checkbox', { name: 'Contacting the patient directly may be unsafe' }));
    await user.type(screen.getByRole('textbox', { name: /Safe way to reach them/ }), 'Through the clinic nurse');
    await user.click(screen.getByRole('button', { name: 'Show service names' }));
    await user.click(radio('Refer to', 'Safe Harbor shelter'));
    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(screen.queryByRole('radiogroup', { name: outcomeGroup })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(radio(outcomeGroup, 'Concern — patient agrees to referral')).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'The patient agreed to this referral' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: /Safe way to reach them/ })).toHaveValue('Through the clinic nurse');
    expect(radio('Refer to', 'Safe Harbor shelter')).toBeChecked();
  });

  it('asks for agreement again after moving away from a referral', async () => {
    const user = userEvent.setup();
    const { decision } = renderForm({ initial: { outcome: 'concern-referral-agreed', consentRecorded: true, referralTarget: shelter } });
    await user.click(radio(outcomeGroup, 'No concern'));
    await user.click(radio(outcomeGroup, 'Immediate danger'));
    expect(screen.getByRole('checkbox', { name: 'The patient agreed to this referral' })).not.toBeChecked();
    expect(decision()).toMatchObject({ outcome: 'immediate-danger', consentRecorded: false, referralTarget: shelter });
    expect(screen.getByText(/Follow your facility’s procedure for immediate danger/)).toBeInTheDocument();
  });

  it('offers the hotline card, and no referral, when the patient declines', async () => {
    const user = userEvent.setup();
    renderForm();
    await user.click(radio(outcomeGroup, 'Concern — patient declines referral'));
    expect(screen.getByRole('region', { name: 'National hotline' })).toHaveTextContent('1-888-373-7888');
    expect(screen.queryByRole('group', { name: 'Refer to' })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: 'The patient agreed to this referral' })).toBeNull();
  });
});
