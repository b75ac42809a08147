import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { CdsConfig, TrustedIssuer } from './config';

/**
 * Asymmetric signatures only. CDS Hooks forbids `none` and every symmetric (HMAC) algorithm: the EHR signs with its
 * private key, and the service holds only public keys.
 */
export const acceptedAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** The caller, once its JWT passed every check. */
export interface VerifiedClient {
  issuer: TrustedIssuer;
}

/**
 * `jti`s seen, each kept until its token could no longer be accepted anyway (`iat` + max age + skew). Bounded: when
 * full of live entries it refuses new tokens rather than forget one (a forgotten `jti` could be replayed).
 * Memory of one instance only: behind a load balancer, a token replayed to another instance is not recognised there;
 * the short maximum age is what bounds that window.
 */
export class ReplayWindow {
  private readonly seen = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** Records the `jti`; false when it was already seen or no room is left. */
  admit(key: string, keepUntil: number, now: number): boolean {
    if (this.seen.has(key)) {
      if ((this.seen.get(key) ?? 0) > now) return false;
      this.seen.delete(key);
    }
    if (this.seen.size >= this.capacity) this.forgetExpired(now);
    if (this.seen.size >= this.capacity) return false;
    this.seen.set(key, keepUntil);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private forgetExpired(now: number): void {
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
  }
}

export interface ClientVerifierOptions {
  /** Seconds since the epoch; tests move the clock. */
  now?: () => number;
  replayCapacity?: number;
}

export type ClientVerifier = (authorization: string | undefined, audience: string) => Promise<VerifiedClient | undefined>;

/**
 * Checks the EHR's `Authorization: Bearer <JWT>` as CDS Hooks 2.0 requires: an asymmetric `alg`, `typ` JWT, an
 * allowlisted `iss` whose keys (its JWK Set URL, or a `jku` allowlisted for it) verify the signature, `aud` exactly
 * the endpoint called, `exp` and `iat` within the skew and max age, and a `jti` not seen before. Undefined for any
 * failure: the caller answers 401 and says no more.
 */
export function createClientVerifier(config: CdsConfig, options: ClientVerifierOptions = {}): ClientVerifier {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const replay = new ReplayWindow(options.replayCapacity ?? 100_000);
  const keySets = new Map<string, JWTVerifyGetKey>();
  const keySet = (url: string): JWTVerifyGetKey => {
    let found = keySets.get(url);
    if (found === undefined) {
      found = createRemoteJWKSet(new URL(url), { timeoutDuration: 3_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
      keySets.set(url, found);
    }
    return found;
  };

  return async (authorization, audience) => {
    const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '')?.[1];
    if (token === undefined) return undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (!(acceptedAlgorithms as readonly string[]).includes(header.alg ?? '')) return undefined;
      const issuer = config.trustedIssuers.find(({ iss }) => iss === decodeJwt(token).iss);
      if (issuer === undefined) return undefined;
      if (header.jku !== undefined && !issuer.jku.includes(header.jku)) return undefined;
      const { payload } = await jwtVerify(token, keySet(header.jku ?? issuer.jwksUrl), {
        algorithms: [...acceptedAlgorithms],
        issuer: issuer.iss,
        audience,
        typ: 'JWT',
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        clockTolerance: config.clockSkewSeconds,
        maxTokenAge: config.maxTokenAgeSeconds,
        currentDate: new Date(now() * 1000),
      });
      // `aud` may be a list, but only of this endpoint: a token for several services could be replayed to each.
      if (Array.isArray(payload.aud) && payload.aud.length !== 1) return undefined;
      if (typeof payload.jti !== 'string' || payload.jti === '' || typeof payload.iat !== 'number') return undefined;
      const keepUntil = payload.iat + config.maxTokenAgeSeconds + config.clockSkewSeconds;
      if (!replay.admit(`${issuer.iss} ${payload.jti}`, keepUntil, now())) return undefined;
      return { issuer };
    } catch {
      return undefined;
    }
  };
}
