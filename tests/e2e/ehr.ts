import AxeBuilder from '@axe-core/playwright';
import { expect, type FrameLocator, type Page } from '@playwright/test';
import { generateSandboxData, type SandboxPatientKey } from '../../mocks/sandbox/synthetic/generate';

const sandbox = generateSandboxData({ largeChart: false });

export function sandboxPatient(key: SandboxPatientKey): { id: string; name: string } {
  const patient = sandbox.patients.find((candidate) => candidate.key === key);
  const resource = sandbox.resources.find((candidate) => candidate.resourceType === 'Patient' && candidate.id === patient?.patientId);
  if (!patient || resource?.resourceType !== 'Patient') throw new Error(`no ${key} patient`);
  const name = resource.name?.[0];
  return { id: patient.patientId, name: [...(name?.given ?? []), name?.family].join(' ') };
}

/** Opens the patient's chart in the simulated EHR; Lantern runs in its sidebar iframe. */
export async function openChart(
  page: Page,
  key: SandboxPatientKey,
  options: { encounter?: 'context' | 'none'; scopes?: string } = {},
): Promise<FrameLocator> {
  const patient = sandboxPatient(key);
  await page.goto('/sandbox/ehr');
  const form = page.locator('form').filter({ has: page.locator(`input[name="patient"][value="${patient.id}"]`) });
  if (options.encounter) await form.getByLabel('Encounter in launch').selectOption(options.encounter);
  if (options.scopes) await form.getByLabel('Access').selectOption(options.scopes);
  await form.getByRole('button', { name: /EHR launch/ }).click();
  return page.frameLocator('iframe[title="Lantern"]');
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)).toEqual([]);
}
