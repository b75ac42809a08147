import AxeBuilder from '@axe-core/playwright';
import { expect, type FrameLocator, type Page, type Request } from '@playwright/test';
import type { SimulatedAuthorizationError } from '../../mocks/sandbox/auth/launch-context';
import type { scopeRestrictions, signedInUsers } from '../../mocks/sandbox/ehr-page';
import { generateSandboxData, type SandboxPatientKey } from '../../mocks/sandbox/synthetic/generate';
import { parseFreshPatient, testControlPaths } from '../../mocks/sandbox/test-controls';
import type { VendorProfileName } from '../../mocks/sandbox/vendor-profiles';
import { isRelativeReference } from '../../src/lib/fhir/fhir-ids';

// With the large chart, as the preview server's sandbox has it (generating it takes a moment, once per worker).
const sandbox = generateSandboxData({ largeChart: true });

/** A patient of the simulated EHR: the id its chart is opened by, and the name the chart shows. */
export interface EhrPatient {
  id: string;
  name: string;
}

/** A seeded patient, shared by every test that opens the chart. */
export function sandboxPatient(key: SandboxPatientKey): EhrPatient {
  const patient = sandbox.patients.find((candidate) => candidate.key === key);
  const resource = sandbox.resources.find((candidate) => candidate.resourceType === 'Patient' && candidate.id === patient?.patientId);
  if (!patient || resource?.resourceType !== 'Patient') throw new Error(`no ${key} patient`);
  const name = resource.name?.[0];
  return { id: patient.patientId, name: [...(name?.given ?? []), name?.family].join(' ') };
}

/** A fresh copy of a seeded patient, chart and all, under ids no other test knows: for a test that writes. */
export async function freshPatient(page: Page, key: SandboxPatientKey): Promise<EhrPatient> {
  const response = await page.request.post(`${testControlPaths.freshPatient}?${new URLSearchParams({ copyOf: key }).toString()}`);
  expect(response.status()).toBe(201);
  return { id: parseFreshPatient(await response.json()).patientId, name: sandboxPatient(key).name };
}

function patientOf(patient: SandboxPatientKey | EhrPatient): EhrPatient {
  return typeof patient === 'string' ? sandboxPatient(patient) : patient;
}

/** How the simulated EHR launches Lantern: its form's choices (mocks/sandbox/ehr-page.ts). */
export interface ChartOptions {
  encounter?: 'context' | 'finished' | 'none';
  scopes?: keyof typeof scopeRestrictions;
  profile?: VendorProfileName;
  refresh?: 'works' | 'refused';
  /** Who is signed in to the EHR: a clinician unless chosen. */
  user?: keyof typeof signedInUsers;
  /** The OAuth error the authorization server refuses the launch with; unset, it lets Lantern in. */
  authorization?: SimulatedAuthorizationError;
  /** Another patient whose chart can be opened in a second Lantern frame beside the first. */
  beside?: SandboxPatientKey | EhrPatient;
}

const leavesWithoutAsking = new WeakSet<Page>();

/**
 * Lantern asks before a page with unsaved entries is left (beforeunload); the tests that move on to the EHR's chart
 * view answer "leave", as a clinician who already noted what they need would.
 */
function leaveWithoutAsking(page: Page): void {
  if (leavesWithoutAsking.has(page)) return;
  leavesWithoutAsking.add(page);
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'beforeunload') dialog.accept().catch(() => undefined);
  });
}

/** Opens the patient's chart in the simulated EHR; Lantern runs in its sidebar iframe. */
export async function openChart(page: Page, chosen: SandboxPatientKey | EhrPatient, options: ChartOptions = {}): Promise<FrameLocator> {
  leaveWithoutAsking(page);
  const patient = patientOf(chosen);
  await page.goto('/sandbox/ehr');
  const form = page.locator('form').filter({ has: page.locator(`input[name="patient"][value="${patient.id}"]`) });
  // By name: each label wraps its select, so the labels' accessible names run into the options' text.
  const choose = async (name: string, value: string | undefined): Promise<void> => {
    if (value !== undefined) await form.locator(`select[name="${name}"]`).selectOption(value);
  };
  await choose('profile', options.profile);
  await choose('encounter', options.encounter);
  await choose('scopes', options.scopes);
  await choose('refresh', options.refresh);
  await choose('user', options.user);
  await choose('authorization', options.authorization);
  await choose('beside', options.beside && patientOf(options.beside).id);
  await form.getByRole('button', { name: /EHR launch/ }).click();
  return page.frameLocator('iframe[title="Lantern"]');
}

/**
 * Answers the screen, chooses a referral with consent and the patient's "Everything listed": the decision a
 * clinician records with an adult. `recordChoice` null where the EHR accepts nothing, so the patient is not asked.
 */
export async function decideReferral(lantern: FrameLocator, recordChoice: string | RegExp | null = 'Everything listed'): Promise<void> {
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  const questions = lantern.getByRole('region', { name: 'Screening questions' }).getByRole('radiogroup');
  // count() does not wait: the opened card's code may still be loading.
  await expect(questions.first()).toBeVisible();
  const count = await questions.count();
  for (let index = 0; index < count; index += 1) await questions.nth(index).getByRole('radio', { name: index === 0 ? 'Yes' : 'No' }).check();
  await chooseOutcome(lantern, 'Concern — patient agrees to referral', recordChoice);
  await lantern.getByRole('checkbox', { name: 'The patient agreed to this referral' }).check();
  const services = lantern.getByRole('group', { name: 'Refer to' });
  await services.getByRole('button', { name: 'Show service names' }).click();
  await services.getByRole('radio', { name: /shelter/i }).check();
}

/**
 * Chooses the outcome, then the patient's say over the record ("Everything listed" unless told; null: not asked):
 * nothing is pre-selected, so every test chooses, as a clinician does.
 */
export async function chooseOutcome(lantern: FrameLocator, outcome: string, recordChoice: string | RegExp | null = 'Everything listed'): Promise<void> {
  await lantern.getByRole('radiogroup', { name: 'Outcome of the conversation' }).getByRole('radio', { name: outcome, exact: true }).check();
  if (recordChoice !== null) await lantern.getByRole('group', { name: 'What goes in the record' }).getByRole('radio', { name: recordChoice }).check();
}

/** Withdraws the record this window made, as a clinician does: the button below it, a reason, then the confirmation. */
export async function withdrawRecord(lantern: FrameLocator, reason = 'Recorded by mistake'): Promise<void> {
  await lantern.getByRole('button', { name: 'Change or withdraw the record…' }).click();
  const panel = lantern.getByRole('region', { name: 'Mark as entered in error' });
  await panel.getByRole('radio', { name: reason }).check();
  await panel.getByRole('button', { name: 'Mark as entered in error' }).click();
  await expect(lantern.getByText(/^Marked as entered in error \(/)).toBeVisible();
}

/**
 * Another author's active safety flag ("Fall risk"), added through the sandbox's open server, which shares the
 * chart with every other profile. Returns its reference.
 */
export async function addForeignSafetyFlag(page: Page, patient: SandboxPatientKey | EhrPatient): Promise<string> {
  const response = await page.request.post('/sandbox/hapi-open/fhir/Flag', {
    headers: { 'content-type': 'application/fhir+json' },
    data: {
      resourceType: 'Flag',
      status: 'active',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety', display: 'Safety' }] }],
      code: { text: 'Fall risk' },
      subject: { reference: `Patient/${patientOf(patient).id}` },
    },
  });
  expect(response.status()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return `Flag/${id}`;
}

export type ChartSection = 'Flags' | 'Referrals' | 'Notes' | 'Questionnaire responses';

/** The simulated EHR's own chart view: each resource it holds (`Flag/123 …`), with its security labels. */
export async function chartListing(page: Page, patient: SandboxPatientKey | EhrPatient, heading: ChartSection): Promise<string[]> {
  await page.goto(`/sandbox/ehr?patient=${patientOf(patient).id}`);
  return page.locator(`h2:text-is("${heading}") + ul li`).allTextContents();
}

/** Every write the page sends to a FHIR server (`POST /sandbox/epic/fhir/Communication 201`), as it is answered. */
export function recordFhirWrites(page: Page): string[] {
  const writes: string[] = [];
  page.on('response', (response) => {
    const request = response.request();
    const url = new URL(request.url());
    if (request.method() !== 'GET' && /\/fhir(\/|$)/.test(url.pathname) && !isBatchOfReads(request)) writes.push(`${request.method()} ${url.pathname} ${String(response.status())}`);
  });
  return writes;
}

/** Every FHIR read of patient data the page makes (what a server's discovery documents say is not patient data). */
export function recordFhirReads(page: Page): string[] {
  const reads: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!/\/fhir(\/|$)/.test(url.pathname) || /\/(metadata|\.well-known\/smart-configuration)$/.test(url.pathname)) return;
    if (request.method() === 'GET' || isBatchOfReads(request)) reads.push(`${request.method()} ${url.pathname}`);
  });
  return reads;
}

/** A `batch` Bundle of GETs posted to the FHIR base: reads, however they travel, never a write. */
function isBatchOfReads(request: Request): boolean {
  if (request.method() !== 'POST') return false;
  const bundle = request.postDataJSON() as { resourceType?: unknown; type?: unknown; entry?: { request?: { method?: unknown } }[] } | null;
  return bundle?.resourceType === 'Bundle' && bundle.type === 'batch' && (bundle.entry ?? []).every((entry) => entry.request?.method === 'GET');
}

/** The references Lantern's confirmation says it wrote (`Flag/123`). */
export async function recordedReferences(lantern: FrameLocator): Promise<string[]> {
  // The ids sit in the confirmation's disclosure for the EHR team (closed, so not in the accessibility tree), one per item.
  const items = await lantern.getByRole('region', { name: 'Recorded', exact: true }).locator('details li').allTextContents();
  return items.filter((text) => isRelativeReference(text));
}

/**
 * Watches the access tokens the sandbox issues to the page. `expireAll` has the sandbox expire every one issued so
 * far, at once: the next FHIR request with one of them is refused with 401, as after a real expiry, with no wait.
 */
export function watchAccessTokens(page: Page): { expireAll: () => Promise<void> } {
  const issued: Promise<unknown>[] = [];
  page.on('response', (response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/sandbox/auth/token' && response.ok()) issued.push(response.json());
  });
  return {
    async expireAll() {
      const answers = await Promise.all(issued);
      expect(answers.length).toBeGreaterThan(0);
      for (const answer of answers) {
        const token = typeof answer === 'object' && answer !== null && 'access_token' in answer ? answer.access_token : undefined;
        if (typeof token !== 'string') throw new Error('a token response without an access token');
        const expired = await page.request.post(testControlPaths.expireAccessToken, { form: { token } });
        expect(expired.status()).toBe(204);
      }
    },
  };
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)).toEqual([]);
}
