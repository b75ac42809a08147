import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CdsConfigError, loadCdsConfig, parseCdsConfig } from './config';

const minimal = {
  publicUrl: 'https://cds.hospital.example/',
  launchUrl: 'https://lantern.hospital.example/launch.html',
  trustedIssuers: [{ iss: 'https://ehr.hospital.example', jwksUrl: 'https://ehr.hospital.example/jwks.json' }],
};

describe('parseCdsConfig', () => {
  it('fills the defaults: indicators mode, the neutral summary, no CORS, a small skew', () => {
    expect(parseCdsConfig(minimal)).toEqual({
      publicUrl: 'https://cds.hospital.example',
      launchUrl: minimal.launchUrl,
      trustedIssuers: [{ ...minimal.trustedIssuers[0], jku: [], fhirServers: [] }],
      mode: 'indicators',
      summary: 'Safety check-in available',
      linkLabel: 'Open safety check-in',
      allowedOrigins: [],
      clockSkewSeconds: 30,
      maxTokenAgeSeconds: 300,
      timeZone: 'UTC',
      fhirTimeoutMs: 5_000,
      systemBase: 'https://lantern.example/fhir',
    });
  });

  it.each([
    [[], 'The CDS service configuration must be a JSON object.'],
    [{ ...minimal, publicUrl: 'cds.example' }, '"publicUrl" must be an absolute URL.'],
    [{ ...minimal, launchUrl: 'javascript:alert(1)' }, '"launchUrl" must be an http or https URL.'],
    [{ ...minimal, trustedIssuers: [] }, '"trustedIssuers" must list at least one EHR, each as { "iss", "jwksUrl" }.'],
    [{ ...minimal, trustedIssuers: [{ iss: 'x' }] }, 'trustedIssuers[0].jwksUrl must be an absolute URL.'],
    [{ ...minimal, mode: 'always' }, '"mode" must be "indicators" or "every-emergency-visit".'],
    [{ ...minimal, summary: 'x'.repeat(140) }, '"summary" must be shorter than 140 characters.'],
    [{ ...minimal, allowedOrigins: ['https://ehr.example/app'] }, 'Each of "allowedOrigins" must be an origin such as https://ehr.example.org, without a path.'],
    [{ ...minimal, clockSkewSeconds: 3_600 }, '"clockSkewSeconds" must be a whole number from 0 to 300.'],
    [{ ...minimal, timeZone: 'Mars/Olympus' }, '"timeZone" must be an IANA time zone such as America/Chicago, not "Mars/Olympus".'],
    [{ ...minimal, systemBase: 'https://fhir.hospital.example/lantern/' }, '"systemBase" must be the same as in Lantern’s configuration: an https address without a trailing slash or an OID (urn:oid:…).'],
    [{ ...minimal, trustedIssuer: [] }, 'The CDS service configuration has a setting it does not know: "trustedIssuer".'],
  ])('refuses %j with one plain sentence', (config, sentence) => {
    expect(() => parseCdsConfig(config)).toThrow(new CdsConfigError(sentence));
  });
});

describe('loadCdsConfig', () => {
  it('says what is wrong with the file LANTERN_CDS_CONFIG names', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'lantern-cds-'));
    const broken = join(folder, 'broken.json');
    await writeFile(broken, '{ "publicUrl": ');
    await expect(loadCdsConfig(undefined)).rejects.toThrow('Set LANTERN_CDS_CONFIG to the path of the CDS service configuration file (JSON).');
    await expect(loadCdsConfig(join(folder, 'missing.json'))).rejects.toThrow(/could not be read/);
    await expect(loadCdsConfig(broken)).rejects.toThrow(/is not valid JSON/);
    const good = join(folder, 'good.json');
    await writeFile(good, JSON.stringify(minimal));
    expect((await loadCdsConfig(good)).publicUrl).toBe('https://cds.hospital.example');
  });
});
