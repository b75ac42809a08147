import { expect, test, type Page, type Route } from '@playwright/test';
import { openChart } from './ehr';

/** The opened card's chunk (`CheckInBody-<hash>.js`), held or refused per test. */
const openedCardChunk = /\/assets\/CheckInBody-[\w-]+\.js$/;

/** Refuses the chunk, as a dropped network or a deployment that replaced the files would, until `reachable()`. */
async function refuseChunk(page: Page): Promise<{ reachable: () => void }> {
  let refused = true;
  await page.route(openedCardChunk, async (route: Route) => {
    if (refused) await route.abort('internetdisconnected');
    else await route.continue();
  });
  return {
    reachable: () => {
      refused = false;
    },
  };
}

test('an opened card whose code cannot be fetched says so, keeps what was entered, and loads on "Try again"', async ({ page }) => {
  const chunk = await refuseChunk(page);
  const lantern = await openChart(page, 'two-active-encounters', { encounter: 'none' });
  // Entered before opening the card: which of two visits in progress this check-in is about.
  const visit = lantern.getByRole('region', { name: 'Current visit' });
  await visit.getByRole('button').first().click();
  await expect(visit.getByText('Started')).toBeVisible();

  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await expect(lantern.getByText('This part of the check-in could not be loaded: the connection to Lantern’s server may have dropped.')).toBeVisible();
  await expect(lantern.getByText('Nothing you entered is lost.')).toBeVisible();

  chunk.reachable();
  await lantern.getByRole('button', { name: 'Try again' }).click();
  await expect(lantern.getByRole('heading', { name: 'Private conversation guide' })).toBeVisible();
  await expect(visit.getByText('Started')).toBeVisible();
  await expect(visit.getByRole('group')).toHaveCount(0);
});

test('quick-hide hides at once while the opened card is still loading, and the card is there on Resume', async ({ page }) => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(openedCardChunk, async (route) => {
    await released;
    await route.continue();
  });
  const lantern = await openChart(page, 'indicator-adult');
  await lantern.getByRole('button', { name: /Safety check-in/ }).click();
  await expect(lantern.getByRole('status').filter({ hasText: /^Loading…$/ })).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(lantern.getByRole('button', { name: 'Resume' })).toBeFocused();
  await expect(lantern.getByText(/Safety check-in|Ana|Ruiz|Loading/)).toHaveCount(0);

  release();
  await lantern.getByRole('button', { name: 'Resume' }).click();
  await expect(lantern.getByRole('heading', { name: 'Private conversation guide' })).toBeVisible();
});
