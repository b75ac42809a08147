import { QueryClient } from '@tanstack/react-query';
import type { FhirResource } from 'fhir/r4';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../../mocks/sandbox/dev-config';
import type { SandboxPatient } from '../../mocks/sandbox/synthetic/generate';
import { App } from '../../src/app/App';
import { defaultSystemBase, parseConfig, type LanternConfig } from '../../src/config/runtime-config';
import { submissionIdentifierSystem } from '../../src/features/referral/referral-systems';
import { calendarDay } from '../../src/lib/fhir/format';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import { connectTestSandbox } from '../sandbox-harness';

// An organisation with its own systemBase: what Lantern writes carries it, and the next launch finds Lantern's record
// by it. Each test writes for its own fresh copy of David Chen (adult, ED visit in progress, no chart indicators).

const sandbox = connectTestSandbox();
const systemBase = 'https://fhir.st-elsewhere.example/lantern';
const organisationConfig: LanternConfig = parseConfig({ ...(sandboxConfig() as object), systemBase });
const placeholderConfig: LanternConfig = parseConfig(sandboxConfig());

afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

let patient: SandboxPatient;
beforeEach(async () => {
  patient = await sandbox.freshPatient('no-indicators');
});

async function launch(): Promise<SmartSession> {
  return sandbox.launch({ patient: patient.patientId, encounter: patient.activeEncounterIds[0] });
}

function renderApp(session: SmartSession, config: LanternConfig): void {
  render(<App session={session} config={config} asOf={calendarDay(new Date())} queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })} />);
}

/** Screen answered (first question yes), referral agreed to a shelter, everything in the record; then Record. */
async function recordReferral(user: ReturnType<typeof userEvent.setup>): Promise<void> {
  await user.click(await screen.findByRole('button', { name: /Safety check-in/ }));
  const questions = await waitFor(() => within(screen.getByRole('region', { name: 'Screening questions' })).getAllByRole('radiogroup'));
  for (const question of questions) await user.click(within(question).getByRole('radio', { name: 'No' }));
  const [first] = questions;
  if (first) await user.click(within(first).getByRole('radio', { name: 'Yes' }));
  await user.click(screen.getByRole('radio', { name: 'Concern — patient agrees to referral' }));
  await user.click(screen.getByRole('checkbox', { name: 'The patient agreed to this referral' }));
  const referTo = screen.getByRole('group', { name: 'Refer to' });
  await user.click(within(referTo).getByRole('button', { name: 'Show service names' }));
  await user.click(await within(referTo).findByRole('radio', { name: /shelter/i }));
  await user.click(await within(await screen.findByRole('group', { name: 'What goes in the record' })).findByRole('radio', { name: 'Everything listed' }));
  await user.click(await screen.findByRole('button', { name: 'Record in the chart' }));
  await screen.findByRole('region', { name: 'Recorded' });
}

/** Everything the server holds for the patient of these types, as any app could search it. */
async function patientResources(session: SmartSession): Promise<FhirResource[]> {
  const types = ['Flag', 'QuestionnaireResponse', 'Communication', 'ServiceRequest'] as const;
  const found = await Promise.all(types.map(async (type) => (await session.fhir.search(type, { patient: `Patient/${patient.patientId}` })).resources));
  return found.flat();
}

/** Every identifier system, coding system and extension url in a resource. */
function systemsIn(resource: FhirResource): string[] {
  return [...JSON.stringify(resource).matchAll(/"(?:system|url)":"([^"]+)"/g)].map((match) => match[1] ?? '');
}

describe('the organisation’s systemBase', () => {
  it('is on every identifier and Lantern code written, and the next launch recognises the record by it', async () => {
    const user = userEvent.setup();
    const session = await launch();
    renderApp(session, organisationConfig);
    await recordReferral(user);

    const written = await patientResources(session);
    expect(written.map((resource) => resource.resourceType).sort()).toEqual(['Communication', 'Flag', 'QuestionnaireResponse', 'ServiceRequest']);
    for (const resource of written) {
      const own = systemsIn(resource).filter((system) => system.startsWith(`${systemBase}/`));
      // The identifier, and Lantern's code (Flag code, note topic and reason, referral reason, screen result).
      expect(own, resource.resourceType).toContain(submissionIdentifierSystem(systemBase));
      expect(own.length, resource.resourceType).toBeGreaterThan(1);
      // Only the canonical of Lantern's own default questionnaire, a definition Lantern publishes, keeps its base.
      const canonical = resource.resourceType === 'QuestionnaireResponse' ? (resource.questionnaire ?? '') : '';
      expect(JSON.stringify(resource).replace(canonical, ''), resource.resourceType).not.toContain(defaultSystemBase);
    }

    cleanup();
    renderApp(await launch(), organisationConfig);
    await user.click(await screen.findByRole('button', { name: /Safety check-in/ }));
    const earlier = await screen.findByRole('region', { name: 'Recorded earlier in this visit' });
    expect(within(earlier).getByText('Restricted safety flag')).toBeVisible();
    expect(screen.queryByText('Earlier safety flag or referral')).toBeNull();
  });

  it('is what makes a record Lantern’s: under another base the same record is not taken for Lantern’s own', async () => {
    const user = userEvent.setup();
    renderApp(await launch(), organisationConfig);
    await recordReferral(user);

    cleanup();
    renderApp(await launch(), placeholderConfig);
    await user.click(await screen.findByRole('button', { name: /Safety check-in/ }));
    // Read, and taken for another author's flag: a chart prompt, not Lantern's own earlier record.
    expect(await screen.findByText('Earlier safety flag or referral')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Recorded earlier in this visit' })).toBeNull();
  });
});
