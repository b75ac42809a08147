import { expect, test, type Frame, type Page } from '@playwright/test';
import { listedTermsIn } from '../vocabulary';
import { openChart } from './ehr';

/**
 * The vocabulary rule (docs/design.md, "What may be read where"), read as a companion would: the collapsed card, the
 * first viewport of the expanded card as it opens (visible text only, at the default viewport, nothing opened) and
 * the hidden view hold no listed term.
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
