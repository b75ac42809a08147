import type { APIRequestContext } from '@playwright/test';
import type { Bundle, Patient, Practitioner } from 'fhir/r4';

/**
 * How the SMART launcher (github.com/smart-on-fhir/smart-launcher-v2) takes its launch options, read in its source:
 * - src/isomorphic/codec.ts `encode`: the options are a positional JSON array, base64url-encoded
 *   (`base64UrlEncode(JSON.stringify(arr))`); `decode` reads them back by position.
 * - src/components/Launcher/index.tsx: an EHR launch opens `<app launch URL>?iss=<origin>/v/<release>/fhir&launch=<code>`;
 *   a standalone launch connects to the FHIR base `<origin>/v/<release>/sim/<code>/fhir`.
 * - backend/routes/auth/authorize.ts: `new LaunchOptions(params.launch || req.params.sim)`; with one patient and one
 *   provider chosen, skip_login and skip_auth set, it redirects straight back to the app with a code.
 */
const launchTypeIndex = { 'provider-ehr': 0, 'provider-standalone': 2 } as const;

export type LauncherLaunchType = keyof typeof launchTypeIndex;

export function launcherCode(launchType: LauncherLaunchType, people: { patientId: string; practitionerId: string }): string {
  // Positions 0–13 of codec.ts's array. Later positions (client type, PKCE) changed order between launcher versions;
  // left out, every version reads them as a public client whose PKCE is checked when sent.
  const options = [
    launchTypeIndex[launchType],
    people.patientId,
    people.practitionerId,
    'AUTO', // encounter: the launcher picks the patient's most recent one
    1, // skip_login
    1, // skip_auth
    0, // sim_ehr: Lantern is opened directly, not inside the launcher's simulated EHR frame
    '', // scope: no restriction
    '', // redirect_uris: no restriction
    '', // client_id: any
    '', // client_secret: public client
    '', // auth_error: no simulated error
    '', // jwks_url
    '', // jwks
  ];
  return Buffer.from(JSON.stringify(options), 'utf8').toString('base64url');
}

/** The FHIR base a standalone launch connects to, with the launch options in its `sim` segment. */
export function launcherSimBaseUrl(fhirBaseUrl: string, code: string): string {
  return fhirBaseUrl.replace(/\/fhir$/, `/sim/${code}/fhir`);
}

/**
 * A patient with a family name and a practitioner to launch as, found on the launcher's FHIR server. Reads only; the
 * launcher proxies requests without an Authorization header to its open server (`validateToken(req, false)` in
 * backend/routes/fhir/proxy.ts and backend/lib.ts).
 */
export async function findLauncherPeople(request: APIRequestContext, fhirBaseUrl: string): Promise<{ patientId: string; practitionerId: string }> {
  const [patients, practitioners] = await Promise.all([
    searchBundle<Patient>(request, `${fhirBaseUrl}/Patient?_count=20`),
    searchBundle<Practitioner>(request, `${fhirBaseUrl}/Practitioner?_count=1`),
  ]);
  const patientId = patients.entry
    ?.map((entry) => entry.resource)
    .find((patient) => patient?.resourceType === 'Patient' && patient.active !== false && patient.name?.some((name) => name.family))?.id;
  const practitionerId = practitioners.entry?.find((entry) => entry.resource?.resourceType === 'Practitioner')?.resource?.id;
  if (!patientId || !practitionerId) {
    throw new Error(`${fhirBaseUrl} offered no named patient or no practitioner to launch with.`);
  }
  return { patientId, practitionerId };
}

async function searchBundle<T extends Patient | Practitioner>(request: APIRequestContext, url: string): Promise<Bundle<T>> {
  const response = await request.get(url, { headers: { accept: 'application/fhir+json' } });
  if (!response.ok()) throw new Error(`${url} answered HTTP ${response.status()}: ${await response.text()}`);
  const body: unknown = await response.json();
  if (!isBundle<T>(body)) throw new Error(`${url} did not answer with a Bundle.`);
  return body;
}

function isBundle<T extends Patient | Practitioner>(value: unknown): value is Bundle<T> {
  return typeof value === 'object' && value !== null && 'resourceType' in value && value.resourceType === 'Bundle';
}
