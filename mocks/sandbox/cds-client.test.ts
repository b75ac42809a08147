import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedCdsService } from '../../cds/serve';
import { sandboxJwksPath, startSandboxCdsService } from './cds-client';
import { createSandbox, sandboxFhirBaseUrl, type Sandbox } from './sandbox';

/** The sandbox EHR as a CDS Hooks client of Lantern's service, both over loopback HTTP as `npm start` runs them. */

let server: Server;
let origin: string;
let cds: ServedCdsService;
let sandbox: Sandbox;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  cds = await startSandboxCdsService({ origin, port: 0, fhirServers: [sandboxFhirBaseUrl(origin)], log: () => undefined });
  sandbox = await createSandbox({ origin, largeChart: false, cdsServiceUrl: cds.url });
  server.on('request', (req, res) => {
    sandbox.middleware(req, res, () => res.writeHead(404).end());
  });
});

afterAll(async () => {
  await cds.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
});

async function chartPage(key: string, query: Record<string, string> = {}): Promise<string> {
  const patientId = sandbox.data.patients.find((patient) => patient.key === key)?.patientId ?? '';
  const response = await fetch(`${origin}/sandbox/ehr?${new URLSearchParams({ patient: patientId, ...query }).toString()}`);
  expect(response.status).toBe(200);
  return response.text();
}

describe('the sandbox EHR calling Lantern’s CDS service on opening a chart', () => {
  it('publishes its JWK Set, public keys only', async () => {
    const jwks = (await (await fetch(`${origin}${sandboxJwksPath}`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('shows the indicator adult’s card above the chart, its link launching Lantern into the sidebar for that patient', async () => {
    const html = await chartPage('indicator-adult');
    const advisories = /<section class="advisories" aria-label="Advisories">(.*?)<\/section>/s.exec(html)?.[1] ?? '';
    expect(advisories).toContain('Safety check-in available');
    const href = /<a href="([^"]+)" target="lantern-sidebar">Open safety check-in<\/a>/.exec(advisories)?.[1]?.replaceAll('&#38;', '&');
    expect(href).toBeDefined();
    const link = new URL(href ?? '', origin);
    expect(link.pathname).toBe('/launch.html');
    expect(link.searchParams.get('iss')).toBe(sandbox.fhirBaseUrl);
    expect(link.searchParams.get('launch')).toBeTruthy();
    expect(html).toContain('name="lantern-sidebar"');
  });

  it('shows no card for the patient without indicators', async () => {
    const html = await chartPage('no-indicators');
    expect(html).toContain('No advisories');
    expect(html).not.toContain('Safety check-in available');
  });

  it('leaves the sidebar empty until the card is followed, when so chosen', async () => {
    const html = await chartPage('indicator-adult', { sidebar: 'card' });
    expect(html).toMatch(/<iframe title="Lantern" name="lantern-sidebar"><\/iframe>/);
    expect(await chartPage('indicator-adult')).toMatch(/<iframe title="Lantern" src="[^"]+" name="lantern-sidebar"><\/iframe>/);
  });
});
