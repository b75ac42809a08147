import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/App';
import { sandboxConfig } from '../../mocks/sandbox/dev-config';
import { parseConfig } from '../../src/config/runtime-config';
import { calendarDay } from '../../src/lib/fhir/format';
import { connectTestSandbox } from '../sandbox-harness';

const sandbox = connectTestSandbox();
const config = parseConfig(sandboxConfig());
const ana = sandbox.patient('indicator-adult');
const companion = { name: /companion answers for the patient/ };
const sessionOver = /connection to the EHR has ended, so it cannot record what you entered/;
const expired = (): Response =>
  HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'Access token expired' }] }, { status: 401 });

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

/**
 * The chart is read, then the EHR ends the session — every request answers 401 and the refresh is refused — just as
 * the check-in opens and reads what the EHR accepts.
 */
async function openCheckInAsSessionEnds(): Promise<void> {
  const session = await sandbox.launch({ patient: ana.patientId, encounter: ana.activeEncounterIds[0], refuseRefresh: true });
  render(<App session={session} config={config} asOf={calendarDay(new Date())} queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })} />);
  const toggle = await screen.findByRole('button', { name: /Safety check-in/ });
  await screen.findByRole('region', { name: 'Current visit' });
  sandbox.server.use(http.all(`${sandbox.fhirBaseUrl}/*`, expired));
  await userEvent.setup().click(toggle);
  await screen.findByRole('region', { name: 'Confidential — phone referral summary' });
}

describe('when the EHR session ends', () => {
  it('keeps what was entered on screen, says it cannot be recorded, offers the summary, and stores nothing', async () => {
    const user = userEvent.setup();
    await openCheckInAsSessionEnds();
    // Nothing entered yet: nothing to warn about.
    expect(screen.queryByText(sessionOver)).toBeNull();
    expect(within(screen.getByRole('region', { name: 'Record' })).getByText('Lantern can no longer write to the record from this window.')).toBeVisible();

    await user.click(screen.getByRole('checkbox', companion));
    await user.click(screen.getByRole('radio', { name: 'No concern' }));
    expect(await screen.findByText(sessionOver)).toBeVisible();
    expect(screen.getByRole('checkbox', companion)).toBeChecked();
    expect(screen.getByRole('radio', { name: 'No concern' })).toBeChecked();
    expect(screen.getByRole('region', { name: 'Confidential — phone referral summary' })).toHaveTextContent('Outcome: No concern');
    expect(screen.queryByRole('button', { name: 'Record in the chart' })).toBeNull();
    // Answers live in memory only.
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
  });

  it('says nothing about it behind quick-hide, and everything is back on resume', async () => {
    const user = userEvent.setup();
    await openCheckInAsSessionEnds();
    await user.click(screen.getByRole('checkbox', companion));
    await screen.findByText(sessionOver);
    await user.keyboard('{Escape}');
    expect(await screen.findByText('No notes to show.')).toBeVisible();
    expect(screen.queryByText(sessionOver)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(await screen.findByText(sessionOver)).toBeVisible();
    expect(screen.getByRole('checkbox', companion)).toBeChecked();
  });
});
