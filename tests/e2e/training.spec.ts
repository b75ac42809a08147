import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { practiceCases } from '../../practice/cases';
import { firstScreenBudgets, firstScreenOf } from '../../scripts/check-bundle-size.mjs';
import { expectNoAxeViolations } from './ehr';
import { playWell, plays } from './practice-play';
import { serveStatic, type StaticHost } from './static-host';

// The practice page as a hospital would host it: dist/ as plain static files, with Lantern's security headers, and
// every other address blocked. Each case is played through the real Lantern, then its debrief is checked.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const distDir = path.join(root, 'dist');

let host: StaticHost;

test.beforeAll(async () => {
  host = await serveStatic(distDir);
});

test.afterAll(async () => {
  await host.stop();
});

/** Aborts every request that is not for the static host, and lists them: the page must make none. */
async function blockEverythingElse(page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === host.origin) {
      await route.continue();
      return;
    }
    blocked.push(url);
    await route.abort('blockedbyclient');
  });
  return blocked;
}

test('every case can be completed offline, and its debrief matches what the case expects', async ({ page }) => {
  test.setTimeout(240_000);
  const blocked = await blockEverythingElse(page);
  await page.goto(`${host.origin}/training.html`);
  await expect(page.getByText('Practice — nothing here is a real patient or record')).toBeVisible();
  await expectNoAxeViolations(page);

  for (const [index, practiceCase] of practiceCases.entries()) {
    await playWell(page, practiceCase);
    if (index === 0) await expectNoAxeViolations(page);
    await expect(page.getByText('Practice — nothing here is a real patient or record')).toBeVisible();
    await page.getByRole('button', { name: 'Finish and debrief' }).click();

    const debrief = page.getByRole('region', { name: `Debrief: ${practiceCase.title}` });
    await expect(debrief).toBeVisible();
    const prompts = await debrief.locator('[data-finding]').evaluateAll((items) => items.map((item) => [item.getAttribute('data-finding'), item.getAttribute('data-noticed')]));
    const expectedFindings = [...practiceCase.expected.prompts, ...practiceCase.expected.observations].map((id) => [id, 'true']);
    expect(prompts.sort()).toEqual(expectedFindings.sort());
    const steps = await debrief.locator('[data-step]').evaluateAll((items) => items.map((item) => [item.getAttribute('data-step'), item.getAttribute('data-done')]));
    expect(steps).toEqual([
      ['privacy', 'true'],
      ['educate', 'true'],
      ...(practiceCase.language ? [['interpreter', 'true']] : []),
    ]);
    await expect(debrief.locator('[data-outcome-fits]')).toHaveAttribute('data-outcome-fits', 'true');
    const recorded = await debrief.locator('[data-recorded]').evaluateAll((items) => items.map((item) => item.getAttribute('data-recorded')));
    expect(recorded.sort()).toEqual(plays[practiceCase.id]?.recorded);
    await expect(debrief.getByText(/labels R, NOPAT, SDV/).first()).toBeVisible();
    if (index === 0) await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Back to the cases' }).click();
  }

  // The completion summary lists every case, and the refresher names a case other than the last.
  const summary = page.getByRole('region', { name: 'Practice completed' });
  await expect(summary.getByRole('row')).toHaveCount(practiceCases.length + 1);
  await expect(page.getByRole('region', { name: 'Refresher' })).toContainText(`try “${practiceCases[0]?.title ?? ''}”`);
  const stored = await page.evaluate(() => Object.keys(window.localStorage));
  expect(stored).toEqual(['lantern.practice.completions']);

  expect(blocked).toEqual([]);
  expect(host.requested.filter((requested) => requested.includes('practice-fhir'))).toEqual([]);
});

test('a case played badly says what was missed', async ({ page }) => {
  const blocked = await blockEverythingElse(page);
  await page.goto(`${host.origin}/training.html`);
  const [firstCase] = practiceCases;
  if (!firstCase) throw new Error('no cases');
  await page.getByRole('button', { name: `Start: ${firstCase.title}` }).click();
  const room = page.getByRole('complementary', { name: 'In the room' });
  await room.getByRole('button', { name: 'Ask the check-in questions' }).click();
  await expect(room).toContainText('answers “no” to every question');
  await page.locator('.practice-lantern').getByRole('button', { name: /Safety check-in/ }).click();
  await page.getByRole('button', { name: 'Finish and debrief' }).click();
  const debrief = page.getByRole('region', { name: `Debrief: ${firstCase.title}` });
  await expect(debrief.locator('[data-noticed="true"]')).toHaveCount(0);
  await expect(debrief.locator('[data-step="privacy"]')).toHaveAttribute('data-done', 'false');
  await expect(debrief.locator('[data-outcome-fits]')).toHaveAttribute('data-outcome-fits', 'false');
  await expect(debrief).toContainText('Nothing was recorded');
  expect(blocked).toEqual([]);
});

// Their size budget is `npm run check:size` (scripts/check-bundle-size.mjs), which the bench runs after its build.
test('the clinical pages never load the practice engine on their first screen', () => {
  for (const page of Object.keys(firstScreenBudgets)) {
    const files = firstScreenOf(distDir, page).files.map((file) => file.file);
    expect(files.filter((file) => /practice|training/.test(file)), page).toEqual([]);
  }
});
