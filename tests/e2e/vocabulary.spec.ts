import { expect, test, type Frame, type Page } from '@playwright/test';
import { listedTermsIn } from '../vocabulary';
import { decideReferral, expectNoAxeViolations, freshPatient, openChart } from './ehr';

/**
 * The vocabulary rule (docs/design.md, "What may be read where"), read as a companion would: the collapsed card, the
 * first viewport of the expanded card as it opens (visible text only, at the default viewport, nothing opened), the
 * hidden view and the patient card in print preview hold no listed term.
 */

function lanternFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => candidate.url().includes('/index.html'));
  if (!frame) throw new Error('Lantern frame not found');
  return frame;
}

/** The text a person can see in the frame: rendered, not inside a closed disclosure, and (optionally) in the viewport. */
async function visibleText(frame: Frame, where: 'viewport' | 'page'): Promise<string> {
  const text = await frame.evaluate((viewportOnly) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts: string[] = [document.title];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const words = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (words === '' || !parent?.checkVisibility({ visibilityProperty: true, opacityProperty: true, contentVisibilityAuto: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
      const seen = viewportOnly ? rects.some((rect) => rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth) : rects.length > 0;
      if (seen) parts.push(words);
    }
    return parts.join('\n');
  }, where === 'viewport');
  return text;
}

for (const patient of ['indicator-adult', 'youth'] as const) {
  test(`${patient}: no listed term in the collapsed card, the first viewport of the expanded card, or the hidden view`, async ({ page }) => {
    const lantern = await openChart(page, patient);
    const toggle = lantern.getByRole('button', { name: /Safety check-in/ });
    await expect(toggle).toContainText(/[1-9]\d* items/);
    await expect(lantern.getByRole('region', { name: 'What Lantern read' })).toHaveAttribute('aria-busy', 'false');
    const frame = lanternFrame(page);

    const collapsed = await visibleText(frame, 'page');
    expect(collapsed).toContain('Safety check-in');
    expect(listedTermsIn(collapsed), 'collapsed card').toEqual([]);

    await toggle.click();
    await expect(lantern.getByRole('heading', { name: 'Private conversation guide' })).toBeVisible();
    await expect(lantern.getByText(/^Chart prompts \(\d+\)$/)).toBeAttached();
    const firstViewport = await visibleText(frame, 'viewport');
    expect(firstViewport).toContain('Private conversation guide');
    expect(listedTermsIn(firstViewport), 'first viewport of the expanded card').toEqual([]);

    await page.keyboard.press('Escape');
    await expect(lantern.getByRole('button', { name: 'Resume' })).toBeVisible();
    // Hidden: the whole document, markup and attributes included, not only what shows.
    const hidden = await frame.evaluate(() => `${document.title}\n${document.body.outerHTML}`);
    expect(listedTermsIn(hidden), 'hidden view').toEqual([]);
  });
}

test('print preview: the patient card alone, in the screening language, with no listed term and no outcome; the referral summary alone, with what a phone referral needs', async ({ page }) => {
  // MEDITECH takes no referral from apps: Lantern says "use the printable summary", so both must be there.
  const patient = await freshPatient(page, 'indicator-adult');
  const lantern = await openChart(page, patient, { profile: 'meditech' });
  await decideReferral(lantern);
  await expect(lantern.getByRole('region', { name: 'Record', exact: true })).toContainText('using the printable summary');
  await lantern.getByRole('group', { name: 'Language of the questions' }).getByRole('button', { name: 'Español' }).click();
  await lantern.getByRole('checkbox', { name: 'Contacting the patient directly may be unsafe' }).check();
  await lantern.getByRole('textbox', { name: 'Safe way to reach them (optional)' }).fill('Clinic nurse line, ask for Dana');
  await expectNoAxeViolations(page);
  const frame = lanternFrame(page);

  // No print has been asked for: the browser's own Print shows the card, the sheet safe in anyone's hands.
  await page.emulateMedia({ media: 'print' });
  expect(await visibleText(frame, 'page')).toContain('Recursos de salud');
  await page.emulateMedia({ media: 'screen' });

  await lantern.getByRole('button', { name: 'Print the patient card' }).click();
  await page.emulateMedia({ media: 'print' });
  const card = await visibleText(frame, 'page');
  expect(card).toContain('Recursos de salud');
  expect(card).toContain('1-888-373-7888');
  expect(listedTermsIn(card), 'patient card').toEqual([]);
  for (const absent of ['Concern', 'Outcome', 'Confidential — phone referral summary', patient.name, 'Dana', 'Safety check-in']) {
    expect(card, `patient card shows "${absent}"`).not.toContain(absent);
  }
  expect(card).not.toMatch(/shelter/i);

  await page.emulateMedia({ media: 'screen' });
  await lantern.getByRole('button', { name: 'Print the referral summary' }).click();
  await page.emulateMedia({ media: 'print' });
  const summaryLines = await visibleText(frame, 'page');
  // The frame's title, then the sheet's heading: the first thing on the page.
  expect(summaryLines.split('\n')[1]).toBe('Confidential — phone referral summary');
  const summary = summaryLines.replace(/\n/g, ' ');
  for (const present of [
    `Patient: ${patient.name}`,
    'Date of birth:',
    'Identifiers: Identifier',
    'Outcome: Concern — patient agrees to referral',
    'Consent: the patient agreed to the referral.',
    'contacting the patient may be unsafe',
    'Safe contact: Clinic nurse line, ask for Dana',
  ]) {
    expect(summary).toContain(present);
  }
  expect(summary).toMatch(/Service: .*shelter/i);
  expect(summary).not.toContain('Recursos de salud');
  expect(summary).not.toContain('Print the');
});
