import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { partnerPagePath } from '../../mocks/sandbox/partner/direct-light';
import { careTeamPagePath } from '../../mocks/sandbox/care-team/care-team-inbox';
import { chooseOutcome, expectNoAxeViolations, freshPatient, openChart, recordedReferences, type EhrPatient } from './ehr';

/**
 * The referral loop end to end: Lantern refers to Direct Light with a tracking Task, Direct Light answers on its own
 * page (its own SMART client, on the EHR's server), and the next launch shows the answer. The warm handoff's status
 * changes while Lantern is open.
 */

/** A concern, the adult's agreement, and Direct Light as the service: a referral the EHR can track. */
async function chooseDirectLight(lantern: FrameLocator): Promise<void> {
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await chooseOutcome(lantern, 'Concern — patient agrees to referral');
  await lantern.getByRole('checkbox', { name: 'The patient agreed to this referral' }).check();
  const services = lantern.getByRole('group', { name: 'Refer to' });
  await services.getByRole('button', { name: 'Show service names' }).click();
  await services.getByRole('radio', { name: /Direct Light/ }).check();
}

async function referToDirectLight(lantern: FrameLocator): Promise<string> {
  await chooseDirectLight(lantern);
  await expect(lantern.getByText(/A tracking task for the referral/)).toBeVisible();
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByText('Referral sent for tracking: the service’s answer will show at the next check-in.')).toBeVisible();
  const task = (await recordedReferences(lantern)).find((reference) => reference.startsWith('Task/'));
  expect(task).toBeDefined();
  return task ?? '';
}

async function answerAsDirectLight(page: Page, task: string, action: string, reason?: string): Promise<void> {
  const partner = await page.context().newPage();
  await partner.goto(partnerPagePath);
  const item = partner.getByRole('listitem').filter({ hasText: task });
  if (reason !== undefined) await item.locator('form').filter({ has: partner.getByRole('button', { name: action }) }).getByRole('textbox').fill(reason);
  await item.getByRole('button', { name: action }).click();
  await expect(partner.getByRole('status')).toContainText(`${task} is now`);
  await partner.close();
}

async function relaunch(page: Page, patient: EhrPatient): Promise<FrameLocator> {
  const lantern = await openChart(page, patient);
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  return lantern;
}

test('a referral accepted by Direct Light shows as accepted at the next launch', async ({ page }) => {
  const patient = await freshPatient(page, 'indicator-adult');
  const task = await referToDirectLight(await openChart(page, patient));
  await answerAsDirectLight(page, task, 'Accept');

  const lantern = await relaunch(page, patient);
  const earlier = lantern.getByRole('region', { name: 'Earlier check-ins' });
  await expect(earlier.getByText(/^Referral accepted — /)).toBeVisible();
  await expect(earlier.getByText(/^Next step:/)).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('a declined referral shows the service’s reason and the next step', async ({ page }) => {
  const patient = await freshPatient(page, 'indicator-adult');
  const task = await referToDirectLight(await openChart(page, patient));
  await answerAsDirectLight(page, task, 'Reject', 'No capacity this month');

  const lantern = await relaunch(page, patient);
  const earlier = lantern.getByRole('region', { name: 'Earlier check-ins' });
  await expect(earlier.getByText(/^Referral declined — No capacity this month — /)).toBeVisible();
  await expect(earlier.getByText('Next step: offer another service in this check-in, or the hotline: call 1-888-373-7888, text 233733.')).toBeVisible();
});

test('an EHR that takes no Task writes the referral untracked and says so', async ({ page }) => {
  const patient = await freshPatient(page, 'indicator-adult');
  const lantern = await openChart(page, patient, { profile: 'epic' });
  await chooseDirectLight(lantern);
  await expect(
    lantern.getByText(
      'This EHR does not accept referral tracking tasks from apps. The referral is recorded, but whether the service takes it up will not show in Lantern: follow it up by phone.',
    ),
  ).toBeVisible();
});

test('the warm handoff’s status changes while Lantern is open', async ({ page }) => {
  const patient = await freshPatient(page, 'indicator-adult');
  const lantern = await openChart(page, patient);
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  const team = lantern.getByRole('region', { name: 'On-call team' });
  await team.getByRole('textbox', { name: /Where to come/ }).fill('Bay 4');
  const send = team.getByRole('button', { name: 'Send urgent message to the on-call team' });
  await send.dblclick();
  await expect(team.getByRole('status')).toContainText('Waiting for the on-call team to open it');
  await expectNoAxeViolations(page);

  const inbox = await page.context().newPage();
  await inbox.goto(careTeamPagePath);
  // Sent once, however often the button was pressed.
  const messages = inbox.getByRole('listitem').filter({ hasText: 'Where: Bay 4.' });
  await expect(messages).toHaveCount(1);
  await messages.getByRole('button', { name: 'Mark received' }).click();
  await inbox.close();

  await expect(team.getByRole('status')).toContainText(/^Received by the on-call team at /, { timeout: 15_000 });
});
