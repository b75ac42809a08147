#!/usr/bin/env node
/**
 * `npm run bench`: Lantern against its budgets (issue 18). Prints every figure first, then exits 1 naming each budget
 * exceeded (timings included: this is a measuring script, not a test).
 *   1. First-screen JS+CSS (gzip -9) of the production build's index.html and launch.html (scripts/check-bundle-size.mjs).
 *   2. The FHIR requests from launch to prompts (smart-launcher), and per vendor profile; token and configuration fetches.
 *   HEADLINE. Lantern ÷ floor, launch → prompts, per patient, at BENCH_LATENCY_MS and at 0 ms: the floor app
 *      (scripts/bench/floor) and its batch variant, launched the same way in the same browser, interleaved run by run.
 *   3. Lantern's launch → chart rendered and launch → prompts in detail.
 *   5. The longest main-thread task from launch to prompts. 6. The JS/CSS the frame really loaded (Resource Timing).
 *   7. The indicator engine (evaluateIndicators) over the large chart, in Node.
 * Ends with one `BENCH_JSON {...}` line for machines.
 *
 * Environment: BENCH_PORT (4180; the 0 ms sandbox listens on the next port), BENCH_RUNS (5), BENCH_WARMUP (1),
 * BENCH_LATENCY_MS (100), BENCH_ENGINE_RUNS (200), BENCH_ENGINE_WARMUP (50), CHROMIUM_PATH (/usr/bin/chromium).
 */
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildApp, measureInitialAssets } from './bench/bundle-size.mjs';
import { BenchFailure } from './bench/failure.mjs';
import { buildFloor } from './bench/floor/build-floor.mjs';
import { calendarDay, importTs, measureEngine, prepareEngineCharts } from './bench/indicator-engine.mjs';
import { ehrLaunchUrl, measureLaunch } from './bench/launch-run.mjs';
import { startPreviewServer } from './bench/preview-server.mjs';
import { bytes, kib, ms, msFine, percentile, print, summarize, table } from './bench/report.mjs';
import { firstScreenBudgets, firstScreenCeilings, firstScreenOf } from './check-bundle-size.mjs';

/** @typedef {import('./bench/launch-run.mjs').LaunchRun} LaunchRun */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const settings = {
  port: integerFromEnv('BENCH_PORT', 4180, 1024, 65535),
  runs: integerFromEnv('BENCH_RUNS', 5, 1, 50),
  warmup: integerFromEnv('BENCH_WARMUP', 1, 0, 10),
  latencyMs: integerFromEnv('BENCH_LATENCY_MS', 100, 0, 5000),
  engineRuns: integerFromEnv('BENCH_ENGINE_RUNS', 200, 1, 5000),
  engineWarmup: integerFromEnv('BENCH_ENGINE_WARMUP', 50, 0, 5000),
  engineTargetMs: 20,
  ratioTarget: 1.15,
  longTaskBudgetMs: 50,
  /** Issue 18: FHIR requests from launch to prompts, smart-launcher profile. */
  requestBudgets: /** @type {Record<string, number>} */ ({ 'indicator-adult': 6, 'large-chart': 8 }),
  configFetchBudget: 1,
  engineTimeoutMs: 90_000,
  chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  budgetMs: 330_000,
  runTimeoutMs: 30_000,
};
/** Chromium flags that keep it off a network this machine does not have (same as playwright.config.ts). */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const patients = [
  { key: 'indicator-adult', label: 'indicator adult', id: 'ana-ruiz' },
  { key: 'large-chart', label: 'large chart', id: 'rosa-delgado' },
];
const timingDefinition = {
  start: 'the browser issues the EHR iframe’s request for /launch.html (the request’s network start time)',
  end:
    'first animation frame, inside the Lantern iframe, after "What Lantern read" (section[aria-labelledby="chart-heading"]) ' +
    'has aria-busy="false" and the "Current visit" region is present (MutationObserver, then requestAnimationFrame)',
  clock: 'browser wall clock: request timing startTime vs the app page’s performance.timeOrigin + performance.now()',
};
const promptsDefinition = {
  start: timingDefinition.start,
  end:
    'first animation frame, inside the Lantern iframe, after the Safety check-in card’s count (section.check-in button.card-toggle) ' +
    'reads "N item(s)", not "…", and "What Lantern read" has aria-busy="false" (same launch as the chart time)',
  afterChartData:
    'that frame minus the responseEnd of the last chart-section search (Encounter with date, Condition, Observation, Procedure, ' +
    'Coverage, Flag, ServiceRequest under /sandbox/fhir/; Resource Timing in the frame), both on the page clock',
  afterLastFhir: 'the same, from the responseEnd of the last request of any kind under /sandbox/fhir/ (incl. the launch context’s Patient, user and Encounter reads)',
};
/** @type {App[]} */
const apps = ['lantern', 'floor', 'batch-floor', 'react-floor'];
const appLabels = { lantern: 'Lantern', floor: 'floor', 'batch-floor': 'batch floor', 'react-floor': 'React floor' };
/** The floors' redirect pages, which the sandbox must accept (scripts/bench/floor). */
const floorAppPaths = ['/floor/index.html', '/floor/react.html'];
/** Filled from mocks/sandbox/vendor-profiles.ts once the build is done. */
/** @type {string[]} */
const vendorProfileNames = [];
const requestDefinition = {
  counted:
    'every request the browser sent under the launch’s FHIR base (/sandbox/fhir/ or /sandbox/<profile>/fhir/), discovery included ' +
    '(.well-known/smart-configuration, metadata), from the launch page’s request to the prompts’ frame; the token request ' +
    '(/sandbox/auth/token) and lantern.config.json are not FHIR requests and are counted on their own',
};
const headlineDefinition = {
  floor:
    'scripts/bench/floor: fhirclient authorize (its launch page) + ready() + the reads Lantern needs for its prompts — the Patient, the launch ' +
    'Encounter, each chart section of src/features/chart/chart-sections.ts with its next pages up to maxPages — all in one wave; ' +
    'no UI beyond writing the count of resources read',
  batchFloor: 'the same reads as one batch Bundle POST (next pages, where a search has more, as GETs after it); only where the CapabilityStatement declares batch',
  reactFloor:
    'the floor’s reads made by TanStack Query queries in one React 19 component that renders their count (scripts/bench/floor/react.ts): ' +
    'what the framework of Lantern’s first screen costs on its own; for reading the gap, no target',
  end: 'floor: first animation frame after the count is written; Lantern: launch → prompts (below); both from the launch page’s request, same clock',
  ratio: 'per patient, the median over runs of (Lantern launch → prompts) ÷ (floor launch → count) of the same round (interleaved runs)',
};
/** The large chart: the one the engine's target is about. */
const enginePatient = patients.find((patient) => patient.key === 'large-chart') ?? { key: 'large-chart', label: 'large chart', id: 'rosa-delgado' };

/** Undo steps, run last-first on success, failure, timeout or signal. */
/** @type {{ name: string; run: () => Promise<void> | void }[]} */
const cleanups = [];
/** Synchronous last resort if the process exits without running the cleanups. */
/** @type {(() => void)[]} */
const onExit = [];
process.on('exit', () => {
  for (const step of onExit) step();
});

async function main() {
  const benchStarted = performance.now();
  print(`Lantern bench — ${new Date().toISOString()}`);
  print(`  ${describeEnvironment()}`);
  print();

  try {
    accessSync(settings.chromiumPath, constants.X_OK);
  } catch {
    throw new BenchFailure(
      `Chromium not found at ${settings.chromiumPath}: install Debian's chromium: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  try {
    accessSync(viteBin, constants.R_OK);
  } catch {
    throw new BenchFailure(`vite is not installed at ${viteBin}: run npm ci first`);
  }

  // 1. Build into a private directory: dist/ may be in use by an e2e run.
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-'));
  const removeBuild = () => {
    rmSync(outDir, { recursive: true, force: true });
  };
  cleanups.push({ name: 'remove the build', run: removeBuild });
  onExit.push(removeBuild);
  const build = await buildApp({ root, outDir, viteBin, timeoutMs: 90_000 });
  const floorBuild = await buildFloor({ root, outDir: path.join(outDir, 'floor') });
  progress(`floor app built in ${floorBuild.seconds.toFixed(1)} s into ${path.join(outDir, 'floor')}`);
  const reactFloorPage = firstScreenOf(outDir, 'floor/react.html');
  const pages = Object.keys(firstScreenBudgets).map((page) => measureInitialAssets(outDir, page));
  printBundle(build.seconds, pages, reactFloorPage);
  vendorProfileNames.push(.../** @type {string[]} */ ((await importTs(path.join(root, 'mocks/sandbox/vendor-profiles.ts'))).VENDOR_PROFILE_NAMES));

  // 4, measured now while no server or browser runs; printed last.
  const engine = await benchEngine();

  // 2 and 3. Serve that build with the sandbox EHR (at the bench's latency, and at 0 ms), then launch Lantern and the
  // floors from the EHR page, again and again.
  const serverStarted = performance.now();
  const levels = [...new Set([settings.latencyMs, 0])];
  const servers = [];
  for (const [index, latencyMs] of levels.entries()) {
    const server = await startPreviewServer({ root, viteBin, outDir, port: settings.port + index, latencyMs, timeoutMs: 90_000, redirectPaths: floorAppPaths });
    cleanups.push({ name: `stop vite preview (+${latencyMs} ms)`, run: server.stop });
    onExit.push(server.killNow);
    servers.push({ latencyMs, server });
  }
  const serverSeconds = (performance.now() - serverStarted) / 1000;

  const browser = await chromium
    .launch({ executablePath: settings.chromiumPath, headless: true, args: chromiumArgs })
    .catch((/** @type {unknown} */ error) => {
      throw new BenchFailure(`Chromium at ${settings.chromiumPath} did not start: ${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)}`);
    });
  cleanups.push({ name: 'close Chromium', run: () => browser.close() });
  const chromiumVersion = browser.version();
  progress(`sandboxes ready in ${serverSeconds.toFixed(1)} s at ${servers.map(({ server, latencyMs }) => `${server.baseUrl} (+${latencyMs} ms)`).join(', ')}; Chromium ${chromiumVersion}`);

  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  /** @type {LevelResult[]} */
  const levelResults = [];
  for (const { latencyMs, server } of servers) levelResults.push(await runLevel(browser, server.baseUrl, latencyMs));
  const main = levelResults[0];
  if (!main) throw new BenchFailure('no latency level ran');
  const zeroServer = servers.find(({ latencyMs }) => latencyMs === 0)?.server ?? servers[0]?.server;
  if (!zeroServer) throw new BenchFailure('no sandbox is running');
  const profileCounts = await countPerProfile(browser, zeroServer.baseUrl);
  const load = { before: loadBefore, after: os.loadavg()[0] ?? Number.NaN };

  const lanternRuns = main.runs.lantern;
  const requestSummaries = patients.map((patient) => summarizeRequests(patient, lanternRuns[patient.id] ?? []));
  printRequests(requestSummaries);
  printProfiles(profileCounts);
  const headlines = levelResults.map((level) => summarizeHeadline(level));
  printHeadline(headlines, chromiumVersion, load);
  const timings = patients.map((patient) => summarizeTimings(patient, lanternRuns[patient.id] ?? []));
  printTimings(timings, chromiumVersion, load);
  const promptTimings = patients.map((patient) => summarizePrompts(patient, lanternRuns[patient.id] ?? []));
  printPrompts(promptTimings);
  const longTasks = summarizeLongTasks(levelResults);
  printLongTasks(longTasks);
  const loaded = summarizeLoadedAssets(outDir, pages, lanternRuns);
  printLoadedAssets(loaded);
  printEngine(engine);

  const allRuns = levelResults.flatMap((level) => apps.flatMap((app) => patients.flatMap((patient) => level.runs[app][patient.id] ?? [])));
  const problems = [
    ...allRuns.flatMap((run) => run.problems.map((problem) => `${run.patientId} (${run.app}): ${problem}`)),
    ...profileCounts.flatMap((count) => count.problems.map((problem) => `${count.patientId} (Lantern, ${count.profile}): ${problem}`)),
  ];
  if (problems.length > 0) {
    print();
    print('Warnings (the launch finished, but not everything went right):');
    for (const problem of [...new Set(problems)]) print(`  - ${problem}`);
  }

  const budgets = checkBudgets({ pages, profileCounts, headlines, longTasks, engine, lanternRuns: levelResults.map((level) => level.runs.lantern) });
  printBudgets(budgets);
  print();
  print(`Bench finished in ${((performance.now() - benchStarted) / 1000).toFixed(1)} s.`);
  print(
    `BENCH_JSON ${JSON.stringify({
      schema: 2,
      date: new Date().toISOString(),
      git: gitDescription(),
      node: process.version,
      chromium: chromiumVersion,
      cpus: os.cpus().length,
      settings: { runs: settings.runs, warmup: settings.warmup, sandboxLatencyMs: levels },
      loadAverage1m: { beforeRuns: round2(load.before), afterRuns: round2(load.after) },
      initialAssets: Object.fromEntries(
        pages.map((page) => [
          page.page,
          {
            gzipBytes: page.gzipBytes,
            budgetGzipBytes: firstScreenBudgets[/** @type {keyof typeof firstScreenBudgets} */ (page.page)],
            rawBytes: page.rawBytes,
            files: page.assets,
            lazyGzipBytes: page.lazy.gzipBytes,
            manifestMatches: page.manifestCheck.matches,
          },
        ]),
      ),
      reactFloorFirstScreen: { gzipBytes: reactFloorPage.gzipBytes, rawBytes: reactFloorPage.rawBytes, files: reactFloorPage.files },
      loadedInBrowser: loaded.json,
      headline: { definition: headlineDefinition, targetRatio: settings.ratioTarget, levels: headlines.map((headline) => headline.json) },
      fhirRequests: {
        definition: requestDefinition,
        ...Object.fromEntries(requestSummaries.map((summary) => [summary.patient.key, summary.json])),
        perProfile: profileCounts.map((count) => ({ profile: count.profile, patientId: count.patientId, fhir: count.fhir, token: count.token, config: count.config, itemCount: count.itemCount })),
      },
      longestTask: longTasks.json,
      launchToChart: {
        definition: timingDefinition,
        ...Object.fromEntries(timings.map((timing) => [timing.patient.key, timing.json])),
      },
      launchToPrompts: {
        definition: promptsDefinition,
        ...Object.fromEntries(promptTimings.map((timing) => [timing.patient.key, timing.json])),
      },
      indicatorEngine: engine.json,
      budgets: budgets.map((budget) => ({ name: budget.name, value: budget.value, limit: budget.limit, met: budget.met })),
      warnings: [...new Set(problems)],
    })}`,
  );
  const exceeded = budgets.filter((budget) => !budget.met);
  if (exceeded.length > 0) {
    throw new BenchFailure(`${exceeded.length} budget${exceeded.length === 1 ? '' : 's'} exceeded:\n${exceeded.map((budget) => `  - ${budget.name}: ${budget.shown}`).join('\n')}`);
  }
}

/**
 * @typedef {'lantern' | 'floor' | 'batch-floor' | 'react-floor'} App
 * @typedef {{ latencyMs: number; batch: boolean; runs: Record<App, Record<string, LaunchRun[]>> }} LevelResult
 */

/**
 * One latency level: warm-up, then the measured runs, interleaved run by run (Lantern, floor, batch floor, React floor) and
 * patient by patient, so drift on the machine spreads over all of them alike.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} baseUrl
 * @param {number} latencyMs
 * @returns {Promise<LevelResult>}
 */
async function runLevel(browser, baseUrl, latencyMs) {
  const batch = await declaresBatch(baseUrl);
  const levelApps = apps.filter((app) => app !== 'batch-floor' || batch);
  /** @type {Record<string, string>} */
  const launchUrls = {};
  for (const patient of patients) launchUrls[patient.id] = await ehrLaunchUrl({ baseUrl, patientId: patient.id });
  /** @type {LevelResult['runs']} */
  const runs = { lantern: {}, floor: {}, 'batch-floor': {}, 'react-floor': {} };
  const launch = async (/** @type {string} */ patientId, /** @type {App} */ app, /** @type {string} */ what) => {
    const run = await measureLaunch(browser, { baseUrl, patientId, app, launchUrl: launchUrls[patientId] ?? '', timeoutMs: settings.runTimeoutMs });
    progress(
      `+${latencyMs} ms ${what} ${patientId} ${app}: prompts ${ms(run.prompts.launchToPromptsMs)} (${run.prompts.itemCount}), ` +
        `${run.fhirRequests.length} FHIR requests, longest task ${ms(run.longestTaskMs)}${run.problems.length ? ` — ${run.problems.join('; ')}` : ''}`,
    );
    return run;
  };
  for (let index = 0; index < settings.warmup; index += 1) {
    for (const patient of patients) for (const app of levelApps) await launch(patient.id, app, `warm-up ${index + 1}`);
  }
  for (let index = 0; index < settings.runs; index += 1) {
    for (const patient of patients) {
      for (const app of levelApps) {
        const run = await launch(patient.id, app, `run ${index + 1}/${settings.runs}`);
        (runs[app][patient.id] ??= []).push(run);
      }
    }
  }
  return { latencyMs, batch, runs };
}

/**
 * Whether the sandbox's startup FHIR base declares the system `batch` interaction in its CapabilityStatement.
 * @param {string} baseUrl
 */
async function declaresBatch(baseUrl) {
  const response = await fetch(`${baseUrl}/sandbox/fhir/metadata`, { headers: { accept: 'application/fhir+json' }, signal: AbortSignal.timeout(15_000) });
  const statement = /** @type {{ rest?: { interaction?: { code?: string }[] }[] }} */ (await response.json());
  return (statement.rest ?? []).some((rest) => (rest.interaction ?? []).some((interaction) => interaction.code === 'batch'));
}

/**
 * One Lantern launch per vendor profile per patient, for the request counts alone (at 0 ms: counts do not depend on latency).
 * @param {import('@playwright/test').Browser} browser
 * @param {string} baseUrl
 */
async function countPerProfile(browser, baseUrl) {
  const counts = [];
  for (const profile of vendorProfileNames) {
    for (const patient of patients) {
      const launchUrl = await ehrLaunchUrl({ baseUrl, patientId: patient.id, profile });
      const run = await measureLaunch(browser, { baseUrl, patientId: patient.id, profile, app: 'lantern', launchUrl, timeoutMs: settings.runTimeoutMs }).catch(
        (/** @type {unknown} */ error) => error,
      );
      if (!(run instanceof Error) && typeof run === 'object' && run !== null && 'fhirRequests' in run) {
        const counted = /** @type {LaunchRun} */ (run);
        progress(`request count, ${profile} ${patient.id}: ${counted.fhirRequests.length} FHIR, ${counted.tokenRequests} token, ${counted.configFetches} config`);
        counts.push({
          profile,
          patientId: patient.id,
          patientKey: patient.key,
          fhir: counted.fhirRequests.length,
          discovery: counted.fhirRequests.filter((request) => request.discovery).length,
          token: counted.tokenRequests,
          config: counted.configFetches,
          itemCount: counted.prompts.itemCount,
          problems: counted.problems,
        });
      } else {
        const message = run instanceof Error ? run.message.split('\n')[0] ?? '' : String(run);
        progress(`request count, ${profile} ${patient.id}: no prompts — ${message}`);
        counts.push({ profile, patientId: patient.id, patientKey: patient.key, fhir: Number.NaN, discovery: Number.NaN, token: Number.NaN, config: Number.NaN, itemCount: Number.NaN, problems: [`no prompts: ${message}`] });
      }
    }
  }
  return counts;
}

/**
 * @param {number} buildSeconds
 * @param {import('./bench/bundle-size.mjs').PageWeight[]} pages
 * @param {import('./check-bundle-size.mjs').FirstScreen} reactFloor
 */
function printBundle(buildSeconds, pages, reactFloor) {
  print(`1. First-screen JS+CSS of the production build (vite build in ${buildSeconds.toFixed(1)} s; gzip = node:zlib gzipSync level 9 per file)`);
  print('   As the CI size check counts it (scripts/check-bundle-size.mjs): the HTML\'s module script, modulepreloads and stylesheets, their');
  print('   static imports, and what the entry script itself imports dynamically, with the CSS Vite preloads for it.');
  print(`   Budgets: ${Object.entries(firstScreenBudgets).map(([page, limit]) => `${page} ≤ ${kib(limit)}`).join(', ')}.`);
  print(
    `   CI's ceilings while a page is over its budget (the bench still fails on the budget): ${Object.entries(firstScreenCeilings).map(([page, limit]) => `${page} ≤ ${kib(limit)}`).join(', ')}.`,
  );
  print();
  /** @type {string[][]} */
  const rows = [['page', 'file', 'kind', 'raw bytes', 'gzip bytes']];
  for (const page of pages) {
    for (const asset of page.assets) rows.push([page.page, asset.file, asset.kind, bytes(asset.rawBytes), bytes(asset.gzipBytes)]);
    rows.push([page.page, 'TOTAL initial JS+CSS', '', bytes(page.rawBytes), `${bytes(page.gzipBytes)} B = ${kib(page.gzipBytes)}`]);
  }
  table(rows, { right: [3, 4] });
  print();
  for (const page of pages) {
    print(`   ${page.page}: ${bytes(page.gzipBytes)} B gzipped = ${kib(page.gzipBytes)} (raw ${bytes(page.rawBytes)} B = ${kib(page.rawBytes)})`);
  }
  for (const page of pages) {
    const check = page.manifestCheck;
    if (!check.matches) {
      print(
        `   WARNING ${page.page}: the first-screen list differs from the build manifest's graph ` +
          `(only in HTML: ${check.onlyInHtml.join(', ') || 'none'}; only in manifest: ${check.onlyInManifest.join(', ') || 'none'})`,
      );
    }
    if (page.lazy.files.length > 0) {
      print(`   ${page.page} may load later (dynamic import, not counted): ${page.lazy.files.length} files, ${bytes(page.lazy.gzipBytes)} B gzipped`);
    }
  }
  if (pages.every((page) => page.manifestCheck.matches)) print('   Cross-check: each list equals the build manifest’s graph read the same way (entry + imports + CSS + the entry’s dynamic imports).');
  const app = pages.find((page) => page.page === 'index.html');
  print(
    `   The React floor's page (scripts/bench/floor/react.html, built as Lantern's pages are, weighed the same way): ${kib(reactFloor.gzipBytes)} — ` +
      `fhirclient's ready(), TanStack Query and React 19, none of Lantern's code${app ? `; index.html adds ${kib(app.gzipBytes - reactFloor.gzipBytes)} of its own on top` : ''}.`,
  );
  print();
}

/**
 * @param {{ key: string; label: string; id: string }} patient
 * @param {LaunchRun[]} runs
 */
function summarizeRequests(patient, runs) {
  const first = runs[0];
  const labels = (/** @type {LaunchRun} */ run) => run.fhirRequests.map((request) => request.label).sort().join('\n');
  const consistent = runs.every((run) => first !== undefined && labels(run) === labels(first));
  const counts = runs.map((run) => run.fhirRequests.length);
  const requests = first?.fhirRequests ?? [];
  /** @type {Record<string, number>} */
  const byType = {};
  for (const request of requests) byType[request.resourceType] = (byType[request.resourceType] ?? 0) + 1;
  const discovery = requests.filter((request) => request.discovery).length;
  return {
    patient,
    runs: runs.length,
    consistent,
    counts,
    requests,
    byType,
    otherRequests: first?.otherRequests ?? {},
    tokenRequests: runs.map((run) => run.tokenRequests),
    configFetches: runs.map((run) => run.configFetches),
    json: {
      tokenRequestsPerRun: runs.map((run) => run.tokenRequests),
      configFetchesPerRun: runs.map((run) => run.configFetches),
      patientId: patient.id,
      count: requests.length,
      discovery,
      data: requests.length - discovery,
      byResourceType: byType,
      sameInAllRuns: consistent,
      countPerRun: counts,
      requests: requests.map((request) => ({ request: request.label, discovery: request.discovery, issuedAfterLaunchMs: Math.round(request.offsetMs), status: request.status })),
      otherRequests: first?.otherRequests ?? {},
    },
  };
}

/** @param {ReturnType<typeof summarizeRequests>[]} summaries */
function printRequests(summaries) {
  print(`2. FHIR requests from launch to prompts, smart-launcher profile (+${settings.latencyMs} ms sandbox, first measured Lantern run)`);
  print(`   counted: ${requestDefinition.counted}`);
  for (const summary of summaries) {
    const { json } = summary;
    print();
    print(
      `   ${summary.patient.label} (${summary.patient.id}): ${json.count} FHIR requests = ${json.discovery} discovery + ${json.data} data; ` +
        (summary.consistent ? `the same in all ${summary.runs} measured runs` : `VARIED between runs: ${summary.counts.join(', ')}`),
    );
    table(
      [
        ['#', 'issued at', 'request', 'status', ''],
        ...summary.requests.map((request, index) => [
          String(index + 1),
          `+${Math.round(request.offsetMs)} ms`,
          request.label,
          String(request.status),
          request.discovery ? 'discovery' : '',
        ]),
      ],
      { indent: '     ', right: [0, 1] },
    );
    print(`     By resource type: ${Object.entries(summary.byType).map(([type, count]) => `${type} ${count}`).join(', ')}`);
    print(`     Other requests in the same window (not FHIR): ${Object.entries(summary.otherRequests).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none'}`);
    print(`     Token requests: ${summary.tokenRequests.join(', ')}; lantern.config.json fetched ${summary.configFetches.join(', ')} time(s) per launch (per run; target ${settings.configFetchBudget}).`);
  }
  print('   "issued at" = request start after the /launch.html request started, on the browser clock.');
  print();
}

/**
 * @param {{ key: string; label: string; id: string }} patient
 * @param {LaunchRun[]} runs
 */
function summarizeTimings(patient, runs) {
  const chart = summarize(runs.map((run) => run.launchToChartMs));
  const toApp = summarize(runs.flatMap((run) => (run.launchToIndexHtmlMs === undefined ? [] : [run.launchToIndexHtmlMs])));
  const toFirstRead = summarize(runs.flatMap((run) => (run.launchToFirstReadMs === undefined ? [] : [run.launchToFirstReadMs])));
  const clockGap = Math.max(0, ...runs.map((run) => (run.pageClockMs === undefined ? Number.POSITIVE_INFINITY : Math.abs(run.pageClockMs - run.launchToChartMs))));
  return {
    patient,
    chart,
    toApp,
    toFirstRead,
    clockGap,
    samples: runs.map((run) => Math.round(run.launchToChartMs)),
    json: {
      patientId: patient.id,
      medianMs: Math.round(chart.median),
      minMs: Math.round(chart.min),
      maxMs: Math.round(chart.max),
      runs: chart.count,
      warmupRuns: settings.warmup,
      samplesMs: runs.map((run) => Math.round(run.launchToChartMs)),
      launchToIndexHtmlMedianMs: Math.round(toApp.median),
      launchToFirstFhirReadMedianMs: Math.round(toFirstRead.median),
      domToPaintMedianMs: Math.round(summarize(runs.map((run) => run.launchToChartMs - run.launchToDomMs)).median),
      pageClockMaxDeviationMs: Number.isFinite(clockGap) ? Math.round(clockGap) : null,
    },
  };
}

/**
 * @param {ReturnType<typeof summarizeTimings>[]} timings
 * @param {string} chromiumVersion
 * @param {{ before: number; after: number }} load 1-minute load averages around the timed runs
 */
function printTimings(timings, chromiumVersion, load) {
  print(
    `3. Launch → chart rendered: headless Chromium ${chromiumVersion}, sandbox EHR adding ${settings.latencyMs} ms to every FHIR response, ` +
      `fresh browser context per run, ${settings.warmup} warm-up + ${settings.runs} measured runs per patient (interleaved)`,
  );
  print(`   start: ${timingDefinition.start}`);
  print(`   end:   ${timingDefinition.end}`);
  print(`   clock: ${timingDefinition.clock}`);
  print();
  table(
    [
      ['patient', 'median', 'min', 'max', 'runs', '→ index.html', '→ 1st FHIR read'],
      ...timings.map((timing) => [
        `${timing.patient.label} (${timing.patient.id})`,
        ms(timing.chart.median),
        ms(timing.chart.min),
        ms(timing.chart.max),
        String(timing.chart.count),
        ms(timing.toApp.median),
        ms(timing.toFirstRead.median),
      ]),
    ],
    { right: [1, 2, 3, 4, 5, 6] },
  );
  print();
  for (const timing of timings) print(`   ${timing.patient.id} samples (ms, in run order): ${timing.samples.join(', ')}`);
  print('   Phases (medians, from the same start): → index.html = launch page, SMART discovery and OAuth redirects until the');
  print('   app page is requested; → 1st FHIR read = app page loaded, code exchanged for a token, first Patient/… read issued.');
  const gap = Math.max(...timings.map((timing) => timing.clockGap));
  print(
    Number.isFinite(gap)
      ? `   Cross-check: measured from launch.html's own fetchStart on the page clock instead, every run differs by ≤ ${Math.round(gap)} ms.`
      : '   Cross-check unavailable: launch.html did not report its fetchStart in every run.',
  );
  const cpus = os.cpus().length;
  const busy = Math.max(load.before, load.after) > cpus;
  print(
    `   Machine load (1-min average) ${load.before.toFixed(2)} before the runs, ${load.after.toFixed(2)} after, on ${cpus} CPUs` +
      (busy ? ': other work was competing for the CPUs, so these times are slower and noisier than on an idle machine.' : '.'),
  );
}

/**
 * @param {{ key: string; label: string; id: string }} patient
 * @param {LaunchRun[]} runs
 */
function summarizePrompts(patient, runs) {
  const prompts = summarize(runs.map((run) => run.prompts.launchToPromptsMs));
  const afterValues = runs.flatMap((run) => (run.prompts.afterChartDataMs === undefined ? [] : [run.prompts.afterChartDataMs]));
  const after = summarize(afterValues);
  const toData = summarize(runs.flatMap((run) => (run.prompts.launchToChartDataMs === undefined ? [] : [run.prompts.launchToChartDataMs])));
  const afterAny = summarize(runs.flatMap((run) => (run.prompts.afterLastFhirMs === undefined ? [] : [run.prompts.afterLastFhirMs])));
  /** @type {Record<string, number>} */
  const lastRequests = {};
  for (const run of runs) lastRequests[run.prompts.lastFhirRequest || '(none)'] = (lastRequests[run.prompts.lastFhirRequest || '(none)'] ?? 0) + 1;
  const minusChart = summarize(runs.map((run) => run.prompts.launchToPromptsMs - run.launchToChartMs));
  const items = [...new Set(runs.map((run) => run.prompts.itemCount))];
  return {
    patient,
    prompts,
    after,
    toData,
    afterAny,
    lastRequests,
    minusChart,
    items,
    samples: runs.map((run) => Math.round(run.prompts.launchToPromptsMs)),
    afterSamples: runs.map((run) => (run.prompts.afterChartDataMs === undefined ? '—' : String(Math.round(run.prompts.afterChartDataMs)))),
    json: {
      patientId: patient.id,
      medianMs: Math.round(prompts.median),
      minMs: Math.round(prompts.min),
      maxMs: Math.round(prompts.max),
      runs: prompts.count,
      samplesMs: runs.map((run) => Math.round(run.prompts.launchToPromptsMs)),
      itemCounts: items,
      launchToLastChartDataMedianMs: Math.round(toData.median),
      afterChartData: {
        medianMs: Math.round(after.median),
        minMs: Math.round(after.min),
        maxMs: Math.round(after.max),
        samplesMs: runs.map((run) => (run.prompts.afterChartDataMs === undefined ? null : Math.round(run.prompts.afterChartDataMs))),
        runsWithoutChartData: runs.length - afterValues.length,
      },
      afterLastFhirResponse: {
        medianMs: Math.round(afterAny.median),
        minMs: Math.round(afterAny.min),
        maxMs: Math.round(afterAny.max),
        samplesMs: runs.map((run) => (run.prompts.afterLastFhirMs === undefined ? null : Math.round(run.prompts.afterLastFhirMs))),
        lastRequestRuns: lastRequests,
      },
      afterChartRenderedMedianMs: Math.round(minusChart.median),
    },
  };
}

/** @param {ReturnType<typeof summarizePrompts>[]} timings */
function printPrompts(timings) {
  print();
  print('   Launch → safety check-in prompts, from the same launches (no extra runs):');
  print(`   end:   ${promptsDefinition.end}`);
  print(`   after chart data: ${promptsDefinition.afterChartData}`);
  print(`   after last FHIR response: ${promptsDefinition.afterLastFhir}`);
  print();
  table(
    [
      ['patient', 'median', 'min', 'max', 'runs', 'items', '→ last chart data', 'after chart data (median / max)', 'after last FHIR response (median / max)'],
      ...timings.map((timing) => [
        `${timing.patient.label} (${timing.patient.id})`,
        ms(timing.prompts.median),
        ms(timing.prompts.min),
        ms(timing.prompts.max),
        String(timing.prompts.count),
        timing.items.join(' / '),
        ms(timing.toData.median),
        `${ms(timing.after.median)} / ${ms(timing.after.max)}`,
        `${ms(timing.afterAny.median)} / ${ms(timing.afterAny.max)}`,
      ]),
    ],
    { right: [1, 2, 3, 4, 5, 6, 7, 8] },
  );
  print();
  for (const timing of timings) {
    print(`   ${timing.patient.id} prompts samples (ms, in run order): ${timing.samples.join(', ')}; after chart data: ${timing.afterSamples.join(', ')}`);
  }
  for (const timing of timings) {
    const worst = timing.after.max;
    print(
      Number.isFinite(worst)
        ? `   ${timing.patient.id}: prompts ≤ ${Math.round(worst)} ms after the last chart data in every run — ` +
            `${worst < settings.latencyMs ? 'within' : 'NOT within'} one sandbox round trip (${settings.latencyMs} ms added latency); ` +
            `≤ ${ms(timing.afterAny.max)} after the last FHIR response, which was ` +
            `${Object.entries(timing.lastRequests).map(([request, count]) => `${request} (${count} of ${timing.prompts.count} runs)`).join(', ')}.`
        : `   ${timing.patient.id}: "after chart data" unavailable: no chart-section request showed up in Resource Timing.`,
    );
  }
  print(
    `   Prompts vs chart rendered (medians of prompts − chart, same launch): ${timings.map((timing) => `${timing.patient.id} ${ms(timing.minusChart.median)}`).join(', ')}.`,
  );
}

/** @param {Awaited<ReturnType<typeof countPerProfile>>} counts */
function printProfiles(counts) {
  print(`   Per vendor profile (one Lantern launch each, at 0 ms; the EHR page's "Behaving like", FHIR base /sandbox/<profile>/fhir/):`);
  table(
    [
      ['profile', ...patients.map((patient) => `${patient.label}: FHIR (discovery) / token / config`)],
      ...vendorProfileNames.map((profile) => [
        profile,
        ...patients.map((patient) => {
          const count = counts.find((candidate) => candidate.profile === profile && candidate.patientId === patient.id);
          return count === undefined || Number.isNaN(count.fhir) ? 'no prompts' : `${count.fhir} (${count.discovery}) / ${count.token} / ${count.config}`;
        }),
      ]),
    ],
    { indent: '     ', right: [1, 2] },
  );
  print(`   Budget (smart-launcher): ≤ ${settings.requestBudgets['indicator-adult'] ?? '?'} for the indicator adult, ≤ ${settings.requestBudgets['large-chart'] ?? '?'} for the large chart.`);
  print();
}

/** @param {LevelResult} level */
function summarizeHeadline(level) {
  const rows = patients.map((patient) => {
    const lantern = level.runs.lantern[patient.id] ?? [];
    const prompts = (/** @type {LaunchRun[]} */ runs) => runs.map((run) => run.prompts.launchToPromptsMs);
    const against = (/** @type {App} */ app, /** @type {LaunchRun[]} */ numerator = lantern) => {
      const floorRuns = level.runs[app][patient.id] ?? [];
      const ratios = numerator.flatMap((run, index) => {
        const floor = floorRuns[index];
        return floor ? [run.prompts.launchToPromptsMs / floor.prompts.launchToPromptsMs] : [];
      });
      const ratio = summarize(ratios);
      return { times: summarize(prompts(floorRuns)), ratio, met: ratio.count > 0 && ratio.median <= settings.ratioTarget, available: floorRuns.length > 0 };
    };
    // The stack's own share of the target: the React floor over the floor of the same round.
    const stack = against('floor', level.runs['react-floor'][patient.id] ?? []);
    return { patient, lantern: summarize(prompts(lantern)), floor: against('floor'), batch: against('batch-floor'), react: against('react-floor'), stack };
  });
  const round = (/** @type {number} */ value) => Math.round(value * 1000) / 1000;
  const stats = (/** @type {{ median: number; min: number; max: number; count: number }} */ value) => ({
    medianMs: Math.round(value.median),
    minMs: Math.round(value.min),
    maxMs: Math.round(value.max),
    runs: value.count,
  });
  return {
    level,
    rows,
    json: {
      latencyMs: level.latencyMs,
      batchDeclared: level.batch,
      ...Object.fromEntries(
        rows.map((row) => [
          row.patient.key,
          {
            lantern: stats(row.lantern),
            floor: stats(row.floor.times),
            ratio: { median: round(row.floor.ratio.median), min: round(row.floor.ratio.min), max: round(row.floor.ratio.max), met: row.floor.met },
            ...(row.batch.available
              ? {
                  batchFloor: stats(row.batch.times),
                  ratioToBatch: { median: round(row.batch.ratio.median), min: round(row.batch.ratio.min), max: round(row.batch.ratio.max), met: row.batch.met },
                }
              : {}),
            reactFloor: stats(row.react.times),
            ratioToReact: { median: round(row.react.ratio.median), min: round(row.react.ratio.min), max: round(row.react.ratio.max) },
            reactFloorToFloor: { median: round(row.stack.ratio.median), min: round(row.stack.ratio.min), max: round(row.stack.ratio.max), withinTarget: row.stack.met },
          },
        ]),
      ),
    },
  };
}

/**
 * @param {ReturnType<typeof summarizeHeadline>[]} headlines
 * @param {string} chromiumVersion
 * @param {{ before: number; after: number }} load
 */
function printHeadline(headlines, chromiumVersion, load) {
  print(`HEADLINE. Lantern ÷ floor, launch → prompts (target ≤ ${settings.ratioTarget}×), headless Chromium ${chromiumVersion}, ${settings.warmup} warm-up + ${settings.runs} measured runs each`);
  print(`   floor:       ${headlineDefinition.floor}`);
  print(`   batch floor: ${headlineDefinition.batchFloor}`);
  print(`   React floor: ${headlineDefinition.reactFloor}`);
  print(`   end:         ${headlineDefinition.end}`);
  print(`   ratio:       ${headlineDefinition.ratio}; min–max over the runs in brackets`);
  print();
  const range = (/** @type {{ median: number; min: number; max: number }} */ value) => `${ms(value.median)} (${ms(value.min)}–${ms(value.max)})`;
  const ratio = (/** @type {{ median: number; min: number; max: number }} */ value) =>
    Number.isNaN(value.median) ? '—' : `${value.median.toFixed(2)}× (${value.min.toFixed(2)}–${value.max.toFixed(2)})`;
  table(
    [
      ['sandbox', 'patient', 'Lantern', 'floor', 'Lantern ÷ floor', 'met', 'batch floor', 'Lantern ÷ batch', 'met', 'React floor', 'Lantern ÷ React', 'React floor ÷ floor'],
      ...headlines.flatMap((headline) =>
        headline.rows.map((row) => [
          `+${headline.level.latencyMs} ms`,
          `${row.patient.label}`,
          range(row.lantern),
          range(row.floor.times),
          ratio(row.floor.ratio),
          row.floor.met ? 'yes' : 'NO',
          row.batch.available ? range(row.batch.times) : 'no batch declared',
          row.batch.available ? ratio(row.batch.ratio) : '—',
          row.batch.available ? (row.batch.met ? 'yes' : 'NO') : '—',
          range(row.react.times),
          ratio(row.react.ratio),
          ratio(row.stack.ratio),
        ]),
      ),
    ],
    { right: [2, 3, 4, 6, 7, 9, 10, 11] },
  );
  const cpus = os.cpus().length;
  print(
    `   Machine load (1-min average): ${load.before.toFixed(2)} before the browser runs, ${load.after.toFixed(2)} after, on ${cpus} CPUs` +
      (Math.max(load.before, load.after) > cpus ? ' — other work was competing for the CPUs: times are slower and noisier than on an idle machine.' : '.'),
  );
  print('   The floor is what any SMART app must spend (redirects, token, one wave of reads, one frame); the ratio is what Lantern adds on top.');
  print('   The React floor adds the framework alone: Lantern ÷ React floor is what Lantern’s own code adds on top of React 19 and TanStack Query,');
  print(`   and React floor ÷ floor is how much of the ${settings.ratioTarget}× target the stack spends before any of Lantern's code runs.`);
  print();
}

/** @param {LevelResult[]} levels */
function summarizeLongTasks(levels) {
  const rows = levels.flatMap((level) =>
    patients.flatMap((patient) =>
      apps.flatMap((app) => {
        const runs = level.runs[app][patient.id] ?? [];
        if (runs.length === 0) return [];
        const longest = summarize(runs.map((run) => run.longestTaskMs));
        const worst = runs.flatMap((run) => run.longTasks).sort((a, b) => b.durationMs - a.durationMs)[0];
        return [{ latencyMs: level.latencyMs, patient, app, longest, worstDocument: worst?.document ?? '', samples: runs.map((run) => Math.round(run.longestTaskMs)) }];
      }),
    ),
  );
  return {
    rows,
    json: {
      definition:
        'longest PerformanceObserver "longtask" entry (buffered; tasks over 50 ms) in the app iframe’s documents (launch page and app page), ' +
        'ending before the prompts’ frame; 0 = none over 50 ms. Budget: median over runs ≤ 50 ms (Lantern)',
      rows: rows.map((row) => ({ latencyMs: row.latencyMs, patientId: row.patient.id, app: row.app, medianMs: Math.round(row.longest.median), maxMs: Math.round(row.longest.max), samplesMs: row.samples })),
    },
  };
}

/** @param {ReturnType<typeof summarizeLongTasks>} longTasks */
function printLongTasks(longTasks) {
  print();
  print(`5. Longest main-thread task, launch → prompts (budget ≤ ${settings.longTaskBudgetMs} ms, median over runs, Lantern)`);
  print(`   ${longTasks.json.definition}`);
  table(
    [
      ['sandbox', 'patient', 'app', 'median', 'max', 'worst in', 'per run (ms)'],
      ...longTasks.rows.map((row) => [
        `+${row.latencyMs} ms`,
        row.patient.label,
        appLabels[row.app],
        row.longest.median > 0 ? ms(row.longest.median) : 'none > 50 ms',
        row.longest.max > 0 ? ms(row.longest.max) : 'none > 50 ms',
        row.worstDocument,
        row.samples.join(', '),
      ]),
    ],
    { right: [3, 4] },
  );
}

/**
 * The JS/CSS the Lantern frame actually loaded before the prompts (Resource Timing), gzipped from the build, per page.
 * @param {string} outDir
 * @param {import('./bench/bundle-size.mjs').PageWeight[]} pages
 * @param {Record<string, LaunchRun[]>} runs
 */
function summarizeLoadedAssets(outDir, pages, runs) {
  const first = patients.map((patient) => runs[patient.id]?.[0]).find((run) => run !== undefined);
  const documents = [
    { page: 'launch.html', document: '/launch.html' },
    { page: 'index.html', document: '/index.html' },
  ];
  const rows = documents.map(({ page, document }) => {
    const files = [...new Set((first?.assets ?? []).filter((asset) => asset.document === document).map((asset) => asset.path.replace(/^\//, '')))];
    const gzipBytes = files.reduce((total, file) => total + gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length, 0);
    const staticWeight = pages.find((candidate) => candidate.page === page);
    const staticFiles = new Set(staticWeight?.assets.map((asset) => asset.file) ?? []);
    return {
      page,
      files,
      gzipBytes,
      staticGzipBytes: staticWeight?.gzipBytes ?? Number.NaN,
      notStatic: files.filter((file) => !staticFiles.has(file)),
      staticNotLoaded: [...staticFiles].filter((file) => !files.includes(file)),
    };
  });
  return { rows, json: rows.map((row) => ({ page: row.page, gzipBytes: row.gzipBytes, staticGzipBytes: row.staticGzipBytes, files: row.files })) };
}

/** @param {ReturnType<typeof summarizeLoadedAssets>} loaded */
function printLoadedAssets(loaded) {
  print();
  print('6. Cross-check of section 1: JS/CSS each document of the Lantern frame finished loading before the prompts (Resource Timing, first run), gzipped from the build');
  for (const row of loaded.rows) {
    const apart = Math.abs(row.gzipBytes - row.staticGzipBytes) > 1024;
    print(
      `   ${row.page}: ${kib(row.gzipBytes)} loaded vs ${kib(row.staticGzipBytes)} counted from the build (${row.files.length} files)` +
        (apart ? ' — THEY DISAGREE by more than 1 KiB' : ' — they agree') +
        (row.notStatic.length ? `; loaded but not counted: ${row.notStatic.join(', ')}` : '') +
        (row.staticNotLoaded.length ? `; counted but not loaded by this document (e.g. cached from the launch page): ${row.staticNotLoaded.join(', ')}` : ''),
    );
  }
}

/**
 * Every budget of issue 18, measured value against limit.
 * @param {{ pages: import('./bench/bundle-size.mjs').PageWeight[]; profileCounts: Awaited<ReturnType<typeof countPerProfile>>;
 *   headlines: ReturnType<typeof summarizeHeadline>[]; longTasks: ReturnType<typeof summarizeLongTasks>;
 *   engine: Awaited<ReturnType<typeof benchEngine>>; lanternRuns: Record<string, LaunchRun[]>[] }} results
 */
function checkBudgets({ pages, profileCounts, headlines, longTasks, engine, lanternRuns }) {
  /** @type {{ name: string; value: number; limit: number; met: boolean; shown: string }[]} */
  const budgets = [];
  const add = (/** @type {string} */ name, /** @type {number} */ value, /** @type {number} */ limit, /** @type {string} */ shown) => {
    budgets.push({ name, value, limit, met: value <= limit, shown });
  };
  for (const page of pages) {
    const limit = firstScreenBudgets[/** @type {keyof typeof firstScreenBudgets} */ (page.page)];
    add(`${page.page} first-screen JS+CSS (gzip)`, page.gzipBytes, limit, `${kib(page.gzipBytes)} > ${kib(limit)}`);
  }
  for (const patient of patients) {
    const count = profileCounts.find((candidate) => candidate.profile === 'smart-launcher' && candidate.patientId === patient.id);
    const measured = lanternRuns.flatMap((runs) => (runs[patient.id] ?? []).map((run) => run.fhirRequests.length));
    const value = Math.max(count?.fhir ?? Number.NaN, ...measured);
    const limit = settings.requestBudgets[patient.key] ?? 0;
    add(`FHIR requests launch → prompts, ${patient.label}, smart-launcher (most in any run)`, Number.isNaN(value) ? Infinity : value, limit, `${value} > ${limit}`);
    const config = Math.max(...lanternRuns.flatMap((runs) => (runs[patient.id] ?? []).map((run) => run.configFetches)));
    add(`lantern.config.json fetches per launch, ${patient.label} (most in any run)`, config, settings.configFetchBudget, `${config} > ${settings.configFetchBudget}`);
  }
  for (const row of longTasks.rows.filter((candidate) => candidate.app === 'lantern')) {
    add(
      `longest main-thread task (median), ${row.patient.label}, +${row.latencyMs} ms`,
      row.longest.median,
      settings.longTaskBudgetMs,
      `${ms(row.longest.median)} > ${settings.longTaskBudgetMs} ms (max ${ms(row.longest.max)})`,
    );
  }
  const full = engine.results.find(({ chart }) => chart.key === 'full');
  if (full) add('indicator engine p95, full large chart', full.p95, settings.engineTargetMs, `${msFine(full.p95)} > ${settings.engineTargetMs} ms`);
  for (const headline of headlines) {
    for (const row of headline.rows) {
      add(
        `Lantern ÷ floor launch → prompts (median), ${row.patient.label}, +${headline.level.latencyMs} ms`,
        Number.isNaN(row.floor.ratio.median) ? Infinity : row.floor.ratio.median,
        settings.ratioTarget,
        `${row.floor.ratio.median.toFixed(2)}× > ${settings.ratioTarget}×`,
      );
    }
  }
  return budgets;
}

/** @param {ReturnType<typeof checkBudgets>} budgets */
function printBudgets(budgets) {
  print();
  print('BUDGETS (issue 18)');
  table(
    [['budget', 'measured', 'limit', 'met'], ...budgets.map((budget) => [budget.name, round2(budget.value).toString(), String(budget.limit), budget.met ? 'yes' : 'NO — EXCEEDED'])],
    { right: [1, 2] },
  );
  const exceeded = budgets.filter((budget) => !budget.met).length;
  print(exceeded === 0 ? '   All budgets met.' : `   ${exceeded} of ${budgets.length} budgets EXCEEDED: the bench exits with status 1.`);
}

/**
 * Section 4: both charts of the large-chart patient, each timed in its own fresh Node process.
 */
async function benchEngine() {
  const started = performance.now();
  const asOf = calendarDay(new Date());
  progress(`indicator engine: building the ${enginePatient.id} charts (synthetic data, sandbox FHIR search)`);
  const prepared = await prepareEngineCharts({ root, patientId: enginePatient.id, asOf });
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const results = [];
  for (const chart of prepared.charts) {
    const timing = await measureEngine({
      root,
      snapshot: chart.snapshot,
      asOf,
      population: prepared.population,
      warmup: settings.engineWarmup,
      runs: settings.engineRuns,
      timeoutMs: settings.engineTimeoutMs,
    });
    const stats = summarize(timing.samplesMs);
    const p95 = percentile(timing.samplesMs, 95);
    progress(`indicator engine, ${chart.key} chart: first call ${msFine(timing.firstCallMs)}, median ${msFine(stats.median)}, p95 ${msFine(p95)}`);
    results.push({ chart, timing, stats, p95 });
  }
  const load = { before: loadBefore, after: os.loadavg()[0] ?? Number.NaN };
  const findingsText = (/** @type {{ id: string; matchCount: number }[]} */ findings) =>
    findings.map((finding) => `${finding.id} (${finding.matchCount})`).join(', ') || 'none';
  const sameFindings = new Set(results.map((result) => findingsText(result.timing.findings))).size === 1;
  const round = (/** @type {number} */ value) => Math.round(value * 1000) / 1000;
  return {
    asOf,
    population: prepared.population,
    otherResources: prepared.otherResources,
    node: results[0]?.timing.node ?? process.version,
    seconds: (performance.now() - started) / 1000,
    load,
    results,
    sameFindings,
    findingsText,
    json: {
      patientId: enginePatient.id,
      asOf,
      population: prepared.population,
      node: results[0]?.timing.node ?? process.version,
      definition:
        'evaluateIndicators(chart, { asOf, population }) from src/features/indicators/engine.ts, loaded with Vite’s module runner in a fresh ' +
        'Node process per chart; firstCall = that process’s first call; then warm-up calls (untimed) and timed calls, performance.now() around each',
      warmupCalls: settings.engineWarmup,
      timedCalls: settings.engineRuns,
      targetMs: settings.engineTargetMs,
      loadAverage1m: { before: round2(load.before), after: round2(load.after) },
      sameFindings,
      ...Object.fromEntries(
        results.map(({ chart, timing, stats, p95 }) => [
          chart.key,
          {
            resources: chart.resources,
            byList: chart.counts,
            firstCallMs: round(timing.firstCallMs),
            medianMs: round(stats.median),
            p95Ms: round(p95),
            minMs: round(stats.min),
            maxMs: round(stats.max),
            findings: timing.findings,
            ...(chart.sections.length > 0
              ? { sections: chart.sections.map((section) => ({ request: section.query, read: section.read, matching: section.matching ?? null, complete: section.complete })) }
              : {}),
          },
        ]),
      ),
    },
  };
}

/** @param {Awaited<ReturnType<typeof benchEngine>>} engine */
function printEngine(engine) {
  print();
  print(
    `7. Indicator engine over the large chart (${enginePatient.id}): evaluateIndicators(chart, { asOf: ${engine.asOf}, population: ${engine.population} }), ` +
      `Node ${engine.node}`,
  );
  print(
    `   Each chart in a fresh Node process (engine.ts loaded with Vite's module runner, chart parsed from JSON first): first call = cold, ` +
      `then ${settings.engineWarmup} untimed warm-up calls, then ${settings.engineRuns} timed calls.`,
  );
  print();
  table(
    [
      ['chart', 'resources', 'observations', 'first call (cold)', 'median', 'p95', 'min', 'max', `median < ${settings.engineTargetMs} ms`, `p95 < ${settings.engineTargetMs} ms`],
      ...engine.results.map(({ chart, timing, stats, p95 }) => [
        chart.label,
        bytes(chart.resources),
        bytes(chart.counts.observations),
        msFine(timing.firstCallMs),
        msFine(stats.median),
        msFine(p95),
        msFine(stats.min),
        msFine(stats.max),
        stats.median < settings.engineTargetMs ? 'yes' : 'NO',
        p95 < settings.engineTargetMs ? 'yes' : 'NO',
      ]),
    ],
    { right: [1, 2, 3, 4, 5, 6, 7] },
  );
  print();
  const names = { encounters: 'Encounter', conditions: 'Condition', observations: 'Observation', procedures: 'Procedure', coverage: 'Coverage', flags: 'Flag', serviceRequests: 'ServiceRequest' };
  const full = engine.results.find(({ chart }) => chart.key === 'full')?.chart;
  const windowed = engine.results.find(({ chart }) => chart.key === 'windowed')?.chart;
  if (full) {
    const other = Object.entries(engine.otherResources).map(([type, count]) => `${type} ${bytes(count)}`).join(', ');
    print(
      `   Full chart: the Patient + every resource naming her (subject, patient or beneficiary), all dates and categories: ` +
        `${Object.entries(names).map(([list, type]) => `${type} ${bytes(full.counts[/** @type {keyof typeof names} */ (list)])}`).join(', ')}` +
        `${other ? `; not in a ChartSnapshot, left out: ${other}` : ''}.`,
    );
  }
  if (windowed) {
    print('   Windowed chart: the Patient + each section of src/features/chart/chart-sections.ts searched in the sandbox’s own FHIR engine,');
    print('   next links followed up to the section’s maxPages, as the app does:');
    table(
      [
        ['search', 'read', 'matching', ''],
        ...windowed.sections.map((section) => [
          section.query,
          bytes(section.read),
          section.matching === undefined ? '?' : bytes(section.matching),
          section.complete ? '' : 'stops at maxPages (most recent first)',
        ]),
      ],
      { indent: '     ', right: [1, 2] },
    );
  }
  for (const { chart, timing } of engine.results) print(`   Findings, ${chart.key} chart (id (matches)): ${engine.findingsText(timing.findings)}`);
  print(engine.sameFindings ? '   Both charts give the same findings.' : '   The two charts give DIFFERENT findings (see above).');
  print(
    `   Engine timing took ${engine.seconds.toFixed(1)} s; machine load (1-min average) ${engine.load.before.toFixed(2)} before, ${engine.load.after.toFixed(2)} after, ` +
      `on ${os.cpus().length} CPUs${Math.max(engine.load.before, engine.load.after) > os.cpus().length ? ': other work was competing for the CPUs, so these times are slower and noisier than on an idle machine.' : '.'}`,
  );
  print('   Node’s V8, not Chromium’s; in the app the engine also re-runs as each chart section arrives (use-indicator-findings.ts).');
}

function describeEnvironment() {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `node ${process.version}, ${os.cpus().length} × ${cpu}, ${os.platform()} ${os.release()}, git ${gitDescription()}`;
}

function gitDescription() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${commit} + uncommitted changes` : commit;
  } catch {
    return 'unknown';
  }
}

/** @param {number} value */
function round2(value) {
  return Math.round(value * 100) / 100;
}

/** @param {string} message */
function progress(message) {
  process.stderr.write(`  · ${message}\n`);
}

/**
 * @param {string} name
 * @param {number} fallback
 * @param {number} min
 * @param {number} max
 */
function integerFromEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`bench: FAILED — ${name} must be an integer from ${min} to ${max}, got "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

let cleaningUp = false;
async function runCleanups() {
  if (cleaningUp) return;
  cleaningUp = true;
  for (const step of cleanups.reverse()) {
    try {
      await Promise.race([Promise.resolve().then(step.run), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    } catch (error) {
      process.stderr.write(`bench: could not ${step.name}: ${String(error)}\n`);
    }
  }
}

/**
 * @param {unknown} error
 * @param {number} [code]
 */
async function fail(error, code = 1) {
  const message = error instanceof BenchFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`\nbench: FAILED — ${message}\n`);
  await runCleanups();
  process.exit(code);
}

const watchdog = setTimeout(() => {
  void fail(new BenchFailure(`the bench did not finish within its ${settings.budgetMs / 1000} s budget`));
}, settings.budgetMs);
process.once('SIGINT', () => void fail(new BenchFailure('interrupted'), 130));
process.once('SIGTERM', () => void fail(new BenchFailure('terminated'), 143));

main().then(
  async () => {
    clearTimeout(watchdog);
    await runCleanups();
    process.exit(0);
  },
  (/** @type {unknown} */ error) => fail(error),
);
