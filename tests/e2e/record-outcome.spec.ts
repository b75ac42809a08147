import { expect, test, type Page } from '@playwright/test';
import { addForeignSafetyFlag, chartListing, chooseOutcome, decideReferral, expectNoAxeViolations, freshPatient, openChart, recordedReferences, recordFhirWrites, withdrawRecord } from './ehr';

// Each test writes for a fresh copy of a sandbox patient, its own: what the chart holds afterwards is what it wrote.

test('launch → prompts → questions → consent → referral → confirmation, then found in the EHR with labels', async ({ page }) => {
  const grace = await freshPatient(page, 'no-active-encounter');
  const lantern = await openChart(page, grace);
  await decideReferral(lantern);
  await expectNoAxeViolations(page);
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  const recorded = lantern.getByRole('region', { name: 'Recorded', exact: true });
  await expect(recorded).toContainText('Restricted safety flag added.');
  await expect(recorded).toContainText(/Referral to .*shelter/i);

  const flags = await chartListing(page, grace, 'Flags');
  expect(flags).toHaveLength(1);
  expect(flags[0]).toMatch(/Safety concern — restricted; see care team — active \[R, NOPAT, SDV\]/);
  const referrals = await chartListing(page, grace, 'Referrals');
  expect(referrals).toHaveLength(1);
  // The chart's referral list shows the service's neutral display, never its name.
  expect(referrals[0]).toMatch(/Referral to social services → Community support service — active \[R, NOPAT, SDV\]/);
});

/** The network drops the first write Lantern sends, whichever way this EHR takes it. */
async function dropTheFirstWrite(page: Page): Promise<void> {
  let dropped = false;
  await page.route('**/sandbox/**/fhir**', async (route) => {
    if (!dropped && route.request().method() === 'POST') {
      dropped = true;
      await route.abort('internetdisconnected');
      return;
    }
    await route.fallback();
  });
}

test('the network fails at submit; the retry finishes the job without duplicates', async ({ page }) => {
  const samuel = await freshPatient(page, 'two-active-encounters');
  const lantern = await openChart(page, samuel);
  await decideReferral(lantern);

  await dropTheFirstWrite(page);
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByText(/The record was not completed/)).toBeVisible();
  await expect(lantern.getByRole('checkbox', { name: 'The patient agreed to this referral' })).toBeChecked();
  await lantern.getByRole('button', { name: 'Try again' }).click();
  await expect(lantern.getByRole('region', { name: 'Recorded', exact: true })).toContainText(/Referral to .*shelter/i);
  await page.unroute('**/sandbox/**/fhir**');

  const [flag, , , referral] = await recordedReferences(lantern);
  expect(await chartListing(page, samuel, 'Flags')).toHaveLength(1);
  expect(await chartListing(page, samuel, 'Referrals')).toHaveLength(1);

  // Opened again in the same visit: Lantern recognises its own record, and withdraws it only when asked, with a reason.
  const again = await openChart(page, samuel);
  await again.getByRole('button', { name: /Safety check-in/ }).click();
  const earlier = again.getByRole('region', { name: 'Recorded earlier in this visit' });
  await expect(earlier).toContainText('Restricted safety flag');
  await earlier.getByRole('button', { name: 'Change or withdraw it…' }).click();
  const panel = again.getByRole('region', { name: 'Mark as entered in error' });
  await panel.getByRole('radio', { name: 'Recorded by mistake' }).check();
  await panel.getByRole('button', { name: 'Mark as entered in error' }).click();
  await expect(again.getByText(/^Marked as entered in error \(/)).toBeVisible();
  const flags = await chartListing(page, samuel, 'Flags');
  expect(flags.find((item) => item.startsWith(`${flag ?? '-'} `))).toMatch(/entered-in-error/);
  const referrals = await chartListing(page, samuel, 'Referrals');
  expect(referrals.find((item) => item.startsWith(`${referral ?? '-'} `))).toMatch(/entered-in-error/);
});

test('someone else’s active safety flag ("Fall risk") is never changed; Lantern’s flag is added beside it', async ({ page }) => {
  const samuel = await freshPatient(page, 'two-active-encounters');
  const fallRisk = await addForeignSafetyFlag(page, samuel);
  const writes = recordFhirWrites(page);
  const lantern = await openChart(page, samuel);
  await decideReferral(lantern);
  await expect(lantern.getByRole('region', { name: 'Record', exact: true })).toContainText('A restricted safety flag');
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByRole('region', { name: 'Recorded', exact: true })).toContainText('Restricted safety flag added.');
  // Withdrawing Lantern's record leaves the other author's flag as it was, too.
  await withdrawRecord(lantern);
  expect(writes.filter((write) => write.includes(fallRisk))).toEqual([]);
  const flags = await chartListing(page, samuel, 'Flags');
  expect(flags.find((item) => item.startsWith(`${fallRisk} `))).toMatch(/^Flag\/\S+ Fall risk — active\s*$/);
});

test('a double click on Record records once, and never withdraws', async ({ page }) => {
  const writes = recordFhirWrites(page);
  const lantern = await openChart(page, await freshPatient(page, 'two-active-encounters'));
  await decideReferral(lantern);
  const recordButton = lantern.getByRole('button', { name: 'Record in the chart' });
  const where = await recordButton.boundingBox();
  if (!where) throw new Error('Record is not on screen');
  await recordButton.dblclick();
  const recorded = lantern.getByRole('region', { name: 'Recorded', exact: true });
  await expect(recorded).toContainText(/Referral to .*shelter/i);
  // Exactly where Record was, another double click finds nothing that withdraws.
  await page.mouse.dblclick(where.x + where.width / 2, where.y + where.height / 2);
  await expect(lantern.getByRole('region', { name: 'Mark as entered in error' })).toHaveCount(0);
  expect(writes).toEqual(['POST /sandbox/smart-launcher/fhir 200']);
});

test('edits after a failed attempt cannot slip in; a change is a deliberate withdrawal and a new record', async ({ page }) => {
  const samuel = await freshPatient(page, 'two-active-encounters');
  const lantern = await openChart(page, samuel);
  await decideReferral(lantern);
  await dropTheFirstWrite(page);
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByText(/The record was not completed/)).toBeVisible();
  await expect(lantern.getByRole('radio', { name: 'Immediate danger' })).toBeDisabled();
  await lantern.getByRole('button', { name: 'Try again' }).click();
  const recorded = lantern.getByRole('region', { name: 'Recorded', exact: true });
  await expect(recorded).toContainText(/Referral to .*shelter.*, routine\./i);
  const [, , , routine] = await recordedReferences(lantern);

  await withdrawRecord(lantern, 'The decision changed: I will record it again');
  await lantern.getByRole('radio', { name: 'Immediate danger' }).check();
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(recorded).toContainText(/Referral to .*shelter.*, urgent\./i);
  const referrals = await chartListing(page, samuel, 'Referrals');
  expect(referrals.find((item) => item.startsWith(`${routine ?? '-'} `))).toMatch(/entered-in-error/);
});

test('a partial write, then "no concern" with nothing in the record: what was written is listed, withdrawn, and nothing stays in force', async ({ page }) => {
  // This EHR takes one resource at a time, so a failure can leave part of the record written.
  await page.route('**/sandbox/**/fhir/metadata', async (route) => {
    const response = await route.fetch();
    const statement = (await response.json()) as { rest: { interaction?: { code: string }[] }[] };
    for (const rest of statement.rest) rest.interaction = (rest.interaction ?? []).filter((interaction) => interaction.code !== 'transaction');
    await route.fulfill({ response, json: statement });
  });
  await page.route('**/sandbox/**/fhir/QuestionnaireResponse', async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    return route.fulfill({ status: 503, contentType: 'application/fhir+json', json: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] } });
  });
  const samuel = await freshPatient(page, 'two-active-encounters');
  const lantern = await openChart(page, samuel);
  await decideReferral(lantern);
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByText('Already in the record:')).toBeVisible();
  await expect(lantern.getByText('Restricted safety flag added.')).toBeVisible();
  await page.unroute('**/sandbox/**/fhir/QuestionnaireResponse');

  await withdrawRecord(lantern, 'The decision changed: I will record it again');
  await chooseOutcome(lantern, 'No concern', /^Nothing in the record/);
  await expect(lantern.getByText(/The patient chose to keep this out of the record: nothing is written/)).toBeVisible();
  await expect(lantern.getByRole('button', { name: 'Record in the chart' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  const flags = await chartListing(page, samuel, 'Flags');
  expect(flags.filter((item) => /Safety concern — restricted; see care team — active/.test(item))).toEqual([]);
});
