import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { sandboxPatient } from './ehr';

/**
 * An EHR on another site (127.0.0.1, while Lantern is on localhost), embedding Lantern as the sandbox EHR launches it.
 * A real loopback server rather than a routed page: Chromium refuses to let a page it cannot place on the local network
 * frame one that is.
 */
let ehrSite: Server;
let ehrOrigin = '';
let embeddedLaunch = '';

test.beforeAll(async () => {
  ehrSite = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><title>Chart</title><iframe title="Lantern" src="${embeddedLaunch}"></iframe></html>`);
  });
  await new Promise<void>((resolve) => ehrSite.listen(0, '127.0.0.1', resolve));
  ehrOrigin = `http://127.0.0.1:${String((ehrSite.address() as AddressInfo).port)}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => ehrSite.close(resolve));
});

/**
 * Opens Lantern in a cross-site iframe. Chromium as Playwright starts it does not partition third-party storage, so
 * the frame's sessionStorage throws "Access is denied for this document", as in browsers that block third-party storage.
 */
async function openCrossSite(page: Page, baseURL: string): Promise<void> {
  await page.goto(`/sandbox/ehr?patient=${sandboxPatient('indicator-adult').id}`);
  embeddedLaunch = new URL((await page.locator('iframe[title="Lantern"]').getAttribute('src')) ?? '', baseURL).href;
  await page.goto(`${ehrOrigin}/chart`);
}

test('where the embedding browser blocks storage, the launch page says so and opens Lantern in its own window', async ({ page, context, baseURL }) => {
  await openCrossSite(page, baseURL ?? '');
  const lantern = page.frameLocator('iframe[title="Lantern"]');
  const status = lantern.getByRole('status');
  await expect(status).toContainText('This browser does not let Lantern keep its sign-in while it is shown inside the EHR’s page.');
  await expect(status).not.toContainText('Access is denied');
  const [ownWindow] = await Promise.all([context.waitForEvent('page'), lantern.getByRole('link', { name: 'Open Lantern in its own window' }).click()]);
  await expect(ownWindow.getByRole('region', { name: 'Patient' })).toContainText(sandboxPatient('indicator-adult').name);
  expect(new URL(ownWindow.url()).search).toBe('');
});
