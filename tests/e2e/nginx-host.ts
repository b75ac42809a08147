import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian's nginx (scripts/ensure-nginx.sh installs it). */
const nginxPath = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export interface NginxHost {
  /** Where the browser reaches the built app, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** The folder nginx serves: a copy of dist/, whose lantern.config.json the test writes. */
  root: string;
  /** The folder for files the test generates beside nginx's own (the included headers file). */
  dir: string;
  start: (includeFile: string) => Promise<void>;
  stop: () => Promise<void>;
}

/** A port free on loopback now, for nginx to listen on. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no loopback port'));
      });
    });
  });
}

/**
 * nginx as a child process of the test, as the current user, with every path it writes in a temporary prefix: the
 * system's service is never touched. `start` includes the generated file in the server block, as a host would.
 */
export async function prepareNginxHost(distDir: string): Promise<NginxHost> {
  const port = await freeLoopbackPort();
  const origin = `http://127.0.0.1:${String(port)}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lantern-nginx-'));
  // Run as root, nginx's workers drop to nobody, which must be able to read what they serve.
  chmodSync(dir, 0o755);
  const root = path.join(dir, 'root');
  cpSync(distDir, root, { recursive: true });
  mkdirSync(path.join(dir, 'temp'));
  const errorLog = path.join(dir, 'error.log');
  let child: ReturnType<typeof spawn> | undefined;

  const start = async (includeFile: string): Promise<void> => {
    const configFile = path.join(dir, 'nginx.conf');
    writeFileSync(
      configFile,
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${path.join(dir, 'nginx.pid')};`,
        `error_log ${errorLog} warn;`,
        'events { worker_connections 64; }',
        'http {',
        '  include /etc/nginx/mime.types;',
        '  default_type application/octet-stream;',
        '  access_log off;',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${path.join(dir, 'temp', kind)};`),
        '  server {',
        `    listen 127.0.0.1:${String(port)};`,
        '    server_name localhost;',
        `    root ${root};`,
        `    include ${includeFile};`,
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const started = spawn(nginxPath, ['-p', dir, '-c', configFile, '-e', errorLog], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let stderr = '';
    started.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<string>((resolve) => {
      started.once('exit', (code) => {
        resolve(`nginx exited (${String(code)}): ${stderr}${readLog(errorLog)}`);
      });
      started.once('error', (error) => {
        resolve(`nginx could not start (${error.message}); scripts/ensure-nginx.sh installs it.`);
      });
    });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const failure = await Promise.race([exited, delay(100).then(() => undefined)]);
      if (failure !== undefined) throw new Error(failure);
      if (await answers(`${origin}/launch.html`)) return;
    }
    throw new Error(`nginx did not answer at ${origin} within 20 s: ${readLog(errorLog)}`);
  };

  const stop = async (): Promise<void> => {
    const running = child;
    if (running && running.exitCode === null) {
      await new Promise<void>((resolve) => {
        running.once('exit', () => {
          resolve();
        });
        running.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };

  return { origin, root, dir, start, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok;
  } catch {
    return false;
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
