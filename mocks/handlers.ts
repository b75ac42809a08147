import { http, passthrough, type HttpHandler } from 'msw';
import { sandboxFhirBaseUrl, sandboxPaths } from './sandbox/sandbox';
import { VENDOR_PROFILE_NAMES } from './sandbox/vendor-profiles';

/**
 * The happy path: every sandbox request (FHIR at each base, and OAuth) reaches the sandbox EHR's real HTTP server,
 * the same one `npm start` and the e2e suite use. A test that needs a failure adds it in front with `server.use(...)`.
 */
export function sandboxHandlers(origin: string): HttpHandler[] {
  const fhirBaseUrls = [sandboxFhirBaseUrl(origin), ...VENDOR_PROFILE_NAMES.map((profile) => sandboxFhirBaseUrl(origin, profile))];
  return [
    // Each FHIR base itself takes transaction and batch Bundles.
    ...fhirBaseUrls.flatMap((fhirBaseUrl) => [http.all(fhirBaseUrl, () => passthrough()), http.all(`${fhirBaseUrl}/*`, () => passthrough())]),
    http.all(`${origin}${sandboxPaths.auth}/*`, () => passthrough()),
  ];
}
