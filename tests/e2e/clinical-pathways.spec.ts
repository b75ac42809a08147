import { expect, test, type FrameLocator } from '@playwright/test';
import { chartListing, expectNoAxeViolations, freshPatient, openChart, recordFhirWrites } from './ehr';

// Each clinical path ends in a record the clinician chose, or in none, deliberately. Each test writes for a fresh copy
// of a sandbox patient of its own.

const outcomes = [
  'No concern',
  'Concern — patient declines referral',
  'Concern — patient agrees to referral',
  'Immediate danger',
  'Could not talk privately — try again at a later visit',
  'Patient declined the conversation',
];

async function openCheckIn(lantern: FrameLocator): Promise<void> {
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
}

/** Answers every screening question: the first with `first`, the others "No". */
async function answerScreen(lantern: FrameLocator, first: 'Yes' | 'No'): Promise<void> {
  const questions = lantern.getByRole('region', { name: 'Screening questions' }).getByRole('radiogroup');
  // count() does not wait: the opened card's code may still be loading.
  await expect(questions.first()).toBeVisible();
  const count = await questions.count();
  for (let index = 0; index < count; index += 1) await questions.nth(index).getByRole('radio', { name: index === 0 ? first : 'No' }).check();
}

function recordButton(lantern: FrameLocator) {
  return lantern.getByRole('button', { name: 'Record in the chart' });
}

function whatGoesInTheRecord(lantern: FrameLocator) {
  return lantern.getByRole('group', { name: 'What goes in the record' });
}

test('nothing is pre-selected: no outcome, and no choice over the record, even after answers that say "talk further"', async ({ page }) => {
  const lantern = await openChart(page, await freshPatient(page, 'indicator-adult'));
  await openCheckIn(lantern);
  await answerScreen(lantern, 'Yes');
  const group = lantern.getByRole('radiogroup', { name: 'Outcome of the conversation' });
  for (const label of outcomes) await expect(group.getByRole('radio', { name: label, exact: true })).not.toBeChecked();
  await expect(group.getByRole('radio')).toHaveCount(outcomes.length);
  await expect(recordButton(lantern)).toHaveCount(0);
  await expect(lantern.getByText('No concern was recorded')).toHaveCount(0);

  await group.getByRole('radio', { name: 'Concern — patient declines referral', exact: true }).check();
  // Where restricted notes may appear: the organisation's own statement for this EHR, from lantern.config.json.
  await expect(whatGoesInTheRecord(lantern)).toHaveAccessibleDescription(/not shown in the patient portal or on the after-visit summary/);
  await expect(whatGoesInTheRecord(lantern).getByRole('radio')).toHaveCount(3);
  for (const choice of await whatGoesInTheRecord(lantern).getByRole('radio').all()) await expect(choice).not.toBeChecked();
  await expect(recordButton(lantern)).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('a 15-year-old who declines referral: not recordable without the reporting duty and the report, then a restricted record', async ({ page }) => {
  const youth = await freshPatient(page, 'youth');
  const lantern = await openChart(page, youth);
  await openCheckIn(lantern);
  await answerScreen(lantern, 'Yes');
  await lantern.getByRole('radio', { name: 'Concern — patient declines referral', exact: true }).check();
  await expect(lantern.getByText(/offer resources only/i)).toHaveCount(0);
  await whatGoesInTheRecord(lantern).getByRole('radio', { name: 'Everything listed' }).check();

  const record = lantern.getByRole('region', { name: 'Record', exact: true });
  const duty = record.getByRole('checkbox', { name: /^The duty to report stands whatever the patient says/ });
  await expect(duty).toBeVisible();
  await expect(recordButton(lantern)).toHaveCount(0);

  await duty.check();
  // The acknowledgement alone is not enough: the report is documented too, made or not yet made and why.
  await expect(recordButton(lantern)).toHaveCount(0);
  await record.getByRole('radio', { name: 'Report made' }).check();
  await record.getByRole('textbox', { name: 'Agency' }).fill('County child protective services');
  await expect(recordButton(lantern)).toHaveCount(0);
  await record.getByLabel('Date and time').fill('2026-12-05T09:30');
  await record.getByRole('textbox', { name: /Reference number/ }).fill('CPS-2026-0412');
  await expectNoAxeViolations(page);
  await recordButton(lantern).click();
  await expect(lantern.getByRole('region', { name: 'Recorded', exact: true })).toContainText('Restricted safety flag added.');

  const flags = await chartListing(page, youth, 'Flags');
  expect(flags).toHaveLength(1);
  expect(flags[0]).toMatch(/— active \[R, NOPAT, SDV\]/);
  const notes = await chartListing(page, youth, 'Notes');
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatch(/— completed \[R, NOPAT, SDV\]/);
  expect(await chartListing(page, youth, 'Referrals')).toEqual([]);
});

test('an adult in immediate danger who refuses referral: recorded without consent, urgent numbers at hand, no referral', async ({ page }) => {
  const adult = await freshPatient(page, 'indicator-adult');
  const lantern = await openChart(page, adult);
  await openCheckIn(lantern);
  await answerScreen(lantern, 'Yes');
  await lantern.getByRole('radio', { name: 'Immediate danger', exact: true }).check();

  const urgent = lantern.getByRole('region', { name: 'Urgent contacts' });
  await expect(urgent).toContainText('555-0100');
  const agreed = lantern.getByRole('checkbox', { name: 'The patient agreed to this referral' });
  await expect(agreed).not.toBeChecked();
  const plan = lantern.getByRole('group', { name: 'Safety plan' });
  await expect(plan).toBeVisible();
  await expect(lantern.getByRole('checkbox', { name: 'The patient agrees to have the safety plan written in the record' })).not.toBeChecked();

  await plan.getByRole('textbox', { name: 'Code word' }).fill('blue umbrella');
  await whatGoesInTheRecord(lantern).getByRole('radio', { name: 'Everything listed' }).check();
  const record = lantern.getByRole('region', { name: 'Record', exact: true });
  await expect(record).toContainText('A restricted safety flag');
  await expect(record).not.toContainText(/Referral to/);
  await recordButton(lantern).click();
  await expect(lantern.getByRole('region', { name: 'Recorded', exact: true })).toContainText('Restricted safety flag added.');
  await expect(lantern.getByRole('region', { name: 'Recorded', exact: true })).toContainText('Restricted check-in note added.');
  expect(await chartListing(page, adult, 'Flags')).toHaveLength(1);
  expect(await chartListing(page, adult, 'Notes')).toHaveLength(1);
  expect(await chartListing(page, adult, 'Referrals')).toEqual([]);
});

test('a negative screen and a "could not talk privately" attempt are recorded, and the next launch shows both', async ({ page }) => {
  const adult = await freshPatient(page, 'no-active-encounter');
  const first = await openChart(page, adult);
  await openCheckIn(first);
  await answerScreen(first, 'No');
  await first.getByRole('radio', { name: 'No concern', exact: true }).check();
  await whatGoesInTheRecord(first).getByRole('radio', { name: 'Everything listed' }).check();
  await recordButton(first).click();
  await expect(first.getByRole('region', { name: 'Recorded', exact: true })).toBeVisible();
  expect(await chartListing(page, adult, 'Flags')).toEqual([]);
  expect(await chartListing(page, adult, 'Questionnaire responses')).toHaveLength(1);
  expect(await chartListing(page, adult, 'Notes')).toHaveLength(1);

  const second = await openChart(page, adult);
  await openCheckIn(second);
  await second.getByRole('radio', { name: 'Could not talk privately — try again at a later visit', exact: true }).check();
  await second.getByRole('radio', { name: 'Companion would not leave' }).check();
  await whatGoesInTheRecord(second).getByRole('radio', { name: 'Everything listed' }).check();
  await recordButton(second).click();
  await expect(second.getByRole('region', { name: 'Recorded', exact: true })).toBeVisible();
  expect(await chartListing(page, adult, 'Flags')).toEqual([]);
  expect(await chartListing(page, adult, 'Notes')).toHaveLength(2);

  const third = await openChart(page, adult);
  await openCheckIn(third);
  const earlier = third.getByRole('region', { name: 'Earlier check-ins' });
  await expect(earlier.getByRole('listitem')).toHaveCount(2);
  // Newest first, in neutral words with the day.
  await expect(earlier.getByRole('listitem').nth(0)).toHaveText(/^Could not talk privately — \S/);
  await expect(earlier.getByRole('listitem').nth(1)).toHaveText(/^No concern — \S/);
  await expectNoAxeViolations(page);
});

test('the patient chooses "nothing in the record": nothing is written, and the printable summary is offered', async ({ page }) => {
  const writes = recordFhirWrites(page);
  const adult = await freshPatient(page, 'indicator-adult');
  const lantern = await openChart(page, adult);
  await openCheckIn(lantern);
  await answerScreen(lantern, 'Yes');
  await lantern.getByRole('radio', { name: 'Concern — patient declines referral', exact: true }).check();
  await whatGoesInTheRecord(lantern).getByRole('radio', { name: /^Nothing in the record/ }).check();
  await expect(lantern.getByRole('region', { name: 'Record', exact: true })).toContainText('The patient chose to keep this out of the record: nothing is written.');
  await expect(recordButton(lantern)).toHaveCount(0);
  await expect(lantern.getByRole('region', { name: 'To print' }).getByRole('button', { name: 'Print the patient card' })).toBeVisible();
  await expectNoAxeViolations(page);
  expect(writes).toEqual([]);
  expect(await chartListing(page, adult, 'Flags')).toEqual([]);
  expect(await chartListing(page, adult, 'Notes')).toEqual([]);
});
