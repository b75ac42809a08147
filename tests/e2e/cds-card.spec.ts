import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, sandboxPatient, type EhrPatient } from './ehr';

/** The sandbox EHR as a CDS Hooks client: Lantern's service decides the card; the card's SMART link launches Lantern. */

async function openChartFromCard(page: Page, patient: EhrPatient): Promise<void> {
  await page.goto(`/sandbox/ehr?${new URLSearchParams({ patient: patient.id, sidebar: 'card' }).toString()}`);
}

test('the EHR shows the Safety check-in card for the indicator adult, and its link opens Lantern for that patient', async ({ page }) => {
  const patient = sandboxPatient('indicator-adult');
  await openChartFromCard(page, patient);
  const advisories = page.getByRole('region', { name: 'Advisories' });
  await expect(advisories.getByRole('note')).toHaveCount(1);
  await expect(advisories.getByRole('note')).toContainText('Safety check-in available');
  await expectNoAxeViolations(page);
  const lantern = page.frameLocator('iframe[title="Lantern"]');
  await expect(lantern.getByRole('region', { name: 'Patient' })).toHaveCount(0);
  await advisories.getByRole('link', { name: 'Open safety check-in' }).click();
  await expect(lantern.getByRole('region', { name: 'Patient' })).toContainText(patient.name);
  await expect(lantern.getByRole('region', { name: 'Current visit' })).toContainText('Emergency');
});

test('the EHR shows no card for the patient without indicators', async ({ page }) => {
  await openChartFromCard(page, sandboxPatient('no-indicators'));
  const advisories = page.getByRole('region', { name: 'Advisories' });
  await expect(advisories).toContainText('No advisories');
  await expect(advisories.getByRole('link')).toHaveCount(0);
});
