/**
 * Child process of the bench (see indicator-engine.mjs `measureEngine`): reads one ChartSnapshot as JSON on stdin,
 * loads src/features/indicators/engine.ts with Vite's module runner and times `evaluateIndicators` — the first
 * call in this fresh process (cold), then BENCH_ENGINE_WARMUP untimed calls, then BENCH_ENGINE_RUNS timed calls.
 * Prints one `ENGINE_JSON {...}` line.
 */
import { runnerImport } from 'vite';

const modulePath = process.env.BENCH_ENGINE_MODULE ?? '';
const asOf = process.env.BENCH_ENGINE_AS_OF ?? '';
const population = process.env.BENCH_ENGINE_POPULATION ?? '';
const warmup = Number(process.env.BENCH_ENGINE_WARMUP ?? '50');
const runs = Number(process.env.BENCH_ENGINE_RUNS ?? '200');

/** @typedef {{ indicator: { id: string }; matchCount: number }} Finding */

const chunks = [];
for await (const chunk of process.stdin) chunks.push(/** @type {Buffer} */ (chunk));
/** @type {unknown} */
const chart = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const loadStarted = performance.now();
const { module } = await runnerImport(modulePath, { configFile: false, logLevel: 'error' });
const moduleLoadMs = performance.now() - loadStarted;
const evaluateIndicators = /** @type {(chart: unknown, options: { asOf: string; population: string }) => Finding[]} */ (
  /** @type {Record<string, unknown>} */ (module).evaluateIndicators
);
const options = { asOf, population };

let started = performance.now();
const findings = evaluateIndicators(chart, options);
const firstCallMs = performance.now() - started;

// Keep every result reachable until the end, so no call can be optimised away.
let sink = findings.length;
for (let index = 0; index < warmup; index += 1) sink += evaluateIndicators(chart, options).length;
const samplesMs = [];
for (let index = 0; index < runs; index += 1) {
  started = performance.now();
  const result = evaluateIndicators(chart, options);
  samplesMs.push(performance.now() - started);
  sink += result.length;
}
if (sink !== findings.length * (1 + warmup + runs)) {
  process.stderr.write('the engine returned different findings for the same chart\n');
  process.exit(1);
}

process.stdout.write(
  `ENGINE_JSON ${JSON.stringify({
    firstCallMs,
    samplesMs,
    moduleLoadMs,
    node: process.version,
    findings: findings.map((finding) => ({ id: finding.indicator.id, matchCount: finding.matchCount })),
  })}\n`,
);
