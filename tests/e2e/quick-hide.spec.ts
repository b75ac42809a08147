import { expect, test, type Frame, type Page } from '@playwright/test';
import { expectNoAxeViolations, openChart } from './ehr';

function lanternFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => candidate.url().includes('/index.html'));
  if (!frame) throw new Error('Lantern frame not found');
  return frame;
}

test('Resume restores the scroll position, the open disclosures, the search words and focus', async ({ page }) => {
  const lantern = await openChart(page, 'indicator-adult');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await lantern.getByText(/^Chart prompts \(\d+\)$/).click();
  await lantern.getByText('Infection-related result').click();
  await expect(lantern.getByText('Sexually transmitted infection', { exact: true })).toBeVisible();
  await lantern.getByRole('radio', { name: 'Concern — patient agrees to referral' }).check();
  const search = lantern.getByRole('searchbox', { name: 'Find a service' });
  await search.fill('shelter');
  await expect(search).toBeFocused();
  const frame = lanternFrame(page);
  const scrolledTo = await frame.evaluate(() => window.scrollY);
  expect(scrolledTo).toBeGreaterThan(1000);

  await search.press('Escape');
  await expect(lantern.getByRole('button', { name: 'Resume' })).toBeFocused();
  await expect(lantern.getByText('Sexually transmitted infection', { exact: true })).toHaveCount(0);
  await lantern.getByRole('button', { name: 'Resume' }).press('Enter');

  await expect(search).toBeFocused();
  await expect(search).toHaveValue('shelter');
  expect(await frame.evaluate(() => window.scrollY)).toBe(scrolledTo);
  await expect(lantern.getByText('Sexually transmitted infection', { exact: true })).toBeVisible();
  await expect(lantern.getByText('Dental injury', { exact: true })).toBeHidden();
});

test('after the Hide button, focus goes back to where the clinician was, not to Hide', async ({ page }) => {
  const lantern = await openChart(page, 'indicator-adult');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  const firstNo = lantern.getByRole('region', { name: 'Screening questions' }).getByRole('radio', { name: 'No' }).first();
  await firstNo.check();
  await expect(firstNo).toBeFocused();
  await lantern.getByRole('button', { name: 'Hide' }).click();
  await lantern.getByRole('button', { name: 'Resume' }).click();
  await expect(firstNo).toBeFocused();
  await expect(firstNo).toBeChecked();
});

test('the Hide control says where Escape works, and Lantern hides itself after the configured idle period', async ({ page }) => {
  // This test's configuration: the shipped file with a two-second idle period.
  await page.route('**/lantern.config.json', async (route) => {
    const response = await route.fetch();
    const shipped = (await response.json()) as Record<string, unknown>;
    await route.fulfill({ response, json: { ...shipped, hideAfterIdleSeconds: 2 } });
  });
  const lantern = await openChart(page, 'indicator-adult');
  await expect(lantern.getByText('Esc hides Lantern while you are in it, not from the chart. Hides itself after 2 s without use.')).toBeVisible();
  await expect(lantern.getByRole('button', { name: 'Hide' })).toHaveAccessibleDescription(/not from the chart/);
  await expect(lantern.getByRole('button', { name: 'Resume' })).toBeVisible({ timeout: 10_000 });
  await expect(lantern.getByText('Safety check-in')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await lantern.getByRole('button', { name: 'Resume' }).click();
  await expect(lantern.getByRole('button', { name: /Safety check-in/ })).toBeVisible();
});
