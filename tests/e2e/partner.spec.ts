import { expect, test, type Page } from '@playwright/test';
import type { ServiceRequest, Task } from 'fhir/r4';
import { directLightOrganizationReference, partnerPagePath } from '../../mocks/sandbox/partner/direct-light';
import { expectNoAxeViolations, freshPatient } from './ehr';

/**
 * Direct Light, the sandbox's community partner, answers a referral Task on its own page. The Task is written the way
 * any writer could: through the sandbox's open (HAPI-like) base, which shares its data with every other base.
 */
const openBase = '/sandbox/hapi-open/fhir';

async function create<T extends ServiceRequest | Task>(page: Page, resource: T): Promise<T> {
  const response = await page.request.post(`${openBase}/${resource.resourceType}`, {
    headers: { 'content-type': 'application/fhir+json' },
    data: JSON.stringify(resource),
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as T;
}

test('Direct Light accepts a referral on its page, and sees the status change', async ({ page }) => {
  const patient = await freshPatient(page, 'indicator-adult');
  const referral = await create<ServiceRequest>(page, {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    code: { coding: [{ system: 'http://snomed.info/sct', code: '306238000', display: 'Referral to social services' }] },
    orderDetail: [{ coding: [{ system: 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes', code: 'contacting-subject-prohibited' }] }],
    subject: { reference: `Patient/${patient.id}` },
    performer: [{ reference: 'HealthcareService/hs-direct-light', display: 'Anti-trafficking victim services' }],
  });
  const task = await create<Task>(page, {
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: { reference: `ServiceRequest/${referral.id ?? ''}` },
    for: { reference: `Patient/${patient.id}` },
    authoredOn: new Date().toISOString(),
    owner: { reference: directLightOrganizationReference },
  });

  await page.goto(partnerPagePath);
  await expect(page.getByRole('heading', { level: 1, name: 'Direct Light (sandbox): referrals' })).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: `Task/${task.id ?? ''}` });
  await expect(item.getByText('Do not contact the patient.')).toBeVisible();
  await expect(item).not.toContainText(patient.name);
  await expectNoAxeViolations(page);

  await item.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByRole('status')).toHaveText(`Task/${task.id ?? ''} is now accepted.`);
  const answered = page.getByRole('listitem').filter({ hasText: `Task/${task.id ?? ''}` });
  await expect(answered.locator('dd.status')).toHaveText('accepted');
  await expect(answered.getByRole('button', { name: 'Set in progress' })).toBeVisible();
  await expectNoAxeViolations(page);
});
