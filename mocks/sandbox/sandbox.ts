import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAuthServer, type AuthServer, type ResourceServer } from './auth/auth-server';
import { careTeamPagePath, serveCareTeamInbox, type CareTeamInboxOptions } from './care-team/care-team-inbox';
import { createSandboxCdsClient, sandboxJwksPath } from './cds-client';
import { appConfigPath, sandboxConfigText } from './dev-config';
import { renderEhrPage, type EhrPageOptions } from './ehr-page';
import type { FhirEngine } from './fhir-engine';
import { createFhirEngine } from './fhir-engine-node';
import { createFhirHttpHandler } from './fhir-http';
import {
  createDirectLightKeys,
  directLightBackendClient,
  directLightClientId,
  directLightOrganizationReference,
  partnerPagePath,
  type DirectLightKeys,
} from './partner/direct-light';
import { createPartnerClient } from './partner/partner-client';
import { servePartnerPage, type PartnerPageOptions } from './partner/partner-page';
import { testControlPaths } from './test-controls';
import { freshChart, generateSandboxData, isSandboxPatientKey, type SandboxData, type SandboxPatient, type SandboxPatientKey } from './synthetic/generate';
import {
  DEFAULT_VENDOR_PROFILE,
  mapVendorProfiles,
  VENDOR_PROFILE_NAMES,
  vendorProfiles,
  type VendorProfile,
  type VendorProfileName,
} from './vendor-profiles';

/** Where the sandbox lives on the app's origin; the production build has none of it. */
export const sandboxPaths = {
  fhir: '/sandbox/fhir',
  auth: '/sandbox/auth',
  ehr: '/sandbox/ehr',
  /** Direct Light, the community partner answering referral Tasks with its own SMART client. */
  partner: partnerPagePath,
  /** The ED social work inbox of urgent warm-handoff pages. */
  careTeam: careTeamPagePath,
} as const;

/** Matches the sandbox registration in the development configuration (`lantern.dev.config.json`). */
export const sandboxClientId = 'lantern-sandbox';

/** A profile's own FHIR base, e.g. `${origin}/sandbox/epic/fhir`; without a profile, the startup profile's `${origin}/sandbox/fhir`. */
export function sandboxFhirBaseUrl(origin: string, profile?: VendorProfileName): string {
  return `${origin.replace(/\/+$/, '')}${profile === undefined ? sandboxPaths.fhir : `/sandbox/${profile}/fhir`}`;
}

export type VendorProfileOverrides = Partial<Record<VendorProfileName, Partial<VendorProfile>>>;

export interface SandboxOptions {
  /** The origin the browser (or test) uses, e.g. http://localhost:5173. */
  origin: string;
  /**
   * Where Lantern is served when not on the sandbox's origin (a production-like host in front of the built app):
   * the EHR page launches it there, and the authorization server accepts redirects back to it.
   */
  appOrigin?: string;
  seed?: number;
  now?: Date;
  largeChart?: boolean;
  latencyMs?: number;
  /** Which EHR vendor `/sandbox/fhir` behaves like (default 'smart-launcher'); every profile also has its own base. */
  profile?: VendorProfileName;
  /** Changed profiles, e.g. `{ epic: { smartPermissions: ['permission-v2'] } }` for an Epic that grants only v2 scopes. */
  profileOverrides?: VendorProfileOverrides;
  /** Lantern's CDS service, which the EHR page calls on opening a chart (patient-view); unset: no CDS Hooks. */
  cdsServiceUrl?: string;
  /** More pages of the app's origin the sandbox client may be redirected to, e.g. the bench's floor app (`/floor/index.html`). */
  extraRedirectPaths?: readonly string[];
  /** Direct Light's signing key; unset: a fresh one. A test that signs its own token requests as Direct Light passes one. */
  directLightKeys?: DirectLightKeys;
}

export interface Sandbox {
  origin: string;
  /** The startup profile's FHIR base, `${origin}/sandbox/fhir`. */
  fhirBaseUrl: string;
  /** Every profile's own FHIR base; all of them share one FHIR engine and its data. */
  fhirBaseUrls: Record<VendorProfileName, string>;
  issuer: string;
  ehrUrl: string;
  profile: VendorProfileName;
  data: SandboxData;
  engine: FhirEngine;
  auth: AuthServer;
  /** Registers a fresh copy of a named patient, chart and all, under new ids (see `freshChart`), and returns it. */
  addFreshPatient: (key: SandboxPatientKey) => Promise<SandboxPatient>;
  /** Every FHIR base as one Fetch-API handler, routed by path: what MSW handlers delegate to. */
  handleFhir: (request: Request) => Promise<Response>;
  /** Connect-style middleware serving FHIR, authorization, the simulated EHR page and the app's development `/lantern.config.json`. */
  middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}

interface FhirBase {
  fhirBaseUrl: string;
  profile: VendorProfile;
}

type FetchHandler = (request: Request) => Promise<Response>;

export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const origin = options.origin.replace(/\/+$/, '');
  const appOrigin = options.appOrigin?.replace(/\/+$/, '');
  const issuer = `${origin}${sandboxPaths.auth}`;
  const data = generateSandboxData({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.now ? { now: options.now } : {}),
    largeChart: options.largeChart ?? true,
  });
  const profileName = options.profile ?? DEFAULT_VENDOR_PROFILE;
  const profiles = withOverrides(options.profileOverrides ?? {});
  const fhirBaseUrls = mapVendorProfiles((name) => sandboxFhirBaseUrl(origin, name));
  const startupBase: FhirBase = { fhirBaseUrl: sandboxFhirBaseUrl(origin), profile: profiles[profileName] };
  const profileBases = VENDOR_PROFILE_NAMES.map((name): FhirBase => ({ fhirBaseUrl: fhirBaseUrls[name], profile: profiles[name] }));

  const engine = await createFhirEngine();
  await engine.load(data.resources);
  const practitioner = data.practitioners[0];
  const directLightKeys = options.directLightKeys ?? (await createDirectLightKeys());
  const auth = await createAuthServer({
    issuer,
    resourceServers: [resourceServerOf(startupBase), ...profileBases.map(resourceServerOf)],
    clients: [
      {
        clientId: sandboxClientId,
        redirectUris: ['/index.html', '/', ...(options.extraRedirectPaths ?? [])].map((redirectPath) => `${appOrigin ?? origin}${redirectPath}`),
      },
    ],
    backendClients: [directLightBackendClient(directLightKeys)],
    standalonePatients: data.patients.map(({ patientId, label }) => ({ id: patientId, label })),
    defaultFhirUser: `Practitioner/${practitioner?.id ?? ''}`,
  });
  const fhirHandlerFor = fhirRouter([startupBase, ...profileBases], (base) =>
    createFhirHttpHandler({ engine, auth: auth.resource(base.fhirBaseUrl), ...base, ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}) }),
  );
  const cds = options.cdsServiceUrl === undefined ? undefined : await createSandboxCdsClient({ origin, serviceUrl: options.cdsServiceUrl, engine, fhirBaseUrl: startupBase.fhirBaseUrl });
  const ehrPage: EhrPageOptions = {
    ...(cds === undefined ? {} : { cds }),
    data,
    engine,
    fhirBaseUrl: startupBase.fhirBaseUrl,
    fhirBaseUrls,
    profiles,
    startupProfile: profileName,
    launchUrl: `${appOrigin ?? ''}/launch.html`,
    ehrPath: sandboxPaths.ehr,
    partnerPath: sandboxPaths.partner,
    careTeamPath: sandboxPaths.careTeam,
  };
  // Over real HTTP to the startup base, as an outside organisation reaches the EHR: the same handler Lantern meets.
  const partnerPage: PartnerPageOptions = {
    client: createPartnerClient({
      fhirBaseUrl: startupBase.fhirBaseUrl,
      clientId: directLightClientId,
      organization: directLightOrganizationReference,
      keys: directLightKeys,
    }),
    organizationName: 'Direct Light (sandbox)',
    fhirBaseUrl: startupBase.fhirBaseUrl,
    ehrPath: sandboxPaths.ehr,
  };
  const careTeam: CareTeamInboxOptions = { engine, fhirBaseUrl: startupBase.fhirBaseUrl, ehrPath: sandboxPaths.ehr };

  let copies = 0;
  const addFreshPatient: Sandbox['addFreshPatient'] = async (key) => {
    copies += 1;
    // Through the same loading path as the seed: the engine holds the copy as it holds every seeded chart.
    const chart = freshChart(data, key, `copy-${String(copies)}`);
    await engine.load(chart.resources);
    data.patients.push(chart.patient);
    return chart.patient;
  };

  const middleware: Sandbox['middleware'] = (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const fhirHandler = fhirHandlerFor(path);
    if (path === testControlPaths.freshPatient && req.method === 'POST') serveFreshPatient(addFreshPatient, req, res);
    else if (path === testControlPaths.expireAccessToken && req.method === 'POST') void serveExpireAccessToken(auth, req, res);
    else if (path === sandboxPaths.auth || path.startsWith(`${sandboxPaths.auth}/`)) auth.handler(req, res);
    else if (fhirHandler) void serveFetch(fhirHandler, origin, req, res);
    else if (path === sandboxPaths.ehr || path === `${sandboxPaths.ehr}/`) serveEhrPage(ehrPage, req, res);
    else if (path === sandboxPaths.partner) servePage('partner', servePartnerPage(partnerPage, req, res), res);
    else if (path === sandboxPaths.careTeam) servePage('care team', serveCareTeamInbox(careTeam, req, res), res);
    else if (path === appConfigPath && (req.method === 'GET' || req.method === 'HEAD')) serveSandboxConfig(res);
    else if (path === sandboxJwksPath && cds !== undefined) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(cds.jwks));
    else next();
  };

  return {
    origin,
    fhirBaseUrl: startupBase.fhirBaseUrl,
    fhirBaseUrls,
    issuer,
    ehrUrl: `${origin}${sandboxPaths.ehr}`,
    profile: profileName,
    data,
    engine,
    auth,
    addFreshPatient,
    handleFhir: (request) => (fhirHandlerFor(new URL(request.url).pathname) ?? notAFhirBase)(request),
    middleware,
  };
}

/** A handler per FHIR base, found by the request path. */
function fhirRouter(bases: readonly FhirBase[], handlerFor: (base: FhirBase) => FetchHandler): (path: string) => FetchHandler | undefined {
  const handlers = bases.map((base): [string, FetchHandler] => [new URL(base.fhirBaseUrl).pathname, handlerFor(base)]);
  return (path) => handlers.find(([basePath]) => path === basePath || path.startsWith(`${basePath}/`))?.[1];
}

function serveEhrPage(options: EhrPageOptions, req: IncomingMessage, res: ServerResponse): void {
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  renderEhrPage(options, query).then(
    (html) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    },
    (error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`The sandbox EHR page failed: ${String(error)}`);
    },
  );
}

/** A page's failure as a sentence; the error's message only, since a request could carry a token. */
function servePage(name: string, serving: Promise<void>, res: ServerResponse): void {
  serving.catch((error: unknown) => {
    if (res.headersSent) res.destroy();
    else res.writeHead(500, { 'content-type': 'text/plain' }).end(`The sandbox ${name} page failed: ${error instanceof Error ? error.message : 'unexpected failure'}`);
  });
}

/** Read at each request, so an edit to the development configuration applies at the next launch. */
function serveSandboxConfig(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(sandboxConfigText());
}

function serveFreshPatient(addFreshPatient: Sandbox['addFreshPatient'], req: IncomingMessage, res: ServerResponse): void {
  const key = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('copyOf');
  if (!isSandboxPatientKey(key)) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`copyOf must name one of the sandbox's patients, not ${String(key)}.`);
    return;
  }
  addFreshPatient(key).then(
    (patient) => {
      res.writeHead(201, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(patient));
    },
    (error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`The sandbox could not add the patient: ${String(error)}`);
    },
  );
}

async function serveExpireAccessToken(auth: AuthServer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const token = new URLSearchParams((await requestBody(req)).toString('utf8')).get('token');
  if (!token) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('Send the access token to expire as the form field `token`.');
    return;
  }
  auth.expireAccessToken(token);
  res.writeHead(204).end();
}

function withOverrides(overrides: VendorProfileOverrides): Record<VendorProfileName, VendorProfile> {
  return mapVendorProfiles((name) => ({ ...vendorProfiles[name], ...overrides[name] }));
}

function resourceServerOf({ fhirBaseUrl, profile }: FhirBase): ResourceServer {
  return {
    fhirBaseUrl,
    scopeStyles: profile.smartPermissions,
    encounterContext: profile.encounterContext,
    ...(profile.accessTokenTtlSeconds === undefined ? {} : { accessTokenTtlSeconds: profile.accessTokenTtlSeconds }),
    ...(profile.accessTokenFormat === undefined ? {} : { accessTokenFormat: profile.accessTokenFormat }),
  };
}

function notAFhirBase(request: Request): Promise<Response> {
  const diagnostics = `${new URL(request.url).pathname} is not one of the sandbox's FHIR bases.`;
  const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics }] };
  return Promise.resolve(new Response(JSON.stringify(outcome), { status: 404, headers: { 'content-type': 'application/fhir+json' } }));
}

/** Bridges Node's request/response to a Fetch-API handler. */
async function serveFetch(
  handler: (request: Request) => Promise<Response>,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const body = await requestBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    }
    const method = req.method ?? 'GET';
    const request = new Request(new URL(req.url ?? '/', origin), {
      method,
      headers,
      ...(body.length > 0 && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
    });
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/fhir+json' });
    res.end(
      JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'fatal', code: 'exception', diagnostics: `Sandbox failure: ${String(error)}` }] }),
    );
  }
}

async function requestBody(req: IncomingMessage): Promise<Buffer<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
