import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, openChart } from './ehr';

test('a 16-year-old with only the generic STI concept (SNOMED CT 8098009) gets the STI prompt', async ({ page }) => {
  const lantern = await openChart(page, 'generic-sti-youth');
  const toggle = lantern.getByRole('button', { name: /Safety check-in/ });
  await expect(toggle).toContainText(/(?<!\d)1 item$/);
  await toggle.click();
  await lantern.getByText('Patient may be under 18 — see what applies').click();
  await expect(lantern.getByRole('region', { name: /Reporting duty for patients under 18/ })).toBeVisible();
  await lantern.getByText('Chart prompts (1)').click();
  const prompts = lantern.getByRole('list', { name: 'From the chart' });
  await prompts.getByText('Infection-related result').click();
  await expect(prompts).toContainText('Sexually transmitted infection');
  await expect(prompts).toContainText('SNOMED CT 8098009');
  await prompts.getByText('Why am I seeing this?').click();
  await expect(prompts.getByText(/Source:/)).toBeVisible();
  await expectNoAxeViolations(page);
});
