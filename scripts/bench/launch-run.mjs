import { BenchFailure, withTimeout } from './failure.mjs';

/**
 * @typedef {import('@playwright/test').Browser} Browser
 * @typedef {import('@playwright/test').Request} Request
 * @typedef {{ method: string; path: string; label: string; resourceType: string; discovery: boolean;
 *   offsetMs: number; status: number | string }} FhirRequest
 * @typedef {'lantern' | 'floor' | 'batch-floor' | 'react-floor'} LaunchedApp
 * @typedef {{ document: string; startAt: number; durationMs: number }} LongTask
 * @typedef {{ document: string; path: string; responseEndAt: number }} LoadedAsset
 * @typedef {{ patientId: string; app: LaunchedApp; launchToChartMs: number; launchToDomMs: number; pageClockMs: number | undefined;
 *   launchToIndexHtmlMs: number | undefined; launchToFirstReadMs: number | undefined; fhirRequests: FhirRequest[];
 *   otherRequests: Record<string, number>; tokenRequests: number; configFetches: number; longestTaskMs: number;
 *   longTasks: LongTask[]; assets: LoadedAsset[]; prompts: PromptsTiming; problems: string[] }} LaunchRun
 *   For the floors, the chart moment is the prompts moment (they have no chart); assets = the JS/CSS files the frame's
 *   documents finished loading before the prompts frame (Resource Timing); longTasks = 'longtask' entries of the
 *   frame's documents that ended before it.
 * @typedef {{ launchToPromptsMs: number; launchToDomMs: number; itemCount: number; launchToChartDataMs: number | undefined;
 *   afterChartDataMs: number | undefined; afterLastFhirMs: number | undefined; lastFhirRequest: string }} PromptsTiming
 *   launchToChartDataMs = launch → the last chart-section FHIR response's responseEnd; afterChartDataMs = that
 *   responseEnd → the prompts' frame (page clock); afterLastFhirMs = the same from the last FHIR response of any kind
 *   (lastFhirRequest, e.g. 'Encounter/enc-1' or 'Observation search')
 * @typedef {{ count: number; chartDataAt: number | undefined; lastFhirAt: number | undefined; lastFhirRequest: string }} PromptsReport
 * @typedef {{ domAt: number; frameAt: number; nodeAt: number }} EndMoment
 */

export const renderedBinding = '__lanternBenchChartRendered';
/** Every FHIR base of the sandbox: the startup profile's `/sandbox/fhir/` and each profile's `/sandbox/<profile>/fhir/`. */
const fhirPathPattern = '^/sandbox/(?:[a-z-]+/)?fhir(?:/|$)';
const discoveryPaths = new Set(['.well-known/smart-configuration', 'metadata']);
/** The floor app's pages (scripts/bench/floor), served beside Lantern's. */
const floorLaunchPath = '/floor/launch.html';
const floorAppPath = '/floor/index.html';
/** The React floor's app page (scripts/bench/floor/react.html), reached through the floor's launch page with `mode=react`. */
const reactFloorAppPath = '/floor/react.html';

/** Chart-section searches (src/features/chart/chart-sections.ts); an Encounter search without `date` is the launch's own. */
const chartSectionTypes = ['Encounter', 'Condition', 'Observation', 'Procedure', 'Coverage', 'Flag', 'ServiceRequest'];

/**
 * Runs in every document of every frame before the page's own scripts, inside the EHR's app iframe only.
 * In each of the frame's documents it reports, as they happen, 'longtask' entries and the JS/CSS files it finished
 * loading (Resource Timing), both buffered from the document's start. On a launch page it reports when that
 * document's fetch started. On Lantern's app page it watches the DOM for two moments and, for each, waits for the
 * next animation frame (the frame that paints it) and reports both instants:
 *   rendered — "What Lantern read" is no longer busy and "Current visit" is present;
 *   prompts  — "What Lantern read" is no longer busy and the safety check-in's count reads "N item(s)", not "…";
 *              it also reports when the last chart-section FHIR response, and the last FHIR response of any kind,
 *              finished (Resource Timing responseEnd) and which request that last one was.
 * On the floors' app pages (the floor's and the React floor's), prompts = the count of resources read is written (`#floor-count[data-done]`).
 * All on the page's clock (epoch ms, `performance.timeOrigin + …`), which the frame's documents share: they run in
 * one renderer process.
 */
function detectChartRendered(
  /** @type {{ binding: string; fhirPathPattern: string; chartSectionTypes: string[]; floorLaunchPath: string; floorAppPaths: string[] }} */ options,
) {
  if (window === window.top) return;
  const report = (/** @type {Record<string, unknown>} */ payload) => {
    const send = /** @type {(payload: unknown) => void} */ (/** @type {Record<string, unknown>} */ (window)[options.binding]);
    send(payload);
  };
  const fhirPath = new RegExp(options.fhirPathPattern);
  const documentPath = location.pathname;
  // The iframe's initial about:blank shares the EHR page's event loop: its long tasks are the EHR's, not the app's.
  if (location.protocol === 'about:') return;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        report({ kind: 'longtask', document: documentPath, startAt: performance.timeOrigin + entry.startTime, durationMs: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the bench reports none.
  }
  new PerformanceObserver((list) => {
    for (const entry of /** @type {PerformanceResourceTiming[]} */ (list.getEntries())) {
      const url = new URL(entry.name);
      if (url.origin !== location.origin || !/\.(?:js|css)$/.test(url.pathname)) continue;
      report({ kind: 'asset', document: documentPath, path: url.pathname, responseEndAt: performance.timeOrigin + entry.responseEnd });
    }
  }).observe({ type: 'resource', buffered: true });
  if (location.pathname === '/launch.html' || location.pathname === options.floorLaunchPath) {
    const navigation = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType('navigation')[0]);
    report({ kind: 'launch', fetchStartAt: performance.timeOrigin + (navigation?.fetchStart ?? 0) });
    return;
  }
  if (options.floorAppPaths.includes(location.pathname)) {
    const floorCheck = () => {
      const output = document.getElementById('floor-count');
      if (output?.dataset.failed === 'true') {
        floorObserver.disconnect();
        report({ kind: 'failed', message: output.textContent });
      } else if (output?.dataset.done === 'true') {
        floorObserver.disconnect();
        const domAt = performance.timeOrigin + performance.now();
        const count = Number(output.textContent);
        requestAnimationFrame(() => {
          report({ kind: 'prompts', domAt, frameAt: performance.timeOrigin + performance.now(), count });
        });
      }
    };
    const floorObserver = new MutationObserver(floorCheck);
    floorObserver.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
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
      const base = fhirPath.exec(url.pathname)?.[0];
      if (base === undefined || !(entry.responseEnd > 0)) continue;
      const path = url.pathname.slice(base.length);
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
 * The address the sandbox EHR's chart opens in its app iframe for this patient (and vendor profile): what an EHR
 * launch of Lantern is. The launch token is stateless (the launch context, encoded), so one address serves every run.
 * @param {{ baseUrl: string; patientId: string; profile?: string | undefined }} options
 * @returns {Promise<string>}
 */
export async function ehrLaunchUrl({ baseUrl, patientId, profile }) {
  const response = await fetch(ehrPageUrl({ baseUrl, patientId, profile }), { signal: AbortSignal.timeout(15_000) });
  const html = await response.text();
  const src = /<iframe title="Lantern" src="([^"]+)"/.exec(html)?.[1];
  if (!response.ok || src === undefined) {
    throw new BenchFailure(`the sandbox EHR has no chart with Lantern for patient "${patientId}"${profile ? ` (profile ${profile})` : ''} (HTTP ${response.status}): did the synthetic patients change?`);
  }
  return src
    .replace(/&#(\d+);/g, (_entity, code) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** @param {{ baseUrl: string; patientId: string; profile?: string | undefined }} options */
function ehrPageUrl({ baseUrl, patientId, profile }) {
  return `${baseUrl}/sandbox/ehr?${new URLSearchParams({ patient: patientId, ...(profile ? { profile } : {}) }).toString()}`;
}

/**
 * One EHR launch of `app` for `patientId` in a fresh browser context (empty cache, cookies and storage): the sandbox
 * EHR's chart is opened with its sidebar empty, then its app iframe is pointed at the launch address the chart would
 * have used (`launchUrl`, from `ehrLaunchUrl`) — Lantern's /launch.html, or the floor's launch page with the same query.
 * Start: the browser issues the iframe's request for the launch page (its network timestamp).
 * End: Lantern — the first animation frame after the chart is rendered, on the app page's clock; and, from the same
 * launch, the first animation frame after the safety check-in's count is final (see `detectChartRendered`).
 * The floors — the first animation frame after the count of resources read is written.
 * @param {Browser} browser
 * @param {{ baseUrl: string; patientId: string; profile?: string | undefined; launchUrl: string; app: LaunchedApp; timeoutMs: number }} options
 * @returns {Promise<LaunchRun>}
 */
export async function measureLaunch(browser, { baseUrl, patientId, profile, launchUrl, app, timeoutMs }) {
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
    /** @type {(reason: unknown) => void} */
    let rejectPrompts = () => undefined;
    /** @type {Promise<EndMoment & PromptsReport>} */
    const prompts = new Promise((resolve, reject) => {
      resolvePrompts = resolve;
      rejectPrompts = reject;
    });
    /** @type {{ rendered?: true; prompts?: true }} */
    const seen = {};
    /** @type {number | undefined} */
    let launchFetchStartAt;
    /** @type {LongTask[]} */
    const longTasks = [];
    /** @type {LoadedAsset[]} */
    const assets = [];
    await context.exposeBinding(
      renderedBinding,
      (
        _source,
        /** @type {{ kind: string; fetchStartAt?: number; domAt?: number; frameAt?: number; document?: string; startAt?: number; durationMs?: number; path?: string; responseEndAt?: number; message?: string } & Partial<PromptsReport>} */ payload,
      ) => {
        const moment = { domAt: payload.domAt ?? Number.NaN, frameAt: payload.frameAt ?? Number.NaN, nodeAt: nodeNow() };
        if (payload.kind === 'launch') launchFetchStartAt ??= payload.fetchStartAt;
        else if (payload.kind === 'longtask') longTasks.push({ document: payload.document ?? '', startAt: payload.startAt ?? Number.NaN, durationMs: payload.durationMs ?? 0 });
        else if (payload.kind === 'asset') assets.push({ document: payload.document ?? '', path: payload.path ?? '', responseEndAt: payload.responseEndAt ?? Number.NaN });
        else if (payload.kind === 'failed') rejectPrompts(new BenchFailure(`${patientId}: the ${app} page failed: ${payload.message ?? ''}`));
        else if (payload.kind === 'rendered') {
          seen.rendered = true;
          resolveRendered(moment);
        } else if (payload.kind === 'prompts') {
          seen.prompts = true;
          const promptsMoment = {
            ...moment,
            count: payload.count ?? Number.NaN,
            chartDataAt: payload.chartDataAt,
            lastFhirAt: payload.lastFhirAt,
            lastFhirRequest: payload.lastFhirRequest ?? '',
          };
          // The floors have no chart: their one end moment stands for both.
          if (app !== 'lantern') resolveRendered(moment);
          resolvePrompts(promptsMoment);
        }
      },
    );
    await context.addInitScript(detectChartRendered, { binding: renderedBinding, fhirPathPattern, chartSectionTypes, floorLaunchPath, floorAppPaths: [floorAppPath, reactFloorAppPath] });

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

    const launchPath = app === 'lantern' ? '/launch.html' : floorLaunchPath;
    const appPath = app === 'lantern' ? '/index.html' : app === 'react-floor' ? reactFloorAppPath : floorAppPath;
    const target = new URL(launchUrl, baseUrl);
    target.pathname = launchPath;
    if (app === 'batch-floor') target.searchParams.set('mode', 'batch');
    if (app === 'react-floor') target.searchParams.set('mode', 'react');
    // The chart with an empty sidebar, fully loaded; then the launch, into the same iframe the EHR would have used.
    await page.goto(`${ehrPageUrl({ baseUrl, patientId, profile })}&sidebar=card`, { waitUntil: 'load', timeout: timeoutMs });
    await page.locator('iframe[title="Lantern"]').evaluate((frame, src) => {
      /** @type {HTMLIFrameElement} */ (frame).src = src;
    }, target.href);
    // Both end moments of the same launch: the chart rendered, and the check-in's prompts counted.
    const [end, promptsEnd] = await withTimeout(Promise.all([rendered, prompts]), timeoutMs, async () => {
      const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
      const text = frame ? await frame.locator('body').innerText({ timeout: 2000 }).catch(() => '(unreadable)') : '(no iframe)';
      const missing = [seen.rendered ? '' : 'the chart was not rendered', seen.prompts ? '' : 'the safety check-in showed no final item count'].filter(Boolean);
      return `${patientId} (${app}${profile ? `, ${profile}` : ''}): ${missing.join(' and ')} within ${timeoutMs / 1000} s. The app frame (${frame?.url() ?? 'none'}) shows:\n${text.slice(0, 1500)}${problems.length ? `\n${problems.join('\n')}` : ''}`;
    });

    const launch = requests.find(({ request }) => request.isNavigationRequest() && new URL(request.url()).pathname === launchPath);
    if (!launch) throw new BenchFailure(`${patientId}: the EHR page never requested ${launchPath}`);
    const startedAt = launch.request.timing().startTime;
    if (!(startedAt > 0)) throw new BenchFailure(`${patientId}: the browser gave no start time for the ${launchPath} request`);
    const appPage = requests.find(({ request }) => request.isNavigationRequest() && new URL(request.url()).pathname === appPath);
    // Everything the browser sent from the launch page's request to the prompts' frame.
    const beforePrompts = requests.filter(({ nodeAt }) => nodeAt >= launch.nodeAt && nodeAt <= promptsEnd.nodeAt);

    /** @type {FhirRequest[]} */
    const fhirRequests = [];
    /** @type {Record<string, number>} */
    const otherRequests = {};
    let tokenRequests = 0;
    let configFetches = 0;
    const fhirPath = new RegExp(fhirPathPattern);
    for (const { request, nodeAt } of beforePrompts) {
      const url = new URL(request.url());
      const base = fhirPath.exec(url.pathname)?.[0];
      if (base === undefined) {
        const kind = requestKind(request, url);
        otherRequests[kind] = (otherRequests[kind] ?? 0) + 1;
        if (url.pathname === '/sandbox/auth/token') tokenRequests += 1;
        if (url.pathname === '/lantern.config.json') configFetches += 1;
        continue;
      }
      const requestPath = url.pathname.slice(base.length);
      const query = [...url.searchParams].map(([name, value]) => `${name}=${value}`).join('&');
      const discovery = discoveryPaths.has(requestPath);
      const issuedAt = request.timing().startTime;
      const status = outcomes.get(request) ?? 'no response';
      if (typeof status !== 'number' || status >= 400) problems.push(`${request.method()} ${requestPath} → ${status}`);
      fhirRequests.push({
        method: request.method(),
        path: requestPath + (query ? `?${query}` : ''),
        label: `${request.method()} ${requestPath || '(base)'}${query ? `?${query}` : ''}`,
        resourceType: discovery ? 'discovery' : (requestPath.split('/')[0] ?? '') || (request.method() === 'POST' ? 'batch' : '(base)'),
        discovery,
        offsetMs: issuedAt > 0 ? issuedAt - startedAt : nodeAt - launch.nodeAt,
        status,
      });
    }
    const indexIssuedAt = appPage?.request.timing().startTime;
    const inFrame = longTasks.filter((task) => task.startAt + task.durationMs <= promptsEnd.frameAt);
    return {
      patientId,
      app,
      launchToChartMs: end.frameAt - startedAt,
      launchToDomMs: end.domAt - startedAt,
      pageClockMs: launchFetchStartAt === undefined ? undefined : end.frameAt - launchFetchStartAt,
      launchToIndexHtmlMs: indexIssuedAt && indexIssuedAt > 0 ? indexIssuedAt - startedAt : undefined,
      launchToFirstReadMs: fhirRequests.find((request) => !request.discovery)?.offsetMs,
      fhirRequests,
      otherRequests,
      tokenRequests,
      configFetches,
      longestTaskMs: Math.max(0, ...inFrame.map((task) => task.durationMs)),
      longTasks: inFrame,
      assets: assets.filter((asset) => asset.responseEndAt <= promptsEnd.frameAt),
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
  if (request.isNavigationRequest()) return 'app pages (launch, app page)';
  if (/^(?:\/floor)?\/assets\//.test(url.pathname)) return 'JS/CSS assets';
  if (url.pathname.endsWith('.json')) return 'app configuration';
  return 'other';
}

function nodeNow() {
  return performance.timeOrigin + performance.now();
}
