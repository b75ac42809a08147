import { randomUUID } from 'node:crypto';
import type { Bundle, OperationOutcome, ServiceRequest, Task } from 'fhir/r4';
import { SignJWT } from 'jose';
import { directLightScopes, type DirectLightKeys } from './direct-light';
import { applyPartnerAction, type PartnerAction } from './task-actions';

/**
 * Direct Light's SMART Backend Services client: it signs a client assertion with its own key, asks the EHR's
 * authorization server for a `client_credentials` token, and reads and updates its Tasks on the EHR's FHIR base over
 * HTTP, through the same FHIR handler Lantern uses. Every failure comes back as a sentence for the partner page.
 */

export type PartnerFailureKind = 'unreachable' | 'token-refused' | 'forbidden' | 'not-found' | 'conflict' | 'refused' | 'server';

export interface PartnerFailure {
  kind: PartnerFailureKind;
  sentence: string;
}

export type PartnerResult<T> = { ok: true; value: T } | { ok: false; failure: PartnerFailure };

/** A Task Direct Light owns, with the referral it is about (or why that could not be read). */
export interface OwnedReferral {
  task: Task;
  serviceRequest: { ok: true; value: ServiceRequest } | { ok: false; failure: PartnerFailure };
}

export interface PartnerClient {
  /** The Tasks Direct Light owns, newest first. */
  referrals(): Promise<PartnerResult<OwnedReferral[]>>;
  /** Applies `action` to the Task as it was at `version` (If-Match): a Task changed since answers a conflict. */
  act(taskId: string, version: string, action: PartnerAction, reason: string): Promise<PartnerResult<Task>>;
}

export interface PartnerClientOptions {
  fhirBaseUrl: string;
  clientId: string;
  organization: string;
  keys: DirectLightKeys;
  fetchImpl?: typeof fetch;
  now?: () => Date;
}

/** What each failure means to someone at Direct Light, before the server's own words. */
const failureLead = {
  unreachable: 'The EHR could not be reached.',
  'token-refused': 'The EHR refused Direct Light’s sign-in.',
  forbidden: 'The EHR does not let Direct Light do this.',
  'not-found': 'This referral is not shared with Direct Light (or no longer exists).',
  conflict: 'Someone changed this referral after this page was loaded, so nothing was saved. Check its status below and choose again.',
  refused: 'The EHR refused the change.',
  server: 'The EHR’s FHIR server failed; nothing was changed. Try again in a moment.',
} as const satisfies Record<PartnerFailureKind, string>;

export function partnerFailure(kind: PartnerFailureKind, detail?: string): PartnerFailure {
  return { kind, sentence: detail === undefined || detail === '' ? failureLead[kind] : `${failureLead[kind]} ${detail}` };
}

interface Token {
  accessToken: string;
  /** Epoch milliseconds after which a new one is asked for. */
  renewAt: number;
}

type Answer = { ok: true; status: number; body: unknown } | { ok: false; failure: PartnerFailure };

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientCredentialsRequest {
  clientId: string;
  keys: DirectLightKeys;
  tokenEndpoint: string;
  scope: string;
  /** RFC 8707: the FHIR base the token is for, whichever the server would pick by default. */
  resource: string;
}

/** A SMART Backend Services token request: `client_credentials`, authenticated by a short-lived signed assertion. */
export async function clientCredentialsForm(request: ClientCredentialsRequest): Promise<URLSearchParams> {
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: request.keys.publicJwk.kid ?? '', typ: 'JWT' })
    .setIssuer(request.clientId)
    .setSubject(request.clientId)
    .setAudience(request.tokenEndpoint)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(request.keys.privateKey);
  return new URLSearchParams({
    grant_type: 'client_credentials',
    scope: request.scope,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
    resource: request.resource,
  });
}

export function createPartnerClient(options: PartnerClientOptions): PartnerClient {
  const fetchImpl = options.fetchImpl ?? fetch;
  const now = options.now ?? ((): Date => new Date());
  const base = options.fhirBaseUrl.replace(/\/+$/, '');
  let token: Token | undefined;

  async function signIn(): Promise<PartnerResult<Token>> {
    const discovered = await send(`${base}/.well-known/smart-configuration`, { headers: { accept: 'application/json' } });
    if (!discovered.ok) return discovered;
    const configuration = discovered.body as { token_endpoint?: unknown; capabilities?: unknown };
    if (discovered.status !== 200 || typeof configuration.token_endpoint !== 'string') {
      return { ok: false, failure: partnerFailure('token-refused', `${base} publishes no SMART configuration to sign in with.`) };
    }
    const capabilities = Array.isArray(configuration.capabilities) ? configuration.capabilities : [];
    const form = await clientCredentialsForm({
      clientId: options.clientId,
      keys: options.keys,
      tokenEndpoint: configuration.token_endpoint,
      scope: scopesIn(capabilities.includes('permission-v2') ? 'v2' : 'v1').join(' '),
      resource: base,
    });
    const answer = await send(configuration.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    if (!answer.ok) return answer;
    const body = answer.body as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
    if (answer.status !== 200 || typeof body.access_token !== 'string') {
      const reason = [body.error, body.error_description].filter((part) => typeof part === 'string').join(': ');
      return { ok: false, failure: partnerFailure('token-refused', reason === '' ? `HTTP ${String(answer.status)}.` : `(${reason})`) };
    }
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 300;
    return { ok: true, value: { accessToken: body.access_token, renewAt: Date.now() + Math.max(lifetime - 30, 0) * 1000 } };
  }

  /** A FHIR request with a token, asking for a new token once when the base answers 401. */
  async function fhir(path: string, init: RequestInit = {}, retried = false): Promise<Answer> {
    if (token === undefined || Date.now() >= token.renewAt) {
      const signedIn = await signIn();
      if (!signedIn.ok) return signedIn;
      token = signedIn.value;
    }
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token.accessToken}`);
    headers.set('accept', 'application/fhir+json');
    const answer = await send(`${base}/${path}`, { ...init, headers });
    if (answer.ok && answer.status === 401) {
      token = undefined;
      return retried ? { ok: false, failure: partnerFailure('token-refused', 'Its access token was not accepted.') } : fhir(path, init, true);
    }
    return answer;
  }

  async function send(url: string, init: RequestInit): Promise<Answer> {
    try {
      const response = await fetchImpl(url, init);
      const text = await response.text();
      return { ok: true, status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    } catch (error) {
      return { ok: false, failure: partnerFailure('unreachable', error instanceof SyntaxError ? 'It answered something other than JSON.' : '') };
    }
  }

  async function readServiceRequest(task: Task): Promise<OwnedReferral['serviceRequest']> {
    const focus = task.focus?.reference;
    if (focus?.startsWith('ServiceRequest/') !== true) return { ok: false, failure: partnerFailure('not-found', 'The Task names no referral.') };
    const answer = await fhir(focus);
    return resourceOf<ServiceRequest>(answer, 'ServiceRequest');
  }

  return {
    async referrals() {
      const search = new URLSearchParams({ owner: options.organization, _count: '100' });
      const answer = await fhir(`Task?${search.toString()}`);
      const bundle = resourceOf<Bundle<Task>>(answer, 'Bundle');
      if (!bundle.ok) return bundle;
      const tasks = (bundle.value.entry ?? []).flatMap(({ resource }) => (resource?.resourceType === 'Task' ? [resource] : []));
      tasks.sort((a, b) => (b.authoredOn ?? '').localeCompare(a.authoredOn ?? ''));
      const referrals = await Promise.all(tasks.map(async (task) => ({ task, serviceRequest: await readServiceRequest(task) })));
      return { ok: true, value: referrals };
    },

    async act(taskId, version, action, reason) {
      const read = resourceOf<Task>(await fhir(`Task/${encodeURIComponent(taskId)}`), 'Task');
      if (!read.ok) return read;
      const result = applyPartnerAction(read.value, action, reason, now());
      if (result.kind === 'refused') {
        // Against a Task that moved on, the refusal is the conflict's consequence: say that.
        const moved = read.value.meta?.versionId !== version;
        return { ok: false, failure: moved ? partnerFailure('conflict') : { kind: 'refused', sentence: result.sentence } };
      }
      const answer = await fhir(`Task/${encodeURIComponent(taskId)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/fhir+json', 'if-match': `W/"${version}"` },
        body: JSON.stringify(result.task),
      });
      return resourceOf<Task>(answer, 'Task');
    },
  };
}

/** The resource when the answer is a 2xx of that type; otherwise the failure, in the server's own words. */
function resourceOf<T extends { resourceType: string }>(answer: Answer, resourceType: T['resourceType']): PartnerResult<T> {
  if (!answer.ok) return answer;
  const body = answer.body as { resourceType?: unknown } | undefined;
  if (answer.status >= 200 && answer.status < 300 && body?.resourceType === resourceType) return { ok: true, value: body as T };
  return { ok: false, failure: partnerFailure(kindOf(answer.status), diagnosticsOf(body)) };
}

function kindOf(status: number): PartnerFailureKind {
  if (status === 401) return 'token-refused';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status >= 500) return 'server';
  return 'refused';
}

function diagnosticsOf(body: unknown): string {
  const outcome = body as Partial<OperationOutcome> | undefined;
  if (outcome?.resourceType !== 'OperationOutcome') return '';
  return (outcome.issue ?? []).map((issue) => issue.details?.text ?? issue.diagnostics ?? '').filter(Boolean).join(' ');
}

/** Direct Light's registered scopes in the syntax the base advertises (SMART v1 has no update-only permission). */
function scopesIn(style: 'v1' | 'v2'): string[] {
  if (style === 'v2') return [...directLightScopes];
  return ['system/Task.read', 'system/Task.write', 'system/ServiceRequest.read'];
}
