import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSandbox, type ServedSandbox } from '../mocks/sandbox/test-sandbox';
import {
  contentSecurityPolicy,
  discoverTokenOrigins,
  generateHostingFiles,
  hashedAssetsPath,
  headersFile,
  HostingConfigError,
  hostingPolicy,
  immutableForAYear,
  nginxLocations,
  noStore,
  uncachedPaths,
} from './generate-headers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The sandbox's development registrations: everything on Lantern's own origin, and the public launcher. */
const sandboxConfig = {
  ehrs: [
    { label: 'Bundled sandbox EHR', issPrefix: '/sandbox/', clientId: 'lantern-sandbox' },
    { label: 'SMART Health IT launcher', issPrefix: 'https://launch.smarthealthit.org/', clientId: 'lantern' },
  ],
  openServers: [{ label: 'Bundled open server', fhirServiceUrl: '/sandbox/hapi-open/fhir' }],
};

/** Oracle Health's shape: the FHIR server, the authorization server and the EHR's pages on three origins. */
const oracleConfig = {
  ehrs: [
    {
      label: 'Oracle Health (production)',
      iss: 'https://fhir-ehr.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d',
      clientId: 'issued-by-oracle',
      tokenOrigins: ['https://authorization.cerner.com'],
      frameOrigins: ['https://ehr.st-elsewhere.example'],
    },
    {
      label: 'Epic (production)',
      iss: 'https://fhir.st-elsewhere.example/api/FHIR/R4',
      clientId: 'issued-by-epic',
      frameOrigins: ['https://hyperspace.st-elsewhere.example', 'https://ehr.st-elsewhere.example'],
    },
  ],
};

describe('the Content-Security-Policy generated from lantern.config.json', () => {
  it('connects only to itself and frames nowhere for a production configuration that registers nothing yet', () => {
    const policy = hostingPolicy({ ehrs: [] });
    expect(contentSecurityPolicy(policy)).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; " +
        "base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'",
    );
    expect(policy.notes).toEqual([]);
  });

  it("adds each registered EHR's FHIR origin; registrations on Lantern's own origin are 'self'", () => {
    const policy = hostingPolicy(sandboxConfig);
    expect(policy.connectOrigins).toEqual(['https://launch.smarthealthit.org']);
    expect(contentSecurityPolicy(policy)).toContain("connect-src 'self' https://launch.smarthealthit.org; frame-ancestors 'none';");
    expect(policy.notes).toEqual([
      'EHR registration 1 (Bundled sandbox EHR) lists no frameOrigins: it can open Lantern only in a window of its own, never in a frame.',
      'EHR registration 2 (SMART Health IT launcher) lists no frameOrigins: it can open Lantern only in a window of its own, never in a frame.',
    ]);
  });

  it("adds an open server's origin, which needs no token endpoint", () => {
    const policy = hostingPolicy({ ehrs: [], openServers: [{ label: 'Test HAPI', fhirServiceUrl: 'https://hapi.st-elsewhere.example/fhir' }] });
    expect(contentSecurityPolicy(policy)).toContain("connect-src 'self' https://hapi.st-elsewhere.example;");
  });

  it("adds the token endpoints' origins and frames only under the EHRs' own pages, each origin once", () => {
    const policy = hostingPolicy(oracleConfig);
    expect(policy.connectOrigins).toEqual(['https://authorization.cerner.com', 'https://fhir-ehr.cerner.com', 'https://fhir.st-elsewhere.example']);
    expect(contentSecurityPolicy(policy)).toContain(
      'frame-ancestors https://ehr.st-elsewhere.example https://hyperspace.st-elsewhere.example;',
    );
    expect(policy.discoverable).toEqual([oracleConfig.ehrs[0]?.iss, oracleConfig.ehrs[1]?.iss]);
  });

  it('allows plain http on loopback only', () => {
    expect(hostingPolicy({ ehrs: [{ iss: 'http://127.0.0.1:4191/sandbox/fhir', clientId: 'a', frameOrigins: ['http://localhost:4192'] }] })).toMatchObject({
      connectOrigins: ['http://127.0.0.1:4191'],
      frameOrigins: ['http://localhost:4192'],
    });
    expect(() => hostingPolicy({ ehrs: [{ iss: 'http://fhir.st-elsewhere.example/R4', clientId: 'a' }] })).toThrow(
      new HostingConfigError("The iss of EHR registration 1 must be https (plain http only on this machine's loopback): http://fhir.st-elsewhere.example/R4."),
    );
  });

  it('refuses what would widen the policy or is not an origin, in one sentence each', () => {
    const refusals: [unknown, string][] = [
      [{}, 'The configuration has no list of EHR registrations (`ehrs`); an empty list is written "ehrs": [].'],
      [{ ehrs: [{ iss: 'https://user:pw@fhir.example.org/R4', clientId: 'a' }] }, 'The iss of EHR registration 1 must not carry a user name or password.'],
      [{ ehrs: [{ iss: 'https://fhir.example.org/R4', clientId: 'a', frameOrigins: ['https://ehr.example.org/chart'] }] }, 'The frameOrigins of EHR registration 1 must name origins only (scheme, host, port), not https://ehr.example.org/chart.'],
      [{ ehrs: [{ iss: 'https://fhir.example.org/R4', clientId: 'a', tokenOrigins: 'https://auth.example.org' }] }, 'The tokenOrigins of EHR registration 1 must be a list of origins, e.g. ["https://ehr.example.org"].'],
      [{ ehrs: [{ iss: 'https://fhir.example.org/R4', clientId: 'a', frameOrigins: ['*'] }] }, 'The frameOrigins of EHR registration 1 is not a URL: *.'],
      [{ ehrs: [{ label: 'Open', issPrefix: '//evil.example/', clientId: 'a' }] }, 'The issPrefix of EHR registration 1 (Open) is not a URL: //evil.example/.'],
      [{ ehrs: [], openServers: [{ label: 'no URL' }] }, 'Open server 1 in the configuration needs a fhirServiceUrl.'],
    ];
    for (const [config, sentence] of refusals) expect(() => hostingPolicy(config)).toThrow(new HostingConfigError(sentence));
  });
});

describe('the nginx locations and the _headers file', () => {
  const policy = hostingPolicy(oracleConfig);
  const csp = contentSecurityPolicy(policy);

  it('repeats every header in each nginx location, since a location with its own add_header drops the inherited ones', () => {
    const locations = nginxLocations(policy).split(/^location /m).slice(1);
    expect(locations.map((block) => block.split(' ')[0])).toEqual(['/', hashedAssetsPath]);
    for (const block of locations) {
      expect(block).toContain(`add_header Content-Security-Policy "${csp}" always;`);
      for (const name of ['Strict-Transport-Security', 'X-Content-Type-Options', 'Referrer-Policy', 'Permissions-Policy', 'Cross-Origin-Resource-Policy', 'Cache-Control']) {
        expect(block.match(new RegExp(`add_header ${name} `, 'g'))).toHaveLength(1);
      }
    }
    expect(locations[0]).toContain(`add_header Cache-Control "${noStore}" always;`);
    expect(locations[1]).toContain(`add_header Cache-Control "${immutableForAYear}" always;`);
  });

  it('gives each path its Cache-Control once in _headers, as hosts join a header two matching rules both set', () => {
    const rules = headersFile(policy)
      .split('\n')
      .filter((line) => !line.startsWith('#') && line !== '')
      .reduce<{ pattern: string; headers: string[] }[]>((found, line) => {
        if (line.startsWith('  ')) found.at(-1)?.headers.push(line.trim());
        else found.push({ pattern: line, headers: [] });
        return found;
      }, []);
    expect(rules[0]).toEqual({
      pattern: '/*',
      headers: [
        `Content-Security-Policy: ${csp}`,
        'Strict-Transport-Security: max-age=31536000',
        'X-Content-Type-Options: nosniff',
        'Referrer-Policy: no-referrer',
        expect.stringMatching(/^Permissions-Policy: .*camera=\(\).*clipboard-write=\(self\)$/) as string,
        'Cross-Origin-Resource-Policy: same-origin',
      ],
    });
    expect(rules.slice(1)).toEqual([
      ...uncachedPaths.map((pattern) => ({ pattern, headers: [`Cache-Control: ${noStore}`] })),
      { pattern: '/assets/*', headers: [`Cache-Control: ${immutableForAYear}`] },
    ]);
  });

  it("keeps every page the build writes, and the configuration, out of caches", () => {
    const pages = readdirSync(root).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(uncachedPaths).toContain(`/${page}`);
    expect(uncachedPaths).toContain('/lantern.config.json');
  });
});

describe('--discover and the files written', () => {
  let served: ServedSandbox;
  let outDir: string;

  beforeAll(async () => {
    served = await serveSandbox();
    outDir = mkdtempSync(path.join(os.tmpdir(), 'lantern-headers-'));
  });

  afterAll(async () => {
    await served.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("finds the token endpoint's origin in the registered server's smart-configuration", async () => {
    const { sandbox } = served;
    expect(await discoverTokenOrigins([sandbox.fhirBaseUrl, `${sandbox.fhirBaseUrls.epic}/`])).toEqual([sandbox.origin, sandbox.origin]);
  });

  it('says which server did not answer, and what to do instead', async () => {
    const silent = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const iss = `http://127.0.0.1:${String((silent.address() as AddressInfo).port)}/fhir`;
    try {
      await expect(discoverTokenOrigins([iss])).rejects.toThrow(
        new HostingConfigError(`${iss}/.well-known/smart-configuration answered HTTP 404; list the token endpoint's origin in tokenOrigins instead.`),
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('writes the nginx locations and _headers from a configuration file', async () => {
    const configPath = path.join(outDir, 'lantern.config.json');
    writeFileSync(configPath, JSON.stringify({ ehrs: [{ iss: served.sandbox.fhirBaseUrl, clientId: 'lantern-sandbox' }] }));
    const { files } = await generateHostingFiles({ configPath, outDir, discover: true });
    expect(files.map((file) => path.basename(file))).toEqual(['lantern-nginx.conf', '_headers']);
    expect(readFileSync(path.join(outDir, '_headers'), 'utf8')).toContain(`connect-src 'self' ${served.sandbox.origin};`);
    expect(readFileSync(path.join(outDir, 'lantern-nginx.conf'), 'utf8')).toContain(`connect-src 'self' ${served.sandbox.origin};`);
  });
});
