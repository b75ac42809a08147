import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';
import { randomUUID } from 'node:crypto';
import { parseCdsConfig } from '../../cds/config';
import type { LogSink } from '../../cds/log';
import { serveCdsService, type ServedCdsService } from '../../cds/serve';
import { fillPrefetch, type PrefetchContext } from './cds-prefetch';
import type { FhirEngine } from './fhir-engine';

/** The sandbox EHR as a CDS Hooks client: its own signing key, its JWK Set, and the patient-view call it makes on opening a chart. */

/** Where the sandbox EHR publishes its JWK Set, under its own path. */
export const sandboxJwksPath = '/sandbox/ehr/.well-known/jwks.json';

/** The sandbox EHR's JWT issuer. */
export function sandboxCdsIssuer(origin: string): string {
  return `${origin}/sandbox/ehr`;
}

/** A card as the EHR reads it from the service: untrusted JSON, shown as text. */
export interface AdvisoryCard {
  summary: string;
  source: string;
  links: { label: string; url: string; type: string }[];
}

export type PatientViewResult = { cards: AdvisoryCard[] } | { unavailable: string };

export interface SandboxCdsClient {
  jwks: JSONWebKeySet;
  /** Calls the service's patient-view hook with prefetch filled from the sandbox's data. */
  patientView: (context: PrefetchContext & { patientId: string; userId: string }) => Promise<PatientViewResult>;
}

export interface SandboxCdsClientOptions {
  origin: string;
  /** The CDS service's base URL (its discovery is at `${serviceUrl}/cds-services`). */
  serviceUrl: string;
  engine: FhirEngine;
  fhirBaseUrl: string;
}

export async function createSandboxCdsClient(options: SandboxCdsClientOptions): Promise<SandboxCdsClient> {
  const { privateKey, publicKey } = await generateKeyPair('ES384');
  const kid = randomUUID();
  const issuer = sandboxCdsIssuer(options.origin);
  const jwt = (audience: string): Promise<string> =>
    new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid, jku: `${options.origin}${sandboxJwksPath}` })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(privateKey);
  const call = async (path: string, body?: unknown): Promise<unknown> => {
    const url = `${options.serviceUrl}${path}`;
    const response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${await jwt(url)}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`The CDS service answered ${String(response.status)}.`);
    return response.json();
  };
  // Discovered once, as an EHR does when the service is registered.
  let discovered: Promise<{ id: string; prefetch: Record<string, string> }> | undefined;
  const discover = (): Promise<{ id: string; prefetch: Record<string, string> }> =>
    (discovered ??= call('/cds-services').then(patientViewService).catch((error: unknown) => {
      discovered = undefined;
      throw error;
    }));

  return {
    jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' }] },
    patientView: async (context) => {
      try {
        const service = await discover();
        const prefetch = await fillPrefetch(options.engine, options.fhirBaseUrl, service.prefetch, context);
        const answer = await call(`/cds-services/${service.id}`, { hook: 'patient-view', hookInstance: randomUUID(), context, prefetch });
        return { cards: cardsOf(answer) };
      } catch (error) {
        return { unavailable: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

function patientViewService(discovery: unknown): { id: string; prefetch: Record<string, string> } {
  const services = (discovery as { services?: unknown } | null)?.services;
  const found = Array.isArray(services) ? (services as { hook?: unknown; id?: unknown; prefetch?: unknown }[]).find((service) => service.hook === 'patient-view') : undefined;
  if (typeof found?.id !== 'string') throw new Error('The CDS service offers no patient-view service.');
  const prefetch = typeof found.prefetch === 'object' && found.prefetch !== null ? (found.prefetch as Record<string, unknown>) : {};
  return { id: found.id, prefetch: Object.fromEntries(Object.entries(prefetch).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) };
}

function cardsOf(answer: unknown): AdvisoryCard[] {
  const cards = (answer as { cards?: unknown } | null)?.cards;
  if (!Array.isArray(cards)) return [];
  return cards.map((card: { summary?: unknown; source?: { label?: unknown }; links?: unknown }) => ({
    summary: typeof card.summary === 'string' ? card.summary : '',
    source: typeof card.source?.label === 'string' ? card.source.label : '',
    links: Array.isArray(card.links)
      ? (card.links as { label?: unknown; url?: unknown; type?: unknown }[]).flatMap((link) =>
          typeof link.label === 'string' && typeof link.url === 'string' && typeof link.type === 'string' ? [{ label: link.label, url: link.url, type: link.type }] : [],
        )
      : [],
  }));
}

export interface SandboxCdsServiceOptions {
  origin: string;
  /** Where Lantern's launch page is served, when not on the sandbox's origin. */
  appOrigin?: string | undefined;
  port: number;
  /** FHIR bases the service may read with a token (every sandbox base). */
  fhirServers: string[];
  /** Where the service's log lines go; stdout by default, as in production. */
  log?: LogSink;
}

/** Lantern's CDS service, configured to trust this sandbox EHR's key (its JWK Set, fetched over HTTP) and to launch Lantern. */
export function startSandboxCdsService(options: SandboxCdsServiceOptions): Promise<ServedCdsService> {
  const jwksUrl = `${options.origin}${sandboxJwksPath}`;
  return serveCdsService(
    (url) =>
      parseCdsConfig({
        publicUrl: url,
        launchUrl: `${options.appOrigin ?? options.origin}/launch.html`,
        trustedIssuers: [{ iss: sandboxCdsIssuer(options.origin), jwksUrl, jku: [jwksUrl], fhirServers: options.fhirServers }],
      }),
    { port: options.port, hostname: 'localhost' },
    options.log === undefined ? {} : { log: options.log },
  );
}
