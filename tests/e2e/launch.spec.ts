import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, openChart, sandboxPatient } from './ehr';

test('EHR launch from the simulated EHR shows the patient and the active encounter in the sidebar', async ({ page }) => {
  const lantern = await openChart(page, 'indicator-adult');
  const patient = sandboxPatient('indicator-adult');
  await expect(lantern.getByRole('region', { name: 'Patient' })).toContainText(patient.name);
  await expect(lantern.getByRole('region', { name: 'Patient' })).toContainText('24 years');
  const visit = lantern.getByRole('region', { name: 'Current visit' });
  await expect(visit).toContainText('Emergency');
  await expect(visit).toContainText('Bay 4');
  const chart = lantern.getByRole('region', { name: 'What Lantern read' });
  await expect(chart).toContainText(/Visits in the last 12 months\s*\d+ \(\d+ emergency\)/);
  await expect(chart).toHaveAttribute('aria-busy', 'false');
  await expectNoAxeViolations(page);
});

test('a launch reads Lantern’s configuration once, and the chart in one batch where the server declares batch', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const fhirPath = /\/fhir(\/.*)?$/.exec(url.pathname);
    // Which page asked: the launch page reads the CapabilityStatement alongside discovery and carries it to the app page.
    const page = request.frame().url().split('?')[0]?.endsWith('/launch.html') ? 'launch page' : 'app page';
    if (url.pathname.endsWith('/lantern.config.json')) requests.push(`config (${page})`);
    else if (fhirPath) requests.push(`${request.method()} ${fhirPath[1] ?? '(base)'} (${page})`);
  });
  const lantern = await openChart(page, 'indicator-adult');
  await expect(lantern.getByRole('region', { name: 'What Lantern read' })).toHaveAttribute('aria-busy', 'false');
  await expect(lantern.locator('section.check-in button.card-toggle')).toContainText(/\d+ items?/);
  expect(requests.sort()).toEqual(
    ['GET /.well-known/smart-configuration (launch page)', 'GET /metadata (launch page)', 'POST (base) (app page)', 'config (launch page)'].sort(),
  );
});

test('standalone launch lets the user pick a patient and opens Lantern', async ({ page }) => {
  const patient = sandboxPatient('no-indicators');
  await page.goto('/sandbox/ehr');
  await page.getByRole('link', { name: 'Standalone launch' }).first().click();
  await page.getByRole('button', { name: new RegExp(patient.name) }).click();
  await expect(page.getByRole('region', { name: 'Patient' })).toContainText(patient.name);
  await expect(page.getByRole('region', { name: 'Current visit' })).toContainText('Emergency');
  await expectNoAxeViolations(page);
});

test('a launch without encounter context finds the encounter in progress', async ({ page }) => {
  const lantern = await openChart(page, 'indicator-adult', { encounter: 'none' });
  await expect(lantern.getByRole('region', { name: 'Current visit' })).toContainText('Bay 4');
});

test('a patient with no visit in progress gets a calm notice and the rest of the app', async ({ page }) => {
  const lantern = await openChart(page, 'no-active-encounter');
  await expect(lantern.getByRole('region', { name: 'Current visit' })).toContainText('No visit is in progress');
  await expect(lantern.getByRole('region', { name: 'What Lantern read' })).toContainText('Conditions');
});

test('two visits in progress: the clinician picks one', async ({ page }) => {
  const lantern = await openChart(page, 'two-active-encounters', { encounter: 'none' });
  const visit = lantern.getByRole('region', { name: 'Current visit' });
  await expect(visit.getByRole('group')).toContainText('more than one visit');
  await visit.getByRole('button').first().click();
  await expect(visit.getByText('Started')).toBeVisible();
});

test('a token without the patient scope gives a clear message', async ({ page }) => {
  const lantern = await openChart(page, 'indicator-adult', { scopes: 'no-patient' });
  const alert = lantern.getByRole('alert');
  await expect(alert).toContainText('could not open this patient’s chart');
  await expect(alert).toContainText('did not give Lantern permission');
});

test('a token without clinical scopes still shows what it could read', async ({ page }) => {
  const lantern = await openChart(page, 'indicator-adult', { scopes: 'no-clinical' });
  const chart = lantern.getByRole('region', { name: 'What Lantern read' });
  await expect(chart).toContainText('did not give Lantern permission');
  await expect(chart).toContainText(/Visits in the last 12 months\s*\d+/);
});

test('opening the app page directly explains how to launch it', async ({ page }) => {
  await page.goto('/index.html');
  await expect(page.getByRole('alert')).toContainText('open it again from the patient’s chart');
  await expectNoAxeViolations(page);
});

test('the launch page opened without an EHR says what to do', async ({ page }) => {
  await page.goto('/launch.html');
  await expect(page.getByRole('status')).toContainText('Open Lantern from the patient’s chart');
  await expectNoAxeViolations(page);
});

test('an open-server link to a FHIR server Lantern’s configuration does not list is refused before anything is read', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const link = new URLSearchParams({ fhirServiceUrl: 'https://attacker.example/fhir', patientId: 'ana-ruiz' });
  await page.goto(`/launch.html?${link.toString()}`);
  await expect(page.getByRole('status')).toContainText('Lantern is not set up to use this FHIR server without sign-in.');
  const lantern = new URL(page.url()).origin;
  expect(requests.filter((url) => new URL(url).origin !== lantern)).toEqual([]);
});

test('an open-server link without a patient says which is missing', async ({ page }) => {
  await page.goto(`/launch.html?${new URLSearchParams({ fhirServiceUrl: '/sandbox/hapi-open/fhir' }).toString()}`);
  await expect(page.getByRole('status')).toContainText('This link does not say which patient to open.');
});

test('a launch whose iss climbs out of a registered prefix is refused before anything is asked of it', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto('/launch.html');
  const lantern = new URL(page.url()).origin;
  for (const iss of [`${lantern}/sandbox/../../evil/fhir`, `${lantern}/sandbox/%2e%2e/evil/fhir`]) {
    await page.goto(`/launch.html?${new URLSearchParams({ iss, launch: 'x' }).toString()}`);
    await expect(page.getByRole('status')).toContainText('This link names an EHR address Lantern does not connect to.');
  }
  expect(requests.filter((path) => path.includes('evil') || path.includes('.well-known'))).toEqual([]);
});
