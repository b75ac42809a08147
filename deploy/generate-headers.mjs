#!/usr/bin/env node
// @ts-check
/**
 * `node deploy/generate-headers.mjs [--config <lantern.config.json>] [--out <folder>] [--discover]`
 *
 * Reads the organisation's `lantern.config.json` and writes the HTTP response headers Lantern must be served with:
 *   - `<out>/lantern-nginx.conf`: the `location` blocks of an nginx `server` (include it in the server that holds
 *     your TLS certificate; `deploy/nginx-site.example.conf` shows where);
 *   - `<out>/_headers`: the same headers for static hosts and CDNs that read a `_headers` file (Netlify, Cloudflare
 *     Pages): copy it next to `index.html`.
 *
 * Where the policy's origins come from (README, "Deploying"):
 *   - `connect-src`: 'self', plus the origin of every EHR's `iss` / `issPrefix` and every open server's
 *     `fhirServiceUrl`, plus each EHR's `tokenOrigins` (the token endpoint's origin where it is not the FHIR
 *     server's, as at Oracle Health). `--discover` reads each EHR's `.well-known/smart-configuration` (registrations
 *     with an exact `iss`) and adds its token endpoint's origin, printing what it added.
 *   - `frame-ancestors`: each EHR's `frameOrigins` (the web origins of the EHR pages that show Lantern in a frame,
 *     which are not its FHIR server's); 'none' when no EHR lists any, so Lantern can then only open in its own window.
 *
 * Defaults: --config dist/lantern.config.json, --out deploy/generated. Exit code 1 with one sentence on a mistake.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * What the generator reads from one EHR registration in `lantern.config.json`; the app reads the rest.
 * @typedef {{ label?: unknown; iss?: unknown; issPrefix?: unknown; tokenOrigins?: unknown; frameOrigins?: unknown }} EhrHosting
 */

/**
 * The origins the policy names, each list sorted and without repeats.
 * @typedef {{ connectOrigins: string[]; frameOrigins: string[]; discoverable: string[]; notes: string[] }} HostingPolicy
 */

/** A mistake in the configuration or the arguments, told in one sentence. */
export class HostingConfigError extends Error {
  /** @override */
  name = 'HostingConfigError';
}

/** The pages and the configuration: never cached, so a changed registration or a new build is picked up at once. */
export const uncachedPaths = ['/', '/index.html', '/launch.html', '/training.html', '/lantern.config.json'];

/** Vite names every file under /assets/ by its content's hash: a changed file has a new name. */
export const hashedAssetsPath = '/assets/';

export const noStore = 'no-store';
export const immutableForAYear = 'public, max-age=31536000, immutable';

/**
 * Powerful features Lantern never uses, each turned off for Lantern and anything it could frame. The clipboard is
 * Lantern's own (Copy citation), so it stays allowed for 'self'.
 */
const permissionsPolicy = [
  'accelerometer=()',
  'autoplay=()',
  'bluetooth=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'idle-detection=()',
  'local-fonts=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'picture-in-picture=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
  'clipboard-read=()',
  'clipboard-write=(self)',
].join(', ');

/**
 * The origins `connect-src` and `frame-ancestors` name, from a parsed `lantern.config.json`.
 * @param {unknown} config
 * @returns {HostingPolicy}
 */
export function hostingPolicy(config) {
  if (typeof config !== 'object' || config === null || !Array.isArray(/** @type {{ ehrs?: unknown }} */ (config).ehrs)) {
    throw new HostingConfigError("The configuration has no list of EHR registrations (`ehrs`); an empty list is written \"ehrs\": [].");
  }
  const { ehrs, openServers = [] } = /** @type {{ ehrs: unknown[]; openServers?: unknown }} */ (config);
  if (!Array.isArray(openServers)) throw new HostingConfigError('`openServers` in the configuration must be a list.');
  /** @type {Set<string>} */
  const connect = new Set();
  /** @type {Set<string>} */
  const frame = new Set();
  /** @type {string[]} */
  const discoverable = [];
  /** @type {string[]} */
  const notes = [];
  ehrs.forEach((entry, index) => {
    const ehr = /** @type {EhrHosting} */ (typeof entry === 'object' && entry !== null ? entry : {});
    const name = `EHR registration ${index + 1}${typeof ehr.label === 'string' ? ` (${ehr.label})` : ''}`;
    for (const field of /** @type {const} */ (['iss', 'issPrefix'])) {
      const value = ehr[field];
      if (value === undefined) continue;
      if (typeof value !== 'string' || value === '') throw new HostingConfigError(`The ${field} of ${name} must be a URL.`);
      const origin = serverOrigin(value, `the ${field} of ${name}`);
      if (origin !== undefined) connect.add(origin);
      if (field === 'iss' && origin !== undefined) discoverable.push(value);
    }
    for (const origin of originList(ehr.tokenOrigins, `the tokenOrigins of ${name}`)) connect.add(origin);
    const frames = originList(ehr.frameOrigins, `the frameOrigins of ${name}`);
    for (const origin of frames) frame.add(origin);
    if (frames.length === 0) notes.push(`${name} lists no frameOrigins: it can open Lantern only in a window of its own, never in a frame.`);
  });
  openServers.forEach((entry, index) => {
    const server = /** @type {{ fhirServiceUrl?: unknown }} */ (typeof entry === 'object' && entry !== null ? entry : {});
    if (typeof server.fhirServiceUrl !== 'string' || server.fhirServiceUrl === '') {
      throw new HostingConfigError(`Open server ${index + 1} in the configuration needs a fhirServiceUrl.`);
    }
    const origin = serverOrigin(server.fhirServiceUrl, `the fhirServiceUrl of open server ${index + 1}`);
    if (origin !== undefined) connect.add(origin);
  });
  return { connectOrigins: [...connect].sort(), frameOrigins: [...frame].sort(), discoverable, notes };
}

/**
 * The origin Lantern's browser calls for this FHIR URL; undefined for a path, which is on Lantern's own origin ('self').
 * @param {string} value
 * @param {string} what
 * @returns {string | undefined}
 */
function serverOrigin(value, what) {
  if (value.startsWith('/') && !value.startsWith('//')) return undefined;
  return secureOrigin(value, what);
}

/**
 * @param {string} value
 * @param {string} what
 * @returns {string}
 */
function secureOrigin(value, what) {
  /** @type {URL} */
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new HostingConfigError(`${capitalised(what)} is not a URL: ${value}.`);
  }
  if (url.username !== '' || url.password !== '') throw new HostingConfigError(`${capitalised(what)} must not carry a user name or password.`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new HostingConfigError(`${capitalised(what)} must be https (plain http only on this machine's loopback): ${value}.`);
  }
  return url.origin;
}

/**
 * A list of bare origins (`https://ehr.example.org`, no path).
 * @param {unknown} value
 * @param {string} what
 * @returns {string[]}
 */
function originList(value, what) {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new HostingConfigError(`${capitalised(what)} must be a list of origins, e.g. ["https://ehr.example.org"].`);
  return value.map((item) => {
    if (typeof item !== 'string') throw new HostingConfigError(`${capitalised(what)} must be a list of origins, e.g. ["https://ehr.example.org"].`);
    const origin = secureOrigin(item, what);
    if (origin !== item.replace(/\/$/, '')) throw new HostingConfigError(`${capitalised(what)} must name origins only (scheme, host, port), not ${item}.`);
    return origin;
  });
}

/** @param {string} hostname */
function isLoopback(hostname) {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** @param {string} text */
function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Lantern's Content-Security-Policy: its own scripts and styles only, calls only to the configured FHIR and token
 * origins, framed only by the configured EHR pages, and no DOM sink that takes a string.
 * @param {Pick<HostingPolicy, 'connectOrigins' | 'frameOrigins'>} policy
 * @returns {string}
 */
export function contentSecurityPolicy(policy) {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...policy.connectOrigins].join(' '),
    policy.frameOrigins.length === 0 ? "frame-ancestors 'none'" : ['frame-ancestors', ...policy.frameOrigins].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

/**
 * The headers every response carries (Cache-Control is per path: see `uncachedPaths` and `hashedAssetsPath`).
 * @param {Pick<HostingPolicy, 'connectOrigins' | 'frameOrigins'>} policy
 * @returns {[name: string, value: string][]}
 */
export function securityHeaders(policy) {
  return [
    ['Content-Security-Policy', contentSecurityPolicy(policy)],
    // One year; includeSubDomains and preload are the organisation's decision for its whole domain.
    ['Strict-Transport-Security', 'max-age=31536000'],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'no-referrer'],
    ['Permissions-Policy', permissionsPolicy],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
  ];
}

const generatedNotice = 'Generated by deploy/generate-headers.mjs from lantern.config.json: change the configuration and generate again, do not edit.';

/**
 * The `location` blocks of an nginx `server` that serves `dist/` (its `root`). nginx drops inherited `add_header`s in
 * a location that has its own, so each location repeats them all; `always` keeps them on error answers too.
 * @param {HostingPolicy} policy
 * @returns {string}
 */
export function nginxLocations(policy) {
  const headers = securityHeaders(policy);
  /** @param {string} cacheControl */
  const headerLines = (cacheControl) =>
    [...headers, ['Cache-Control', cacheControl]].map(([name, value]) => `    add_header ${name} "${value}" always;`).join('\n');
  return [
    `# ${generatedNotice}`,
    ...policy.notes.map((note) => `# ${note}`),
    'index index.html;',
    'server_tokens off;',
    '',
    '# The pages and the configuration: never stored, so a changed registration or a new build applies at once.',
    'location / {',
    headerLines(noStore),
    '    try_files $uri $uri/ =404;',
    '}',
    '',
    '# Named by their content hash: a changed file has a new name, so browsers may keep these for a year.',
    `location ${hashedAssetsPath} {`,
    headerLines(immutableForAYear),
    '    try_files $uri =404;',
    '}',
    '',
  ].join('\n');
}

/**
 * The same headers in the `_headers` format of Netlify and Cloudflare Pages: a path pattern, then indented
 * `Name: value` lines. Hosts join a header two matching rules both set, so Cache-Control is given once per path.
 * @param {HostingPolicy} policy
 * @returns {string}
 */
export function headersFile(policy) {
  /**
   * @param {string} pattern
   * @param {[string, string][]} headers
   */
  const rule = (pattern, headers) => [pattern, ...headers.map(([name, value]) => `  ${name}: ${value}`)].join('\n');
  return [
    `# ${generatedNotice}`,
    ...policy.notes.map((note) => `# ${note}`),
    rule('/*', securityHeaders(policy)),
    ...uncachedPaths.map((pattern) => rule(pattern, [['Cache-Control', noStore]])),
    rule(`${hashedAssetsPath}*`, [['Cache-Control', immutableForAYear]]),
    '',
  ].join('\n');
}

/**
 * The token endpoint origin each EHR's `.well-known/smart-configuration` names, for `--discover`.
 * @param {string[]} issuers
 * @param {typeof fetch} fetcher
 * @returns {Promise<string[]>}
 */
export async function discoverTokenOrigins(issuers, fetcher = fetch) {
  return Promise.all(
    issuers.map(async (iss) => {
      const url = `${iss.replace(/\/+$/, '')}/.well-known/smart-configuration`;
      /** @type {Response} */
      let response;
      try {
        response = await fetcher(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
      } catch (error) {
        throw new HostingConfigError(`${url} did not answer (${error instanceof Error ? error.message : String(error)}); list the token endpoint's origin in tokenOrigins instead.`);
      }
      if (!response.ok) throw new HostingConfigError(`${url} answered HTTP ${response.status}; list the token endpoint's origin in tokenOrigins instead.`);
      const body = /** @type {unknown} */ (await response.json().catch(() => undefined));
      const tokenEndpoint = typeof body === 'object' && body !== null && 'token_endpoint' in body ? body.token_endpoint : undefined;
      if (typeof tokenEndpoint !== 'string') throw new HostingConfigError(`${url} names no token_endpoint; list the token endpoint's origin in tokenOrigins instead.`);
      return secureOrigin(tokenEndpoint, `the token_endpoint in ${url}`);
    }),
  );
}

/**
 * Reads the configuration, discovers when asked, and writes both files; returns what it wrote, for the caller to say.
 * @param {{ configPath: string; outDir: string; discover: boolean; fetcher?: typeof fetch }} options
 * @returns {Promise<{ policy: HostingPolicy; files: string[] }>}
 */
export async function generateHostingFiles({ configPath, outDir, discover, fetcher = fetch }) {
  /** @type {unknown} */
  let config;
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (error) {
    throw new HostingConfigError(`${configPath} could not be read as JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const found = hostingPolicy(config);
  const discovered = discover ? await discoverTokenOrigins(found.discoverable, fetcher) : [];
  const policy = { ...found, connectOrigins: [...new Set([...found.connectOrigins, ...discovered])].sort() };
  mkdirSync(outDir, { recursive: true });
  const nginxFile = path.join(outDir, 'lantern-nginx.conf');
  const headersFilePath = path.join(outDir, '_headers');
  writeFileSync(nginxFile, nginxLocations(policy));
  writeFileSync(headersFilePath, headersFile(policy));
  return { policy, files: [nginxFile, headersFilePath] };
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  /** @type {{ config?: string; out?: string; discover?: boolean }} */
  let values;
  try {
    ({ values } = parseArgs({
      options: { config: { type: 'string' }, out: { type: 'string' }, discover: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new HostingConfigError(
      `${error instanceof Error ? error.message : String(error)}. Usage: node deploy/generate-headers.mjs [--config <lantern.config.json>] [--out <folder>] [--discover]`,
    );
  }
  const { policy, files } = await generateHostingFiles({
    configPath: path.resolve(values.config ?? path.join(root, 'dist', 'lantern.config.json')),
    outDir: path.resolve(values.out ?? path.join(root, 'deploy', 'generated')),
    discover: values.discover ?? false,
  });
  for (const note of policy.notes) process.stderr.write(`generate-headers: ${note}\n`);
  process.stderr.write(`generate-headers: connect-src 'self' ${policy.connectOrigins.join(' ')}\n`);
  process.stderr.write(`generate-headers: frame-ancestors ${policy.frameOrigins.length === 0 ? "'none'" : policy.frameOrigins.join(' ')}\n`);
  process.stderr.write(`generate-headers: wrote ${files.join(' and ')}\n`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((/** @type {unknown} */ error) => {
    process.stderr.write(`generate-headers: ${error instanceof HostingConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
