import type { Plugin, PreviewServer, ViteDevServer } from 'vite';
import type { SandboxOptions } from './sandbox';

/**
 * Mounts the sandbox EHR on Vite's dev and preview servers (never in the build): one truth about how the EHR
 * behaves for `npm start`, the e2e suite and the bench. Loaded lazily so `vite build` never touches it.
 */
export function sandboxPlugin(options: Omit<SandboxOptions, 'origin'> = {}): Plugin {
  const mount = async (server: ViteDevServer | PreviewServer, port: number): Promise<void> => {
    const { createSandbox } = await import('./sandbox');
    const { parseVendorProfileName } = await import('./vendor-profiles');
    const environmentProfile = parseVendorProfileName(process.env.LANTERN_SANDBOX_PROFILE);
    const sandbox = await createSandbox({
      ...options,
      profile: options.profile ?? environmentProfile,
      origin: process.env.LANTERN_ORIGIN ?? `http://localhost:${port}`,
    });
    server.middlewares.use(sandbox.middleware);
    server.httpServer?.once('listening', () => {
      process.stdout.write(`\n  Sandbox EHR: open ${sandbox.ehrUrl} and pick a patient.\n\n`);
    });
  };
  return {
    name: 'lantern-sandbox-ehr',
    // Vitest also runs Vite's dev server; its tests start their own sandbox (tests/global-sandbox.ts).
    apply: (_config, env) => env.command === 'serve' && !process.env.VITEST,
    async configureServer(server) {
      await mount(server, server.config.server.port);
    },
    async configurePreviewServer(server) {
      await mount(server, server.config.preview.port);
    },
  };
}
