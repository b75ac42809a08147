import { expect, test } from '@playwright/test';
import { practiceCases } from '../../practice/cases';
import { decideReferral, freshPatient, openChart } from '../e2e/ehr';
import { playWell } from '../e2e/practice-play';

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

for (const [sheet, button] of [
  ['patient-card', 'Print the patient card'],
  ['referral-summary', 'Print the referral summary'],
] as const) {
  test(`docs/screenshots/${sheet}.png: the printable as it prints, alone`, async ({ page }) => {
    // MEDITECH takes no referral from apps, so the clinician refers by phone with the summary and hands over the card.
    const patient = await freshPatient(page, 'indicator-adult');
    const lantern = await openChart(page, patient, { profile: 'meditech' });
    await decideReferral(lantern);
    await lantern.getByRole('checkbox', { name: 'Contacting the patient directly may be unsafe' }).check();
    await lantern.getByRole('textbox', { name: 'Safe way to reach them (optional)' }).fill('Clinic nurse line, ask for Dana');
    await lantern.getByRole('button', { name: button }).click();
    // Printing lays the frame's page out at paper width (US Letter, 8.5 in at 96 px/in), not at the sidebar's.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('iframe[title="Lantern"]').evaluate((frame) => {
      frame.style.width = '816px';
    });
    await page.emulateMedia({ media: 'print' });
    // The sheet alone, as the print stylesheet lays it out at the top of the page.
    await lantern.locator(`.print-sheet.${sheet}`).screenshot({ path: `docs/screenshots/${sheet}.png` });
  });
}

test('docs/check-in-beside-chart.png: the expanded card in the simulated EHR, beside the chart', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  const lantern = await openChart(page, 'indicator-adult');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await expect(lantern.getByRole('heading', { name: 'Private conversation guide' })).toBeVisible();
  await page.screenshot({ path: 'docs/check-in-beside-chart.png' });
});

test('docs/screenshots/practice-case.png and practice-debrief.png: a practice case, and its debrief', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto('/training.html');
  const [firstCase] = practiceCases;
  if (!firstCase) throw new Error('no practice cases');
  await playWell(page, firstCase);
  // Record moves focus (and the page) to what was recorded; the picture shows the room and the chart, from the top.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: 'docs/screenshots/practice-case.png' });
  await page.getByRole('button', { name: 'Finish and debrief' }).click();
  await expect(page.getByRole('heading', { name: `Debrief: ${firstCase.title}` })).toBeVisible();
  // A viewport as tall as the debrief, so the banner, which never scrolls away, sits where the clinician sees it.
  await page.setViewportSize({ width: 1280, height: 1700 });
  await page.screenshot({ path: 'docs/screenshots/practice-debrief.png' });
});
