import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAuthServer, type AuthServer } from './auth/auth-server';
import { buildCapabilityStatement } from './capability-statement';
import { renderEhrPage } from './ehr-page';
import { createFhirEngine, type FhirEngine } from './fhir-engine';
import { createFhirHttpHandler } from './fhir-http';
import { generateSandboxData, type SandboxData } from './synthetic/generate';
import { DEFAULT_VENDOR_PROFILE, vendorProfiles, type VendorProfileName } from './vendor-profiles';

/** Where the sandbox lives on the app's origin; the production build has none of it. */
export const sandboxPaths = {
  fhir: '/sandbox/fhir',
  auth: '/sandbox/auth',
  ehr: '/sandbox/ehr',
} as const;

/** Matches `public/lantern.config.json`'s sandbox registration. */
export const sandboxClientId = 'lantern-sandbox';

export interface SandboxOptions {
  /** The origin the browser (or test) uses, e.g. http://localhost:5173. */
  origin: string;
  seed?: number;
  now?: Date;
  largeChart?: boolean;
  latencyMs?: number;
  /** Default: the profile's token lifetime. */
  accessTokenTtlSeconds?: number;
  /** Which EHR vendor the sandbox behaves like (default 'smart-launcher'). */
  profile?: VendorProfileName;
}

export interface Sandbox {
  origin: string;
  fhirBaseUrl: string;
  issuer: string;
  ehrUrl: string;
  profile: VendorProfileName;
  data: SandboxData;
  engine: FhirEngine;
  auth: AuthServer;
  /** The FHIR endpoint as a Fetch-API handler: what MSW handlers delegate to. */
  handleFhir: (request: Request) => Promise<Response>;
  /** Connect-style middleware serving FHIR, authorization and the simulated EHR page. */
  middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}

export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const origin = options.origin.replace(/\/+$/, '');
  const fhirBaseUrl = `${origin}${sandboxPaths.fhir}`;
  const issuer = `${origin}${sandboxPaths.auth}`;
  const data = generateSandboxData({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.now ? { now: options.now } : {}),
    largeChart: options.largeChart ?? true,
  });
  const profileName = options.profile ?? DEFAULT_VENDOR_PROFILE;
  const profile = vendorProfiles[profileName];
  const engine = await createFhirEngine({ capabilityStatement: buildCapabilityStatement(profile.capabilityStatement) });
  await engine.load(data.resources);
  const practitioner = data.practitioners[0];
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? profile.accessTokenTtlSeconds;
  const auth = await createAuthServer({
    issuer,
    fhirBaseUrl,
    clients: [{ clientId: sandboxClientId, redirectUris: [`${origin}/index.html`, `${origin}/`] }],
    standalonePatients: data.patients.map(({ patientId, label }) => ({ id: patientId, label })),
    defaultFhirUser: `Practitioner/${practitioner?.id ?? ''}`,
    ...(accessTokenTtlSeconds ? { accessTokenTtlSeconds } : {}),
  });
  const handleFhir = createFhirHttpHandler({ engine, auth, fhirBaseUrl, profile, ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}) });

  const middleware: Sandbox['middleware'] = (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === sandboxPaths.auth || path.startsWith(`${sandboxPaths.auth}/`)) {
      auth.handler(req, res);
      return;
    }
    if (path === sandboxPaths.fhir || path.startsWith(`${sandboxPaths.fhir}/`)) {
      void serveFetch(handleFhir, origin, req, res);
      return;
    }
    if (path === sandboxPaths.ehr || path === `${sandboxPaths.ehr}/`) {
      const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
      renderEhrPage({ data, engine, fhirBaseUrl, profileLabel: profile.label, launchPath: '/launch.html', ehrPath: sandboxPaths.ehr }, query).then(
        (html) => {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`The sandbox EHR page failed: ${String(error)}`);
        },
      );
      return;
    }
    next();
  };

  return { origin, fhirBaseUrl, issuer, ehrUrl: `${origin}${sandboxPaths.ehr}`, profile: profileName, data, engine, auth, handleFhir, middleware };
}

/** Bridges Node's request/response to a Fetch-API handler. */
async function serveFetch(
  handler: (request: Request) => Promise<Response>,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    }
    const method = req.method ?? 'GET';
    const request = new Request(new URL(req.url ?? '/', origin), {
      method,
      headers,
      ...(chunks.length > 0 && method !== 'GET' && method !== 'HEAD' ? { body: Buffer.concat(chunks) } : {}),
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
