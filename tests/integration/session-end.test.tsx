import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/App';
import { keptFor, takeKeptCheckIn } from '../../src/app/kept-check-in';
import { parseConfig } from '../../src/config/runtime-config';
import { calendarDay } from '../../src/lib/fhir/format';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import { connectTestSandbox } from '../sandbox-harness';

const sandbox = connectTestSandbox();
const config = parseConfig(JSON.parse(readFileSync('public/lantern.config.json', 'utf8')) as unknown);
const ana = sandbox.patient('indicator-adult');
const companion = { name: /companion answers for the patient/ };
const expired = (): Response =>
  HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'Access token expired' }] }, { status: 401 });

beforeEach(() => {
  sessionStorage.clear();
});
afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

/** As main.tsx does: a relaunch takes what was kept for its own server, patient, visit and clinician. */
function renderApp(session: SmartSession): void {
  const owner = keptFor(session);
  const keptCheckIn = owner ? takeKeptCheckIn(owner) : undefined;
  render(
    <App
      session={session}
      config={config}
      asOf={calendarDay(new Date())}
      queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      keptCheckIn={keptCheckIn}
    />,
  );
}

/**
 * The chart is read, then the EHR ends the session — every request answers 401 and the refresh is refused — just as
 * the check-in opens and reads what the EHR accepts.
 */
async function openCheckInAsSessionEnds(): Promise<void> {
  renderApp(await sandbox.launch({ patient: ana.patientId, encounter: ana.activeEncounterIds[0], refuseRefresh: true }));
  const toggle = await screen.findByRole('button', { name: /Safety check-in/ });
  await screen.findByRole('region', { name: 'Current visit' });
  sandbox.server.use(http.all(`${sandbox.fhirBaseUrl}/*`, expired));
  await userEvent.setup().click(toggle);
  await screen.findByText('The EHR session has expired or was not accepted.');
}

describe('when the EHR session ends', () => {
  it('keeps what was entered for the relaunch, which brings it back for the same patient', async () => {
    const user = userEvent.setup();
    await openCheckInAsSessionEnds();
    // Nothing entered yet: nothing to keep, and the failed read already says to open Lantern again.
    expect(screen.queryByText(/What you entered is kept/)).toBeNull();
    expect(sessionStorage.length).toBe(0);

    await user.click(screen.getByRole('checkbox', companion));
    await user.click(screen.getByRole('radio', { name: 'No concern' }));
    expect(await screen.findByText(/What you entered is kept in this browser tab for 30 minutes/)).toBeVisible();

    cleanup();
    sandbox.server.resetHandlers();
    renderApp(await sandbox.launch({ patient: ana.patientId, encounter: ana.activeEncounterIds[0] }));
    // Brought back collapsed: nothing of it shows until the clinician opens the card.
    const toggle = await screen.findByRole('button', { name: /Safety check-in/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('checkbox', companion)).toBeNull();
    await user.click(toggle);
    expect(screen.getByText(/Brought back what you entered before the EHR session ended/)).toBeVisible();
    expect(screen.getByRole('checkbox', companion)).toBeChecked();
    expect(screen.getByRole('radio', { name: 'No concern' })).toBeChecked();
    expect(sessionStorage.length).toBe(0);
  });

  it('never brings it back in another patient’s launch', async () => {
    const user = userEvent.setup();
    await openCheckInAsSessionEnds();
    await user.click(screen.getByRole('checkbox', companion));
    await user.click(screen.getByRole('radio', { name: 'No concern' }));
    await screen.findByText(/What you entered is kept/);

    cleanup();
    sandbox.server.resetHandlers();
    const kayla = sandbox.patient('youth');
    renderApp(await sandbox.launch({ patient: kayla.patientId, encounter: kayla.activeEncounterIds[0] }));
    await user.click(await screen.findByRole('button', { name: /Safety check-in/ }));
    expect(screen.queryByText(/Brought back/)).toBeNull();
    expect(screen.getByRole('checkbox', companion)).not.toBeChecked();
    // Still there for Ana's own relaunch.
    expect(sessionStorage.length).toBe(1);
  });

  it('says nothing about it behind quick-hide', async () => {
    const user = userEvent.setup();
    await openCheckInAsSessionEnds();
    await user.click(screen.getByRole('checkbox', companion));
    await screen.findByText(/What you entered is kept/);
    await user.keyboard('{Escape}');
    expect(await screen.findByText('No notes to show.')).toBeVisible();
    expect(screen.queryByText(/What you entered is kept/)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sessionStorage.length).toBe(1);
  });
});
