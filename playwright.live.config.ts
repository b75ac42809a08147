import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './playwright.config';
import { liveTarget } from './tests/live/live-target';

/** The live suite against a real SMART sandbox: run it with `npm run test:sandbox`, never with `npm test`. */
const target = liveTarget();

export default defineConfig({
  testDir: 'tests/live',
  // Playwright empties its output directory first: keep clear of the e2e suite's.
  outputDir: 'test-results/live',
  // A public server shared by everyone: slower than the bundled sandbox, and asked one launch at a time.
  timeout: 180_000,
  expect: { timeout: 45_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: target.lanternOrigin,
    headless: true,
    launchOptions: chromiumLaunchOptions,
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --outDir ${JSON.stringify(target.buildDir)}`,
    // The sandbox's OAuth issuer is the origin the browser uses: never inherit another LANTERN_ORIGIN. Against a
    // launcher the preview serves the build alone, with the configuration test-sandbox.mjs wrote into it; against
    // the bundled sandbox it mounts the sandbox, whose development configuration registers it.
    env: {
      LANTERN_PORT: String(target.port),
      LANTERN_ORIGIN: target.lanternOrigin,
      LANTERN_CDS_PORT: '0',
      LANTERN_SANDBOX: target.kind === 'lantern-sandbox' ? '1' : '0',
      VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true',
    },
    url: `${target.lanternOrigin}/launch.html`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
