import { expect, test } from '@playwright/test';
import { chartListing, decideReferral, expectNoAxeViolations, openChart } from './ehr';

// Each test counts what a patient's record holds before and after it writes.
test.describe.configure({ mode: 'serial' });

test('launch → prompts → questions → consent → referral → confirmation, then found in the EHR with labels', async ({ page }) => {
  const before = await chartListing(page, 'no-active-encounter', 'Flags');
  const lantern = await openChart(page, 'no-active-encounter');
  await decideReferral(lantern);
  await expectNoAxeViolations(page);
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  const recorded = lantern.getByRole('region', { name: 'Recorded' });
  await expect(recorded).toContainText('A restricted safety flag');
  await expect(recorded).toContainText('The referral');

  const flags = await chartListing(page, 'no-active-encounter', 'Flags');
  expect(flags.length).toBe(before.length + 1);
  expect(flags.at(-1)).toMatch(/Safety concern — restricted; see care team — active \[R, NOPAT, SDV\]/);
  const referrals = await chartListing(page, 'no-active-encounter', 'Referrals');
  expect(referrals.some((text) => /Referral to social services → .*shelter.* — active \[R, NOPAT, SDV\]/i.test(text))).toBe(true);
});

// A patient no other browser test writes for: an active safety flag already there would be confirmed, not added.
test('the network fails at submit; the retry finishes the job without duplicates', async ({ page }) => {
  const flagsBefore = await chartListing(page, 'two-active-encounters', 'Flags');
  const referralsBefore = await chartListing(page, 'two-active-encounters', 'Referrals');
  const lantern = await openChart(page, 'two-active-encounters');
  await decideReferral(lantern);

  let dropped = false;
  await page.route('**/sandbox/**/fhir**', async (route) => {
    if (!dropped && route.request().method() === 'POST') {
      dropped = true;
      await route.abort('internetdisconnected');
      return;
    }
    await route.fallback();
  });
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByText(/The record was not completed/)).toBeVisible();
  await expect(lantern.getByRole('checkbox', { name: 'The patient agreed to this referral' })).toBeChecked();
  await lantern.getByRole('button', { name: 'Try again' }).click();
  await expect(lantern.getByRole('region', { name: 'Recorded' })).toContainText('The referral');
  await page.unroute('**/sandbox/**/fhir**');

  expect((await chartListing(page, 'two-active-encounters', 'Flags')).length).toBe(flagsBefore.length + 1);
  expect((await chartListing(page, 'two-active-encounters', 'Referrals')).length).toBe(referralsBefore.length + 1);
});
