import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fillPrefetch, type PrefetchContext } from '../mocks/sandbox/cds-prefetch';
import type { FhirEngine } from '../mocks/sandbox/fhir-engine';
import { createFhirEngine } from '../mocks/sandbox/fhir-engine-node';
import { generateSandboxData, type SandboxData, type SandboxPatientKey } from '../mocks/sandbox/synthetic/generate';
import { prefetchTemplates } from './chart-read';
import { parseCdsConfig, type CdsConfig } from './config';
import { serveCdsService } from './serve';
import { serviceId, type CdsService, type CdsServiceOptions } from './service';

/** Test helpers: an EHR's signing key and JWK Set on loopback HTTP, the sandbox's synthetic charts, the service on an ephemeral port. */

export const ehrIssuer = 'https://ehr.test/cds-client';
export const launchUrl = 'https://lantern.test/launch.html';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function signingKey(kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES384');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' } };
}

/** A JWK Set served over HTTP, as an EHR publishes its keys. */
export async function serveJwks(keys: readonly SigningKey[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/jwks.json`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

export interface RunningService {
  baseUrl: string;
  service: CdsService;
  config: CdsConfig;
  logs: string[];
  close: () => Promise<void>;
}

/** The service on 127.0.0.1 at an ephemeral port, its `publicUrl` that address, logs captured. */
export async function startService(settings: Record<string, unknown>, options: CdsServiceOptions = {}): Promise<RunningService> {
  const logs: string[] = [];
  const served = await serveCdsService((url) => parseCdsConfig({ publicUrl: url, launchUrl, ...settings }), { port: 0, hostname: '127.0.0.1' }, {
    log: (line) => logs.push(line),
    ...options,
  });
  return { baseUrl: served.url, service: served.service, config: served.config, logs, close: served.close };
}

export interface TokenOptions {
  key: SigningKey;
  audience: string;
  claims?: JWTPayload;
  header?: Record<string, unknown>;
  alg?: string;
}

/** The EHR's JWT for one call: ES384, typ JWT, a fresh jti, five minutes. */
export function clientJwt({ key, audience, claims = {}, header = {}, alg = 'ES384' }: TokenOptions): Promise<string> {
  return new SignJWT({ jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg, typ: 'JWT', kid: key.kid, ...header })
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : ehrIssuer)
    .setAudience(audience)
    .setIssuedAt(typeof claims.iat === 'number' ? claims.iat : undefined)
    .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : '5m')
    .sign(key.privateKey);
}

/** The synthetic charts the sandbox serves, in a FHIR engine, to fill prefetch from as the sandbox EHR does. */
export interface SyntheticEhr {
  data: SandboxData;
  engine: FhirEngine;
  prefetchFor: (key: SandboxPatientKey) => Promise<{ context: PrefetchContext & { patientId: string }; prefetch: Record<string, unknown> }>;
}

export async function syntheticEhr(options: { largeChart?: boolean } = {}): Promise<SyntheticEhr> {
  const data = generateSandboxData({ largeChart: options.largeChart ?? false });
  const engine = await createFhirEngine();
  await engine.load(data.resources);
  return {
    data,
    engine,
    prefetchFor: async (key) => {
      const patient = data.patients.find((candidate) => candidate.key === key);
      if (patient === undefined) throw new Error(`No synthetic patient ${key}.`);
      const context = {
        patientId: patient.patientId,
        userId: `Practitioner/${data.practitioners[0]?.id ?? ''}`,
        ...(patient.activeEncounterIds[0] === undefined ? {} : { encounterId: patient.activeEncounterIds[0] }),
      };
      return { context, prefetch: await fillPrefetch(engine, 'https://ehr.test/fhir', prefetchTemplates, context) };
    },
  };
}

export const hookPath = `/cds-services/${serviceId}`;

/** A patient-view call as an EHR sends it. */
export function hookBody(context: Record<string, unknown>, prefetch?: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { hook: 'patient-view', hookInstance: randomUUID(), context, ...(prefetch === undefined ? {} : { prefetch }), ...extra };
}
