import { http, passthrough, type HttpHandler } from 'msw';
import { sandboxPaths } from './sandbox/sandbox';

/**
 * The happy path: every sandbox request (FHIR and OAuth) reaches the sandbox EHR's real HTTP server, the same
 * one `npm start` and the e2e suite use. A test that needs a failure adds it in front with `server.use(...)`.
 */
export function sandboxHandlers(origin: string): HttpHandler[] {
  return [
    // The FHIR base itself takes transaction and batch Bundles.
    http.all(`${origin}${sandboxPaths.fhir}`, () => passthrough()),
    http.all(`${origin}${sandboxPaths.fhir}/*`, () => passthrough()),
    http.all(`${origin}${sandboxPaths.auth}/*`, () => passthrough()),
  ];
}
