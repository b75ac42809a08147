import { setupServer } from 'msw/node';
import { inject } from 'vitest';
import { requestedScopes } from '../src/config/scopes';
import type { FhirClientOptions } from '../src/lib/fhir/fhir-client';
import { sessionFromTokenResponse, type SmartSession } from '../src/lib/fhir/smart-session';
import { sandboxHandlers } from '../mocks/handlers';
import { encodeLaunch, type LaunchContext } from '../mocks/sandbox/auth/launch-context';
import { obtainToken } from '../mocks/sandbox/auth/token-client';
import { parseFreshPatient, testControlPaths } from '../mocks/sandbox/test-controls';
import { sandboxClientId, sandboxFhirBaseUrl, sandboxPaths } from '../mocks/sandbox/sandbox';
import { generateSandboxData, type SandboxPatient, type SandboxPatientKey } from '../mocks/sandbox/synthetic/generate';
import { vendorProfiles, type VendorProfileName } from '../mocks/sandbox/vendor-profiles';

export interface LaunchOptions extends FhirClientOptions {
  /** The vendor profile whose own FHIR base Lantern is launched against; default `/sandbox/fhir`. */
  profile?: VendorProfileName;
}

export interface TestSandbox {
  /** The startup profile's base, `/sandbox/fhir`. */
  fhirBaseUrl: string;
  /** A profile's own base, e.g. `/sandbox/epic/fhir`, for `server.use(...)` and assertions. */
  fhirBaseUrlFor(profile: VendorProfileName): string;
  /** MSW: add failures per test with `server.use(...)`; reset with `server.resetHandlers()`. */
  server: ReturnType<typeof setupServer>;
  /** A seeded patient, shared by every test that reads it. */
  patient(key: SandboxPatientKey): SandboxPatient;
  /** A fresh copy of a seeded patient, chart and all, under ids no other test knows: for a test that writes. */
  freshPatient(key: SandboxPatientKey): Promise<SandboxPatient>;
  /**
   * A real EHR launch through the sandbox's OAuth server, ending in the session Lantern's `ready()` would give.
   * Against an open server (hapi-open) no sign-in happens: the session has the patient and encounter and no token.
   */
  launch(context: Partial<LaunchContext> & { patient: string }, scope?: string, options?: LaunchOptions): Promise<SmartSession>;
  /** Every request that reached MSW (the app's HTTP, as sent) while `action` ran, in order. */
  requestsDuring(action: () => Promise<unknown>): Promise<Request[]>;
  close(): void;
}

// Ids are fixed by the generator, whatever the seed or clock: the same as in the sandbox the global setup runs.
const sandboxData = generateSandboxData({ largeChart: false });

// The OAuth code flow plays the browser, and a fresh patient is the EHR's doing, not the app's: both bypass MSW
// (whose interception of manual redirects hangs).
const browserFetch = globalThis.fetch.bind(globalThis);

/** Connects a test file to the sandbox EHR started by tests/global-sandbox.ts, behind MSW. */
export function connectTestSandbox(): TestSandbox {
  const origin = inject('sandboxOrigin');
  const server = setupServer(...sandboxHandlers(origin));
  server.listen({ onUnhandledRequest: 'error' });
  const practitioner = sandboxData.practitioners[0]?.id ?? '';

  return {
    fhirBaseUrl: sandboxFhirBaseUrl(origin),
    fhirBaseUrlFor: (profile) => sandboxFhirBaseUrl(origin, profile),
    server,
    patient(key) {
      const patient = sandboxData.patients.find((candidate) => candidate.key === key);
      if (!patient) throw new Error(`The sandbox has no ${key} patient`);
      return patient;
    },
    async freshPatient(key) {
      const response = await browserFetch(`${origin}${testControlPaths.freshPatient}?${new URLSearchParams({ copyOf: key }).toString()}`, { method: 'POST' });
      if (response.status !== 201) throw new Error(`The sandbox added no copy of ${key}: ${String(response.status)} ${await response.text()}`);
      return parseFreshPatient(await response.json());
    },
    async requestsDuring(action) {
      const sent: Request[] = [];
      const record = ({ request }: { request: Request }): void => {
        sent.push(request);
      };
      server.events.on('request:start', record);
      try {
        await action();
      } finally {
        server.events.removeListener('request:start', record);
      }
      return sent;
    },
    async launch(context, scope = requestedScopes('ehr'), { profile, ...clientOptions } = {}) {
      const fhirBaseUrl = sandboxFhirBaseUrl(origin, profile);
      if (profile !== undefined && vendorProfiles[profile].authorization === 'open') {
        // What fhirclient builds from the open-server link the simulated EHR opens: fhirServiceUrl, patientId, encounterId.
        const openContext = { patient: context.patient, ...(context.encounter ? { encounter: context.encounter } : {}) };
        return sessionFromTokenResponse(fhirBaseUrl, openContext, clientOptions);
      }
      const token = await obtainToken({
        issuer: `${origin}${sandboxPaths.auth}`,
        fhirBaseUrl,
        clientId: sandboxClientId,
        redirectUri: `${origin}/index.html`,
        scope,
        launch: encodeLaunch({ fhirUser: `Practitioner/${practitioner}`, ...context }),
        fetchImpl: browserFetch,
      });
      return sessionFromTokenResponse(fhirBaseUrl, token, clientOptions, { tokenUri: `${origin}${sandboxPaths.auth}/token`, clientId: sandboxClientId });
    },
    close() {
      server.close();
    },
  };
}
