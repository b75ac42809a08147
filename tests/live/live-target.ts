/**
 * What `npm run test:sandbox` (scripts/test-sandbox.mjs) checked and built, handed to Playwright through the
 * environment. The live suite only makes sense after that script: it checks the sandbox answers and builds Lantern.
 */
export interface LiveTarget {
  /** A SMART launcher (smart-on-fhir/smart-launcher-v2), or the sandbox EHR the preview mounts beside Lantern. */
  kind: 'smart-launcher' | 'lantern-sandbox';
  /** The launcher's plain R4 base (`https://launch.smarthealthit.org/v/r4/fhir`), or the sandbox's FHIR base. */
  fhirBaseUrl: string;
  /** The port `vite preview` serves the build on. */
  port: number;
  lanternOrigin: string;
  /** The private build the preview serves (never `dist/`, which the e2e suite may be serving). */
  buildDir: string;
}

export function liveTarget(env: NodeJS.ProcessEnv = process.env): LiveTarget {
  const kind = env.LANTERN_LIVE_KIND;
  const fhirBaseUrl = env.LANTERN_LIVE_FHIR_BASE_URL;
  const port = Number(env.LANTERN_LIVE_PORT);
  const buildDir = env.LANTERN_LIVE_BUILD_DIR;
  if ((kind !== 'smart-launcher' && kind !== 'lantern-sandbox') || !fhirBaseUrl || !Number.isInteger(port) || !buildDir) {
    throw new Error(
      'Run the live suite with `npm run test:sandbox`: it checks that the sandbox answers and builds Lantern first ' +
        '(LANTERN_LIVE_KIND, LANTERN_LIVE_FHIR_BASE_URL, LANTERN_LIVE_PORT and LANTERN_LIVE_BUILD_DIR are unset).',
    );
  }
  return { kind, fhirBaseUrl, port, lanternOrigin: `http://localhost:${port}`, buildDir };
}
