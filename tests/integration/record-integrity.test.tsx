import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/App';
import { sandboxConfig } from '../../mocks/sandbox/dev-config';
import { defaultSystemBase, parseConfig } from '../../src/config/runtime-config';
import { requestedScopes } from '../../src/config/scopes';
import { submissionIdentifierSystem } from '../../src/features/referral/referral-systems';
import { calendarDay } from '../../src/lib/fhir/format';
import type { ResourceOf } from '../../src/lib/fhir/fhir-client';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import type { SandboxPatient } from '../../mocks/sandbox/synthetic/generate';
import { connectTestSandbox } from '../sandbox-harness';
import { adultReferralAgreed, commitThenLose, planFor, serveMetadata, submission } from './write-back-support';
import { executeWrite } from '../../src/features/referral/write-executor';

const sandbox = connectTestSandbox();
const config = parseConfig(sandboxConfig());
type Writable = 'Flag' | 'ServiceRequest' | 'QuestionnaireResponse' | 'Communication';

afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

// Each test writes for a fresh copy of David Chen (adult, ED visit in progress, no chart indicators), its own.
let patient: SandboxPatient;
beforeEach(async () => {
  patient = await sandbox.freshPatient('no-indicators');
});

async function launch(scope?: string, context: { dropsSecurityLabels?: boolean } = {}): Promise<SmartSession> {
  return sandbox.launch({ patient: patient.patientId, encounter: patient.activeEncounterIds[0], ...context }, scope);
}

function renderApp(session: SmartSession, readOnlyReason?: string): void {
  render(
    <App
      session={session}
      config={config}
      readOnlyReason={readOnlyReason}
      asOf={calendarDay(new Date())}
      queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    />,
  );
}

/** What Lantern has written for David that is still in force, as any app could search it. */
async function lanternsInForce<K extends Writable>(session: SmartSession, type: K): Promise<ResourceOf<K>[]> {
  const { resources } = await session.fhir.search(type, { patient: `Patient/${patient.patientId}`, identifier: `${submissionIdentifierSystem(defaultSystemBase)}|` });
  return resources.filter((resource) => !('status' in resource) || resource.status !== 'entered-in-error');
}

async function expandCheckIn(user: ReturnType<typeof userEvent.setup>): Promise<void> {
  await user.click(await screen.findByRole('button', { name: /Safety check-in/ }));
}

/**
 * Answers every screening question "No" except the first, picks an outcome and the patient's say over the record
 * ("Everything listed"; null where the record part cannot ask, because nothing can be written from this window).
 */
async function decide(
  user: ReturnType<typeof userEvent.setup>,
  outcome: 'Concern — patient agrees to referral' | 'Concern — patient declines referral',
  expand = true,
  recordChoice: string | RegExp | null = 'Everything listed',
): Promise<void> {
  if (expand) await expandCheckIn(user);
  const questions = await waitFor(() => within(screen.getByRole('region', { name: 'Screening questions' })).getAllByRole('radiogroup'));
  for (const question of questions) await user.click(within(question).getByRole('radio', { name: 'No' }));
  const [first] = questions;
  if (first) await user.click(within(first).getByRole('radio', { name: 'Yes' }));
  await user.click(screen.getByRole('radio', { name: outcome }));
  if (outcome === 'Concern — patient agrees to referral') {
    await user.click(screen.getByRole('checkbox', { name: 'The patient agreed to this referral' }));
    await user.click(within(screen.getByRole('group', { name: 'Refer to' })).getByRole('button', { name: 'Show service names' }));
    await user.click(await within(screen.getByRole('group', { name: 'Refer to' })).findByRole('radio', { name: /shelter/i }));
  }
  if (recordChoice !== null) await chooseForRecord(user, recordChoice);
}

async function chooseForRecord(user: ReturnType<typeof userEvent.setup>, choice: string | RegExp): Promise<void> {
  await user.click(await within(await screen.findByRole('group', { name: 'What goes in the record' })).findByRole('radio', { name: choice }));
}

async function withdraw(user: ReturnType<typeof userEvent.setup>, reason: string): Promise<void> {
  await user.click(screen.getByRole('button', { name: 'Change or withdraw the record…' }));
  const panel = screen.getByRole('region', { name: 'Mark as entered in error' });
  expect(within(panel).getByRole('button', { name: 'Mark as entered in error' })).toBeDisabled();
  await user.click(within(panel).getByRole('radio', { name: reason }));
  await user.click(within(panel).getByRole('button', { name: 'Mark as entered in error' }));
  await screen.findByText(/^Marked as entered in error|^Nothing of that record had reached the chart/);
}

describe('finding 1: someone else’s safety flag', () => {
  it('is never changed; Lantern’s record stands beside it', async () => {
    const session = await launch();
    const fallRisk = await session.fhir.create<'Flag'>({
      resourceType: 'Flag',
      status: 'active',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety', display: 'Safety' }] }],
      code: { text: 'Fall risk' },
      subject: { reference: `Patient/${patient.patientId}` },
    });
    renderApp(session);
    const user = userEvent.setup();
    await decide(user, 'Concern — patient declines referral');
    expect(await screen.findByText('A restricted safety flag')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Record in the chart' }));
    const recorded = await screen.findByRole('region', { name: 'Recorded' });
    expect(within(recorded).getByText('Restricted safety flag added.')).toBeVisible();
    expect(within(recorded).queryByText(new RegExp(`^Flag/${fallRisk.id}$`))).toBeNull();

    const after = await session.fhir.read('Flag', fallRisk.id);
    expect(after.meta?.versionId).toBe(fallRisk.meta?.versionId);
    expect(after.meta?.security).toBeUndefined();
    expect(after.identifier).toBeUndefined();
  });
});

describe('finding 2: a double click', () => {
  it('records once and never withdraws', async () => {
    const session = await launch();
    renderApp(session);
    const user = userEvent.setup();
    await decide(user, 'Concern — patient agrees to referral');
    await user.dblClick(await screen.findByRole('button', { name: 'Record in the chart' }));
    const recorded = await screen.findByRole('region', { name: 'Recorded' });
    await within(recorded).findByText(/^Referral to .*shelter/i);
    // A third click where Record was lands on nothing that withdraws.
    expect(screen.queryByRole('button', { name: 'Mark as entered in error' })).toBeNull();
    expect(await lanternsInForce(session, 'Flag')).toHaveLength(1);
    expect(await lanternsInForce(session, 'ServiceRequest')).toHaveLength(1);
  });
});

describe('finding 3: edits after a failed attempt', () => {
  it('cannot slip in: the form is locked, Try again sends what was shown, and a change is a deliberate withdrawal', async () => {
    const session = await launch();
    renderApp(session);
    const user = userEvent.setup();
    await decide(user, 'Concern — patient agrees to referral');
    sandbox.server.use(http.post(sandbox.fhirBaseUrl, () => HttpResponse.error(), { once: true }));
    await user.click(await screen.findByRole('button', { name: 'Record in the chart' }));
    expect(await screen.findByText(/The record was not completed/)).toBeVisible();

    // The escalation the clinician tries now does not take: the outcome is what will be sent.
    const danger = screen.getByRole('radio', { name: 'Immediate danger' });
    expect(danger).toBeDisabled();
    await user.click(danger);
    expect(danger).not.toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await within(await screen.findByRole('region', { name: 'Recorded' })).findByText(/^Referral to .*shelter.*, routine\.$/i);

    await withdraw(user, 'The decision changed: I will record it again');
    await user.click(screen.getByRole('radio', { name: 'Immediate danger' }));
    await user.click(screen.getByRole('button', { name: 'Record in the chart' }));
    await within(await screen.findByRole('region', { name: 'Recorded' })).findByText(/^Referral to .*shelter.*, urgent\.$/i);
    const referrals = await lanternsInForce(session, 'ServiceRequest');
    expect(referrals.map((referral) => referral.priority)).toEqual(['stat']);
  });
});

describe('finding 4: a partial write, then a changed decision', () => {
  it('lists what was written, withdraws it, and leaves nothing in force', async () => {
    serveMetadata(sandbox, { transaction: false });
    const session = await launch();
    renderApp(session);
    const user = userEvent.setup();
    await decide(user, 'Concern — patient agrees to referral');
    sandbox.server.use(http.post(`${sandbox.fhirBaseUrl}/QuestionnaireResponse`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }, { status: 503 })));
    await user.click(await screen.findByRole('button', { name: 'Record in the chart' }));
    expect(await screen.findByText('Already in the record:')).toBeVisible();
    expect(screen.getByText('Restricted safety flag added.')).toBeVisible();
    sandbox.server.resetHandlers();
    serveMetadata(sandbox, { transaction: false });

    await withdraw(user, 'The decision changed: I will record it again');
    expect(screen.getByText('The restricted safety flag')).toBeVisible();
    await user.click(screen.getByRole('radio', { name: 'No concern' }));
    await chooseForRecord(user, /^Nothing in the record/);
    expect(await screen.findByText(/The patient chose to keep this out of the record: nothing is written/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Record in the chart' })).toBeNull();
    expect(await lanternsInForce(session, 'Flag')).toEqual([]);
    expect(await lanternsInForce(session, 'ServiceRequest')).toEqual([]);
  });

  it('finds and withdraws what an answer lost on the way back had stored', async () => {
    serveMetadata(sandbox, { transaction: false });
    const session = await launch();
    renderApp(session);
    const user = userEvent.setup();
    await decide(user, 'Concern — patient declines referral');
    sandbox.server.use(commitThenLose(`${sandbox.fhirBaseUrl}/Flag`));
    await user.click(await screen.findByRole('button', { name: 'Record in the chart' }));
    expect(await screen.findByText(/no answer saying any of it reached the record/)).toBeVisible();
    expect(await lanternsInForce(session, 'Flag')).toHaveLength(1);

    await withdraw(user, 'Recorded by mistake');
    expect(await lanternsInForce(session, 'Flag')).toEqual([]);
  });
});

describe('finding 5: a server that cannot guard a retry', () => {
  it('says so before recording, and asks the clinician to check the chart before trying again', async () => {
    serveMetadata(sandbox, { transaction: false, conditionalCreate: false, updateCreate: false });
    const writeOnly = requestedScopes('ehr')
      .split(' ')
      .filter((scope) => !/(Flag|QuestionnaireResponse|Communication|ServiceRequest)\.read$/.test(scope))
      .join(' ');
    const session = await launch(writeOnly);
    renderApp(session);
    const user = userEvent.setup();
    await decide(user, 'Concern — patient declines referral');
    expect(await screen.findByText(/cannot tell Lantern whether an interrupted save reached the record/)).toBeVisible();
    sandbox.server.use(http.post(`${sandbox.fhirBaseUrl}/Flag`, () => HttpResponse.error(), { once: true }));
    await user.click(screen.getByRole('button', { name: 'Record in the chart' }));
    const tryAgain = await within(screen.getByRole('region', { name: 'Record' })).findByRole('button', { name: 'Try again' });
    expect(tryAgain).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: /I checked the chart: it does not hold the restricted safety flag/ }));
    await user.click(tryAgain);
    expect(await screen.findByRole('region', { name: 'Recorded' })).toBeVisible();
  });
});

describe('findings 7 and 12: Lantern’s own record', () => {
  it('is not shown back as another clinician’s concern, and a relaunch in the visit recognises it', async () => {
    const session = await launch();
    renderApp(session);
    const user = userEvent.setup();
    await decide(user, 'Concern — patient agrees to referral');
    await user.click(await screen.findByRole('button', { name: 'Record in the chart' }));
    await screen.findByRole('region', { name: 'Recorded' });
    await waitFor(async () => {
      expect(await lanternsInForce(session, 'Flag')).toHaveLength(1);
    });
    expect(screen.queryByText('Earlier safety flag or referral')).toBeNull();

    cleanup();
    renderApp(await launch());
    await expandCheckIn(user);
    const earlier = await screen.findByRole('region', { name: 'Recorded earlier in this visit' });
    expect(within(earlier).getByText('Restricted safety flag')).toBeVisible();
    // Read back from the record, the referral is shown as the record shows it: in neutral words.
    expect(within(earlier).getByText('Referral to Community support service, routine')).toBeVisible();
    expect(screen.queryByText('Earlier safety flag or referral')).toBeNull();

    // Adding to it keeps the flag: the plan says so before anything is written.
    await decide(user, 'Concern — patient declines referral', false);
    expect(await screen.findByText(/Lantern’s restricted safety flag from .* stays as it is; this record points at it/)).toBeVisible();
  });
});

describe('finding 9: labels the EHR dropped', () => {
  it('are read back and reported plainly', async () => {
    const session = await launch(undefined, { dropsSecurityLabels: true });
    renderApp(session);
    const user = userEvent.setup();
    await decide(user, 'Concern — patient declines referral');
    await user.click(await screen.findByRole('button', { name: 'Record in the chart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/did not keep the restricted labels.*patient portal/);
  });
});

describe('finding 11: what the screen says is the truth', () => {
  it('does not offer Record when Lantern’s earlier record could not be read, and says why', async () => {
    const session = await launch();
    sandbox.server.use(http.get(`${sandbox.fhirBaseUrl}/Flag`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }, { status: 500 })));
    renderApp(session);
    const user = userEvent.setup();
    await decide(user, 'Concern — patient declines referral', true, null);
    expect(await screen.findByText(/could not check what it recorded earlier for this patient/)).toBeVisible();
    expect(screen.queryByRole('group', { name: 'What goes in the record' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Record in the chart' })).toBeNull();
    sandbox.server.resetHandlers();
    await user.click(within(screen.getByRole('region', { name: 'Record' })).getByRole('button', { name: 'Try again' }));
    await chooseForRecord(user, 'Everything listed');
    expect(await screen.findByRole('button', { name: 'Record in the chart' })).toBeVisible();
  });

  it('re-reads what the plan was built from after a conflict, so "Try again" does not add a second flag', async () => {
    const session = await launch();
    renderApp(session);
    const user = userEvent.setup();
    await decide(user, 'Concern — patient declines referral');
    expect(await screen.findByText('A restricted safety flag')).toBeVisible();

    // Meanwhile another Lantern window records the concern in this visit, and the EHR refuses this one with a 409.
    const other = submission(session, { ...adultReferralAgreed, outcome: 'concern-declined-referral', consentRecorded: false }, false);
    await executeWrite(session.fhir, await planFor(session, other), other);
    sandbox.server.use(
      http.post(sandbox.fhirBaseUrl, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict' }] }, { status: 409 }), {
        once: true,
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Record in the chart' }));
    expect(await screen.findByText(/The record was not completed/)).toBeVisible();
    await user.click(within(screen.getByRole('region', { name: 'Record' })).getByRole('button', { name: 'Try again' }));

    const recorded = await screen.findByRole('region', { name: 'Recorded' });
    expect(within(recorded).getByText(/^Lantern’s restricted safety flag .*kept as it was\.$/)).toBeVisible();
    expect(await lanternsInForce(session, 'Flag')).toHaveLength(1);

    // Withdrawing this record leaves the other window's flag, and says so.
    await withdraw(user, 'Recorded by mistake');
    expect(screen.getByText(/was on the chart before this record, so it was left active/)).toBeVisible();
    expect(await lanternsInForce(session, 'Flag')).toHaveLength(1);
  });

  it('writes nothing, and says why, when Lantern’s settings could not be read', async () => {
    renderApp(await launch(), 'Lantern could not read its settings, so it will not write to the record from this window.');
    const user = userEvent.setup();
    await decide(user, 'Concern — patient agrees to referral', true, null);
    expect(screen.getAllByText(/could not read its settings/).length).toBeGreaterThan(0);
    expect(screen.getByRole('region', { name: 'Confidential — phone referral summary' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Record in the chart' })).toBeNull();
  });
});
