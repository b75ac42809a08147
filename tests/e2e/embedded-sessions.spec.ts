import { expect, test, type Frame, type FrameLocator, type Page, type Request } from '@playwright/test';
import { decideReferral, expectNoAxeViolations, freshPatient, openChart, recordFhirWrites, sandboxPatient, watchAccessTokens } from './ehr';

async function frameTitled(page: Page, title: string): Promise<Frame> {
  const element = await page.locator(`iframe[title="${title}"]`).elementHandle();
  const frame = await element.contentFrame();
  if (!frame) throw new Error(`no frame titled ${title}`);
  return frame;
}

/** The FHIR writes a frame sends, with their bodies. */
function writesFrom(page: Page, frame: () => Frame | undefined): string[] {
  const bodies: string[] = [];
  page.on('request', (request: Request) => {
    if (request.method() !== 'GET' && request.url().includes('/fhir') && request.frame() === frame()) bodies.push(request.postData() ?? '');
  });
  return bodies;
}

test('two Lantern frames for two patients never show or write each other’s patient, and a reload never picks up the other session', async ({ page }) => {
  const kayla = sandboxPatient('youth');
  // The second chart records a referral, for a patient of this test's own.
  const david = await freshPatient(page, 'no-indicators');
  const first = await openChart(page, 'youth', { beside: david });
  await expect(first.getByRole('region', { name: 'Patient' })).toContainText(kayla.name);
  // Checked with one frame: two copies of one app in a page repeat its landmarks, which axe reports for the page.
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: /^Open .* beside$/ }).click();
  const second = page.frameLocator('iframe[title="Lantern (second chart)"]');
  await expect(second.getByRole('region', { name: 'Patient' })).toContainText(david.name);
  const firstFrame = await frameTitled(page, 'Lantern');
  const secondFrame = await frameTitled(page, 'Lantern (second chart)');
  const firstWrites = writesFrom(page, () => firstFrame);
  const secondWrites = writesFrom(page, () => secondFrame);

  await expect(first.getByRole('region', { name: 'Patient' })).toContainText(kayla.name);
  await expect(first.locator('body')).not.toContainText(david.name);

  await decideReferral(second);
  await second.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(second.getByRole('region', { name: 'Recorded', exact: true })).toContainText(/Referral to .*shelter/i);
  expect(secondWrites.length).toBeGreaterThan(0);
  for (const body of secondWrites) {
    expect(body).toContain(`Patient/${david.id}`);
    expect(body).not.toContain(kayla.id);
  }
  expect(firstWrites).toEqual([]);

  // The session lives in each page's memory: storage holds no token and no patient for a reload to pick up.
  const stored = await secondFrame.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
  expect(stored).not.toMatch(/access_token|refresh_token/);
  expect(stored).not.toContain(kayla.id);
  expect(stored).not.toContain(david.id);

  await firstFrame.goto(firstFrame.url());
  await expect(first.getByText(/connection to the EHR was lost or never completed/)).toBeVisible();
  await expect(first.locator('body')).not.toContainText(david.name);
  await expect(first.locator('body')).not.toContainText(kayla.name);
});

test('two frames launched at the same moment each complete their own launch', async ({ page }) => {
  const kayla = sandboxPatient('youth');
  const rosa = sandboxPatient('large-chart');
  const first = await openChart(page, 'youth', { beside: 'large-chart' });
  // The second launch starts while the first is still at the authorization server.
  await page.getByRole('button', { name: /^Open .* beside$/ }).click();
  const second = page.frameLocator('iframe[title="Lantern (second chart)"]');
  await expect(first.getByRole('region', { name: 'Patient' })).toContainText(kayla.name);
  await expect(second.getByRole('region', { name: 'Patient' })).toContainText(rosa.name);
  await expect(first.locator('body')).not.toContainText(rosa.name);
  await expect(second.locator('body')).not.toContainText(kayla.name);
});

test('a relaunch in the same frame for another patient starts a new session and never shows the first patient', async ({ page }) => {
  const ana = sandboxPatient('indicator-adult');
  const grace = sandboxPatient('no-active-encounter');
  const lantern = await openChart(page, 'indicator-adult');
  await expect(lantern.getByRole('region', { name: 'Patient' })).toContainText(ana.name);

  // How the EHR would launch Lantern for Grace: the launch URL of her chart's sidebar.
  const graceChart = await page.request.get(`/sandbox/ehr?${new URLSearchParams({ patient: grace.id, profile: 'smart-launcher' }).toString()}`);
  const launchUrl = /<iframe title="Lantern" src="([^"]+)"/.exec(await graceChart.text())?.[1]?.replaceAll('&#38;', '&');
  if (!launchUrl) throw new Error('the simulated EHR rendered no Lantern frame');
  const frame = await frameTitled(page, 'Lantern');
  const requested: string[] = [];
  page.on('request', (request) => {
    if (request.frame() === frame) requested.push(request.url());
  });
  await frame.goto(new URL(launchUrl, page.url()).href);

  await expect(lantern.getByRole('region', { name: 'Patient' })).toContainText(grace.name);
  await expect(lantern.getByRole('region', { name: 'What Lantern read' })).toHaveAttribute('aria-busy', 'false');
  await expect(lantern.locator('body')).not.toContainText(ana.name);
  expect(requested.filter((url) => url.includes(ana.id))).toEqual([]);
});

/** Waits until Lantern has read all it will and planned the record, so nothing but Record needs the token after it. */
async function readyToRecord(lantern: FrameLocator): Promise<void> {
  await expect(lantern.getByRole('region', { name: 'What Lantern read' })).toHaveAttribute('aria-busy', 'false');
  await expect(lantern.getByRole('button', { name: 'Record in the chart' })).toBeEnabled();
}

test('an access token that expires while the clinician talks is refreshed silently when recording', async ({ page }) => {
  const refreshes: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/sandbox/auth/token') && (request.postData() ?? '').includes('grant_type=refresh_token')) refreshes.push(request.url());
  });
  const tokens = watchAccessTokens(page);
  const lantern = await openChart(page, await freshPatient(page, 'indicator-adult'), { profile: 'epic' });
  await decideReferral(lantern);
  await readyToRecord(lantern);
  expect(refreshes).toEqual([]);
  await tokens.expireAll();
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByRole('region', { name: 'Recorded', exact: true })).toContainText(/Referral to .*shelter/i);
  expect(refreshes.length).toBeGreaterThan(0);
  // The refreshed token, like the first, is kept in the page's memory only.
  const stored = await (await frameTitled(page, 'Lantern')).evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
  expect(stored).not.toMatch(/access_token|refresh_token/);
});

test('a refused refresh: what was entered stays on screen with a summary to print, and Lantern keeps no copy', async ({ page }) => {
  const patient = await freshPatient(page, 'indicator-adult');
  const tokens = watchAccessTokens(page);
  const lantern = await openChart(page, patient, { profile: 'epic', refresh: 'refused' });
  await decideReferral(lantern);
  await readyToRecord(lantern);
  await tokens.expireAll();
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByText(/connection to the EHR has ended, so it cannot record what you entered/)).toBeVisible();
  await expect(lantern.getByRole('checkbox', { name: 'The patient agreed to this referral' })).toBeChecked();
  const summary = lantern.getByRole('region', { name: 'Confidential — phone referral summary' });
  await expect(summary).toContainText('Concern — patient agrees to referral');
  await expect(summary).toContainText(/shelter/i);
  await expect(lantern.getByRole('button', { name: 'Record in the chart' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  const frame = await frameTitled(page, 'Lantern');
  expect(await frame.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);

  // The relaunch starts clean: answers lived in the closed page's memory only.
  const relaunched = await openChart(page, patient, { profile: 'epic' });
  await relaunched.getByRole('button', { name: /Safety check-in/ }).click();
  await expect(relaunched.getByRole('checkbox', { name: 'The patient agreed to this referral' })).toHaveCount(0);
  await expect(relaunched.getByRole('radio', { name: 'Concern — patient agrees to referral' })).not.toBeChecked();
});

test('an EHR that grants reading only: Lantern says so up front, offers the printable summary and sends no write', async ({ page }) => {
  const writes = recordFhirWrites(page);
  const lantern = await openChart(page, 'indicator-adult', { scopes: 'read-only' });
  // Nothing can be written, so the patient is not asked what goes in the record.
  await decideReferral(lantern, null);
  await expect(lantern.getByRole('group', { name: 'What goes in the record' })).toHaveCount(0);
  await expect(lantern.getByText(/^Read-only: this EHR lets Lantern read the chart but not add to it/)).toBeVisible();
  await expect(lantern.getByRole('region', { name: 'Record', exact: true })).toContainText('This EHR does not let Lantern write any of this to the record.');
  await expect(lantern.getByRole('region', { name: 'Confidential — phone referral summary' })).toBeVisible();
  await expect(lantern.getByRole('button', { name: 'Record in the chart' })).toHaveCount(0);
  expect(writes).toEqual([]);
});
