import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the bench's preview server serves the floor: beside Lantern, on its origin. */
export const floorBasePath = '/floor/';

/**
 * Builds the floor app (launch.html + index.html here) for production into `outDir`, served at `floorBasePath`.
 * Its own small config, not the app's: no React, no sandbox plugin; fhirclient's logger replaced as in Lantern's build.
 * @param {{ root: string; outDir: string }} options
 * @returns {Promise<{ seconds: number }>}
 */
export async function buildFloor({ root, outDir }) {
  const started = performance.now();
  await build({
    configFile: false,
    root: here,
    base: floorBasePath,
    logLevel: 'warn',
    resolve: { alias: [{ find: /^debug$/, replacement: path.join(root, 'vendor/silent-debug/index.js') }] },
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: { launch: path.join(here, 'launch.html'), index: path.join(here, 'index.html') } },
    },
  });
  return { seconds: (performance.now() - started) / 1000 };
}
