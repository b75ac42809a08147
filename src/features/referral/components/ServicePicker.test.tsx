import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViewMemoryProvider } from '../../../components/view-memory';
import { emptyDecision } from '../decision-rules';
import { directoryFromConfig, mergeDirectory, nationalHotline } from '../directory';
import type { DirectoryView } from '../directory-query';
import type { DirectoryEntry, ReferralDecision, ReferralOutcome } from '../referral-types';
import { entryMarks, ServicePicker } from './ServicePicker';

// Monday 2 March 2026, 21:00 in Chicago: daytime services are closed, overnight ones open.
const mondayEvening = new Date('2026-03-03T03:00:00Z');
const chicago = 'America/Chicago';

const configured = directoryFromConfig([
  {
    id: 'on-call',
    kind: 'warm-handoff',
    name: 'On-call ED social worker',
    recordDisplay: 'Care team support',
    serviceType: 'Social work',
    contact: 'Page 555-0101',
    recipientReference: 'HealthcareService/hs-ed-social-work',
    availableTime: [{ allDay: true }],
    agesServed: 'all',
    lastVerified: '2026-02-01',
  },
  {
    id: 'legal',
    name: 'Survivor legal clinic',
    serviceType: 'Legal aid',
    contact: 'Call 555-0155',
    availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'], availableStartTime: '09:00', availableEndTime: '17:00' }],
    timeZone: chicago,
    agesServed: 'adult',
    lastVerified: '2024-03-15',
  },
  {
    id: 'youth-drop-in',
    name: 'Youth drop-in centre',
    serviceType: 'Youth services',
    contact: 'Text 555-0177',
    availableTime: [{ availableStartTime: '18:00', availableEndTime: '02:00' }],
    timeZone: chicago,
    agesServed: 'youth',
    lastVerified: '2025-10-01',
  },
  { id: 'shelter', name: 'Harbor shelter', serviceType: 'Shelter', contact: 'Call 555-0142' },
]);

const view: DirectoryView = { entries: mergeDirectory(configured, []), loading: false, staleAfterDays: 365 };

function renderPicker(options: { outcome?: ReferralOutcome; isMinor?: boolean | undefined; directory?: DirectoryView } = {}): void {
  function Panel(): ReactNode {
    const [decision, setDecision] = useState<ReferralDecision>({ ...emptyDecision, outcome: options.outcome ?? 'concern-referral-agreed' });
    return <ServicePicker decision={decision} onChange={setDecision} directory={options.directory ?? view} isMinor={'isMinor' in options ? options.isMinor : false} />;
  }
  render(
    <ViewMemoryProvider>
      <Panel />
    </ViewMemoryProvider>,
  );
}

const shownOrder = (): (string | null)[] =>
  within(screen.getByRole('group', { name: 'Refer to' }))
    .getAllByRole('radio')
    .map((option) => option.getAttribute('value'));

beforeEach(() => {
  // Only the clock is fake: user-event's own timers stay real.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(mondayEvening);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ServicePicker', () => {
  it('shows each service’s status in neutral words, read after its name', () => {
    renderPicker();
    expect(screen.getByRole('radio', { name: 'Care team support' })).toHaveAccessibleDescription('Social work · 24/7 On call now · All ages Page 555-0101');
    expect(screen.getByRole('radio', { name: 'Community support service', description: /Legal aid/ })).toHaveAccessibleDescription(
      'Legal aid · Mon–Fri 09:00–17:00 Closed now · Adults only · Not verified since March 2024 Call 555-0155',
    );
    expect(screen.getByRole('radio', { name: 'Community support service', description: /Shelter/ })).toHaveAccessibleDescription(
      'Shelter Hours not listed · Not verified Call 555-0142',
    );
  });

  it('shows the real names only when asked; the neutral display stays the record’s', async () => {
    const user = userEvent.setup();
    renderPicker();
    expect(screen.queryByText('On-call ED social worker')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show service names' }));
    await user.click(screen.getByRole('radio', { name: 'On-call ED social worker' }));
    expect(screen.getByText('Chosen:')).toHaveTextContent('Chosen: On-call ED social worker');
  });

  it('keeps the merged order for an adult referral', () => {
    renderPicker();
    expect(shownOrder()).toEqual(['hotline', 'config:on-call', 'config:legal', 'config:youth-drop-in', 'config:shelter']);
  });

  it('puts youth services first while the patient may be a minor, adults only last', () => {
    renderPicker({ isMinor: undefined });
    expect(shownOrder()).toEqual(['hotline', 'config:youth-drop-in', 'config:on-call', 'config:shelter', 'config:legal']);
  });

  it('puts what is open now first in immediate danger', () => {
    renderPicker({ outcome: 'immediate-danger' });
    expect(shownOrder()).toEqual(['hotline', 'config:on-call', 'config:youth-drop-in', 'config:shelter', 'config:legal']);
  });

  it('marks entries by the configured period', () => {
    renderPicker({ directory: { ...view, staleAfterDays: 20 } });
    expect(screen.getByRole('radio', { name: 'Care team support' })).toHaveAccessibleDescription(/Not verified since February 2026/);
  });
});

describe('entryMarks', () => {
  const context = { now: mondayEvening, timeZone: chicago, staleAfterDays: 365 };

  it('says when a warm handoff is not on call, and leaves the hotline unmarked but open', () => {
    const daytimeTeam: DirectoryEntry = { ...(configured[0] as DirectoryEntry), availableTime: [{ availableStartTime: '07:00', availableEndTime: '19:00' }] };
    expect(entryMarks(daytimeTeam, context)).toEqual(['Not on call now', 'All ages']);
    expect(entryMarks(nationalHotline, context)).toEqual(['Open now']);
  });

  it('shows hours written only as words instead of "Hours not listed"', () => {
    const byAppointment: DirectoryEntry = { ...(configured[3] as DirectoryEntry), hours: 'By appointment', lastVerified: '2026-03-01' };
    expect(entryMarks(byAppointment, context)).toEqual([]);
  });
});
