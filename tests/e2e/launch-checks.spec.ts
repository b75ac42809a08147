import { expect, test } from '@playwright/test';
import { decideReferral, expectNoAxeViolations, openChart, recordFhirReads, recordFhirWrites } from './ehr';

test.describe('only clinicians may use Lantern', () => {
  for (const [user, reason] of [
    ['patient', 'the EHR says a patient is signed in'],
    ['related-person', 'the EHR says a patient’s relative or carer is signed in'],
    ['unidentified', 'the EHR did not say who is signed in'],
  ] as const) {
    test(`a launch by ${user} user is refused before anything is read from the chart`, async ({ page }) => {
      const reads = recordFhirReads(page);
      const lantern = await openChart(page, 'indicator-adult', { user });
      const refusal = lantern.getByRole('alert');
      await expect(refusal).toContainText('Lantern could not start.');
      await expect(refusal).toContainText(`Lantern is for the clinicians caring for the patient, and ${reason}.`);
      await expect(refusal).toContainText('If you are a clinician, ask your EHR administrator');
      await expect(lantern.getByRole('region', { name: 'Patient' })).toHaveCount(0);
      await expect(lantern.getByText(/Safety check-in/)).toHaveCount(0);
      expect(reads).toEqual([]);
      await expectNoAxeViolations(page);
    });
  }

  test('a clinician’s launch reads the chart as before', async ({ page }) => {
    const reads = recordFhirReads(page);
    const lantern = await openChart(page, 'indicator-adult', { user: 'practitioner' });
    await expect(lantern.getByRole('region', { name: 'Patient' })).toBeVisible();
    expect(reads.length).toBeGreaterThan(0);
  });
});

test('an authorization server that refuses the scopes asked for is named for what it did, and the address bar is cleared', async ({ page }) => {
  const reads = recordFhirReads(page);
  const lantern = await openChart(page, 'indicator-adult', { scopes: 'refuse-writes' });
  const refusal = lantern.getByRole('alert');
  await expect(refusal).toContainText('The EHR refused the access Lantern asked for.');
  await expect(refusal).toContainText('Ask your EHR administrator to grant Lantern the access listed in its registration.');
  await expect(refusal).toContainText(/The EHR said: “This EHR does not grant patient\/Flag\.\S+ .*\(invalid_scope\)”/);
  await expect(refusal).not.toContainText('connection to the EHR was lost');
  const frame = page.frames().find((candidate) => new URL(candidate.url()).pathname === '/index.html');
  expect(new URL(frame?.url() ?? 'about:blank').search).toBe('');
  expect(reads).toEqual([]);
  await expectNoAxeViolations(page);
});

for (const [error, message, action] of [
  ['unauthorized_client', 'The EHR does not recognise Lantern’s registration.', 'Ask your EHR administrator to check Lantern’s registration'],
  ['access_denied', 'The sign-in to the EHR was declined, so Lantern was not given access.', 'Open Lantern again from the patient’s chart to try again.'],
] as const) {
  test(`an authorization server that answers ${error} is named for what it did, with no relaunch offered`, async ({ page }) => {
    const lantern = await openChart(page, 'indicator-adult', { authorization: error });
    const refusal = lantern.getByRole('alert');
    await expect(refusal).toContainText(message);
    await expect(refusal).toContainText(action);
    await expect(refusal).toContainText(`The EHR said: “The sandbox EHR answers this launch with ${error}. (${error})”`);
    await expect(lantern.getByRole('button')).toHaveCount(0);
    const frame = page.frames().find((candidate) => new URL(candidate.url()).pathname === '/index.html');
    expect(new URL(frame?.url() ?? 'about:blank').search).toBe('');
  });
}

test('where the EHR refused the writes, Lantern opens again reading only: the check-in says so and nothing is written', async ({ page }) => {
  const writes = recordFhirWrites(page);
  const lantern = await openChart(page, 'indicator-adult', { scopes: 'refuse-writes' });
  await expect(lantern.getByRole('alert')).toContainText('The EHR refused the access Lantern asked for.');
  await lantern.getByRole('button', { name: 'Open Lantern reading only' }).click();
  await expect(lantern.getByRole('region', { name: 'Patient' })).toBeVisible();
  await decideReferral(lantern, null);
  await expect(lantern.getByText(/^Read-only: this EHR lets Lantern read the chart but not add to it/)).toBeVisible();
  await expect(lantern.getByRole('button', { name: 'Record in the chart' })).toHaveCount(0);
  expect(writes).toEqual([]);
});
