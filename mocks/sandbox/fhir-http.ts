import type { CapabilityStatement, CapabilityStatementRestSecurity, OperationOutcome, Resource } from 'fhir/r4';
import type { ProtectedResource, SmartConfiguration, VerifiedAccessToken } from './auth/auth-server';
import { scopesAllow } from './auth/smart-scopes';
import { buildCapabilityStatement } from './capability-statement';
import type { FhirEngine, FhirHttpRequest, FhirHttpResponse } from './fhir-engine';
import { organizationDecision } from './organization-access';
import { interactionFor, vendorRejection, type VendorProfile } from './vendor-profiles';

export interface FhirHttpOptions {
  engine: FhirEngine;
  /** The authorization server's view of this base; an open server never asks it. */
  auth: ProtectedResource;
  fhirBaseUrl: string;
  /** The vendor whose CapabilityStatement, sign-in and refusals the endpoint reproduces. */
  profile: VendorProfile;
  /** Added before every answer, to measure the app against a realistic network. */
  latencyMs?: number;
}

/**
 * The sandbox EHR's FHIR endpoint as a Fetch-API handler (Request in, Response out), so the same code serves
 * MSW in tests and the dev/preview server. It enforces the access token like a real EHR: no token → 401,
 * outside the granted scopes or the launch patient's compartment → 403, each with an OperationOutcome. A token
 * issued to a backend client acting for an organisation reaches only that organisation's Tasks and the
 * ServiceRequests they focus (organization-access.ts). An open server (HAPI style) serves everyone, token or not.
 */
export function createFhirHttpHandler(options: FhirHttpOptions): (request: Request) => Promise<Response> {
  const { engine, auth, fhirBaseUrl, profile } = options;
  const basePath = new URL(fhirBaseUrl).pathname.replace(/\/+$/, '');
  const capabilityStatement = capabilityStatementFor(options);

  async function answer(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length).replace(/^\/+/, '').replace(/\/+$/, '');
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders(request) });
    if (path === '.well-known/smart-configuration') return smartConfigurationResponse(profile, auth);
    // The CapabilityStatement is public, as SMART requires.
    if (path === 'metadata' && request.method === 'GET') return json(200, capabilityStatement);
    const fhirRequest: FhirHttpRequest = {
      method: request.method,
      path,
      search: url.searchParams,
      headers: lowerCaseHeaders(request.headers),
      baseUrl: fhirBaseUrl,
      ...(['POST', 'PUT', 'PATCH'].includes(request.method) ? { body: await request.text() } : {}),
    };
    if (profile.authorization === 'open') return serve(fhirRequest, undefined);
    const token = await bearerToken(request, auth);
    if (!token) {
      return json(401, problem('login', 'A valid access token is required.'), { 'www-authenticate': 'Bearer realm="sandbox"' });
    }
    return serve(fhirRequest, token);
  }

  /**
   * What the vendor refuses, then what the token (when the server asks for one) does not allow, then what its
   * organisation may not reach, then the engine.
   */
  async function serve(request: FhirHttpRequest, token: VerifiedAccessToken | undefined): Promise<Response> {
    const rejection = vendorRejection(profile, request.method, request.path, request.body);
    if (rejection) return json(rejection.status, rejection.outcome);
    const denial = token && checkAccess(token, request.method, request.path, request.search, request.body);
    if (denial) return json(403, problem('forbidden', denial));
    const scoped = token?.organization === undefined ? { kind: 'allowed' as const, request } : await organizationDecision(token.organization, request, engine);
    if (scoped.kind === 'refused') return json(scoped.status, scoped.outcome);
    const response = await engine.handle(token?.dropsSecurityLabels ? withoutSecurityLabels(scoped.request) : scoped.request);
    // A read by id can reach another patient's record; check the compartment on what came back.
    if (token && request.method === 'GET' && response.status === 200 && response.body && !inCompartment(token, response.body)) {
      return json(403, problem('forbidden', `This access token is limited to Patient/${token.patient ?? ''}.`));
    }
    return toResponse(response);
  }

  return async (request) => {
    const response = await answer(request);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    for (const [name, value] of Object.entries(corsHeaders(request))) response.headers.set(name, value);
    return response;
  };
}

/** The vendor's statement at this base; a SMART server names its OAuth endpoints in it, where SMART 1.0 apps look. */
function capabilityStatementFor({ profile, fhirBaseUrl, auth }: FhirHttpOptions): CapabilityStatement {
  return buildCapabilityStatement({
    ...profile.capabilityStatement,
    implementationUrl: fhirBaseUrl,
    ...(profile.authorization === 'smart' ? { security: smartSecurity(auth.smartConfiguration()) } : {}),
  });
}

function smartSecurity(configuration: SmartConfiguration): CapabilityStatementRestSecurity {
  return {
    service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
    extension: [
      {
        url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
        extension: [
          { url: 'authorize', valueUri: configuration.authorization_endpoint },
          { url: 'token', valueUri: configuration.token_endpoint },
        ],
      },
    ],
  };
}

/** An open server has no SMART configuration, as HAPI has none. */
function smartConfigurationResponse(profile: VendorProfile, auth: ProtectedResource): Response {
  if (profile.authorization === 'open') {
    return json(404, problem('not-found', 'This server needs no sign-in: it has no SMART configuration.'));
  }
  return json(200, auth.smartConfiguration());
}

async function bearerToken(request: Request, auth: ProtectedResource): Promise<VerifiedAccessToken | undefined> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1] ? auth.verifyAccessToken(match[1]) : undefined;
}

/** Returns why the request is refused, or undefined when the token allows it. */
function checkAccess(token: VerifiedAccessToken, method: string, path: string, search: URLSearchParams, body: string | undefined): string | undefined {
  const [resourceType = '', id] = path.split('/');
  if (resourceType === '') return checkBundle(token, body);
  const interaction = interactionFor(method, id);
  if (!interaction) return undefined;
  if (!scopesAllow(token.scopes, resourceType, interaction)) {
    return `The access token does not allow ${interaction} on ${resourceType} (granted: ${token.scopes.join(' ') || 'none'}).`;
  }
  if (interaction === 'search' && patientOnly(token, resourceType)) {
    const patient = resourceType === 'Patient' ? search.get('_id') : search.get('patient') ?? search.get('subject') ?? search.get('beneficiary');
    const asked = patient?.replace(/^Patient\//, '');
    if (asked !== token.patient) return `This access token is limited to Patient/${token.patient ?? ''}: searches must name that patient.`;
  }
  return undefined;
}

function checkBundle(token: VerifiedAccessToken, body: string | undefined): string | undefined {
  let entries: { request?: { method?: string; url?: string } }[] = [];
  try {
    const parsed = JSON.parse(body ?? '{}') as { entry?: typeof entries };
    entries = Array.isArray(parsed.entry) ? parsed.entry : [];
  } catch {
    return undefined; // The engine answers malformed JSON with its own 400.
  }
  for (const entry of entries) {
    const [type = '', id] = (entry.request?.url ?? '').split('?')[0]?.split('/') ?? [];
    const interaction = interactionFor(entry.request?.method ?? '', id);
    if (interaction && !scopesAllow(token.scopes, type, interaction)) {
      return `The access token does not allow ${interaction} on ${type}, asked for inside the Bundle.`;
    }
  }
  return undefined;
}

/**
 * The write as an EHR that ignores `meta.security` stores it (Oracle Health ignores unsupported fields on create):
 * labels removed from the resource or from each Bundle entry, everything else untouched, and no word of it in the answer.
 */
function withoutSecurityLabels(request: FhirHttpRequest): FhirHttpRequest {
  const [resourceType = '', id] = request.path.split('/');
  const interaction = interactionFor(request.method, id);
  if (request.body === undefined || (interaction !== 'create' && interaction !== 'update')) return request;
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    return request; // The engine answers malformed JSON with its own 400.
  }
  // A JSON Patch (an array) passes unchanged: Lantern never patches.
  if (!isRecord(parsed)) return request;
  const stored = resourceType === '' ? withoutEntryLabels(parsed) : withoutLabels(parsed);
  return { ...request, body: JSON.stringify(stored) };
}

function withoutEntryLabels(bundle: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(bundle['entry'])) return bundle;
  const entry = bundle['entry'].map((item: unknown) =>
    isRecord(item) && isRecord(item['resource']) ? { ...item, resource: withoutLabels(item['resource']) } : item,
  );
  return { ...bundle, entry };
}

function withoutLabels(resource: Record<string, unknown>): Record<string, unknown> {
  const meta = resource['meta'];
  if (!isRecord(meta) || !('security' in meta)) return resource;
  return { ...resource, meta: Object.fromEntries(Object.entries(meta).filter(([key]) => key !== 'security')) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when only patient-level scopes grant this type, so the launch patient's compartment applies. */
function patientOnly(token: VerifiedAccessToken, resourceType: string): boolean {
  const userLevel = token.scopes.some((scope) => /^(user|system)\//.test(scope) && (scope.includes(`/${resourceType}.`) || scope.includes('/*.')));
  return !userLevel && token.patient !== undefined;
}

function inCompartment(token: VerifiedAccessToken, resource: Resource): boolean {
  if (resource.resourceType === 'Bundle' || !patientOnly(token, resource.resourceType)) return true;
  if (resource.resourceType === 'Patient') return resource.id === token.patient;
  const owner = resource as { subject?: { reference?: string }; patient?: { reference?: string }; beneficiary?: { reference?: string } };
  const reference = owner.subject?.reference ?? owner.patient?.reference ?? owner.beneficiary?.reference;
  return reference === undefined || reference === `Patient/${token.patient ?? ''}`;
}

function toResponse(response: FhirHttpResponse): Response {
  return json(response.status, response.body, response.headers);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/fhir+json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

function problem(code: 'login' | 'forbidden' | 'not-found', diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics, details: { text: diagnostics } }] };
}

function lowerCaseHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name.toLowerCase()] = value;
  });
  return result;
}

function corsHeaders(request: Request): Record<string, string> {
  return {
    'access-control-allow-origin': request.headers.get('origin') ?? '*',
    'access-control-allow-headers': 'authorization, content-type, accept, if-none-exist, if-match, prefer',
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-expose-headers': 'location, etag, content-location',
    vary: 'origin',
  };
}
