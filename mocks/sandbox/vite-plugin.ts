import { Server as HttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { Plugin, PreviewServer, ViteDevServer } from 'vite';
import type { SandboxOptions } from './sandbox';

/** Set to `1` to mount the sandbox on `vite preview` (the browser tests and the bench do); `npm start` always has it. */
export const sandboxOnPreviewVariable = 'LANTERN_SANDBOX';

/** Comma-separated further redirect pages for the sandbox client, e.g. `/floor/index.html` (the bench's floor app). */
export const sandboxRedirectPathsVariable = 'LANTERN_SANDBOX_REDIRECT_PATHS';

/**
 * Whether Vite's `server.host` / `preview.host` listens on loopback only. Vite reads `undefined` and `false` as
 * `localhost`, and `true` as every address.
 */
export function isLoopbackHost(host: string | boolean | undefined): boolean {
  if (host === undefined || host === false) return true;
  if (host === true) return false;
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * Refuses a port that is taken with the variable that moves it, before Vite answers with a bare "Port … is already in
 * use". Probed on the host Vite will listen on, the way it will listen.
 */
export async function ensurePortFree(port: number, host: string | boolean | undefined): Promise<void> {
  const listenHost = host === undefined || host === false ? 'localhost' : host === true ? undefined : host;
  // Any other failure (an address this machine does not have…) is Vite's to report when it listens.
  const inUse = await new Promise<boolean>((resolve) => {
    const probe = createNetServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'EADDRINUSE');
    });
    probe.listen({ port, host: listenHost, exclusive: true }, () => {
      probe.close(() => {
        resolve(false);
      });
    });
  });
  if (inUse) {
    throw new Error(
      `Port ${String(port)} is already in use (another Lantern, or another app). Set LANTERN_PORT to a free port, e.g. ` +
        `LANTERN_PORT=${String(port + 1)} npm start. The sandbox's sign-in only works on the port Lantern started on, so Vite does not pick another.`,
    );
  }
}

/**
 * Mounts the sandbox EHR on Vite's dev server (`npm start`) and, when `LANTERN_SANDBOX=1`, on the preview server
 * (never in the build): one truth about how the EHR behaves for `npm start`, the e2e suite and the bench. The sandbox
 * has no sign-in (anyone reaching it gets tokens), so it mounts only on a server that listens on loopback. Loaded
 * lazily so `vite build` never touches it.
 */
export function sandboxPlugin(options: Omit<SandboxOptions, 'origin'> = {}): Plugin {
  const mount = async (server: ViteDevServer | PreviewServer, listen: { port: number; host: string | boolean | undefined; preview: boolean }): Promise<void> => {
    const { port, host } = listen;
    if (!isLoopbackHost(host)) {
      throw new Error(
        `The sandbox EHR has no sign-in, so it listens on this machine only (localhost), not on ${host === true ? 'every address' : `"${String(host)}"`}. ` +
          `Leave out --host${listen.preview ? `, or preview the build without ${sandboxOnPreviewVariable}=1` : ''}.`,
      );
    }
    const { createSandbox, sandboxFhirBaseUrl } = await import('./sandbox');
    const { parseVendorProfileName } = await import('./vendor-profiles');
    const { startSandboxCdsService } = await import('./cds-client');
    const environmentProfile = parseVendorProfileName(process.env.LANTERN_SANDBOX_PROFILE);
    const origin = process.env.LANTERN_ORIGIN ?? `http://localhost:${port}`;
    // Lantern's CDS Hooks service beside the sandbox, which calls it as an EHR does on opening a chart.
    const cds = await startSandboxCdsService({ origin, appOrigin: options.appOrigin, port: Number(process.env.LANTERN_CDS_PORT ?? 5174), fhirServers: [sandboxFhirBaseUrl(origin)] });
    server.httpServer?.once('close', () => void cds.close());
    const extraRedirectPaths = (process.env[sandboxRedirectPathsVariable] ?? '').split(',').filter((redirectPath) => redirectPath.startsWith('/'));
    const sandbox = await createSandbox({
      ...options,
      ...(extraRedirectPaths.length > 0 ? { extraRedirectPaths } : {}),
      profile: options.profile ?? environmentProfile,
      origin,
      cdsServiceUrl: cds.url,
    });
    server.middlewares.use(sandbox.middleware);
    if (server.httpServer instanceof HttpServer) {
      // Longer than a test client's pooled socket may sit idle: Node's 5 s default closed sockets under Playwright
      // while it reused them (ECONNRESET on POST /sandbox/auth/expire under load).
      server.httpServer.keepAliveTimeout = 60_000;
      server.httpServer.headersTimeout = 61_000;
    }
    server.httpServer?.once('listening', () => {
      process.stdout.write(`\n  Sandbox EHR: open ${sandbox.ehrUrl} and pick a patient.\n  Lantern's CDS Hooks service: ${cds.url}/cds-services\n\n`);
    });
  };
  return {
    name: 'lantern-sandbox-ehr',
    // Vitest also runs Vite's dev server; its tests start their own sandbox (tests/global-sandbox.ts).
    apply: (_config, env) => env.command === 'serve' && !process.env.VITEST,
    async configureServer(server) {
      const { port, host } = server.config.server;
      if (server.httpServer) await ensurePortFree(port, host);
      await mount(server, { port, host, preview: false });
      const { sandboxPaths } = await import('./sandbox');
      // The root is what Vite's banner shows: in development it opens the sandbox EHR, where a launch starts.
      server.middlewares.use((req, res, next) => {
        if (req.url === '/') res.writeHead(302, { location: sandboxPaths.ehr, 'cache-control': 'no-store' }).end();
        else next();
      });
    },
    async configurePreviewServer(server) {
      const { port, host } = server.config.preview;
      await ensurePortFree(port, host);
      if (process.env[sandboxOnPreviewVariable] !== '1') return;
      await mount(server, { port, host, preview: true });
    },
  };
}
