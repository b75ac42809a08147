import { expect, test, type Page } from '@playwright/test';
import type { Bundle, Resource } from 'fhir/r4';
import { decideReferral, expectNoAxeViolations, freshPatient, openChart } from './ehr';

// Context an outside launcher gives: its "AUTO" puts the newest encounter in context however old (here, a finished
// visit), and a patient registered without a birth date.

/** The `encounter` of every resource the page writes, whether it is sent alone or inside a transaction. */
function writtenEncounters(page: Page): (string | undefined)[] {
  const written: (string | undefined)[] = [];
  const encounterOf = (resource: Resource): string | undefined =>
    'encounter' in resource && typeof resource.encounter === 'object' && resource.encounter !== null && 'reference' in resource.encounter
      ? String(resource.encounter.reference)
      : undefined;
  page.on('request', (request) => {
    const json = request.headers()['content-type']?.includes('json') ?? false;
    if (request.method() !== 'POST' || !json || !/\/fhir(\/|$)/.test(new URL(request.url()).pathname)) return;
    const body = request.postDataJSON() as Resource;
    const resources = body.resourceType === 'Bundle' ? ((body as Bundle).entry ?? []).flatMap(({ resource }) => (resource ? [resource] : [])) : [body];
    written.push(...resources.map(encounterOf));
  });
  return written;
}

test('a finished visit in context is labelled, not called the current visit, and nothing is tied to it unless ticked', async ({ page }) => {
  const lantern = await openChart(page, await freshPatient(page, 'no-active-encounter'), { encounter: 'finished' });
  const visit = lantern.getByRole('region', { name: /^Visit in context — finished, ended / });
  await expect(visit).toBeVisible();
  await expect(visit).toContainText('Status');
  await expect(lantern.getByRole('region', { name: 'Current visit' })).toHaveCount(0);

  const written = writtenEncounters(page);
  await decideReferral(lantern);
  const tie = lantern.getByRole('checkbox', { name: /^Tie this record to the finished visit of / });
  await expect(tie).not.toBeChecked();
  await expect(lantern.getByText(/^This record will not be tied to a visit: the visit in context is finished/)).toBeVisible();
  await expectNoAxeViolations(page);
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByRole('region', { name: 'Recorded', exact: true })).toContainText('Restricted safety flag added.');
  expect(written.length).toBeGreaterThan(0);
  expect(written.every((encounter) => encounter === undefined)).toBe(true);
});

test('ticking “Tie this record to the finished visit” writes against that visit', async ({ page }) => {
  const lantern = await openChart(page, await freshPatient(page, 'no-active-encounter'), { encounter: 'finished' });
  const written = writtenEncounters(page);
  await decideReferral(lantern);
  await lantern.getByRole('checkbox', { name: /^Tie this record to the finished visit of / }).check();
  await expect(lantern.getByText(/^This record will not be tied to a visit/)).toHaveCount(0);
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByRole('region', { name: 'Recorded', exact: true })).toContainText('Restricted safety flag added.');
  expect(written.length).toBeGreaterThan(0);
  expect(new Set(written).size).toBe(1);
  expect(written[0]).toMatch(/^Encounter\/[^/]+$/);
});

test('a patient registered without a birth date is not taken for an adult: the reporting notice shows and Lantern asks', async ({ page }) => {
  const lantern = await openChart(page, 'unknown-age');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  const question = lantern.getByRole('radiogroup', { name: /no usable birth date\. Is the patient an adult or a minor\?/ });
  await expect(question.getByRole('radio', { name: 'Adult' })).not.toBeChecked();
  await expect(question.getByRole('radio', { name: 'Minor' })).not.toBeChecked();
  // Neutral at a glance; the duty itself once opened.
  const notice = lantern.getByText('Patient may be under 18 — see what applies');
  await notice.click();
  const duty = lantern.getByRole('region', { name: /Reporting duty for patients under 18/ });
  await expect(duty).toBeVisible();
  await lantern.getByRole('radio', { name: 'Concern — patient declines referral' }).check();
  await expect(lantern.getByText('Confirm whether the patient is an adult or a minor first.')).toBeVisible();
  await expect(lantern.getByRole('button', { name: 'Record in the chart' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await question.getByRole('radio', { name: 'Adult' }).check();
  await expect(notice).toHaveCount(0);
  await expect(duty).toHaveCount(0);
  await expect(lantern.getByText('Confirm whether the patient is an adult or a minor first.')).toHaveCount(0);
});
