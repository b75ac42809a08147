import { expect, test, type BrowserContext } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHostingFiles, hashedAssetsPath, immutableForAYear, noStore, securityHeaders, uncachedPaths } from '../../deploy/generate-headers.mjs';
import { sandboxClientId } from '../../mocks/sandbox/sandbox';
import { serveSandbox, type ServedSandbox } from '../../mocks/sandbox/test-sandbox';
import { chartListing, decideReferral, freshPatient, openChart } from './ehr';
import { prepareNginxHost, type NginxHost } from './nginx-host';

// The built app as a hospital hosts it: dist/ served by Debian's nginx with the headers deploy/generate-headers.mjs
// writes from the lantern.config.json beside it, on an origin of its own. The sandbox EHR and its authorization
// server run on another origin (another port), so the EHR frames Lantern cross-origin and every FHIR and token call
// crosses origins, as in production: the Content-Security-Policy is enforced on all of it.

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');

let ehr: ServedSandbox;
let host: NginxHost;
let headers: [string, string][];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  host = await prepareNginxHost(distDir);
  ehr = await serveSandbox({ appOrigin: host.origin });
  const configPath = path.join(host.root, 'lantern.config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      ehrs: [{ label: 'Sandbox EHR on loopback', iss: ehr.sandbox.fhirBaseUrls['smart-launcher'], clientId: sandboxClientId, frameOrigins: [ehr.sandbox.origin] }],
    }),
  );
  // --discover, as an integration engineer would run it: the token endpoint is read from the smart-configuration.
  const { policy } = await generateHostingFiles({ configPath, outDir: host.dir, discover: true });
  headers = securityHeaders(policy);
  await host.start(path.join(host.dir, 'lantern-nginx.conf'));
});

test.afterAll(async () => {
  await host.stop();
  await ehr.close();
});

/**
 * Every Content-Security-Policy violation in any frame: the event each document fires, and Chromium's console report.
 * `stopAtFirst` closes the browser context at the first one, so a flow that a refusal would stall fails at once and
 * names it instead of timing out.
 */
async function collectViolations(context: BrowserContext, { stopAtFirst }: { stopAtFirst: boolean }): Promise<string[]> {
  const violations: string[] = [];
  const found = (violation: string): void => {
    violations.push(violation);
    if (stopAtFirst) void context.close();
  };
  await context.exposeBinding('lanternCspViolation', ({ frame }, report: string) => {
    found(`${frame.url()}: ${report}`);
  });
  await context.addInitScript(() => {
    const report = (window as unknown as { lanternCspViolation: (text: string) => Promise<void> }).lanternCspViolation;
    document.addEventListener('securitypolicyviolation', (event) => {
      void report(`${event.effectiveDirective} refused ${event.blockedURI} (${event.sourceFile}:${String(event.lineNumber)}) ${event.sample}`);
    });
  });
  context.on('console', (message) => {
    if (/Content Security Policy|Trusted Type|Refused to/i.test(message.text())) found(`console: ${message.text()}`);
  });
  return violations;
}

test('nginx serves the pages, the configuration and the hashed assets with the generated headers', async ({ request }) => {
  const launchPage = await request.get(`${host.origin}/launch.html`);
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await launchPage.text())?.[1];
  expect(asset).toBeDefined();
  for (const [url, cacheControl] of [
    ...uncachedPaths.map((pagePath): [string, string] => [`${host.origin}${pagePath}`, noStore]),
    [`${host.origin}${asset ?? hashedAssetsPath}`, immutableForAYear],
  ] as const) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    const served = response.headers();
    expect(served.server, url).toBe('nginx');
    for (const [name, value] of headers) expect(served[name.toLowerCase()], `${name} on ${url}`).toBe(value);
    expect(served['cache-control'], url).toBe(cacheControl);
  }
});

test('an EHR launch and a full record run with the Content-Security-Policy enforced and no violation', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: ehr.sandbox.origin });
  const violations = await collectViolations(context, { stopAtFirst: true });
  try {
    const page = await context.newPage();
    const patient = await freshPatient(page, 'no-active-encounter');

    const lantern = await openChart(page, patient, { profile: 'smart-launcher' });
    await decideReferral(lantern);
    await lantern.getByRole('button', { name: 'Record in the chart' }).click();
    const recorded = lantern.getByRole('region', { name: 'Recorded', exact: true });
    await expect(recorded).toContainText('Restricted safety flag added.');
    await expect(recorded).toContainText(/Referral to .*shelter/i);
    // Lantern ran from nginx's origin, framed by the EHR's.
    expect(page.frames().map((frame) => new URL(frame.url()).origin)).toEqual([ehr.sandbox.origin, host.origin]);

    expect(await chartListing(page, patient, 'Flags')).toEqual([expect.stringMatching(/Safety concern — restricted; see care team — active \[R, NOPAT, SDV\]/)]);
    expect(await chartListing(page, patient, 'Referrals')).toHaveLength(1);
  } finally {
    // Reported over whatever the stopped flow threw: the violation is the cause.
    expect(violations).toEqual([]);
    await context.close();
  }
});

test('a page the configuration does not name (here a blank one, of no origin) cannot frame Lantern, and the refusal is reported', async ({ browser }) => {
  const context = await browser.newContext();
  const violations = await collectViolations(context, { stopAtFirst: false });
  const page = await context.newPage();
  await page.setContent(`<iframe title="Lantern" src="${host.origin}/launch.html"></iframe>`);
  await expect.poll(() => violations.join('\n')).toContain('frame-ancestors');
  await expect(page.frameLocator('iframe[title="Lantern"]').getByRole('status')).toHaveCount(0);
  await context.close();
});
