import { defineConfig } from '@playwright/test';
import e2e from './playwright.config';

/**
 * Takes the screenshots the docs show (docs/screenshots/), on demand: `npm run screenshots`. Not part of `npm test`:
 * it writes files, and a picture changes with every wording change.
 */
export default defineConfig({
  ...e2e,
  testDir: 'tests/screenshots',
  // Playwright empties its output directory first: keep clear of the e2e suite's.
  outputDir: 'test-results/screenshots',
  workers: 1,
});
