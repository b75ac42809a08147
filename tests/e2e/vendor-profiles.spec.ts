import { expect, test, type FrameLocator } from '@playwright/test';
import type { SandboxPatientKey } from '../../mocks/sandbox/synthetic/generate';
import type { VendorProfileName } from '../../mocks/sandbox/vendor-profiles';
import { chartListing, decideReferral, expectNoAxeViolations, freshPatient, openChart, recordedReferences, recordFhirWrites, type ChartSection } from './ehr';

/**
 * The same decision — concern, the adult patient agrees to a shelter referral, screen answered — recorded in each
 * EHR the sandbox can behave like: what Lantern writes, what it says it could not, and what the EHR then holds.
 * (The SMART launcher profile is record-outcome.spec.ts.)
 */
interface ProfileCase {
  profile: VendorProfileName;
  /** Each case writes for a fresh copy of this patient, its own. */
  patient: SandboxPatientKey;
  /** What the confirmation lists as written, in order. */
  recorded: (string | RegExp)[];
  /** The resource types Lantern sends writes for: anything else would be refused by this EHR. */
  writesTo: RegExp;
  /** Writes that must be among them. */
  writesInclude?: string[];
  notWritten: RegExp[];
  /** What the confirmation says instead of offering a withdrawal this EHR would refuse. */
  withdrawal: RegExp;
}

const sectionOf: Record<string, ChartSection> = {
  Flag: 'Flags',
  ServiceRequest: 'Referrals',
  Communication: 'Notes',
  QuestionnaireResponse: 'Questionnaire responses',
};

const cases: ProfileCase[] = [
  {
    profile: 'hapi-open',
    patient: 'indicator-adult',
    recorded: ['Restricted safety flag added.', 'Check-in answers saved.', 'Restricted check-in note added.', /^Referral to .*shelter/i],
    writesTo: /^POST \/sandbox\/hapi-open\/fhir 200$/,
    // No sign-in, and a transaction endpoint: the creates go in one Bundle.
    writesInclude: ['POST /sandbox/hapi-open/fhir 200'],
    notWritten: [],
    withdrawal: /^Change or withdraw the record…$/,
  },
  {
    profile: 'epic',
    patient: 'indicator-adult',
    recorded: ['Check-in answers saved.', 'Restricted check-in note added.', /^Referral to .*shelter/i],
    writesTo: /^POST \/sandbox\/epic\/fhir\/(Communication|QuestionnaireResponse|ServiceRequest) 201$/,
    notWritten: [/does not accept safety flags.*recorded in the restricted check-in note instead/],
    withdrawal: /does not let Lantern change the check-in answers, notes or referrals it wrote.*in the EHR itself/,
  },
  {
    profile: 'meditech',
    patient: 'indicator-adult',
    recorded: ['Check-in answers saved.', 'Restricted check-in note added.'],
    writesTo: /^POST \/sandbox\/meditech\/fhir\/(Communication|QuestionnaireResponse) 201$/,
    notWritten: [/does not accept safety flags.*restricted check-in note instead/, /referral by phone/],
    withdrawal: /does not let Lantern change the check-in answers or notes it wrote/,
  },
  {
    profile: 'athenahealth',
    patient: 'indicator-adult',
    recorded: ['Check-in answers saved.'],
    writesTo: /^POST \/sandbox\/athenahealth\/fhir\/QuestionnaireResponse 201$/,
    notWritten: [/recorded only in the restricted check-in answers/, /check-in note was not written/, /referral by phone/],
    withdrawal: /does not let Lantern change the check-in answers it wrote/,
  },
];

for (const profileCase of cases) {
  test(`${profileCase.profile}: writes what it accepts, says what it did not, and the EHR holds it with its labels`, async ({ page }) => {
    const patient = await freshPatient(page, profileCase.patient);
    const writes = recordFhirWrites(page);
    const lantern = await openChart(page, patient, { profile: profileCase.profile });
    await decideReferral(lantern);
    const record = lantern.getByRole('region', { name: 'Record', exact: true });
    for (const reason of profileCase.notWritten) await expect(record).toContainText(reason);
    await lantern.getByRole('button', { name: 'Record in the chart' }).click();
    await expectRecorded(lantern, profileCase.recorded);
    await expect(lantern.getByRole('region', { name: 'Recorded', exact: true }).getByText(profileCase.withdrawal).first()).toBeVisible();
    await expectNoAxeViolations(page);

    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) expect(write).toMatch(profileCase.writesTo);
    for (const expected of profileCase.writesInclude ?? []) expect(writes.some((write) => write.startsWith(expected))).toBe(true);
    for (const reference of await recordedReferences(lantern)) {
      const [type = ''] = reference.split('/');
      const section = sectionOf[type];
      if (!section) throw new Error(`Lantern reported writing ${reference}, a type the EHR chart does not list`);
      const listing = await chartListing(page, patient, section);
      expect(listing.find((item) => item.startsWith(`${reference} `))).toMatch(/\[R, NOPAT, SDV\]$/);
    }
  });
}

test('oracle-health: nothing can be written, so Lantern offers the printable summary and the hotline, and sends no write', async ({ page }) => {
  const writes = recordFhirWrites(page);
  const lantern = await openChart(page, 'indicator-adult', { profile: 'oracle-health' });
  // Nothing can be written here, so the patient is not asked what goes in the record.
  await decideReferral(lantern, null);
  await expect(lantern.getByRole('group', { name: 'What goes in the record' })).toHaveCount(0);
  const record = lantern.getByRole('region', { name: 'Record', exact: true });
  await expect(record).toContainText('This EHR does not let Lantern write any of this to the record.');
  const summary = lantern.getByRole('region', { name: 'Confidential — phone referral summary' });
  await expect(summary).toContainText(/shelter/i);
  await expect(lantern.getByRole('button', { name: 'Print the referral summary' })).toBeVisible();
  await expect(lantern.getByRole('button', { name: 'Print the patient card' })).toBeVisible();
  await expect(lantern.getByRole('button', { name: 'Record in the chart' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  expect(writes).toEqual([]);
});

async function expectRecorded(lantern: FrameLocator, recorded: (string | RegExp)[]): Promise<void> {
  const items = lantern.getByRole('region', { name: 'Recorded', exact: true }).getByRole('list').first().getByRole('listitem');
  await expect(items).toHaveCount(recorded.length);
  for (const [index, words] of recorded.entries()) await expect(items.nth(index)).toContainText(words);
}
