import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const fhirclientBrowserEntry = fileURLToPath(new URL('node_modules/fhirclient/lib/entry/browser.js', import.meta.url));

export default defineConfig({
  plugins: [react()],
  build: {
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
          include: ['mocks/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        // fhirclient's package "main" is its Node entry; the app always runs the browser entry.
        resolve: { alias: { fhirclient: fhirclientBrowserEntry } },
        test: {
          name: 'app',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup-dom.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
