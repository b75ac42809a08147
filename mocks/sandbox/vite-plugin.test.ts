import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, Server as HttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createServer, preview, type InlineConfig, type PreviewServer } from 'vite';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sandboxConfig } from './dev-config';
import { isLoopbackHost, sandboxPlugin } from './vite-plugin';

// Vite's own JS API, as `vite preview` and `npm start` run it, with the plugin and app type of vite.config.ts.

const builtConfig = { ehrs: [], openServers: [] };
const outDir = mkdtempSync(path.join(os.tmpdir(), 'lantern-preview-'));
writeFileSync(path.join(outDir, 'index.html'), '<!doctype html><title>Lantern</title>');
writeFileSync(path.join(outDir, 'lantern.config.json'), JSON.stringify(builtConfig));

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no free port'));
      });
    });
  });
}

async function inlineConfig(host: string | boolean): Promise<InlineConfig> {
  const port = await freePort();
  return {
    configFile: false,
    logLevel: 'silent',
    root: outDir,
    appType: 'mpa',
    plugins: [sandboxPlugin({ largeChart: false })],
    build: { outDir },
    server: { port, strictPort: true, host },
    preview: { port, strictPort: true, host },
  };
}

async function status(url: string): Promise<number> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.status;
}

let running: { close: () => Promise<void> } | undefined;

beforeEach(() => {
  // The plugin stays out of Vitest's own Vite server; here it is the server under test.
  vi.stubEnv('VITEST', '');
  vi.stubEnv('LANTERN_ORIGIN', undefined);
});

afterEach(async () => {
  await running?.close();
  running = undefined;
  vi.unstubAllEnvs();
});

describe('vite preview', () => {
  async function startPreview(host: string | boolean = 'localhost'): Promise<{ server: PreviewServer; origin: string }> {
    const config = await inlineConfig(host);
    const server = await preview(config);
    running = server;
    return { server, origin: `http://localhost:${String(config.preview?.port)}` };
  }

  it('serves the build alone unless LANTERN_SANDBOX=1: no sandbox, and the build’s own configuration', async () => {
    vi.stubEnv('LANTERN_SANDBOX', undefined);
    const { origin } = await startPreview();
    expect(await status(`${origin}/sandbox/fhir/metadata`)).toBe(404);
    expect(await status(`${origin}/sandbox/ehr`)).toBe(404);
    expect(await (await fetch(`${origin}/lantern.config.json`)).json()).toEqual(builtConfig);
  });

  it('mounts the sandbox with LANTERN_SANDBOX=1, answering the app’s configuration with the development one', async () => {
    vi.stubEnv('LANTERN_SANDBOX', '1');
    const { server, origin } = await startPreview();
    expect(await status(`${origin}/sandbox/fhir/metadata`)).toBe(200);
    expect(await (await fetch(`${origin}/lantern.config.json`)).json()).toEqual(sandboxConfig());
    // Longer than a client's pooled keep-alive socket idles, so a reused socket is not closed under it.
    expect(server.httpServer).toBeInstanceOf(HttpServer);
    expect(server.httpServer).toMatchObject({ keepAliveTimeout: 60_000, headersTimeout: 61_000 });
  });

  it.each<string | boolean>(['0.0.0.0', true, '192.168.1.20', '::'])('refuses to mount the sandbox on a non-loopback host (%s)', async (host) => {
    vi.stubEnv('LANTERN_SANDBOX', '1');
    await expect(startPreview(host)).rejects.toThrow(/The sandbox EHR has no sign-in, so it listens on this machine only.*without LANTERN_SANDBOX=1/);
  });

  it('serves the build on any host without the sandbox', async () => {
    vi.stubEnv('LANTERN_SANDBOX', undefined);
    const { origin } = await startPreview('0.0.0.0');
    expect(await status(`${origin}/sandbox/fhir/metadata`)).toBe(404);
  });
});

describe('npm start (the dev server)', () => {
  it('mounts the sandbox without being asked', async () => {
    vi.stubEnv('LANTERN_SANDBOX', undefined);
    const config = await inlineConfig('localhost');
    const server = await createServer(config);
    running = server;
    await server.listen();
    expect(await status(`http://localhost:${String(config.server?.port)}/sandbox/fhir/metadata`)).toBe(200);
  });

  it('sends the root, which Vite’s banner shows, to the sandbox EHR', async () => {
    const config = await inlineConfig('localhost');
    const server = await createServer(config);
    running = server;
    await server.listen();
    const origin = `http://localhost:${String(config.server?.port)}`;
    const root = await fetch(`${origin}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/sandbox/ehr');
    expect(await status(new URL(root.headers.get('location') ?? '', origin).href)).toBe(200);
    // The app's own pages and an authorization answer with a query are not redirected.
    expect((await fetch(`${origin}/?code=x&state=y`, { redirect: 'manual' })).status).not.toBe(302);
  });

  it('refuses a non-loopback --host while the sandbox is mounted', async () => {
    await expect(createServer(await inlineConfig('0.0.0.0'))).rejects.toThrow(/no sign-in, so it listens on this machine only \(localhost\), not on "0\.0\.0\.0"\. Leave out --host\.$/);
    await expect(createServer(await inlineConfig(true))).rejects.toThrow(/not on every address/);
  });
});

describe('a busy port', () => {
  let occupied: Server | undefined;
  afterEach(async () => {
    const server = occupied;
    occupied = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  });

  async function occupy(config: InlineConfig): Promise<void> {
    const server = createHttpServer();
    occupied = server;
    await new Promise<void>((resolve) => server.listen(config.server?.port, 'localhost', resolve));
  }

  it('names LANTERN_PORT on npm start, instead of Vite’s bare error', async () => {
    const config = await inlineConfig('localhost');
    await occupy(config);
    await expect(createServer(config)).rejects.toThrow(
      new RegExp(`^Port ${String(config.server?.port)} is already in use \\(another Lantern, or another app\\)\\. Set LANTERN_PORT to a free port`),
    );
  });

  it('names LANTERN_PORT on vite preview too', async () => {
    vi.stubEnv('LANTERN_SANDBOX', undefined);
    const config = await inlineConfig('localhost');
    await occupy(config);
    await expect(preview(config)).rejects.toThrow(/Set LANTERN_PORT to a free port/);
  });
});

describe('isLoopbackHost', () => {
  it('takes Vite’s default and loopback names as loopback, and nothing else', () => {
    for (const host of [undefined, false, 'localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) expect(isLoopbackHost(host), String(host)).toBe(true);
    for (const host of [true, '0.0.0.0', '::', 'lantern.local', '10.0.0.5']) expect(isLoopbackHost(host), String(host)).toBe(false);
  });
});
