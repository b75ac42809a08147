// oidc-provider 9.x ships no types; this declares only the surface the sandbox auth server uses (named exports only).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { JWK } from 'jose';

  export interface Client {
    readonly clientId: string;
    readonly redirectUris: readonly string[];
    grantTypeAllowed(grantType: string): boolean;
  }

  /** A public client (PKCE), or a confidential one that signs its token requests with a key it registered. */
  export type ClientMetadata =
    | {
        client_id: string;
        redirect_uris: string[];
        token_endpoint_auth_method: 'none';
        grant_types: string[];
        response_types: string[];
      }
    | {
        client_id: string;
        redirect_uris: string[];
        token_endpoint_auth_method: 'private_key_jwt';
        token_endpoint_auth_signing_alg: string;
        jwks: { keys: JWK[] };
        grant_types: string[];
        response_types: string[];
      };

  /** Fields shared by authorization codes and refresh tokens (the "source" of issued tokens). */
  export interface GrantSource {
    readonly grantId: string;
    readonly scope?: string;
    readonly scopes: ReadonlySet<string>;
    readonly clientId: string;
  }

  export interface AccessToken {
    /** Unset on client_credentials tokens, which no grant (no user, no launch) stands behind. */
    readonly grantId?: string;
    readonly scope?: string;
    readonly clientId: string;
    readonly resourceServer?: { readonly accessTokenTTL?: number };
    /** Set on stored (opaque) tokens: the resource indicator, epoch-seconds expiry and the `extraTokenClaims` result. */
    readonly aud?: string;
    readonly exp?: number;
    readonly extra?: Readonly<Record<string, unknown>>;
  }

  export interface AccessTokenModel {
    /** Only opaque tokens are stored; expiry is checked with the provider's clock tolerance. */
    find(value: string): Promise<AccessToken | undefined>;
  }

  export interface Grant {
    readonly jti: string;
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    rejectResourceScope(resource: string, scope: string): void;
    getOIDCScopeFiltered(filter: ReadonlySet<string>): string;
    save(): Promise<string>;
  }

  export interface GrantConstructor {
    new (properties: { accountId: string; clientId: string }): Grant;
  }

  export interface RefreshTokenModel {
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<GrantSource | undefined>;
  }

  export interface OIDCContext {
    readonly route: string;
    readonly params: Record<string, unknown>;
    readonly client?: Client;
    readonly entities: {
      readonly Grant?: Grant;
      readonly AccessToken?: AccessToken;
      readonly AuthorizationCode?: GrantSource;
      readonly RefreshToken?: GrantSource;
    };
  }

  export interface KoaContext {
    readonly req: IncomingMessage;
    readonly res: ServerResponse;
    readonly method: string;
    readonly path: string;
    readonly query: Readonly<Record<string, string | string[] | undefined>>;
    status: number;
    body: unknown;
    type: string;
  }

  export interface KoaContextWithOIDC extends KoaContext {
    readonly oidc: OIDCContext;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg: string } };
  }

  export interface ErrorOut {
    error: string;
    error_description?: string;
    state?: string;
  }

  export interface Interaction {
    readonly uid: string;
    readonly params: Record<string, unknown>;
    readonly prompt: { readonly name: string; readonly reasons: readonly string[] };
  }

  export interface InteractionResults {
    login?: { accountId: string; remember?: boolean };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface CookieOptions {
    httpOnly?: boolean;
    sameSite?: 'lax' | 'strict' | 'none';
    secure?: boolean;
    path?: string;
  }

  type TtlValue = number | ((ctx: KoaContextWithOIDC, token: unknown, client: Client) => number);
  type ExtraParamValidator = (ctx: KoaContextWithOIDC, value: string | undefined, client: Client) => void | Promise<void>;

  export interface Configuration {
    clients?: ClientMetadata[];
    jwks?: { keys: JWK[] };
    cookies?: { keys?: string[]; long?: CookieOptions; short?: CookieOptions };
    claims?: Record<string, string[] | null>;
    scopes?: string[];
    extraParams?: Record<string, ExtraParamValidator | null>;
    responseTypes?: string[];
    conformIdTokenClaims?: boolean;
    routes?: { authorization?: string; token?: string; jwks?: string };
    enabledJWA?: { clientAuthSigningAlgValues?: string[] };
    features?: {
      clientCredentials?: { enabled: boolean };
      devInteractions?: { enabled: boolean };
      dPoP?: { enabled: boolean };
      pushedAuthorizationRequests?: { enabled: boolean };
      rpInitiatedLogout?: { enabled: boolean };
      userinfo?: { enabled: boolean };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (ctx: KoaContextWithOIDC, client: Client, oneOf?: string[]) => Promise<string | string[] | undefined>;
        useGrantedResource?: (ctx: KoaContextWithOIDC, model: unknown) => Promise<boolean>;
        getResourceServerInfo?: (ctx: KoaContextWithOIDC, resourceIndicator: string, client: Client) => Promise<ResourceServerInfo>;
      };
    };
    pkce?: { required?: (ctx: KoaContextWithOIDC, client: Client) => boolean };
    ttl?: Partial<Record<'AuthorizationCode' | 'IdToken' | 'RefreshToken' | 'Interaction' | 'Session' | 'Grant', TtlValue>> & {
      AccessToken?: number | ((ctx: KoaContextWithOIDC, token: AccessToken, client: Client) => number);
    };
    clientBasedCORS?: (ctx: KoaContextWithOIDC, origin: string, client: Client) => boolean;
    findAccount?: (ctx: KoaContextWithOIDC, sub: string) => Promise<Account | undefined>;
    extraTokenClaims?: (ctx: KoaContextWithOIDC, token: AccessToken) => Promise<Record<string, unknown> | undefined>;
    issueRefreshToken?: (ctx: KoaContextWithOIDC, client: Client, source: GrantSource) => Promise<boolean>;
    expiresWithSession?: (ctx: KoaContextWithOIDC, source: unknown) => Promise<boolean>;
    loadExistingGrant?: (ctx: KoaContextWithOIDC) => Promise<Grant | undefined>;
    renderError?: (ctx: KoaContextWithOIDC, out: ErrorOut, error: Error) => Promise<void>;
    interactions?: { url?: (ctx: KoaContextWithOIDC, interaction: Interaction) => Promise<string> };
  }

  export type Middleware = (ctx: KoaContext & { readonly oidc?: OIDCContext }, next: () => Promise<void>) => Promise<void>;

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    proxy: boolean;
    readonly Grant: GrantConstructor;
    readonly AccessToken: AccessTokenModel;
    /** Tokens of the client_credentials grant, stored apart from the other access tokens. */
    readonly ClientCredentials: AccessTokenModel;
    readonly RefreshToken: RefreshTokenModel;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: Middleware): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }

  class OIDCProviderError extends Error {
    constructor(description?: string);
    readonly error: string;
    readonly error_description?: string;
  }

  export const errors: {
    readonly InvalidRequest: typeof OIDCProviderError;
    readonly InvalidTarget: typeof OIDCProviderError;
    readonly SessionNotFound: typeof OIDCProviderError;
  };
}
