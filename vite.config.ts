import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sandboxPlugin } from './mocks/sandbox/vite-plugin';
import { practiceDefinitionsPlugin } from './practice/fhir-definitions-plugin';
import { preloadEntryImports } from './scripts/preload-entry-imports';

// fhirclient's logger, replaced wherever Lantern runs: no `localStorage.debug` setting can print a token.
const silentDebug = fileURLToPath(new URL('vendor/silent-debug/index.js', import.meta.url));
const fhirclientBrowserEntry = fileURLToPath(new URL('node_modules/fhirclient/lib/entry/browser.js', import.meta.url));

const port = Number(process.env.LANTERN_PORT ?? 5173);
const latencyMs = Number(process.env.LANTERN_SANDBOX_LATENCY_MS ?? 0);

export default defineConfig({
  plugins: [react(), sandboxPlugin(latencyMs > 0 ? { latencyMs } : {}), practiceDefinitionsPlugin(), preloadEntryImports('index.html')],
  // Three pages (the two SMART pages built here, the practice page by vite.training.config.ts), no client-side routes: an unknown path is a 404, never index.html (which would answer a readiness
  // check on /sandbox/fhir/metadata with 200 on a preview that has no sandbox).
  appType: 'mpa',
  resolve: { alias: [{ find: /^debug$/, replacement: silentDebug }] },
  // fhirclient's "pure" build: every browser Lantern supports has fetch and AbortController, so its polyfills
  // (cross-fetch, abortcontroller-polyfill) are left out of both pages. Not under Vitest: the pure build takes
  // `window.fetch` when it loads, which jsdom's window lacks, so tests keep cross-fetch (Node's fetch, which MSW sees).
  define: process.env.VITEST ? {} : { FHIRCLIENT_PURE: 'true' },
  // The sandbox's OAuth issuer is this exact origin: a port that moved would break the launch.
  server: { port, strictPort: true, host: 'localhost' },
  preview: { port, strictPort: true, host: 'localhost' },
  build: {
    // No modulepreload polyfill: of the browsers Vite's default target covers, only Safari before 17 lacks
    // `modulepreload`, and there the modules load when they are imported, as they always can. The polyfill would
    // add to both pages for every other browser.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        launch: fileURLToPath(new URL('launch.html', import.meta.url)),
        index: fileURLToPath(new URL('index.html', import.meta.url)),
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'sandbox',
          environment: 'node',
          include: ['cds/**/*.test.ts', 'mocks/**/*.test.ts', 'scripts/**/*.test.ts', 'deploy/**/*.test.ts', 'tests/lint/**/*.test.ts', 'tests/*.test.ts', 'practice/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        // fhirclient's package "main" is its Node entry; the app always runs the browser entry.
        resolve: { alias: [{ find: /^fhirclient$/, replacement: fhirclientBrowserEntry }] },
        test: {
          name: 'app',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}', 'practice/**/*.test.tsx'],
          setupFiles: ['tests/setup-dom.ts'],
          server: { deps: { inline: ['fhirclient'] } },
          globalSetup: ['tests/global-sandbox.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
