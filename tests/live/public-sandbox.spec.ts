import { expect, test, type Page } from '@playwright/test';
import type { Patient } from 'fhir/r4';
import { patientName } from '../../src/lib/fhir/format';
import { liveTarget } from './live-target';
import { findLauncherPeople, launcherCode, launcherSimBaseUrl } from './smart-launcher';

const target = liveTarget();

if (target.kind === 'smart-launcher') {
  test('EHR launch from the SMART launcher: Lantern opens the patient and the safety check-in, and writes nothing', async ({ page, request }) => {
    const people = await findLauncherPeople(request, target.fhirBaseUrl);
    const refusedWrites = await refuseWrites(page, target.fhirBaseUrl);
    const patientRead = patientServedTo(page);
    const launch = new URLSearchParams({ iss: target.fhirBaseUrl, launch: launcherCode('provider-ehr', people) });
    await page.goto(`/launch.html?${launch.toString()}`);
    await expectCheckInWorks(page, await patientRead);
    await expect(page.getByRole('region', { name: 'Current visit' })).toBeVisible();
    expect(refusedWrites).toEqual([]);
  });

  test('standalone launch with the patient chosen in the launcher’s sim segment: the same, read-only', async ({ page, request }) => {
    const people = await findLauncherPeople(request, target.fhirBaseUrl);
    const iss = launcherSimBaseUrl(target.fhirBaseUrl, launcherCode('provider-standalone', people));
    const refusedWrites = await refuseWrites(page, iss);
    const patientRead = patientServedTo(page);
    await page.goto(`/launch.html?${new URLSearchParams({ iss }).toString()}`);
    await expectCheckInWorks(page, await patientRead);
    expect(refusedWrites).toEqual([]);
  });
} else {
  // The same checks against the sandbox EHR the preview mounts: runs offline, so the suite itself can be tried here.
  test('standalone launch against Lantern’s own sandbox: Lantern opens the chosen patient and the safety check-in, and writes nothing', async ({ page }) => {
    const refusedWrites = await refuseWrites(page, target.fhirBaseUrl);
    const patientRead = patientServedTo(page);
    await page.goto(`/launch.html?${new URLSearchParams({ iss: target.fhirBaseUrl }).toString()}`);
    const picker = page.getByRole('list', { name: 'Select a patient' });
    await expect(picker, 'the sandbox’s authorization server should show its patient picker').toBeVisible();
    await picker.getByRole('button').first().click();
    await expectCheckInWorks(page, await patientRead);
    expect(refusedWrites).toEqual([]);
  });
}

/** What the clinician must see, up to recording "no concern" — an outcome Lantern writes nothing for. */
async function expectCheckInWorks(page: Page, patient: Patient): Promise<void> {
  await expect(page.getByRole('region', { name: 'Patient' })).toContainText(patientName(patient));
  await expect(page.getByRole('region', { name: 'What Lantern read' })).toHaveAttribute('aria-busy', 'false');
  const checkIn = page.getByRole('button', { name: /Safety check-in/ });
  await expect(checkIn).toContainText(/\d+ items?$/);
  await checkIn.click();
  await expect(checkIn).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('heading', { name: 'From the chart' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Screening questions' }).getByRole('radiogroup').first()).toBeVisible();
  await page.getByRole('radio', { name: 'No concern', exact: true }).check();
  await page.getByRole('group', { name: 'What goes in the record' }).getByRole('radio', { name: /^Nothing in the record/ }).check();
  await expect(page.getByText('The patient chose to keep this out of the record: nothing is written.')).toBeVisible();
}

/**
 * A public sandbox is shared by everyone: any create, update or delete Lantern sends to it is blocked before it
 * leaves the browser and listed, so the test fails instead of leaving data behind.
 */
async function refuseWrites(page: Page, fhirBaseUrl: string): Promise<string[]> {
  const refused: string[] = [];
  await page.route(
    (url) => url.href.startsWith(fhirBaseUrl),
    async (route) => {
      const request = route.request();
      if (['GET', 'HEAD', 'OPTIONS'].includes(request.method())) {
        await route.fallback();
        return;
      }
      refused.push(`${request.method()} ${request.url()}`);
      await route.abort('blockedbyclient');
    },
  );
  return refused;
}

/** The Patient as the server handed it to Lantern: what the banner must show, whichever patient the launch chose. */
async function patientServedTo(page: Page): Promise<Patient> {
  const response = await page.waitForResponse(
    (candidate) => candidate.request().method() === 'GET' && candidate.ok() && /\/Patient\/[^/]+$/.test(new URL(candidate.url()).pathname),
  );
  const body: unknown = await response.json();
  if (!isPatient(body)) throw new Error(`${response.url()} did not answer with a Patient.`);
  return body;
}

function isPatient(value: unknown): value is Patient {
  return typeof value === 'object' && value !== null && 'resourceType' in value && value.resourceType === 'Patient';
}
