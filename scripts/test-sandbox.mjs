#!/usr/bin/env node
/**
 * `npm run test:sandbox [-- --url <url>]`: Lantern launched, in headless Chromium, against a real SMART sandbox —
 * by default the public SMART Health IT launcher (https://launch.smarthealthit.org, FHIR R4). Read-only: the suite
 * blocks and fails on any write, because a public sandbox is shared.
 *
 *   1. Checks that the sandbox answers (its FHIR /metadata, 10 s); if not, says so in one sentence and exits 2.
 *   2. Builds Lantern into a private directory (dist/ may be in use by the e2e suite).
 *   3. Runs tests/live with playwright.live.config.ts, which serves that build with `vite preview`.
 *
 * Target: --url, else LANTERN_LIVE_SANDBOX, else https://launch.smarthealthit.org. Accepted:
 *   - a SMART launcher (smart-on-fhir/smart-launcher-v2): its origin, or one of its R4 FHIR bases
 *     (`<origin>/v/r4/fhir`, `<origin>/v/r4/sim/<options>/fhir`; only the origin is used);
 *   - the sandbox EHR the preview mounts beside Lantern (`http://localhost:<port>/sandbox/fhir`): offline, to try
 *     the suite itself.
 * Other servers need a person at their sign-in page, which this suite cannot be.
 * Port: LANTERN_LIVE_PORT, default 4273.
 *
 * Exit codes: 0 every check passed; 1 a check, the build or the arguments failed; 2 the sandbox is not reachable
 * from this machine, so nothing was tested.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const defaultSandbox = 'https://launch.smarthealthit.org';
const reachabilityTimeoutMs = 10_000;
const exitCodes = { passed: 0, failed: 1, unreachable: 2 };

/** A mistake the user can fix from one sentence: printed without a stack trace. */
class UsageError extends Error {}

/**
 * The child process running now, so a SIGTERM sent to this script stops it too.
 * @type {import('node:child_process').ChildProcess | undefined}
 */
let running;
let interrupted = false;

async function main() {
  const port = portFromEnv();
  const target = resolveTarget(targetUrl(), port);

  if (target.kind === 'smart-launcher') {
    const problem = await unreachableBecause(target.fhirBaseUrl);
    if (problem) {
      process.stderr.write(`The public sandbox at ${target.fhirBaseUrl} is not reachable from this machine (${problem}); nothing was tested.\n`);
      return exitCodes.unreachable;
    }
    say(`${target.fhirBaseUrl} answers.`);
  }

  const chromium = await run('bash', [path.join(root, 'scripts', 'ensure-chromium.sh')]);
  if (chromium !== 0 || interrupted) return exitCodes.failed;

  const buildDir = mkdtempSync(path.join(os.tmpdir(), 'lantern-live-'));
  const removeBuild = () => {
    rmSync(buildDir, { recursive: true, force: true });
  };
  process.on('exit', removeBuild);
  say('building Lantern…');
  const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = await run(process.execPath, [viteBin, 'build', '--outDir', buildDir, '--emptyOutDir', '--logLevel', 'warn'], {
    VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true',
  });
  if (built !== 0 || interrupted) return exitCodes.failed;
  if (target.kind === 'smart-launcher') registerLauncher(buildDir, target.fhirBaseUrl);

  say(`launching Lantern against ${target.fhirBaseUrl}…`);
  const playwrightCli = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
  const tested = await run(process.execPath, [playwrightCli, 'test', '--config', path.join(root, 'playwright.live.config.ts')], {
    LANTERN_LIVE_KIND: target.kind,
    LANTERN_LIVE_FHIR_BASE_URL: target.fhirBaseUrl,
    LANTERN_LIVE_PORT: String(port),
    LANTERN_LIVE_BUILD_DIR: buildDir,
  });
  return tested === 0 && !interrupted ? exitCodes.passed : exitCodes.failed;
}

function targetUrl() {
  try {
    const { values } = parseArgs({ options: { url: { type: 'string' } }, strict: true, allowPositionals: false });
    return values.url ?? (process.env.LANTERN_LIVE_SANDBOX || defaultSandbox);
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}. Usage: npm run test:sandbox -- [--url <launcher or FHIR base URL>]`);
  }
}

function portFromEnv() {
  const raw = process.env.LANTERN_LIVE_PORT || '4273';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new UsageError(`LANTERN_LIVE_PORT must be a port from 1024 to 65535, got "${raw}".`);
  return port;
}

/**
 * @param {string} raw
 * @param {number} port
 * @returns {{ kind: 'smart-launcher' | 'lantern-sandbox'; fhirBaseUrl: string }}
 */
function resolveTarget(raw, port) {
  /** @type {URL} */
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`"${raw}" is not a URL: give the SMART launcher's address, e.g. ${defaultSandbox}.`);
  }
  const pathname = url.pathname.replace(/\/+$/, '');
  const previewOrigin = `http://localhost:${port}`;
  if (url.origin === previewOrigin && pathname.startsWith('/sandbox/')) return { kind: 'lantern-sandbox', fhirBaseUrl: `${previewOrigin}${pathname}` };
  // The launcher's routes: /v/:fhir_release/fhir and /v/:fhir_release/sim/:sim/fhir (smart-launcher-v2 backend/index.ts).
  const launcherBase = /^\/v\/([^/]+)(?:\/sim\/[^/]+)?\/fhir$/.exec(pathname);
  if (pathname === '' || launcherBase) {
    const release = launcherBase?.[1] ?? 'r4';
    if (release !== 'r4') throw new UsageError(`Lantern reads FHIR R4; ${raw} is the launcher's ${release} server. Use ${url.origin}/v/r4/fhir.`);
    return { kind: 'smart-launcher', fhirBaseUrl: `${url.origin}/v/r4/fhir` };
  }
  throw new UsageError(
    `${raw} is neither a SMART launcher (e.g. ${defaultSandbox} or ${defaultSandbox}/v/r4/fhir) nor the sandbox the preview ` +
      `mounts (${previewOrigin}/sandbox/fhir): other servers need a person at their sign-in page, which this suite cannot be.`,
  );
}

/**
 * Why the sandbox cannot be used from here, or undefined when its FHIR endpoint answers with a CapabilityStatement.
 * @param {string} fhirBaseUrl
 * @returns {Promise<string | undefined>}
 */
async function unreachableBecause(fhirBaseUrl) {
  try {
    const response = await fetch(`${fhirBaseUrl}/metadata`, {
      headers: { accept: 'application/fhir+json' },
      signal: AbortSignal.timeout(reachabilityTimeoutMs),
    });
    if (!response.ok) return `its /metadata answered HTTP ${response.status}`;
    /** @type {unknown} */
    const body = await response.json().catch(() => undefined);
    const isCapabilityStatement = typeof body === 'object' && body !== null && 'resourceType' in body && body.resourceType === 'CapabilityStatement';
    return isCapabilityStatement ? undefined : 'its /metadata did not answer with a CapabilityStatement';
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${reachabilityTimeoutMs / 1000} s`;
    // Node's fetch reports "fetch failed"; the cause says what failed (DNS, refused, TLS…).
    if (error instanceof Error && error.cause instanceof Error) return error.cause.message;
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The shipped configuration registers no EHR; a launcher accepts any client id, so the private build gets a
 * registration for the launcher's origin.
 * @param {string} buildDir
 * @param {string} fhirBaseUrl
 */
function registerLauncher(buildDir, fhirBaseUrl) {
  const configPath = path.join(buildDir, 'lantern.config.json');
  /** @type {{ ehrs?: { iss?: string; issPrefix?: string }[] }} */
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  const ehrs = config.ehrs ?? [];
  if (ehrs.some((ehr) => ehr.iss === fhirBaseUrl || (ehr.issPrefix !== undefined && fhirBaseUrl.startsWith(ehr.issPrefix)))) return;
  const origin = new URL(fhirBaseUrl).origin;
  writeFileSync(configPath, JSON.stringify({ ...config, ehrs: [...ehrs, { label: `SMART launcher at ${origin}`, issPrefix: `${origin}/`, clientId: 'lantern' }] }));
  say(`registered the launcher at ${origin} in the test build's lantern.config.json.`);
}

/**
 * Runs a command with this terminal, resolving to its exit code.
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 * @returns {Promise<number>}
 */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
    running = child;
    child.once('error', (error) => {
      process.stderr.write(`test:sandbox: could not run ${command}: ${error.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      running = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** @param {string} message */
function say(message) {
  process.stderr.write(`test:sandbox: ${message}\n`);
}

// Ctrl-C reaches the child through the terminal already (a second SIGINT would make Playwright skip its clean-up).
// A SIGTERM sent to this script alone is passed on as SIGINT: on SIGTERM Playwright exits at once and leaves its
// preview server running. Either way the build is removed once the child is gone.
process.on('SIGINT', () => {
  interrupted = true;
});
process.on('SIGTERM', () => {
  interrupted = true;
  running?.kill('SIGINT');
});

main().then(
  (code) => process.exit(code),
  (/** @type {unknown} */ error) => {
    process.stderr.write(`test:sandbox: ${error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(exitCodes.failed);
  },
);
