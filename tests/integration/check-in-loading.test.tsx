import { QueryClient } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeEach, expect, it, vi } from 'vitest';
import { App } from '../../src/app/App';
import { sandboxConfig } from '../../mocks/sandbox/dev-config';
import { parseConfig } from '../../src/config/runtime-config';
import { calendarDay } from '../../src/lib/fhir/format';
import { connectTestSandbox } from '../sandbox-harness';

// While a part is unreachable, importing its code fails as the browser's import() does when a chunk cannot be
// fetched (the network dropped, or a deployment replaced the files).
const unreachable = vi.hoisted(() => new Set<'CheckInBody' | 'RecordOutcome'>());
function fetchChunk(part: 'CheckInBody' | 'RecordOutcome'): void {
  if (unreachable.has(part)) throw new TypeError('Failed to fetch dynamically imported module');
}
vi.mock('../../src/app/CheckInBody', async (importOriginal) => {
  fetchChunk('CheckInBody');
  return importOriginal();
});
vi.mock('../../src/app/RecordOutcome', async (importOriginal) => {
  fetchChunk('RecordOutcome');
  return importOriginal();
});

const sandbox = connectTestSandbox();
const config = parseConfig(sandboxConfig());
afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});
beforeEach(() => {
  // React reports every caught error on the console; the app's root reports the kind only (main.tsx).
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

const notLoaded = 'This part of the check-in could not be loaded: the connection to Lantern’s server may have dropped.';

// One test: a part whose code has loaded stays loaded for the page (as in the browser), so each failure is met once.
it('a part of the check-in whose code cannot be loaded says so, keeps what was entered, and loads on "Try again"', async () => {
  unreachable.add('CheckInBody');
  unreachable.add('RecordOutcome');
  const patient = sandbox.patient('indicator-adult');
  const session = await sandbox.launch({ patient: patient.patientId, encounter: patient.activeEncounterIds[0] });
  render(<App session={session} config={config} asOf={calendarDay(new Date())} queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })} />);
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: /Safety check-in/ }));

  // The opened card: a sentence in its place, the chart beside it untouched.
  expect(await screen.findByText(notLoaded)).toBeVisible();
  expect(screen.getByText('Nothing you entered is lost.')).toBeVisible();
  expect(screen.getByRole('region', { name: 'What Lantern read' })).toBeVisible();
  unreachable.delete('CheckInBody');
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  const screening = await screen.findByRole('region', { name: 'Screening questions' });

  // The record section, its code still out of reach: the answers and the outcome stay on screen, and stay through
  // "Try again".
  expect(await screen.findByText(notLoaded)).toBeVisible();
  const [first] = within(screening).getAllByRole('radiogroup');
  if (!first) throw new Error('no screening question');
  await user.click(within(first).getByRole('radio', { name: 'Declined to answer' }));
  await user.click(screen.getByRole('radio', { name: 'Concern — patient declines referral' }));
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByText(notLoaded)).toBeVisible();
  expect(within(first).getByRole('radio', { name: 'Declined to answer' })).toBeChecked();

  unreachable.delete('RecordOutcome');
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByRole('heading', { name: 'Record' })).toBeVisible();
  expect(screen.queryByText(notLoaded)).toBeNull();
  expect(within(first).getByRole('radio', { name: 'Declined to answer' })).toBeChecked();
  expect(screen.getByRole('radio', { name: 'Concern — patient declines referral' })).toBeChecked();
});
