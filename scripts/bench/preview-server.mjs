import { spawn } from 'node:child_process';
import net from 'node:net';
import { BenchFailure } from './failure.mjs';

/**
 * @typedef {{ baseUrl: string; pid: number; stop: () => Promise<void>; killNow: () => void }} PreviewServer
 */

/**
 * `vite preview` of the bench's own build, with the sandbox EHR mounted and `latencyMs` added to every sandbox
 * FHIR response. Runs in its own process group so stopping it also stops anything it started.
 * `redirectPaths`: further pages of the build the sandbox's OAuth client may return to (the floor app's).
 * @param {{ root: string; viteBin: string; outDir: string; port: number; latencyMs: number; timeoutMs: number; redirectPaths?: string[] }} options
 * @returns {Promise<PreviewServer>}
 */
export async function startPreviewServer({ root, viteBin, outDir, port, latencyMs, timeoutMs, redirectPaths = [] }) {
  if (await portIsOpen(port)) {
    throw new BenchFailure(`port ${port} is already in use (another preview server?): set BENCH_PORT to a free port`);
  }
  const env = {
    ...process.env,
    LANTERN_PORT: String(port),
    LANTERN_SANDBOX: '1',
    LANTERN_SANDBOX_LATENCY_MS: String(latencyMs),
    LANTERN_CDS_PORT: '0',
    LANTERN_SANDBOX_REDIRECT_PATHS: redirectPaths.join(','),
    VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true',
  };
  // The sandbox's OAuth issuer must be the origin the browser uses: never inherit someone else's.
  delete env.LANTERN_ORIGIN;
  const child = spawn(process.execPath, [viteBin, 'preview', '--outDir', outDir], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new BenchFailure('could not start vite preview');
  let output = '';
  const collect = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });

  const killNow = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    const stopped = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
    if (!stopped) killNow();
  };

  const baseUrl = `http://localhost:${port}`;
  const readyUrl = `${baseUrl}/sandbox/fhir/metadata`;
  const deadline = performance.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new BenchFailure(`vite preview exited (${child.exitCode ?? child.signalCode ?? '?'}) before the sandbox answered:\n${output.trim()}`);
    }
    if (performance.now() > deadline) {
      await stop();
      throw new BenchFailure(`the sandbox did not answer ${readyUrl} within ${timeoutMs / 1000} s (${lastProblem}):\n${output.trim()}`);
    }
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.ok) return { baseUrl, pid, stop, killNow };
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await delay(200);
  }
}

/** @param {number} port */
async function portIsOpen(port) {
  const attempt = (/** @type {string} */ host) =>
    new Promise((resolve) => {
      const socket = net.connect({ port, host });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
      socket.setTimeout(1000, () => {
        socket.destroy();
        resolve(false);
      });
    });
  const answers = await Promise.all([attempt('127.0.0.1'), attempt('::1')]);
  return answers.includes(true);
}

/** @param {number} ms */
function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
