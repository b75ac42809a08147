#!/usr/bin/env node
/**
 * `node scripts/check-shipped-config.mjs [<build folder>]`, run by `npm run build` after Vite: refuses a build whose
 * `lantern.config.json` could send what a clinician records somewhere no organisation chose. Every `iss`, `issPrefix`
 * and open server must be a full `https` address, not on loopback, not under `/sandbox/` (the development sandbox's
 * paths) and not a known public sandbox or launcher; and the file must be one the app's own parser accepts.
 * Default folder: dist. Exit code 1 with one sentence per problem, naming the entry.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Public test servers and launchers: anyone can read what is written there, and anyone can launch Lantern against
 * them. Each entry matches the host and its subdomains.
 */
export const publicSandboxHosts = [
  { host: 'smarthealthit.org', what: 'the SMART Health IT launcher and its public test servers' },
  { host: 'hapi.fhir.org', what: 'the public HAPI FHIR test server' },
  { host: 'fhir.epic.com', what: 'Epic’s public developer sandbox' },
  { host: 'fhir-open.cerner.com', what: 'Oracle Health’s (Cerner’s) open public sandbox' },
  { host: 'fhir-ehr-code.cerner.com', what: 'Oracle Health’s (Cerner’s) public code sandbox' },
  { host: 'server.fire.ly', what: 'Firely’s public test server' },
  { host: 'api.preview.platform.athenahealth.com', what: 'athenahealth’s preview (sandbox) environment' },
];

/**
 * @typedef {{ label: string; iss?: string; issPrefix?: string }} ShippedEhr
 * @typedef {{ label: string; fhirServiceUrl: string }} ShippedOpenServer
 * @typedef {{ ehrs: ShippedEhr[]; openServers: ShippedOpenServer[] }} ShippedConfig
 * @typedef {(body: unknown) => ShippedConfig} ConfigParser
 */

/**
 * What is wrong with a configuration about to ship, one sentence per problem; empty when it may ship.
 * @param {string} text the file's contents
 * @param {ConfigParser} parseConfig the app's own parser (src/config/runtime-config.ts)
 * @returns {string[]}
 */
export function shippedConfigProblems(text, parseConfig) {
  /** @type {ShippedConfig} */
  let config;
  try {
    config = parseConfig(/** @type {unknown} */ (JSON.parse(text)));
  } catch (error) {
    return [`lantern.config.json is not a configuration Lantern can read: ${error instanceof Error ? error.message : String(error)}`];
  }
  return [
    ...config.ehrs.flatMap((ehr, index) => {
      const entry = `EHR registration ${String(index + 1)} ("${ehr.label}")`;
      return [
        ...(ehr.iss === undefined ? [] : addressProblems(`${entry}: its iss`, ehr.iss)),
        ...(ehr.issPrefix === undefined ? [] : addressProblems(`${entry}: its issPrefix`, ehr.issPrefix)),
      ];
    }),
    ...config.openServers.flatMap((server, index) =>
      addressProblems(`Open server ${String(index + 1)} ("${server.label}"): its fhirServiceUrl`, server.fhirServiceUrl),
    ),
  ];
}

/**
 * @param {string} what
 * @param {string} address
 * @returns {string[]}
 */
function addressProblems(what, address) {
  /** @type {URL} */
  let url;
  try {
    url = new URL(address);
  } catch {
    return [`${what} "${address}" is not a full address: a path means Lantern's own origin, where only the development sandbox answers.`];
  }
  const problems = [];
  if (url.protocol !== 'https:') problems.push(`${what} "${address}" is not https: the access token and the record would cross the network readable.`);
  if (isLoopback(url.hostname)) problems.push(`${what} "${address}" is on loopback: that is the browser's own machine, never an EHR.`);
  if (url.pathname === '/sandbox' || url.pathname.startsWith('/sandbox/')) {
    problems.push(`${what} "${address}" is under /sandbox/, the development sandbox's paths.`);
  }
  const sandbox = publicSandboxHosts.find(({ host }) => url.hostname === host || url.hostname.endsWith(`.${host}`));
  if (sandbox) problems.push(`${what} "${address}" is ${sandbox.what}: anyone can launch Lantern there and read what it records.`);
  return problems;
}

/** @param {string} hostname as `URL` gives it (IPv6 in brackets, IPv4 normalised) */
function isLoopback(hostname) {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(host) || host === '0.0.0.0') return true;
  // [::1], [::] and IPv4-mapped loopback ([::ffff:7f00:1], as URL writes ::ffff:127.0.0.1).
  return host === '[::1]' || host === '[::]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

async function main() {
  const buildDir = path.resolve(root, process.argv[2] ?? 'dist');
  const configPath = path.join(buildDir, 'lantern.config.json');
  /** @type {string} */
  let text;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (error) {
    process.stderr.write(`check-shipped-config: ${configPath} could not be read (${error instanceof Error ? error.message : String(error)}).\n`);
    return 1;
  }
  const { runnerImport } = await import('vite');
  const { module } = await runnerImport(path.join(root, 'src', 'config', 'runtime-config.ts'), { configFile: false, logLevel: 'error' });
  const parseConfig = /** @type {ConfigParser} */ (/** @type {Record<string, unknown>} */ (module).parseConfig);
  const problems = shippedConfigProblems(text, parseConfig);
  if (problems.length > 0) {
    process.stderr.write(
      `check-shipped-config: ${path.relative(root, configPath)} must not ship as it is. Replace public/lantern.config.json ` +
        `(the sandbox's registrations belong in mocks/sandbox/lantern.dev.config.json):\n${problems.map((problem) => `  - ${problem}\n`).join('')}`,
    );
    return 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
