import { randomBytes } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { ServerResponse } from 'node:http';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';
import type * as OidcProviderModule from 'oidc-provider';
import type { ClientMetadata, Configuration, Interaction, KoaContextWithOIDC, Provider } from 'oidc-provider';
import { dropsSecurityLabelsClaim, organizationClaim, verifyOpaqueAccessToken, verifySmartAccessToken } from './access-token';
import type { VerifiedAccessToken } from './access-token';
import { renderMessagePage, renderPatientPicker } from './interaction-pages';
import { decodeLaunch } from './launch-context';
import type { LaunchContext } from './launch-context';
import { parseResourceScope, resourceScopesIn, scopeDeniedBy, type SmartPermissionStyle } from './smart-scopes';

export type { VerifiedAccessToken } from './access-token';

export interface StandalonePatient {
  id: string;
  label: string;
  /** Set as the encounter context when the app asks for `launch/encounter`; never invented. */
  encounter?: string;
}

/** When a token response carries the launch's encounter: only for apps that asked (`launch`, `launch/encounter`), whenever the launch has one, or never. */
export type EncounterContext = 'if-requested' | 'always' | 'never';

/** 'opaque': random strings the FHIR base looks up, like Epic's, which an app cannot decode. */
export type AccessTokenFormat = 'jwt' | 'opaque';

/** A FHIR base this server issues tokens for. */
export interface ResourceServer {
  /** The resource indicator and the access token `aud`, e.g. 'http://localhost:5173/sandbox/fhir'. */
  fhirBaseUrl: string;
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** The scope syntaxes it grants (default both); requested scopes in another syntax are left out of the token. */
  scopeStyles?: readonly SmartPermissionStyle[];
  /** Default 'always'. */
  encounterContext?: EncounterContext;
  /** Default 'jwt'. */
  accessTokenFormat?: AccessTokenFormat;
}

/** What one FHIR base needs from the authorization server. */
export interface ProtectedResource {
  /** A JWT's signature (local JWKS) and `iss`, or an opaque token's stored record; either way `exp`, and `aud` === this FHIR base. */
  verifyAccessToken(token: string): Promise<VerifiedAccessToken | undefined>;
  /** Body for `${fhirBaseUrl}/.well-known/smart-configuration`. */
  smartConfiguration(): SmartConfiguration;
}

export interface SmartConfiguration {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint: string;
  token_endpoint: string;
  token_endpoint_auth_methods_supported: string[];
  /** For confidential clients' `private_key_jwt` (SMART Backend Services asks servers for RS384 and ES384); only with backend clients. */
  token_endpoint_auth_signing_alg_values_supported?: string[];
  grant_types_supported: string[];
  scopes_supported: string[];
  response_types_supported: string[];
  code_challenge_methods_supported: string[];
  /** RFC 9207: oidc-provider puts `iss` in every authorization response it redirects with. */
  authorization_response_iss_parameter_supported: boolean;
  capabilities: string[];
}

/**
 * A confidential client of SMART Backend Services: it asks for tokens with `client_credentials`, authenticated by a
 * `private_key_jwt` signed with the key whose public half it registered here. No user, no launch, no patient context.
 */
export interface BackendClient {
  clientId: string;
  /** The public keys it registered (its JWK Set). */
  jwks: { keys: JWK[] };
  /** The most it is ever granted; a requested scope is granted only when one of these covers all it asks. */
  scopes: readonly string[];
  /** The organisation it acts for, e.g. 'Organization/org-direct-light', carried in its access tokens. */
  organization?: string;
}

export interface AuthServerOptions {
  /** Absolute, includes the mount path, e.g. 'http://localhost:5173/sandbox/auth'. */
  issuer: string;
  /** Every FHIR base it protects; the first is the one an authorization request without `aud` is for. */
  resourceServers: readonly [ResourceServer, ...ResourceServer[]];
  /** Public clients; PKCE S256 is required. */
  clients: { clientId: string; redirectUris: string[] }[];
  /** Confidential backend clients (client_credentials with private_key_jwt). */
  backendClients?: readonly BackendClient[];
  /** Shown in the standalone-launch patient picker. */
  standalonePatients: StandalonePatient[];
  /** Practitioner used for standalone launches, e.g. 'Practitioner/dr-lee'. */
  defaultFhirUser: string;
  /** Returned as `smart_style_url` in token responses when set. */
  smartStyleUrl?: string;
  /** Like servers that insist on `client_id` in refresh requests; by default it is inferred from the refresh token (fhirclient omits it). */
  requireClientIdOnRefresh?: boolean;
}

export interface AuthServer {
  issuer: string;
  /**
   * Node request handler. Accepts both path styles: connect/express `app.use('/sandbox/auth', handler)`
   * (prefix stripped, `req.originalUrl` kept) and a plain server passing the full path.
   */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** The FHIR base's view of this server; throws for a base it was not given, a sandbox wiring mistake. */
  resource(fhirBaseUrl: string): ProtectedResource;
  /**
   * Sandbox only: every FHIR base refuses this access token from now on, as if its lifetime were over, while the
   * launch's refresh token still works (unless the launch refuses refresh). Tests use it instead of a long wait.
   */
  expireAccessToken(token: string): void;
}

const OIDC_SCOPES = [
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'online_access',
  'offline_access',
] as const;
const OIDC_SCOPE_SET: ReadonlySet<string> = new Set(OIDC_SCOPES);

const ROUTES = { authorization: '/authorize', token: '/token', jwks: '/jwks' } as const;
const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(\/select)?$/;
const MAX_LAUNCHES = 2_000;
const MAX_FORM_BYTES = 64 * 1024;

const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 3600;
const BOTH_SCOPE_STYLES: readonly SmartPermissionStyle[] = ['permission-v1', 'permission-v2'];
const RESOURCE_SCOPES_SUPPORTED = ['patient/*.read', 'patient/*.write', 'patient/*.rs', 'patient/*.cruds', 'user/*.read', 'user/*.write', 'user/*.rs', 'user/*.cruds'];

const BACKEND_SIGNING_ALGORITHMS = ['RS384', 'ES384'];

const CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'client-public',
  'client-confidential-asymmetric',
  'context-ehr-patient',
  'context-ehr-encounter',
  'context-standalone-patient',
  'context-banner',
  'permission-offline',
  'permission-online',
  'permission-patient',
  'permission-user',
  'permission-v1',
  'permission-v2',
  'sso-openid-connect',
];

function trimTrailingSlash(value: string): string {
  return value.replace(/\/+$/, '');
}

function splitScope(scope: unknown): string[] {
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs `load` while dropping oidc-provider's known start-up warnings (Node 20 runtime notice, in-memory adapter). */
async function withoutStartupNotices<T>(load: () => Promise<T> | T): Promise<T> {
  /* eslint-disable no-console -- the notices are printed with console.warn at import/construction time */
  const original = console.warn;
  console.warn = (...args: unknown[]): void => {
    const [first] = args;
    const text = typeof first === 'string' ? first : '';
    if (/oidc-provider WARNING: (Unsupported runtime|a quick start development-only in-memory adapter)/.test(text)) return;
    original(...args);
  };
  try {
    return await load();
  } finally {
    console.warn = original;
  }
  /* eslint-enable no-console */
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const piece: unknown = chunk;
    const buffer = Buffer.isBuffer(piece) ? piece : Buffer.from(String(piece));
    size += buffer.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** A fresh request carrying `body`, because the original stream was already read. */
function replayRequest(original: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(original.socket);
  replay.method = original.method ?? 'POST';
  replay.url = original.url ?? '/';
  replay.httpVersion = original.httpVersion;
  replay.headers = { ...original.headers, 'content-length': String(body.length) };
  if ('originalUrl' in original && typeof original.originalUrl === 'string') {
    Object.assign(replay, { originalUrl: original.originalUrl });
  }
  // Without `complete`, destroying the drained stream would be treated as an abort and kill the socket.
  replay.complete = true;
  replay.push(body);
  replay.push(null);
  return replay;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  res.end(html);
}

/** A resource server with every default filled in. */
type ResourceServerPolicy = Required<ResourceServer>;

function withDefaults(server: ResourceServer): ResourceServerPolicy {
  return {
    fhirBaseUrl: server.fhirBaseUrl,
    accessTokenTtlSeconds: server.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    scopeStyles: server.scopeStyles ?? BOTH_SCOPE_STYLES,
    encounterContext: server.encounterContext ?? 'always',
    accessTokenFormat: server.accessTokenFormat ?? 'jwt',
  };
}

/** A launch as granted: its context, and the FHIR base its tokens are for. */
interface GrantedLaunch {
  context: LaunchContext;
  server: ResourceServerPolicy;
}

/** Forgets the oldest entries of an insertion-ordered Map or Set until at most `max` are left. */
function forgetOldest(entries: { size: number; keys(): Iterator<string>; delete(key: string): boolean }, max: number): void {
  while (entries.size > max) {
    const oldest = entries.keys().next();
    if (oldest.done === true) break;
    entries.delete(oldest.value);
  }
}

/** Keeps granted launches by grant id, dropping the oldest so a long dev session cannot grow without bound. */
class GrantedLaunchStore {
  readonly #launches = new Map<string, GrantedLaunch>();

  remember(grantId: string, launch: GrantedLaunch): void {
    this.#launches.set(grantId, launch);
    forgetOldest(this.#launches, MAX_LAUNCHES);
  }

  get(grantId: string | undefined): GrantedLaunch | undefined {
    return grantId === undefined ? undefined : this.#launches.get(grantId);
  }
}

function givesEncounter(policy: EncounterContext, requestedScopes: readonly string[]): boolean {
  switch (policy) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'if-requested':
      return requestedScopes.includes('launch') || requestedScopes.includes('launch/encounter');
  }
}

/** The context as this FHIR base's server hands it out: its encounter only where the server's policy gives one. */
function contextFor(server: ResourceServerPolicy, context: LaunchContext, requestedScopes: readonly string[]): LaunchContext {
  const { encounter, ...withoutEncounter } = context;
  return encounter !== undefined && givesEncounter(server.encounterContext, requestedScopes) ? context : withoutEncounter;
}

/** True when `granted` covers every interaction `requested` asks for, in the same context and on the same type. */
function scopeCovers(granted: string, requested: string): boolean {
  const allowed = parseResourceScope(granted);
  const asked = parseResourceScope(requested);
  if (allowed === undefined || asked === undefined || allowed.context !== asked.context) return false;
  if (allowed.resourceType !== '*' && allowed.resourceType !== asked.resourceType) return false;
  return [...asked.interactions].every((interaction) => allowed.interactions.has(interaction));
}

/** What the server says of itself; backend-client support only when a backend client is registered. */
function smartConfigurationFor(issuer: string, server: ResourceServerPolicy, backendClients: readonly BackendClient[]): SmartConfiguration {
  const issuerBase = trimTrailingSlash(issuer);
  const withheld = new Set<string>(BOTH_SCOPE_STYLES.filter((style) => !server.scopeStyles.includes(style)));
  if (server.encounterContext === 'never') withheld.add('context-ehr-encounter');
  const backend = backendClients.length > 0;
  if (!backend) withheld.add('client-confidential-asymmetric');
  const backendScopes = [...new Set(backendClients.flatMap((client) => client.scopes))];
  return {
    issuer,
    jwks_uri: `${issuerBase}${ROUTES.jwks}`,
    authorization_endpoint: `${issuerBase}${ROUTES.authorization}`,
    token_endpoint: `${issuerBase}${ROUTES.token}`,
    token_endpoint_auth_methods_supported: backend ? ['none', 'private_key_jwt'] : ['none'],
    ...(backend ? { token_endpoint_auth_signing_alg_values_supported: BACKEND_SIGNING_ALGORITHMS } : {}),
    grant_types_supported: backend ? ['authorization_code', 'refresh_token', 'client_credentials'] : ['authorization_code', 'refresh_token'],
    scopes_supported: [...OIDC_SCOPES, ...resourceScopesIn([...RESOURCE_SCOPES_SUPPORTED, ...backendScopes], server.scopeStyles)],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
    capabilities: CAPABILITIES.filter((capability) => !withheld.has(capability)),
  };
}

/** The OAuth error a refresh gets once the EHR has ended the launch's session, with CORS for browser apps since oidc-provider does not answer it. */
function sendSessionEnded(req: IncomingMessage, res: ServerResponse): void {
  res.statusCode = 400;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  if (req.headers.origin !== undefined) res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'The session has ended.' }));
}

function contextClaims(context: LaunchContext): Record<string, string | boolean> {
  return {
    ...(context.patient !== undefined ? { patient: context.patient } : {}),
    ...(context.encounter !== undefined ? { encounter: context.encounter } : {}),
    fhirUser: context.fhirUser,
    // Per launch, so the FHIR base learns it from the token as it learns the patient.
    ...(context.dropsSecurityLabels === true ? { [dropsSecurityLabelsClaim]: true } : {}),
  };
}

export async function createAuthServer(options: AuthServerOptions): Promise<AuthServer> {
  const oidc: typeof OidcProviderModule = await withoutStartupNotices(() => import('oidc-provider'));
  const { errors } = oidc;

  const issuerPath = trimTrailingSlash(new URL(options.issuer).pathname);
  const defaultServer = withDefaults(options.resourceServers[0]);
  const servers = new Map(options.resourceServers.map((server) => [trimTrailingSlash(server.fhirBaseUrl), withDefaults(server)]));
  const serverFor = (fhirBaseUrl: string | undefined): ResourceServerPolicy | undefined =>
    fhirBaseUrl === undefined ? undefined : servers.get(trimTrailingSlash(fhirBaseUrl));
  /** An authorization request is for the FHIR base named by `resource` or, as SMART apps send it, `aud`. */
  const requestedServer = (params: Record<string, unknown>): ResourceServerPolicy =>
    serverFor(stringParam(params['resource']) ?? stringParam(params['aud'])) ?? defaultServer;
  const launches = new GrantedLaunchStore();
  const backendClients = new Map((options.backendClients ?? []).map((client) => [client.clientId, client]));
  // Expired ahead of their time (`expireAccessToken`), bounded like the launches.
  const expiredTokens = new Set<string>();

  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk: JWK = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const signingJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const verificationKeys = createLocalJWKSet({ keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] });

  /** Relative to the FHIR base the grant is for, like the `fhirUser` of a real EHR's id_token. */
  const absoluteFhirUser = (ctx: KoaContextWithOIDC, reference: string): string => {
    const server = launches.get(ctx.oidc.entities.Grant?.jti)?.server ?? defaultServer;
    return /^https?:\/\//.test(reference) ? reference : `${trimTrailingSlash(server.fhirBaseUrl)}/${reference}`;
  };

  /** oidc-provider drops offline_access unless prompt=consent; SMART apps never send that, so put it back. */
  const keepOfflineAccess = (ctx: KoaContextWithOIDC): void => {
    const asked = splitScope(ctx.query['scope']);
    const current = splitScope(ctx.oidc.params['scope']);
    if (asked.includes('offline_access') && !current.includes('offline_access') && ctx.oidc.client?.grantTypeAllowed('refresh_token') === true) {
      ctx.oidc.params['scope'] = [...current, 'offline_access'].join(' ');
    }
  };

  const configuration: Configuration = {
    clients: [
      ...options.clients.map((client): ClientMetadata => ({
        client_id: client.clientId,
        redirect_uris: client.redirectUris,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      })),
      ...[...backendClients.values()].map((client): ClientMetadata => ({
        client_id: client.clientId,
        redirect_uris: [],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: client.jwks.keys[0]?.alg ?? 'ES384',
        jwks: client.jwks,
        grant_types: ['client_credentials'],
        response_types: [],
      })),
    ],
    enabledJWA: { clientAuthSigningAlgValues: BACKEND_SIGNING_ALGORITHMS },
    jwks: { keys: [signingJwk] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // No `secure`: the dev issuer is plain http://localhost.
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    claims: { openid: ['sub'], fhirUser: ['fhirUser'], profile: ['profile'] },
    scopes: [...OIDC_SCOPES],
    responseTypes: ['code'],
    conformIdTokenClaims: false,
    routes: { ...ROUTES },
    extraParams: {
      aud: (_ctx, value) => {
        if (value !== undefined && serverFor(value) === undefined) {
          throw new errors.InvalidRequest(`aud must be one of this server's FHIR base URLs (${[...servers.keys()].join(', ')})`);
        }
      },
      launch: (ctx, value) => {
        // Validators run once per authorization request, after oidc-provider's own scope filtering.
        keepOfflineAccess(ctx);
        if (value !== undefined && decodeLaunch(value) === undefined) {
          throw new errors.InvalidRequest('launch parameter is not a launch context issued by this sandbox EHR');
        }
      },
    },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx) => Promise.resolve(requestedServer(ctx.oidc.params).fhirBaseUrl),
        useGrantedResource: () => Promise.resolve(true),
        getResourceServerInfo: (ctx, indicator) => {
          const server = serverFor(indicator);
          if (server === undefined) return Promise.reject(new errors.InvalidTarget());
          const { params, entities } = ctx.oidc;
          const requested = [
            ...splitScope(params['scope']),
            ...splitScope(entities.AuthorizationCode?.scope),
            ...splitScope(entities.RefreshToken?.scope),
          ];
          const launch = launches.get(entities.Grant?.jti);
          const backend = backendClients.get(ctx.oidc.client?.clientId ?? '');
          // A backend client gets only what its registration covers; a launch gets what the EHR's grant decided.
          const grantable = backend ? requested.filter((scope) => backend.scopes.some((registered) => scopeCovers(registered, scope))) : requested;
          return Promise.resolve({
            scope: [...new Set(resourceScopesIn(grantable, server.scopeStyles))].join(' '),
            audience: server.fhirBaseUrl,
            accessTokenFormat: server.accessTokenFormat,
            accessTokenTTL: launch?.context.accessTokenTtlSeconds ?? server.accessTokenTtlSeconds,
            ...(server.accessTokenFormat === 'jwt' ? { jwt: { sign: { alg: 'RS256' } } } : {}),
          });
        },
      },
    },
    pkce: { required: () => true },
    ttl: {
      // The resource server's lifetime: per FHIR base, or per launch (getResourceServerInfo).
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 15 * 60,
      Session: 8 * 3600,
      Grant: 14 * 24 * 3600,
    },
    clientBasedCORS: () => true,
    findAccount: (ctx, sub) =>
      Promise.resolve({
        accountId: sub,
        claims: () =>
          launches.get(ctx.oidc.entities.Grant?.jti)?.context.withholdFhirUser === true
            ? { sub }
            : { sub, fhirUser: absoluteFhirUser(ctx, sub), profile: absoluteFhirUser(ctx, sub) },
      }),
    extraTokenClaims: (_ctx, token) => {
      const launch = launches.get(token.grantId);
      const organization = backendClients.get(token.clientId)?.organization;
      if (launch) return Promise.resolve(contextClaims(launch.context));
      return Promise.resolve(organization === undefined ? undefined : { [organizationClaim]: organization });
    },
    issueRefreshToken: (_ctx, client, source) =>
      Promise.resolve(
        client.grantTypeAllowed('refresh_token') && (source.scopes.has('offline_access') || source.scopes.has('online_access')),
      ),
    expiresWithSession: () => Promise.resolve(false),
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = renderMessagePage('Authorization failed', out.error_description ?? out.error);
      return Promise.resolve();
    },
    interactions: { url: (_ctx, interaction) => Promise.resolve(`${issuerPath}/interaction/${interaction.uid}`) },
  };

  const provider: Provider = await withoutStartupNotices(() => new oidc.Provider(options.issuer, configuration));
  // Trust X-Forwarded-* so URLs and cookies follow the browser-facing origin behind a dev proxy.
  provider.proxy = true;

  // SMART token response: launch context, and every granted scope (oidc-provider lists only the resource ones).
  provider.use(async (ctx, next) => {
    await next();
    const { oidc: oidcContext } = ctx;
    if (oidcContext?.route !== 'token' || ctx.status !== 200 || !isRecord(ctx.body)) return;
    const { entities, params } = oidcContext;
    const context = launches.get(entities.AccessToken?.grantId)?.context;
    const sourceScope = params['scope'] ?? entities.AuthorizationCode?.scope ?? entities.RefreshToken?.scope;
    const oidcScopes = splitScope(entities.Grant?.getOIDCScopeFiltered(new Set(splitScope(sourceScope))));
    const scope = [...new Set([...oidcScopes, ...splitScope(ctx.body['scope'])])].join(' ');
    ctx.body = {
      ...ctx.body,
      scope,
      ...(context?.patient !== undefined ? { patient: context.patient } : {}),
      ...(context?.encounter !== undefined ? { encounter: context.encounter } : {}),
      ...(context ? { need_patient_banner: context.needPatientBanner ?? true } : {}),
      ...(context && options.smartStyleUrl !== undefined ? { smart_style_url: options.smartStyleUrl } : {}),
    };
  });

  const koaHandler = provider.callback();

  async function approve(req: IncomingMessage, res: ServerResponse, interaction: Interaction, context: LaunchContext): Promise<void> {
    const clientId = stringParam(interaction.params['client_id']) ?? '';
    const server = requestedServer(interaction.params);
    const requested = [...new Set(splitScope(interaction.params['scope']))];
    const oidcScopes = requested.filter((scope) => OIDC_SCOPE_SET.has(scope));
    const resourceScopes = resourceScopesIn(requested, server.scopeStyles);
    const refused = resourceScopes.filter((scope) => scopeDeniedBy(scope, context.deniedScopes ?? []));
    const granted = resourceScopes.filter((scope) => !refused.includes(scope));
    if (context.authorizationError !== undefined) {
      await provider.interactionFinished(
        req,
        res,
        { error: context.authorizationError, error_description: `The sandbox EHR answers this launch with ${context.authorizationError}.` },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (context.refuseDeniedScopes === true && refused.length > 0) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'invalid_scope', error_description: `This EHR does not grant ${refused.join(' ')} to this app.` },
        { mergeWithLastSubmission: false },
      );
      return;
    }

    const grant = new provider.Grant({ accountId: context.fhirUser, clientId });
    if (oidcScopes.length > 0) grant.addOIDCScope(oidcScopes.join(' '));
    if (granted.length > 0) grant.addResourceScope(server.fhirBaseUrl, granted.join(' '));
    // Rejected scopes count as "answered", so oidc-provider does not prompt for them again.
    if (refused.length > 0) grant.rejectResourceScope(server.fhirBaseUrl, refused.join(' '));
    const grantId = await grant.save();
    launches.remember(grantId, { context: contextFor(server, context, requested), server });

    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: context.fhirUser }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, uid: string, selecting: boolean): Promise<void> {
    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(req, res);
    } catch {
      sendHtml(res, 400, renderMessagePage('Sign-in expired', 'This sign-in request has expired or was already used. Start the launch again.'));
      return;
    }
    if (interaction.uid !== uid) {
      sendHtml(res, 400, renderMessagePage('Sign-in expired', 'This sign-in request does not match the current launch. Start the launch again.'));
      return;
    }

    const launch = stringParam(interaction.params['launch']);
    if (launch !== undefined) {
      const context = decodeLaunch(launch);
      if (context === undefined) {
        await provider.interactionFinished(req, res, { error: 'invalid_request', error_description: 'launch parameter is not valid' });
        return;
      }
      await approve(req, res, interaction, context);
      return;
    }

    const requested = splitScope(interaction.params['scope']);
    if (!requested.includes('launch/patient')) {
      await approve(req, res, interaction, { fhirUser: options.defaultFhirUser });
      return;
    }

    if (!selecting) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendHtml(res, 405, renderMessagePage('Not allowed', 'Use the patient list to continue.'));
        return;
      }
      const html = renderPatientPicker({
        action: `${issuerPath}/interaction/${uid}/select`,
        clientId: stringParam(interaction.params['client_id']) ?? 'unknown app',
        patients: options.standalonePatients,
      });
      sendHtml(res, 200, html);
      return;
    }

    if (req.method !== 'POST') {
      sendHtml(res, 405, renderMessagePage('Not allowed', 'Choose a patient from the list.'));
      return;
    }
    const form = new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString('utf8'));
    if (form.has('cancel')) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'no patient was selected' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const chosen = options.standalonePatients.find((patient) => patient.id === form.get('patient'));
    if (chosen === undefined) {
      sendHtml(res, 400, renderMessagePage('Unknown patient', 'That patient is not available. Go back and choose one from the list.'));
      return;
    }
    await approve(req, res, interaction, {
      fhirUser: options.defaultFhirUser,
      patient: chosen.id,
      ...(requested.includes('launch/encounter') && chosen.encounter !== undefined ? { encounter: chosen.encounter } : {}),
    });
  }

  /** fhirclient refreshes without client_id by default; oidc-provider needs it to identify a public client. */
  function needsClientId(req: IncomingMessage, form: URLSearchParams): boolean {
    return options.requireClientIdOnRefresh !== true && req.headers.authorization === undefined && !form.has('client_id');
  }

  /**
   * A token request before oidc-provider sees it: a refresh is refused here when the EHR ended the launch's session,
   * and otherwise gets the client_id it may lack. Undefined when the request was answered.
   */
  async function prepareTokenRequest(req: IncomingMessage, res: ServerResponse): Promise<IncomingMessage | undefined> {
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('application/x-www-form-urlencoded')) return req;
    const body = await readBody(req, MAX_FORM_BYTES);
    const form = new URLSearchParams(body.toString('utf8'));
    const refreshToken = form.get('refresh_token');
    if (form.get('grant_type') !== 'refresh_token' || refreshToken === null) return replayRequest(req, body);
    const stored = await provider.RefreshToken.find(refreshToken, { ignoreExpiration: true });
    if (launches.get(stored?.grantId)?.context.refuseRefresh === true) {
      sendSessionEnded(req, res);
      return undefined;
    }
    if (stored === undefined || !needsClientId(req, form)) return replayRequest(req, body);
    form.set('client_id', stored.clientId);
    return replayRequest(req, Buffer.from(form.toString(), 'utf8'));
  }

  /** Strips the issuer path when the caller did not, keeping `originalUrl` so oidc-provider builds absolute URLs. */
  function toMountRelative(req: IncomingMessage): string {
    const url = req.url ?? '/';
    const prefixed = issuerPath !== '' && (url === issuerPath || url.startsWith(`${issuerPath}/`) || url.startsWith(`${issuerPath}?`));
    if (!prefixed) return url;
    if (!('originalUrl' in req && typeof req.originalUrl === 'string')) Object.assign(req, { originalUrl: url });
    const rest = url.slice(issuerPath.length);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    return req.url;
  }

  /** Every authorization starts a fresh sign-in, so a new launch in the same browser never reuses another launch's grant or user. */
  function dropSessionCookie(req: IncomingMessage): void {
    const { cookie } = req.headers;
    if (cookie === undefined) return;
    req.headers.cookie = cookie
      .split(/;\s*/)
      .filter((part) => !/^_session(\.sig)?=/.test(part))
      .join('; ');
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = toMountRelative(req).split('?')[0] ?? '/';
    const interaction = INTERACTION_PATH.exec(pathname);
    if (interaction?.[1] !== undefined) {
      await handleInteraction(req, res, interaction[1], interaction[2] !== undefined);
      return;
    }
    if (pathname === ROUTES.authorization || pathname.startsWith(`${ROUTES.authorization}/`)) dropSessionCookie(req);
    const request = pathname === ROUTES.token && req.method === 'POST' ? await prepareTokenRequest(req, res) : req;
    if (request !== undefined) await koaHandler(request, res);
  }

  return {
    issuer: options.issuer,
    handler: (req, res) => {
      route(req, res).catch((error: unknown) => {
        // Only the message: request details could carry tokens or patient ids.
        process.stderr.write(`[sandbox auth] ${error instanceof Error ? error.message : 'unexpected failure'}\n`);
        if (res.headersSent) res.destroy();
        else sendHtml(res, 500, renderMessagePage('Sandbox authorization server error', 'Something went wrong. Start the launch again.'));
      });
    },
    expireAccessToken: (token) => {
      expiredTokens.add(token);
      forgetOldest(expiredTokens, MAX_LAUNCHES);
    },
    resource: (fhirBaseUrl) => {
      const server = serverFor(fhirBaseUrl);
      if (server === undefined) throw new Error(`The sandbox authorization server does not protect ${fhirBaseUrl}.`);
      return {
        verifyAccessToken: (token) => {
          if (expiredTokens.has(token)) return Promise.resolve(undefined);
          return server.accessTokenFormat === 'opaque'
            ? verifyOpaqueAccessToken(
                token,
                async (value) => (await provider.AccessToken.find(value)) ?? (await provider.ClientCredentials.find(value)),
                { audience: server.fhirBaseUrl },
              )
            : verifySmartAccessToken(token, verificationKeys, { issuer: options.issuer, audience: server.fhirBaseUrl });
        },
        smartConfiguration: () => smartConfigurationFor(options.issuer, server, options.backendClients ?? []),
      };
    },
  };
}
