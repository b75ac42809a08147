import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, openChart } from './ehr';

test('the indicator adult sees chart prompts with their evidence', async ({ page }) => {
  const lantern = await openChart(page, 'indicator-adult');
  const toggle = lantern.getByRole('button', { name: /Safety check-in/ });
  await expect(toggle).toContainText(/[1-9]\d* items/);
  await toggle.click();
  await lantern.getByText(/^Chart prompts \(\d+\)$/).click();
  const prompts = lantern.getByRole('list', { name: 'From the chart' });
  for (const heading of ['Infection-related result', 'Injury', 'Visits', 'Coverage']) await prompts.getByText(heading, { exact: true }).first().click();
  await expect(prompts).toContainText('Sexually transmitted infection');
  await expect(prompts).toContainText('A56.09');
  await expect(prompts).toContainText('Dental injury');
  await expect(prompts).toContainText('S02.5XXA');
  await expect(prompts).toContainText('Repeated emergency visits');
  await expect(prompts).toContainText('No active coverage');
  await prompts.getByText('Why am I seeing this?').first().click();
  await expect(prompts.getByText(/Source:/).first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test('"Why am I seeing this?" cites its source as text to copy, with no link away from the sidebar', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const lantern = await openChart(page, 'indicator-adult');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await lantern.getByText(/^Chart prompts \(\d+\)$/).click();
  const prompt = lantern.getByRole('listitem').filter({ has: lantern.getByText('Infection-related result', { exact: true }) });
  await prompt.getByText('Infection-related result', { exact: true }).click();
  await prompt.getByText('Why am I seeing this?').click();
  await expect(prompt.getByText('https://lawecommons.luc.edu/annals/vol23/iss1/5')).toBeVisible();
  await prompt.getByRole('button', { name: 'Copy' }).click();
  await expect(prompt.getByRole('status').filter({ hasText: 'Copied.' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^Lederer & Wetzel, .*Loyola University Chicago School of Law\. https:\/\/lawecommons\.luc\.edu\/annals\/vol23\/iss1\/5$/);
  await lantern.getByText('Names and sources', { exact: true }).click();
  await expect(lantern.getByText('https://healtrafficking.org/')).toBeVisible();
  // Nothing in Lantern navigates away or opens a tab: no web link anywhere in its frame, the sources opened.
  const app = page.frames().find((frame) => frame.url().includes('/index.html'));
  if (!app) throw new Error('Lantern frame not found');
  expect(await app.evaluate(() => document.querySelectorAll('a[href]:not([href^="tel:"]):not([href^="sms:"]), [target]').length)).toBe(0);
  await expectNoAxeViolations(page);
});

test('a 15-year-old gets the youth questions and the reporting duty', async ({ page }) => {
  const lantern = await openChart(page, 'youth');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await lantern.getByText('Patient may be under 18 — see what applies').click();
  await expect(lantern.getByRole('region', { name: /Reporting duty for patients under 18/ })).toBeVisible();
  await expect(lantern.getByText(/safe place to sleep/)).toBeVisible();
  await lantern.getByText(/^Chart prompts \(\d+\)$/).click();
  await lantern.getByText('Reproductive health').click();
  await expect(lantern.getByRole('list', { name: 'From the chart' })).toContainText(/pregnan/i);
  await expectNoAxeViolations(page);
});

test('an adult without indicators sees a quiet card', async ({ page }) => {
  const lantern = await openChart(page, 'no-indicators');
  const toggle = lantern.getByRole('button', { name: /Safety check-in/ });
  await expect(lantern.getByRole('region', { name: 'What Lantern read' })).toHaveAttribute('aria-busy', 'false');
  await expect(toggle).toContainText('0 items');
  await toggle.click();
  await expect(lantern.getByText(/Nothing in the chart suggests a conversation/)).toBeVisible();
});

test('quick-hide leaves no sensitive text in the DOM, and resume brings everything back', async ({ page }) => {
  const lantern = await openChart(page, 'indicator-adult');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await lantern.getByRole('checkbox', { name: /companion answers for the patient/ }).check();
  const firstQuestion = lantern.getByRole('radiogroup').first();
  await firstQuestion.getByRole('radio', { name: 'Yes' }).check();

  await lantern.getByRole('button', { name: /Safety check-in/ }).press('Escape');
  const app = page.frames().find((frame) => frame.url().includes('/index.html'));
  if (!app) throw new Error('Lantern frame not found');
  await expect(lantern.getByRole('button', { name: 'Resume' })).toBeFocused();
  const hiddenHtml = await app.content();
  expect(hiddenHtml).not.toMatch(/safety|screening|infection|injury|companion|sexual|chart|visit|Ruiz/i);
  await expectNoAxeViolations(page);

  await lantern.getByRole('button', { name: 'Resume' }).press('Enter');
  await expect(lantern.getByRole('checkbox', { name: /companion answers for the patient/ })).toBeChecked();
  await expect(lantern.getByRole('radiogroup').first().getByRole('radio', { name: 'Yes' })).toBeChecked();
});

test('the check-in fits a 360 px wide sidebar without sideways scrolling', async ({ page }) => {
  // The simulated EHR stacks the sidebar under the chart on narrow screens: the iframe is the viewport's width.
  await page.setViewportSize({ width: 360, height: 800 });
  const lantern = await openChart(page, 'indicator-adult');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await lantern.getByText(/^Chart prompts \(\d+\)$/).click();
  await expect(lantern.getByRole('list', { name: 'From the chart' })).toBeVisible();
  const app = page.frames().find((frame) => frame.url().includes('/index.html'));
  if (!app) throw new Error('Lantern frame not found');
  const overflow = await app.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
