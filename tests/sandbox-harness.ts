import { setupServer } from 'msw/node';
import { inject } from 'vitest';
import { requestedScopes } from '../src/config/scopes';
import type { FhirClientOptions } from '../src/lib/fhir/fhir-client';
import { sessionFromTokenResponse, type SmartSession } from '../src/lib/fhir/smart-session';
import { sandboxHandlers } from '../mocks/handlers';
import { encodeLaunch, type LaunchContext } from '../mocks/sandbox/auth/launch-context';
import { obtainToken } from '../mocks/sandbox/auth/token-client';
import { sandboxClientId, sandboxPaths } from '../mocks/sandbox/sandbox';
import { generateSandboxData, type SandboxPatient, type SandboxPatientKey } from '../mocks/sandbox/synthetic/generate';

export interface TestSandbox {
  fhirBaseUrl: string;
  /** MSW: add failures per test with `server.use(...)`; reset with `server.resetHandlers()`. */
  server: ReturnType<typeof setupServer>;
  patient(key: SandboxPatientKey): SandboxPatient;
  /** A real EHR launch through the sandbox's OAuth server, ending in the session Lantern's `ready()` would give. */
  launch(context: Partial<LaunchContext> & { patient: string }, scope?: string, options?: FhirClientOptions): Promise<SmartSession>;
  close(): void;
}

// Ids are fixed by the generator, whatever the seed or clock: the same as in the sandbox the global setup runs.
const sandboxData = generateSandboxData({ largeChart: false });

// The OAuth code flow plays the browser, not the app: it bypasses MSW (whose interception of manual redirects hangs).
const browserFetch = globalThis.fetch.bind(globalThis);

/** Connects a test file to the sandbox EHR started by tests/global-sandbox.ts, behind MSW. */
export function connectTestSandbox(): TestSandbox {
  const origin = inject('sandboxOrigin');
  const fhirBaseUrl = `${origin}${sandboxPaths.fhir}`;
  const server = setupServer(...sandboxHandlers(origin));
  server.listen({ onUnhandledRequest: 'error' });
  const practitioner = sandboxData.practitioners[0]?.id ?? '';

  return {
    fhirBaseUrl,
    server,
    patient(key) {
      const patient = sandboxData.patients.find((candidate) => candidate.key === key);
      if (!patient) throw new Error(`The sandbox has no ${key} patient`);
      return patient;
    },
    async launch(context, scope = requestedScopes('ehr'), options) {
      const token = await obtainToken({
        issuer: `${origin}${sandboxPaths.auth}`,
        fhirBaseUrl,
        clientId: sandboxClientId,
        redirectUri: `${origin}/index.html`,
        scope,
        launch: encodeLaunch({ fhirUser: `Practitioner/${practitioner}`, ...context }),
        fetchImpl: browserFetch,
      });
      return sessionFromTokenResponse(fhirBaseUrl, token, options, { tokenUri: `${origin}${sandboxPaths.auth}/token`, clientId: sandboxClientId });
    },
    close() {
      server.close();
    },
  };
}
