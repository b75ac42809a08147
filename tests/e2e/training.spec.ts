import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { practiceCases, type PracticeCase } from '../../practice/cases';
import { observedIndicators } from '../../src/features/guide/guide-content';
import { initialAssetsOf } from '../../scripts/bench/bundle-size.mjs';
import { expectNoAxeViolations } from './ehr';
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

/** How each case is played well: the outcome, and what the decision needs beyond it. */
const plays: Record<string, { outcome: string; recorded: string[]; extra?: (lantern: Locator) => Promise<void> }> = {
  'companion-answers': { outcome: 'Concern — patient declines referral', recorded: ['Communication', 'Flag', 'QuestionnaireResponse'] },
  'minor-older-boyfriend': {
    outcome: 'Concern — patient declines referral',
    recorded: ['Communication', 'Flag', 'QuestionnaireResponse'],
    extra: async (lantern) => {
      const record = lantern.getByRole('region', { name: 'Record', exact: true });
      await record.getByRole('checkbox', { name: /^The duty to report stands whatever the patient says/ }).check();
      await record.getByRole('radio', { name: 'Report made' }).check();
      await record.getByRole('textbox', { name: 'Agency' }).fill('County child protective services');
      await record.getByLabel('Date and time').fill('2026-12-05T09:30');
    },
  },
  'employer-holds-id': { outcome: 'Concern — patient agrees to referral', recorded: ['Communication', 'Flag', 'QuestionnaireResponse', 'ServiceRequest'], extra: referToHotline },
  'no-chart-prompts': { outcome: 'No concern', recorded: ['Communication', 'QuestionnaireResponse'] },
  'immediate-danger-refuses': { outcome: 'Immediate danger', recorded: ['Communication', 'Flag', 'QuestionnaireResponse'] },
  'interpreter-needed': {
    outcome: 'Concern — patient agrees to referral',
    recorded: ['Communication', 'Flag', 'QuestionnaireResponse', 'ServiceRequest'],
    extra: async (lantern) => {
      await lantern.getByRole('textbox', { name: 'Interpreter language' }).fill('Spanish');
      await lantern.getByRole('checkbox', { name: 'A professional interpreter (not a companion or relative)' }).check();
      await referToHotline(lantern);
    },
  },
};

async function referToHotline(lantern: Locator): Promise<void> {
  await lantern.getByRole('checkbox', { name: 'The patient agreed to this referral' }).check();
  const services = lantern.getByRole('group', { name: 'Refer to' });
  await services.getByRole('button', { name: 'Show service names' }).click();
  await services.getByRole('radio', { name: /hotline/i }).check();
}

async function playWell(page: Page, practiceCase: PracticeCase): Promise<void> {
  const play = plays[practiceCase.id];
  if (!play) throw new Error(`No play for ${practiceCase.id}`);
  await page.getByRole('button', { name: `Start: ${practiceCase.title}` }).click();
  const lantern = page.locator('.practice-lantern');
  const room = page.getByRole('complementary', { name: 'In the room' });
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();

  const prompts = practiceCase.expected.prompts.length;
  if (prompts > 0) {
    await lantern.getByText(`Chart prompts (${String(prompts)})`, { exact: true }).click();
    const headings = lantern.getByRole('list', { name: 'From the chart' }).locator('details.prompt > summary');
    await expect(headings).toHaveCount(prompts);
    for (const heading of await headings.all()) await heading.click();
  } else {
    await expect(lantern.getByText(/^Chart prompts \(\d+\)$/)).toHaveCount(0);
  }

  // PEARR in the room: interpreter, privacy and the limits of confidentiality, before any question.
  if (practiceCase.language) await room.getByRole('button', { name: /professional .* interpreter/ }).click();
  if (practiceCase.companion) await room.getByRole('button', { name: /Ask the companion to step out/ }).click();
  await room.getByRole('button', { name: /Explain what stays confidential/ }).click();
  await room.getByRole('button', { name: 'Ask the check-in questions' }).click();

  const notice = lantern.getByRole('group', { name: 'What you notice in the room' });
  for (const id of practiceCase.expected.observations) {
    const label = observedIndicators.find((indicator) => indicator.id === id)?.label ?? id;
    await notice.getByRole('checkbox', { name: label }).check();
  }

  // The patient's scripted answers, as the room shows them, entered in Lantern's own questions.
  const answers = await room.locator('[data-answer]').evaluateAll((items) => items.map((item) => item.getAttribute('data-answer')));
  const questions = lantern.getByRole('region', { name: 'Screening questions' }).getByRole('radiogroup');
  await expect(questions).toHaveCount(answers.length);
  for (const [index, answer] of answers.entries()) await questions.nth(index).getByRole('radio', { name: answer === 'yes' ? 'Yes' : 'No', exact: true }).check();

  await lantern.getByRole('radiogroup', { name: 'Outcome of the conversation' }).getByRole('radio', { name: play.outcome, exact: true }).check();
  await lantern.getByRole('group', { name: 'What goes in the record' }).getByRole('radio', { name: 'Everything listed' }).check();
  await play.extra?.(lantern);
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByRole('region', { name: 'Recorded', exact: true })).toBeVisible();
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

test('the clinical pages load no more than the recorded budget, and never the practice engine', () => {
  const budget = JSON.parse(readFileSync(path.join(root, 'tests/e2e/clinical-bundle-budget.json'), 'utf8')) as {
    allowanceBytes: number;
    pages: Record<string, { gzipBytes: number }>;
  };
  for (const [page, recorded] of Object.entries(budget.pages)) {
    const assets = initialAssetsOf(distDir, page);
    const gzipBytes = assets.reduce((total, asset) => total + asset.gzipBytes, 0);
    expect(gzipBytes, `${page}: ${String(gzipBytes)} gzip bytes against ${String(recorded.gzipBytes)} recorded`).toBeLessThanOrEqual(recorded.gzipBytes + budget.allowanceBytes);
    expect(assets.map((asset) => asset.file).filter((file) => /practice|training/.test(file))).toEqual([]);
  }
});
