/**
 * The one place that decides whether a URL may name a FHIR server Lantern launches with, or receive its access token.
 *
 * Strings are never compared as strings: a URL is parsed with `URL`, and refused outright when its text could mean
 * another place to some server than it means to the browser — dot segments (`..`, `%2e%2E`, double-encoded), an
 * encoded or backslash path separator, userinfo, a fragment, whitespace, or plain http other than loopback. What is
 * left is compared by exact origin and by whole path segments, so `/tenant-a` never covers `/tenant-ab`.
 */

/** `server`: a FHIR base (`iss`, a listed server): no query. `request`: a URL the token is sent to: a query is fine. */
export type TrustedUrlKind = 'server' | 'request';

export type TrustedUrlResult = { url: URL; reason?: never } | { url?: never; reason: string };

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Percent-decoding repeated this often catches `%252e` and deeper; anything still encoded after it is refused. */
const maxDecodings = 4;

/**
 * Parses `value` (relative to `base` when given, e.g. a configured `/sandbox/fhir`) and says in a sentence why it is
 * refused, if it is.
 */
export function trustedUrl(value: string, kind: TrustedUrlKind, base?: string): TrustedUrlResult {
  if (/[\s\\]/.test(value)) return { reason: 'The address contains spaces, control characters or backslashes.' };
  if (value.includes('#')) return { reason: 'The address has a fragment (#), which a server address never has.' };
  if (!URL.canParse(value, base)) return { reason: 'The address is not a valid URL.' };
  const url = new URL(value, base);
  if (!isAllowedScheme(url)) return { reason: 'The address does not use https (only this computer’s own address may use http).' };
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?]*@/i.test(value) || url.username !== '' || url.password !== '') {
    return { reason: 'The address contains a user name or password.' };
  }
  if (kind === 'server' && (value.includes('?') || url.search !== '')) return { reason: 'A server address has no query (?).' };
  const pathProblem = dotSegmentProblem(rawPath(value));
  if (pathProblem) return { reason: pathProblem };
  return { url };
}

/** True when `url` is `base` itself or lies below it: same origin, and `base`'s path segments are its first ones. */
export function isWithin(url: URL, base: URL): boolean {
  if (url.origin !== base.origin) return false;
  const baseSegments = pathSegments(base);
  const segments = pathSegments(url);
  return baseSegments.length <= segments.length && baseSegments.every((segment, index) => segments[index] === segment);
}

/** True when both name the same server: same origin, same path segments (a trailing slash does not count). */
export function isSameServer(a: URL, b: URL): boolean {
  return isWithin(a, b) && isWithin(b, a);
}

function isAllowedScheme(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
}

/** The path as written, before `URL` resolves dot segments away: what a server behind a proxy may see. */
function rawPath(value: string): string {
  const withoutQuery = value.split('?')[0] ?? '';
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(withoutQuery);
  return authority ? withoutQuery.slice(authority[0].length) : withoutQuery;
}

function dotSegmentProblem(path: string): string | undefined {
  for (const segment of path.split('/')) {
    let decoded = segment;
    for (let round = 0; round < maxDecodings && decoded.includes('%'); round += 1) {
      try {
        decoded = decodeURIComponent(decoded);
      } catch {
        return 'The address has a broken percent-encoding.';
      }
    }
    if (decoded.includes('%')) return 'The address is encoded more times than any server address needs.';
    if (decoded === '.' || decoded === '..') return 'The address contains a “.” or “..” path segment.';
    if (decoded !== segment && /[/\\]/.test(decoded)) return 'The address hides a path separator in percent-encoding.';
  }
  return undefined;
}

function pathSegments(url: URL): string[] {
  return url.pathname.split('/').filter((segment) => segment !== '');
}
