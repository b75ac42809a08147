import type { Plugin, PreviewServer, ViteDevServer } from 'vite';
import type { SandboxOptions } from './sandbox';

/**
 * Mounts the sandbox EHR on Vite's dev and preview servers (never in the build): one truth about how the EHR
 * behaves for `npm start`, the e2e suite and the bench. Loaded lazily so `vite build` never touches it.
 */
export function sandboxPlugin(options: Omit<SandboxOptions, 'origin'> = {}): Plugin {
  const mount = async (server: ViteDevServer | PreviewServer, port: number): Promise<void> => {
    const { createSandbox, sandboxFhirBaseUrl } = await import('./sandbox');
    const { parseVendorProfileName } = await import('./vendor-profiles');
    const { startSandboxCdsService } = await import('./cds-client');
    const environmentProfile = parseVendorProfileName(process.env.LANTERN_SANDBOX_PROFILE);
    const origin = process.env.LANTERN_ORIGIN ?? `http://localhost:${port}`;
    // Lantern's CDS Hooks service beside the sandbox, which calls it as an EHR does on opening a chart.
    const cds = await startSandboxCdsService({ origin, appOrigin: options.appOrigin, port: Number(process.env.LANTERN_CDS_PORT ?? 5174), fhirServers: [sandboxFhirBaseUrl(origin)] });
    server.httpServer?.once('close', () => void cds.close());
    const sandbox = await createSandbox({
      ...options,
      profile: options.profile ?? environmentProfile,
      origin,
      cdsServiceUrl: cds.url,
    });
    server.middlewares.use(sandbox.middleware);
    server.httpServer?.once('listening', () => {
      process.stdout.write(`\n  Sandbox EHR: open ${sandbox.ehrUrl} and pick a patient.\n  Lantern's CDS Hooks service: ${cds.url}/cds-services\n\n`);
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
