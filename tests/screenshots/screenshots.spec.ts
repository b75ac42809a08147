import { expect, test } from '@playwright/test';
import { openChart } from '../e2e/ehr';

/** The Lantern sidebar as the EHR shows it, at the e2e suite's default viewport: what the note's screenshots show. */

test('docs/screenshots/first-screen.png: the expanded card, first viewport', async ({ page }) => {
  const lantern = await openChart(page, 'indicator-adult');
  const toggle = lantern.getByRole('button', { name: /Safety check-in/ });
  await expect(toggle).toContainText(/[1-9]\d* items/);
  await toggle.click();
  await expect(lantern.getByRole('heading', { name: 'Private conversation guide' })).toBeVisible();
  await page.locator('iframe[title="Lantern"]').screenshot({ path: 'docs/screenshots/first-screen.png' });
});

test('docs/screenshots/patient-view.png: the patient reads the questions themselves', async ({ page }) => {
  const lantern = await openChart(page, 'indicator-adult');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await lantern.getByRole('button', { name: 'Let the patient read the questions' }).click();
  await expect(lantern.getByText('Question 1 of 6')).toBeVisible();
  await page.locator('iframe[title="Lantern"]').screenshot({ path: 'docs/screenshots/patient-view.png' });
});

test('docs/check-in-beside-chart.png: the expanded card in the simulated EHR, beside the chart', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  const lantern = await openChart(page, 'indicator-adult');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await expect(lantern.getByRole('heading', { name: 'Private conversation guide' })).toBeVisible();
  await page.screenshot({ path: 'docs/check-in-beside-chart.png' });
});
