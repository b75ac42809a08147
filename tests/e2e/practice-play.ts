import { expect, type Locator, type Page } from '@playwright/test';
import type { PracticeCase } from '../../practice/cases';
import { observedIndicators } from '../../src/features/guide/guide-content';

// Playing a practice case as a careful clinician would: every prompt opened, PEARR in the room before any question,
// the signs the room shows ticked, the patient's answers entered, an outcome that fits, and Record.

/** How each case is played well: the outcome, what the decision needs beyond it, and what the store then holds. */
export const plays: Record<string, { outcome: string; recorded: string[]; extra?: (lantern: Locator) => Promise<void> }> = {
  'companion-answers': { outcome: 'Concern — patient declines referral', recorded: ['Communication', 'Flag', 'QuestionnaireResponse'] },
  'minor-older-boyfriend': {
    outcome: 'Concern — patient declines referral',
    recorded: ['Communication', 'Flag', 'QuestionnaireResponse'],
    extra: async (lantern) => {
      const record = lantern.getByRole('region', { name: 'Record', exact: true });
      await record.getByRole('checkbox', { name: /^The duty to report stands whatever the patient says/ }).check();
      await record.getByRole('radio', { name: 'Report made' }).check();
      await record.getByRole('textbox', { name: 'Agency' }).fill('County child protective services');
      await record.getByLabel('Date and time').fill('2026-12-05T09:30');
    },
  },
  'employer-holds-id': { outcome: 'Concern — patient agrees to referral', recorded: ['Communication', 'Flag', 'QuestionnaireResponse', 'ServiceRequest'], extra: referToHotline },
  'no-chart-prompts': { outcome: 'No concern', recorded: ['Communication', 'QuestionnaireResponse'] },
  'immediate-danger-refuses': { outcome: 'Immediate danger', recorded: ['Communication', 'Flag', 'QuestionnaireResponse'] },
  'interpreter-needed': {
    outcome: 'Concern — patient agrees to referral',
    recorded: ['Communication', 'Flag', 'QuestionnaireResponse', 'ServiceRequest'],
    extra: async (lantern) => {
      await lantern.getByRole('textbox', { name: 'Interpreter language' }).fill('Spanish');
      await lantern.getByRole('checkbox', { name: 'A professional interpreter (not a companion or relative)' }).check();
      await referToHotline(lantern);
    },
  },
};

async function referToHotline(lantern: Locator): Promise<void> {
  await lantern.getByRole('checkbox', { name: 'The patient agreed to this referral' }).check();
  const services = lantern.getByRole('group', { name: 'Refer to' });
  await services.getByRole('button', { name: 'Show service names' }).click();
  await services.getByRole('radio', { name: /hotline/i }).check();
}

/** Plays `practiceCase` well on the practice page, from the case list to Record. */
export async function playWell(page: Page, practiceCase: PracticeCase): Promise<void> {
  const play = plays[practiceCase.id];
  if (!play) throw new Error(`No play for ${practiceCase.id}`);
  await page.getByRole('button', { name: `Start: ${practiceCase.title}` }).click();
  const lantern = page.locator('.practice-lantern');
  const room = page.getByRole('complementary', { name: 'In the room' });
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();

  const prompts = practiceCase.expected.prompts.length;
  if (prompts > 0) {
    await lantern.getByText(`Chart prompts (${String(prompts)})`, { exact: true }).click();
    const headings = lantern.getByRole('list', { name: 'From the chart' }).locator('details.prompt > summary');
    await expect(headings).toHaveCount(prompts);
    for (const heading of await headings.all()) await heading.click();
  } else {
    await expect(lantern.getByText(/^Chart prompts \(\d+\)$/)).toHaveCount(0);
  }

  // PEARR in the room: interpreter, privacy and the limits of confidentiality, before any question.
  if (practiceCase.language) await room.getByRole('button', { name: /professional .* interpreter/ }).click();
  if (practiceCase.companion) await room.getByRole('button', { name: /Ask the companion to step out/ }).click();
  await room.getByRole('button', { name: /Explain what stays confidential/ }).click();
  await room.getByRole('button', { name: 'Ask the check-in questions' }).click();

  const notice = lantern.getByRole('group', { name: 'What you notice in the room' });
  for (const id of practiceCase.expected.observations) {
    const label = observedIndicators.find((indicator) => indicator.id === id)?.label ?? id;
    await notice.getByRole('checkbox', { name: label }).check();
  }

  // The patient's scripted answers, as the room shows them, entered in Lantern's own questions.
  const answers = await room.locator('[data-answer]').evaluateAll((items) => items.map((item) => item.getAttribute('data-answer')));
  const questions = lantern.getByRole('region', { name: 'Screening questions' }).getByRole('radiogroup');
  await expect(questions).toHaveCount(answers.length);
  for (const [index, answer] of answers.entries()) await questions.nth(index).getByRole('radio', { name: answer === 'yes' ? 'Yes' : 'No', exact: true }).check();

  await lantern.getByRole('radiogroup', { name: 'Outcome of the conversation' }).getByRole('radio', { name: play.outcome, exact: true }).check();
  await lantern.getByRole('group', { name: 'What goes in the record' }).getByRole('radio', { name: 'Everything listed' }).check();
  await play.extra?.(lantern);
  await lantern.getByRole('button', { name: 'Record in the chart' }).click();
  await expect(lantern.getByRole('region', { name: 'Recorded', exact: true })).toBeVisible();
}

