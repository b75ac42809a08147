import { BenchFailure, withTimeout } from './failure.mjs';

/**
 * @typedef {import('@playwright/test').Browser} Browser
 * @typedef {import('@playwright/test').Request} Request
 * @typedef {{ method: string; path: string; label: string; resourceType: string; discovery: boolean;
 *   offsetMs: number; status: number | string }} FhirRequest
 * @typedef {{ patientId: string; launchToChartMs: number; launchToDomMs: number; pageClockMs: number | undefined;
 *   launchToIndexHtmlMs: number | undefined; launchToFirstReadMs: number | undefined; fhirRequests: FhirRequest[];
 *   otherRequests: Record<string, number>; problems: string[] }} LaunchRun
 */

export const renderedBinding = '__lanternBenchChartRendered';
const fhirPathPrefix = '/sandbox/fhir/';
const discoveryPaths = new Set(['.well-known/smart-configuration', 'metadata']);

/**
 * Runs in every document of every frame before the page's own scripts, inside the EHR's Lantern iframe only.
 * On /launch.html it reports when that document's fetch started; on the app page it watches the DOM, and at the
 * first moment "What Lantern read" is no longer busy and "Current visit" is present it waits for the next
 * animation frame (the frame that paints it) and reports both instants. All on the page's clock (epoch ms,
 * `performance.timeOrigin + …`), which the two documents share: they run in one renderer process.
 */
function detectChartRendered(/** @type {string} */ binding) {
  if (window === window.top) return;
  const report = (/** @type {Record<string, unknown>} */ payload) => {
    const send = /** @type {(payload: unknown) => void} */ (/** @type {Record<string, unknown>} */ (window)[binding]);
    send(payload);
  };
  if (location.pathname === '/launch.html') {
    const navigation = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType('navigation')[0]);
    report({ kind: 'launch', fetchStartAt: performance.timeOrigin + (navigation?.fetchStart ?? 0) });
    return;
  }
  if (!/\/(index\.html)?$/.test(location.pathname)) return;
  const isRendered = () => {
    const chart = document.querySelector('section[aria-labelledby="chart-heading"]');
    if (chart?.getAttribute('aria-busy') !== 'false') return false;
    return [...document.querySelectorAll('section h2')].some((heading) => heading.textContent.trim() === 'Current visit');
  };
  let reported = false;
  const check = () => {
    if (reported || !isRendered()) return;
    reported = true;
    observer.disconnect();
    const domAt = performance.timeOrigin + performance.now();
    requestAnimationFrame(() => {
      report({ kind: 'rendered', domAt, frameAt: performance.timeOrigin + performance.now() });
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/**
 * One EHR launch of Lantern for `patientId` in a fresh browser context (empty cache, cookies and storage).
 * Start: the browser issues the iframe's request for /launch.html (its network timestamp).
 * End: the first animation frame after the chart is rendered, on the app page's clock.
 * @param {Browser} browser
 * @param {{ baseUrl: string; patientId: string; timeoutMs: number }} options
 * @returns {Promise<LaunchRun>}
 */
export async function measureLaunch(browser, { baseUrl, patientId, timeoutMs }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  try {
    /** @type {(value: { domAt: number; frameAt: number; nodeAt: number }) => void} */
    let resolveRendered = () => undefined;
    /** @type {Promise<{ domAt: number; frameAt: number; nodeAt: number }>} */
    const rendered = new Promise((resolve) => {
      resolveRendered = resolve;
    });
    /** @type {number | undefined} */
    let launchFetchStartAt;
    await context.exposeBinding(renderedBinding, (_source, /** @type {{ kind: string; fetchStartAt?: number; domAt?: number; frameAt?: number }} */ payload) => {
      if (payload.kind === 'launch') launchFetchStartAt ??= payload.fetchStartAt;
      else if (payload.kind === 'rendered') resolveRendered({ domAt: payload.domAt ?? Number.NaN, frameAt: payload.frameAt ?? Number.NaN, nodeAt: nodeNow() });
    });
    await context.addInitScript(detectChartRendered, renderedBinding);

    /** @type {{ request: Request; nodeAt: number }[]} */
    const requests = [];
    /** @type {Map<Request, number | string>} */
    const outcomes = new Map();
    context.on('request', (request) => requests.push({ request, nodeAt: nodeNow() }));
    context.on('response', (response) => outcomes.set(response.request(), response.status()));
    context.on('requestfailed', (request) => outcomes.set(request, request.failure()?.errorText ?? 'failed'));
    const page = await context.newPage();
    /** @type {string[]} */
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

    const ehrUrl = `${baseUrl}/sandbox/ehr?patient=${encodeURIComponent(patientId)}`;
    await page.goto(ehrUrl, { waitUntil: 'commit', timeout: timeoutMs });
    const end = await withTimeout(rendered, timeoutMs, async () => {
      const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
      const text = frame ? await frame.locator('body').innerText({ timeout: 2000 }).catch(() => '(unreadable)') : '(no iframe)';
      return `${patientId}: the chart was not rendered within ${timeoutMs / 1000} s. The Lantern frame (${frame?.url() ?? 'none'}) shows:\n${text.slice(0, 1500)}${problems.length ? `\n${problems.join('\n')}` : ''}`;
    });

    const launch = requests.find(({ request }) => request.isNavigationRequest() && new URL(request.url()).pathname === '/launch.html');
    if (!launch) throw new BenchFailure(`${patientId}: the EHR page never requested /launch.html`);
    const startedAt = launch.request.timing().startTime;
    if (!(startedAt > 0)) throw new BenchFailure(`${patientId}: the browser gave no start time for the /launch.html request`);
    const appPage = requests.find(({ request }) => request.isNavigationRequest() && new URL(request.url()).pathname === '/index.html');
    const beforeRender = requests.filter(({ nodeAt }) => nodeAt >= launch.nodeAt && nodeAt <= end.nodeAt);

    /** @type {FhirRequest[]} */
    const fhirRequests = [];
    /** @type {Record<string, number>} */
    const otherRequests = {};
    for (const { request, nodeAt } of beforeRender) {
      const url = new URL(request.url());
      if (!url.pathname.startsWith(fhirPathPrefix)) {
        const kind = requestKind(request, url);
        otherRequests[kind] = (otherRequests[kind] ?? 0) + 1;
        continue;
      }
      const requestPath = url.pathname.slice(fhirPathPrefix.length);
      const query = [...url.searchParams].map(([name, value]) => `${name}=${value}`).join('&');
      const discovery = discoveryPaths.has(requestPath);
      const issuedAt = request.timing().startTime;
      const status = outcomes.get(request) ?? 'no response';
      if (typeof status !== 'number' || status >= 400) problems.push(`${request.method()} ${requestPath} → ${status}`);
      fhirRequests.push({
        method: request.method(),
        path: requestPath + (query ? `?${query}` : ''),
        label: `${request.method()} ${requestPath}${query ? `?${query}` : ''}`,
        resourceType: discovery ? 'discovery' : (requestPath.split('/')[0] ?? '') || '(base)',
        discovery,
        offsetMs: issuedAt > 0 ? issuedAt - startedAt : nodeAt - launch.nodeAt,
        status,
      });
    }
    const indexIssuedAt = appPage?.request.timing().startTime;
    return {
      patientId,
      launchToChartMs: end.frameAt - startedAt,
      launchToDomMs: end.domAt - startedAt,
      pageClockMs: launchFetchStartAt === undefined ? undefined : end.frameAt - launchFetchStartAt,
      launchToIndexHtmlMs: indexIssuedAt && indexIssuedAt > 0 ? indexIssuedAt - startedAt : undefined,
      launchToFirstReadMs: fhirRequests.find((request) => !request.discovery)?.offsetMs,
      fhirRequests,
      otherRequests,
      problems,
    };
  } finally {
    await context.close();
  }
}

/**
 * @param {Request} request
 * @param {URL} url
 */
function requestKind(request, url) {
  if (url.pathname.startsWith('/sandbox/auth')) return 'authorization server (incl. redirects)';
  if (request.isNavigationRequest()) return 'app pages (launch.html, index.html)';
  if (url.pathname.startsWith('/assets/')) return 'JS/CSS assets';
  if (url.pathname.endsWith('.json')) return 'app configuration';
  return 'other';
}

function nodeNow() {
  return performance.timeOrigin + performance.now();
}
