import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { firstScreenOf } from '../../check-bundle-size.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Builds the stack floor (index.html and main.ts here) for production into `outDir`, with what Lantern's build does
 * to the same libraries (React's plugin, fhirclient's pure build, its logger replaced), and weighs its first screen as the size check
 * weighs Lantern's. It is built to be weighed, never launched: what index.html would cost with none of Lantern's code.
 * @param {{ root: string; outDir: string }} options
 * @returns {Promise<import('../../check-bundle-size.mjs').FirstScreen>}
 */
export async function buildStackFloor({ root, outDir }) {
  await build({
    configFile: false,
    root: here,
    logLevel: 'warn',
    plugins: [react()],
    define: { FHIRCLIENT_PURE: 'true' },
    resolve: { alias: [{ find: /^debug$/, replacement: path.join(root, 'vendor/silent-debug/index.js') }] },
    build: { outDir, emptyOutDir: true, modulePreload: { polyfill: false } },
  });
  return firstScreenOf(outDir, 'index.html');
}
