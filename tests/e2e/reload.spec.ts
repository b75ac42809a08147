import { expect, test, type Frame, type Page } from '@playwright/test';
import { expectNoAxeViolations, openChart, sandboxPatient } from './ehr';

async function lanternFrame(page: Page): Promise<Frame> {
  const element = await page.locator('iframe[title="Lantern"]').elementHandle();
  const frame = await element.contentFrame();
  if (!frame) throw new Error('no Lantern frame');
  return frame;
}

test('a reload in the middle of a check-in leads to a plain page: what was lost, why, and what to do', async ({ page }) => {
  const ana = sandboxPatient('indicator-adult');
  const lantern = await openChart(page, 'indicator-adult');
  await expect(lantern.getByRole('region', { name: 'Patient' })).toContainText(ana.name);
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  const firstQuestion = lantern.getByRole('region', { name: 'Screening questions' }).getByRole('radiogroup').first();
  await firstQuestion.getByRole('radio', { name: 'No' }).check();
  await expect(firstQuestion.getByRole('radio', { name: 'No' })).toBeChecked();

  // The frame reloads itself, as its context menu or a stray F5 in it would; the EHR page stays.
  const frame = await lanternFrame(page);
  const ehrUrl = page.url();
  // With an answer on screen the browser asks first; the clinician here chooses to leave anyway (openChart's answer).
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.type());
  });
  await frame.evaluate(() => {
    setTimeout(() => {
      window.location.reload();
    }, 0);
  });

  await expect(
    lantern.getByText(
      'Lantern was reloaded. For the patient’s privacy it keeps answers only in this window’s memory, never in the browser, so anything entered before the reload was not kept.',
    ),
  ).toBeVisible();
  await expect(lantern.getByText('Open Lantern again from the patient’s chart.')).toBeVisible();
  expect(asked).toEqual(['beforeunload']);
  await expect(lantern.getByText(/could not start/)).toHaveCount(0);
  await expect(lantern.getByRole('alert')).toHaveCount(0);
  await expect(lantern.locator('body')).not.toContainText(ana.name);
  await expect(lantern.getByRole('radiogroup')).toHaveCount(0);
  expect(page.url()).toBe(ehrUrl);
  await expectNoAxeViolations(page);
});
