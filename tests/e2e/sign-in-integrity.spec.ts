import { expect, test, type Page } from '@playwright/test';
import { openChart, sandboxPatient } from './ehr';

/**
 * Rewrites the authorization server's redirect back to index.html, as a mix-up attacker or a plainer server would.
 * Playwright routes no redirect's target, so the authorization request is followed here, with the browser's cookies
 * (the sandbox approves it without a page), and the browser is sent straight to the edited redirect.
 */
async function rewriteAuthorizationResponse(page: Page, edit: (params: URLSearchParams) => void): Promise<void> {
  await page.route(
    (url) => url.pathname === '/sandbox/auth/authorize',
    async (route) => {
      let next = new URL(route.request().url());
      for (let hop = 0; hop < 10 && !next.pathname.endsWith('/index.html'); hop += 1) {
        const response = await page.request.get(next.href, { maxRedirects: 0 });
        next = new URL(response.headers()['location'] ?? '', next);
      }
      edit(next.searchParams);
      await route.fulfill({ status: 303, headers: { location: next.href } });
    },
  );
}

function tokenRequests(page: Page): string[] {
  const requests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/token')) requests.push(request.url());
  });
  return requests;
}

test('an authorization response naming another authorization server is refused before its code is used', async ({ page }) => {
  const tokens = tokenRequests(page);
  await rewriteAuthorizationResponse(page, (params) => { params.set('iss', 'https://other-ehr.example/auth'); });
  const lantern = await openChart(page, 'indicator-adult');
  await expect(lantern.getByRole('alert')).toContainText('The sign-in answer came from a different sign-in server than the one Lantern asked.');
  await expect(lantern.locator('body')).not.toContainText(sandboxPatient('indicator-adult').name);
  expect(tokens).toEqual([]);
});

test('an authorization response without iss is refused when the server advertises that it sends one', async ({ page }) => {
  const tokens = tokenRequests(page);
  await rewriteAuthorizationResponse(page, (params) => { params.delete('iss'); });
  const lantern = await openChart(page, 'indicator-adult');
  await expect(lantern.getByRole('alert')).toContainText('The sign-in answer did not say which sign-in server sent it');
  expect(tokens).toEqual([]);
});

test('a server that does not advertise RFC 9207 and sends no iss still launches', async ({ page }) => {
  await page.route('**/.well-known/smart-configuration', async (route) => {
    const response = await route.fetch();
    const advertised = (await response.json()) as Record<string, unknown>;
    await route.fulfill({ response, json: { ...advertised, authorization_response_iss_parameter_supported: undefined, issuer: undefined } });
  });
  await rewriteAuthorizationResponse(page, (params) => { params.delete('iss'); });
  const lantern = await openChart(page, 'indicator-adult');
  await expect(lantern.getByRole('region', { name: 'Patient' })).toContainText(sandboxPatient('indicator-adult').name);
});

test('no token reaches the console, even with fhirclient’s debug logging switched on in localStorage', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('debug', '*');
  });
  const messages: string[] = [];
  page.on('console', (message) => messages.push(message.text()));
  const issued: Promise<unknown>[] = [];
  page.on('response', (response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/token') && response.ok()) issued.push(response.json());
  });
  const lantern = await openChart(page, 'indicator-adult');
  await expect(lantern.getByRole('region', { name: 'Patient' })).toContainText(sandboxPatient('indicator-adult').name);
  const [answer] = await Promise.all(issued);
  const token = typeof answer === 'object' && answer !== null && 'access_token' in answer ? String(answer.access_token) : '';
  expect(token).not.toBe('');
  expect(messages.filter((message) => message.includes(token) || message.includes('access_token') || /\bFHIR:/.test(message))).toEqual([]);
});
