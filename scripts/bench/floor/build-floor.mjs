import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the bench's preview server serves the floor: beside Lantern, on its origin. */
export const floorBasePath = '/floor/';

/**
 * Builds the floor app (launch.html + index.html here) for production into `outDir`, served at `floorBasePath`, then
 * the React floor's page (react.html) into the same folder, apart, so the floor's own pages share no chunk with it.
 * Their own small configs, not the app's: no sandbox plugin; fhirclient's logger replaced as in Lantern's build. The
 * React floor is built as Lantern's pages are (React's plugin, fhirclient's pure build, no modulepreload polyfill),
 * so that its first screen, weighed, is what the libraries cost Lantern.
 * @param {{ root: string; outDir: string }} options
 * @returns {Promise<{ seconds: number }>}
 */
export async function buildFloor({ root, outDir }) {
  const started = performance.now();
  const shared = {
    configFile: /** @type {false} */ (false),
    root: here,
    base: floorBasePath,
    logLevel: /** @type {'warn'} */ ('warn'),
    resolve: { alias: [{ find: /^debug$/, replacement: path.join(root, 'vendor/silent-debug/index.js') }] },
  };
  await build({
    ...shared,
    build: { outDir, emptyOutDir: true, rollupOptions: { input: { launch: path.join(here, 'launch.html'), index: path.join(here, 'index.html') } } },
  });
  await build({
    ...shared,
    plugins: [react()],
    define: { FHIRCLIENT_PURE: 'true' },
    build: { outDir, emptyOutDir: false, modulePreload: { polyfill: false }, rollupOptions: { input: { react: path.join(here, 'react.html') } } },
  });
  return { seconds: (performance.now() - started) / 1000 };
}
