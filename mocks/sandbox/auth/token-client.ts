import { createHash, randomBytes } from 'node:crypto';

/** Test helper: drives the sandbox's SMART authorization code flow over HTTP the way a browser does. */

export interface TokenResponse {
  access_token: string;
  /** Narrowed like fhirclient's TokenResponse so the two stay assignable. */
  token_type: 'Bearer' | 'bearer';
  expires_in?: number;
  scope?: string;
  id_token?: string;
  refresh_token?: string;
  patient?: string;
  encounter?: string;
  need_patient_banner?: boolean;
  smart_style_url?: string;
}

export interface ObtainTokenOptions {
  issuer: string;
  fhirBaseUrl: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  /** The EHR's opaque launch value; omit for a standalone launch. */
  launch?: string;
  fetchImpl?: typeof fetch;
  /** Which patient to pick in the standalone picker; default the first one listed. */
  patientId?: string;
  /** Share one jar across calls to behave like one browser. */
  cookies?: CookieJar;
}

/** An OAuth error returned by the authorization or token endpoint. */
export class AuthorizationError extends Error {
  readonly error: string;
  readonly description: string | undefined;

  constructor(error: string, description: string | undefined) {
    super(description === undefined ? error : `${error}: ${description}`);
    this.name = 'AuthorizationError';
    this.error = error;
    this.description = description;
  }
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** A tiny path-aware cookie jar for a single host. */
export class CookieJar {
  readonly #cookies: StoredCookie[] = [];

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', attributeValue = ''] = attribute.split('=');
        const lower = key.toLowerCase();
        if (lower === 'path') path = attributeValue;
        if (lower === 'expires' && Date.parse(attributeValue) <= Date.now()) expired = true;
        if (lower === 'max-age' && Number(attributeValue) <= 0) expired = true;
      }
      const existing = this.#cookies.findIndex((cookie) => cookie.name === name && cookie.path === path);
      if (existing !== -1) this.#cookies.splice(existing, 1);
      if (!expired) this.#cookies.push({ name, value, path });
    }
  }

  header(url: URL): string | undefined {
    const matching = this.#cookies.filter(
      (cookie) =>
        url.pathname === cookie.path ||
        url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`),
    );
    return matching.length > 0 ? matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ') : undefined;
  }
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  const body: unknown = await response.json();
  if (!isRecord(body)) throw new Error(`expected a JSON object from ${response.url}`);
  return body;
}

function toTokenResponse(body: Record<string, unknown>): TokenResponse {
  const { access_token: accessToken, token_type: tokenType } = body;
  if (typeof accessToken !== 'string' || (tokenType !== 'Bearer' && tokenType !== 'bearer')) {
    throw new Error('token response has no access_token or no Bearer token_type');
  }
  const text = (key: string): string | undefined => {
    const value = body[key];
    return typeof value === 'string' ? value : undefined;
  };
  const expiresIn = body['expires_in'];
  const banner = body['need_patient_banner'];
  const optional = {
    expires_in: typeof expiresIn === 'number' ? expiresIn : undefined,
    scope: text('scope'),
    id_token: text('id_token'),
    refresh_token: text('refresh_token'),
    patient: text('patient'),
    encounter: text('encounter'),
    need_patient_banner: typeof banner === 'boolean' ? banner : undefined,
    smart_style_url: text('smart_style_url'),
  };
  return {
    access_token: accessToken,
    token_type: tokenType,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

async function tokenRequest(fetchImpl: typeof fetch, tokenEndpoint: string, form: URLSearchParams): Promise<TokenResponse> {
  const response = await fetchImpl(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  const body = await readJson(response);
  if (!response.ok) {
    const { error, error_description: description } = body;
    throw new AuthorizationError(
      typeof error === 'string' ? error : `http_${response.status}`,
      typeof description === 'string' ? description : undefined,
    );
  }
  return toTokenResponse(body);
}

interface Endpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

async function discover(fetchImpl: typeof fetch, issuer: string): Promise<Endpoints> {
  const response = await fetchImpl(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery failed with HTTP ${response.status}`);
  const body = await readJson(response);
  const { authorization_endpoint: authorizationEndpoint, token_endpoint: tokenEndpoint } = body;
  if (typeof authorizationEndpoint !== 'string' || typeof tokenEndpoint !== 'string') {
    throw new Error('discovery document lacks authorization/token endpoints');
  }
  return { authorizationEndpoint, tokenEndpoint };
}

function pickerChoice(html: string, patientId: string | undefined): { action: string; patient: string } | undefined {
  const action = /<form[^>]*\saction="([^"]*)"/.exec(html)?.[1];
  const values = [...html.matchAll(/<button[^>]*\sname="patient"[^>]*\svalue="([^"]*)"/g)].map((match) => unescapeHtml(match[1] ?? ''));
  const patient = patientId === undefined ? values[0] : values.find((value) => value === patientId);
  if (action === undefined || patient === undefined) return undefined;
  return { action: unescapeHtml(action), patient };
}

function isRedirectTo(location: URL, redirectUri: string): boolean {
  const target = new URL(redirectUri);
  return location.origin === target.origin && location.pathname === target.pathname;
}

/** Performs the full authorization code + PKCE flow (following redirects, carrying cookies) and returns the token response. */
export async function obtainToken(options: ObtainTokenOptions): Promise<TokenResponse> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const { authorizationEndpoint, tokenEndpoint } = await discover(fetchImpl, options.issuer);

  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorizeUrl = new URL(authorizationEndpoint);
  authorizeUrl.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: options.scope,
    state,
    aud: options.fhirBaseUrl,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...(options.launch !== undefined ? { launch: options.launch } : {}),
  }).toString();

  const target = await authorizationRedirect(authorizeUrl, options);
  const error = target.searchParams.get('error');
  if (error !== null) throw new AuthorizationError(error, target.searchParams.get('error_description') ?? undefined);
  const code = target.searchParams.get('code');
  if (code === null) throw new Error('redirect to the app carried no code');
  if (target.searchParams.get('state') !== state) throw new Error('state mismatch in the authorization response');
  return tokenRequest(
    fetchImpl,
    tokenEndpoint,
    new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri,
      client_id: options.clientId,
      code_verifier: codeVerifier,
    }),
  );
}

/**
 * Follows an authorization request the way a browser does (redirects, cookies, the standalone patient picker) and
 * returns the URL the authorization server sends the browser back to the app with: `code`, `state`, `iss` or `error`.
 */
export async function authorizationRedirect(
  authorizeUrl: URL,
  options: Pick<ObtainTokenOptions, 'redirectUri' | 'fetchImpl' | 'patientId' | 'cookies'>,
): Promise<URL> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const jar = options.cookies ?? new CookieJar();
  let next: { url: URL; body?: string } = { url: authorizeUrl };
  for (let hop = 0; hop < 20; hop += 1) {
    const cookie = jar.header(next.url);
    const response = await fetchImpl(next.url, {
      method: next.body === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(cookie !== undefined ? { cookie } : {}),
        ...(next.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(next.body !== undefined ? { body: next.body } : {}),
    });
    jar.store(response);

    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      const target = new URL(location, next.url);
      if (isRedirectTo(target, options.redirectUri)) return target;
      next = { url: target };
      continue;
    }

    const html = await response.text();
    const choice = response.status === 200 ? pickerChoice(html, options.patientId) : undefined;
    if (choice === undefined) {
      throw new Error(`authorization stopped with HTTP ${response.status} at ${next.url.pathname}`);
    }
    next = { url: new URL(choice.action, next.url), body: new URLSearchParams({ patient: choice.patient }).toString() };
  }
  throw new Error('too many redirects during authorization');
}

/** Exchanges a refresh token; omit clientId to refresh the way fhirclient does by default. */
export async function refreshAccessToken(options: {
  issuer: string;
  refreshToken: string;
  clientId?: string;
  fetchImpl?: typeof fetch;
}): Promise<TokenResponse> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const { tokenEndpoint } = await discover(fetchImpl, options.issuer);
  return tokenRequest(
    fetchImpl,
    tokenEndpoint,
    new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: options.refreshToken,
      ...(options.clientId !== undefined ? { client_id: options.clientId } : {}),
    }),
  );
}
