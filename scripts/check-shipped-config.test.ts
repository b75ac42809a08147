import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/runtime-config';
import { publicSandboxHosts, shippedConfigProblems } from './check-shipped-config.mjs';

const root = path.resolve(import.meta.dirname, '..');
const hospital = { label: 'St Elsewhere Epic', iss: 'https://fhir.st-elsewhere.example/api/FHIR/R4', clientId: 'issued-by-epic' };

function problemsOf(config: unknown): string[] {
  return shippedConfigProblems(JSON.stringify(config), parseConfig);
}

function withEhr(ehr: Record<string, unknown>): unknown {
  return { ehrs: [hospital, { label: 'Checked', clientId: 'lantern', ...ehr }] };
}

describe('the configuration a build may ship', () => {
  it('accepts public/lantern.config.json, which registers nothing', () => {
    expect(shippedConfigProblems(readFileSync(path.join(root, 'public/lantern.config.json'), 'utf8'), parseConfig)).toEqual([]);
  });

  it('accepts exact https registrations of real EHRs and listed open servers', () => {
    expect(
      problemsOf({
        ehrs: [hospital, { label: 'Oracle Health production', iss: 'https://fhir-ehr.cerner.com/r4/tenant-id', clientId: 'x' }],
        openServers: [{ label: 'Our HAPI', fhirServiceUrl: 'https://hapi.st-elsewhere.example/fhir' }],
      }),
    ).toEqual([]);
  });

  it('refuses the sandbox’s development configuration, naming each entry', () => {
    const problems = shippedConfigProblems(readFileSync(path.join(root, 'mocks/sandbox/lantern.dev.config.json'), 'utf8'), parseConfig);
    expect(problems).toEqual([
      expect.stringMatching(/^EHR registration 1 \("Bundled sandbox EHR.*"\): its issPrefix "\/sandbox\/" is not a full address/),
      expect.stringMatching(/^EHR registration 2 \("SMART Health IT launcher.*"\): its issPrefix "https:\/\/launch\.smarthealthit\.org\/" is the SMART Health IT launcher/),
      expect.stringMatching(/^Open server 1 \(".*"\): its fhirServiceUrl "\/sandbox\/hapi-open\/fhir" is not a full address/),
    ]);
  });

  it('refuses a relative iss, issPrefix or open server', () => {
    expect(problemsOf(withEhr({ iss: '/sandbox/fhir' }))).toEqual([expect.stringContaining('EHR registration 2 ("Checked"): its iss "/sandbox/fhir" is not a full address')]);
    expect(problemsOf(withEhr({ issPrefix: 'fhir/' }))).toEqual([expect.stringContaining('its issPrefix "fhir/" is not a full address')]);
    expect(problemsOf({ ehrs: [], openServers: [{ label: 'Here', fhirServiceUrl: '/fhir' }] })).toEqual([
      expect.stringContaining('Open server 1 ("Here"): its fhirServiceUrl "/fhir" is not a full address'),
    ]);
  });

  it('refuses a full address under /sandbox/', () => {
    expect(problemsOf(withEhr({ issPrefix: 'https://lantern.st-elsewhere.example/sandbox/' }))).toEqual([
      expect.stringContaining('"https://lantern.st-elsewhere.example/sandbox/" is under /sandbox/'),
    ]);
    expect(problemsOf({ ehrs: [], openServers: [{ label: 'Open', fhirServiceUrl: 'https://lantern.st-elsewhere.example/sandbox/hapi-open/fhir' }] })).toHaveLength(1);
  });

  it('refuses plain http', () => {
    expect(problemsOf(withEhr({ iss: 'http://fhir.st-elsewhere.example/R4' }))).toEqual([expect.stringContaining('"http://fhir.st-elsewhere.example/R4" is not https')]);
  });

  it.each(['https://localhost:8443/fhir', 'https://app.localhost/fhir', 'https://127.0.0.2/fhir', 'https://[::1]/fhir', 'https://[::ffff:127.0.0.1]/fhir', 'https://0.0.0.0/fhir'])(
    'refuses loopback: %s',
    (iss) => {
      expect(problemsOf(withEhr({ iss }))).toEqual([expect.stringContaining('is on loopback')]);
    },
  );

  it.each(publicSandboxHosts.map(({ host }) => host))('refuses the public sandbox %s and its subdomains', (host) => {
    expect(problemsOf(withEhr({ issPrefix: `https://${host}/` }))).toEqual([expect.stringContaining('anyone can launch Lantern there')]);
    expect(problemsOf(withEhr({ iss: `https://r4.${host}/fhir` }))).toEqual([expect.stringContaining('anyone can launch Lantern there')]);
  });

  it('names the public sandboxes the review listed', () => {
    for (const iss of [
      'https://launch.smarthealthit.org/v/r4/fhir',
      'https://r4.smarthealthit.org',
      'https://hapi.fhir.org/baseR4',
      'https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4',
      'https://fhir-open.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d',
      'https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d',
      'https://server.fire.ly/r4',
    ]) {
      expect(problemsOf(withEhr({ iss })), iss).toHaveLength(1);
    }
  });

  it('does not take a look-alike host for a public sandbox', () => {
    expect(problemsOf(withEhr({ iss: 'https://notsmarthealthit.org/fhir' }))).toEqual([]);
  });

  it('refuses a file the app itself could not read, with the app’s sentence', () => {
    expect(shippedConfigProblems('{ "ehrs": [', parseConfig)).toEqual([expect.stringMatching(/^lantern\.config\.json is not a configuration Lantern can read/)]);
    expect(problemsOf({ ehrs: [{ iss: 'https://fhir.st-elsewhere.example/R4' }] })).toEqual([
      expect.stringContaining("EHR registration 1 in Lantern's configuration needs a clientId and an iss or issPrefix."),
    ]);
  });
});

describe('node scripts/check-shipped-config.mjs <build folder>', () => {
  const buildDir = mkdtempSync(path.join(os.tmpdir(), 'lantern-check-'));
  afterAll(() => {
    rmSync(buildDir, { recursive: true, force: true });
  });

  function check(config: unknown): { status: number | null; stderr: string } {
    writeFileSync(path.join(buildDir, 'lantern.config.json'), JSON.stringify(config));
    const { status, stderr } = spawnSync(process.execPath, [path.join(root, 'scripts/check-shipped-config.mjs'), buildDir], { cwd: root, encoding: 'utf8' });
    return { status, stderr };
  }

  it('fails the build on a sandbox registration, with the reason', () => {
    const { status, stderr } = check(withEhr({ issPrefix: 'https://launch.smarthealthit.org/' }));
    expect(status).toBe(1);
    expect(stderr).toContain('must not ship as it is');
    expect(stderr).toContain('EHR registration 2 ("Checked"): its issPrefix "https://launch.smarthealthit.org/" is the SMART Health IT launcher');
  });

  it('passes a production configuration', () => {
    expect(check({ ehrs: [hospital], openServers: [] })).toEqual({ status: 0, stderr: '' });
  });
});
