import { BenchFailure, withTimeout } from './failure.mjs';

/**
 * @typedef {import('@playwright/test').Browser} Browser
 * @typedef {import('@playwright/test').Request} Request
 * @typedef {{ method: string; path: string; label: string; resourceType: string; discovery: boolean;
 *   offsetMs: number; status: number | string }} FhirRequest
 * @typedef {{ patientId: string; launchToChartMs: number; launchToDomMs: number; pageClockMs: number | undefined;
 *   launchToIndexHtmlMs: number | undefined; launchToFirstReadMs: number | undefined; fhirRequests: FhirRequest[];
 *   otherRequests: Record<string, number>; prompts: PromptsTiming; problems: string[] }} LaunchRun
 * @typedef {{ launchToPromptsMs: number; launchToDomMs: number; itemCount: number; launchToChartDataMs: number | undefined;
 *   afterChartDataMs: number | undefined; afterLastFhirMs: number | undefined; lastFhirRequest: string }} PromptsTiming
 *   launchToChartDataMs = launch → the last chart-section FHIR response's responseEnd; afterChartDataMs = that
 *   responseEnd → the prompts' frame (page clock); afterLastFhirMs = the same from the last FHIR response of any kind
 *   (lastFhirRequest, e.g. 'Encounter/enc-1' or 'Observation search')
 * @typedef {{ count: number; chartDataAt: number | undefined; lastFhirAt: number | undefined; lastFhirRequest: string }} PromptsReport
 * @typedef {{ domAt: number; frameAt: number; nodeAt: number }} EndMoment
 */

export const renderedBinding = '__lanternBenchChartRendered';
const fhirPathPrefix = '/sandbox/fhir/';
const discoveryPaths = new Set(['.well-known/smart-configuration', 'metadata']);

/** Chart-section searches (src/features/chart/chart-sections.ts); an Encounter search without `date` is the launch's own. */
const chartSectionTypes = ['Encounter', 'Condition', 'Observation', 'Procedure', 'Coverage', 'Flag', 'ServiceRequest'];

/**
 * Runs in every document of every frame before the page's own scripts, inside the EHR's Lantern iframe only.
 * On /launch.html it reports when that document's fetch started. On the app page it watches the DOM for two
 * moments and, for each, waits for the next animation frame (the frame that paints it) and reports both instants:
 *   rendered — "What Lantern read" is no longer busy and "Current visit" is present;
 *   prompts  — "What Lantern read" is no longer busy and the safety check-in's count reads "N item(s)", not "…";
 *              it also reports when the last chart-section FHIR response, and the last FHIR response of any kind,
 *              finished (Resource Timing responseEnd) and which request that last one was.
 * All on the page's clock (epoch ms, `performance.timeOrigin + …`), which the two documents share: they run in
 * one renderer process.
 */
function detectChartRendered(/** @type {{ binding: string; fhirPathPrefix: string; chartSectionTypes: string[] }} */ options) {
  if (window === window.top) return;
  const report = (/** @type {Record<string, unknown>} */ payload) => {
    const send = /** @type {(payload: unknown) => void} */ (/** @type {Record<string, unknown>} */ (window)[options.binding]);
    send(payload);
  };
  if (location.pathname === '/launch.html') {
    const navigation = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType('navigation')[0]);
    report({ kind: 'launch', fetchStartAt: performance.timeOrigin + (navigation?.fetchStart ?? 0) });
    return;
  }
  if (!/\/(index\.html)?$/.test(location.pathname)) return;
  const chartRead = () => document.querySelector('section[aria-labelledby="chart-heading"]')?.getAttribute('aria-busy') === 'false';
  const isRendered = () => chartRead() && [...document.querySelectorAll('section h2')].some((heading) => heading.textContent.trim() === 'Current visit');
  /** The check-in's item count once it is final (a number, not "…"), else undefined. */
  const promptCount = () => {
    if (!chartRead()) return undefined;
    const toggle = document.querySelector('section.check-in button.card-toggle');
    const countText = toggle?.querySelector('.count')?.textContent ?? toggle?.textContent ?? '';
    const match = /(\d+) items?\s*$/.exec(countText);
    return match ? Number(match[1]) : undefined;
  };
  /** responseEnd of the last finished chart-section search, and of the last finished FHIR request of any kind, on the page clock. */
  const lastFhirResponses = () => {
    let chartSection = 0;
    let any = 0;
    let anyName = '';
    for (const entry of /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'))) {
      const url = new URL(entry.name);
      if (!url.pathname.startsWith(options.fhirPathPrefix) || !(entry.responseEnd > 0)) continue;
      const path = url.pathname.slice(options.fhirPathPrefix.length);
      if (entry.responseEnd > any) {
        any = entry.responseEnd;
        anyName = url.search ? `${path} search` : path;
      }
      if (!options.chartSectionTypes.includes(path) || (path === 'Encounter' && !url.searchParams.has('date'))) continue;
      chartSection = Math.max(chartSection, entry.responseEnd);
    }
    return {
      chartDataAt: chartSection > 0 ? performance.timeOrigin + chartSection : undefined,
      lastFhirAt: any > 0 ? performance.timeOrigin + any : undefined,
      lastFhirRequest: anyName,
    };
  };
  let renderedReported = false;
  let promptsReported = false;
  const check = () => {
    if (!renderedReported && isRendered()) {
      renderedReported = true;
      const domAt = performance.timeOrigin + performance.now();
      requestAnimationFrame(() => {
        report({ kind: 'rendered', domAt, frameAt: performance.timeOrigin + performance.now() });
      });
    }
    const count = promptsReported ? undefined : promptCount();
    if (count !== undefined) {
      promptsReported = true;
      const domAt = performance.timeOrigin + performance.now();
      const responses = lastFhirResponses();
      requestAnimationFrame(() => {
        report({ kind: 'prompts', domAt, frameAt: performance.timeOrigin + performance.now(), count, ...responses });
      });
    }
    if (renderedReported && promptsReported) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/**
 * One EHR launch of Lantern for `patientId` in a fresh browser context (empty cache, cookies and storage).
 * Start: the browser issues the iframe's request for /launch.html (its network timestamp).
 * End: the first animation frame after the chart is rendered, on the app page's clock; and, from the same launch,
 * the first animation frame after the safety check-in's count is final (see `detectChartRendered`).
 * @param {Browser} browser
 * @param {{ baseUrl: string; patientId: string; timeoutMs: number }} options
 * @returns {Promise<LaunchRun>}
 */
export async function measureLaunch(browser, { baseUrl, patientId, timeoutMs }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  try {
    /** @type {(value: EndMoment) => void} */
    let resolveRendered = () => undefined;
    /** @type {Promise<EndMoment>} */
    const rendered = new Promise((resolve) => {
      resolveRendered = resolve;
    });
    /** @type {(value: EndMoment & PromptsReport) => void} */
    let resolvePrompts = () => undefined;
    /** @type {Promise<EndMoment & PromptsReport>} */
    const prompts = new Promise((resolve) => {
      resolvePrompts = resolve;
    });
    /** @type {{ rendered?: true; prompts?: true }} */
    const seen = {};
    /** @type {number | undefined} */
    let launchFetchStartAt;
    await context.exposeBinding(
      renderedBinding,
      (_source, /** @type {{ kind: string; fetchStartAt?: number; domAt?: number; frameAt?: number } & Partial<PromptsReport>} */ payload) => {
        const moment = { domAt: payload.domAt ?? Number.NaN, frameAt: payload.frameAt ?? Number.NaN, nodeAt: nodeNow() };
        if (payload.kind === 'launch') launchFetchStartAt ??= payload.fetchStartAt;
        else if (payload.kind === 'rendered') {
          seen.rendered = true;
          resolveRendered(moment);
        } else if (payload.kind === 'prompts') {
          seen.prompts = true;
          resolvePrompts({
            ...moment,
            count: payload.count ?? Number.NaN,
            chartDataAt: payload.chartDataAt,
            lastFhirAt: payload.lastFhirAt,
            lastFhirRequest: payload.lastFhirRequest ?? '',
          });
        }
      },
    );
    await context.addInitScript(detectChartRendered, { binding: renderedBinding, fhirPathPrefix, chartSectionTypes });

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
    // Both end moments of the same launch: the chart rendered, and the check-in's prompts counted.
    const [end, promptsEnd] = await withTimeout(Promise.all([rendered, prompts]), timeoutMs, async () => {
      const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
      const text = frame ? await frame.locator('body').innerText({ timeout: 2000 }).catch(() => '(unreadable)') : '(no iframe)';
      const missing = [seen.rendered ? '' : 'the chart was not rendered', seen.prompts ? '' : 'the safety check-in showed no final item count'].filter(Boolean);
      return `${patientId}: ${missing.join(' and ')} within ${timeoutMs / 1000} s. The Lantern frame (${frame?.url() ?? 'none'}) shows:\n${text.slice(0, 1500)}${problems.length ? `\n${problems.join('\n')}` : ''}`;
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
      prompts: {
        launchToPromptsMs: promptsEnd.frameAt - startedAt,
        launchToDomMs: promptsEnd.domAt - startedAt,
        itemCount: promptsEnd.count,
        launchToChartDataMs: promptsEnd.chartDataAt === undefined ? undefined : promptsEnd.chartDataAt - startedAt,
        afterChartDataMs: promptsEnd.chartDataAt === undefined ? undefined : promptsEnd.frameAt - promptsEnd.chartDataAt,
        afterLastFhirMs: promptsEnd.lastFhirAt === undefined ? undefined : promptsEnd.frameAt - promptsEnd.lastFhirAt,
        lastFhirRequest: promptsEnd.lastFhirRequest,
      },
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
