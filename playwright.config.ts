import { defineConfig } from '@playwright/test';

// Another port lets two checkouts run their browser tests side by side.
const port = Number(process.env.LANTERN_E2E_PORT ?? 4173);

/** Debian's Chromium, never a downloaded browser; flags keep it off a network this machine does not have. */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    headless: true,
    launchOptions: chromiumLaunchOptions,
    trace: 'off',
  },
  webServer: {
    // The production build, served with the sandbox EHR mounted beside it (LANTERN_SANDBOX=1; loopback only).
    command: 'npx vite preview',
    // The sandbox is bundled into Vite's config; Vite's notice about its future native loader is noise here.
    // The sandbox's CDS service on any free port, so checkouts side by side do not collide.
    env: { LANTERN_PORT: String(port), LANTERN_SANDBOX: '1', LANTERN_CDS_PORT: '0', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    url: `http://localhost:${port}/sandbox/fhir/metadata`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
