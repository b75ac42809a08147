import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { decideCard, type HookContext } from './card-policy';
import { ChartUnavailableError, prefetchTemplates, readChart, type FhirAccess } from './chart-read';
import { createClientVerifier, type ClientVerifierOptions, type VerifiedClient } from './client-auth';
import type { CdsConfig } from './config';
import { createLogger, loggableHookInstance, type LogSink } from './log';
import { isFhirId } from '../src/lib/fhir/fhir-ids';
import { field, isRecord, stringField } from '../src/lib/fhir/untrusted-json';

export const serviceId = 'lantern-safety-check-in';

/** The one service in discovery: neutral words, since EHR administrators' screens are seen by others too. */
export const serviceDescription = {
  hook: 'patient-view',
  id: serviceId,
  title: 'Safety check-in',
  description: 'Offers the clinician a private safety check-in with the patient, when the chart suggests one may help or on every emergency visit by policy.',
  prefetch: prefetchTemplates,
} as const;

/** A CDS Hooks card, as this service sends it. */
export interface SafetyCheckInCard {
  uuid: string;
  summary: string;
  indicator: 'info';
  source: { label: 'Lantern' };
  links: [{ label: string; url: string; type: 'smart' }];
}

/** Far above a full prefetch of the largest chart the app reads (a few hundred resources); a body beyond it is refused. */
const maxBodyBytes = 8 * 1024 * 1024;

export interface CdsServiceOptions extends ClientVerifierOptions {
  log?: LogSink;
  /** The instant whose calendar day (in the configured time zone) the indicator windows end on. */
  today?: () => Date;
}

/** Counts since start, for the health endpoint: nothing about any patient. */
export interface ServiceCounts {
  hookCalls: number;
  cards: number;
  feedback: number;
}

export interface CdsService {
  app: Hono;
  counts: ServiceCounts;
}

/**
 * The CDS Hooks 2.0 service: discovery, the `patient-view` hook and feedback, each behind the EHR's signed JWT, and
 * an unauthenticated health check for the load balancer. It keeps no state but counters and the `jti` window.
 */
export function createCdsService(config: CdsConfig, options: CdsServiceOptions = {}): CdsService {
  const log = createLogger(options.log ?? ((line) => process.stdout.write(`${line}\n`)));
  const verify = createClientVerifier(config, options);
  const today = options.today ?? (() => new Date());
  const counts: ServiceCounts = { hookCalls: 0, cards: 0, feedback: 0 };
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const endpoint = (path: string): string => `${config.publicUrl}${path}`;

  const app = new Hono();
  app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] }, crossOriginResourcePolicy: 'same-origin' }));
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  // Only browser-based EHRs need CORS, and only those named in the configuration get it.
  if (config.allowedOrigins.length > 0) {
    app.use('/cds-services/*', cors({ origin: config.allowedOrigins, allowMethods: ['GET', 'POST'], allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 }));
    app.use('/cds-services', cors({ origin: config.allowedOrigins, allowMethods: ['GET'], allowHeaders: ['Authorization'], maxAge: 600 }));
  }
  app.use(bodyLimit({ maxSize: maxBodyBytes, onError: (c) => problem(c, 413, 'too-costly', 'The request is too large.') }));

  const authorized = async (c: Context, path: string): Promise<VerifiedClient | undefined> => {
    const client = await verify(c.req.header('authorization'), endpoint(path));
    if (client === undefined) log({ event: 'unauthorized', detail: path });
    return client;
  };

  app.get('/health', (c) => c.json({ status: 'ok', ...counts }));

  app.get('/cds-services', async (c) => {
    if ((await authorized(c, '/cds-services')) === undefined) return unauthorized(c);
    log({ event: 'discovery', status: 200 });
    return c.json({ services: [serviceDescription] });
  });

  app.post(`/cds-services/${serviceId}`, async (c) => {
    const started = performance.now();
    const client = await authorized(c, `/cds-services/${serviceId}`);
    if (client === undefined) return unauthorized(c);
    counts.hookCalls += 1;
    let hookInstance = 'invalid';
    const finish = (status: ContentfulStatusCode, cards: SafetyCheckInCard[], outcome: string): Response => {
      counts.cards += cards.length;
      log({ event: 'hook', hookInstance, durationMs: Math.round((performance.now() - started) * 10) / 10, status, cards: cards.length, outcome });
      return status === 200 ? c.json({ cards }) : problem(c, status, status === 412 ? 'not-found' : 'invalid', outcomeSentence[outcome] ?? 'The request could not be handled.');
    };

    const body: unknown = await c.req.json().catch(() => undefined);
    hookInstance = loggableHookInstance(field(body, 'hookInstance'));
    const request = hookRequest(body);
    if (request === undefined) return finish(400, [], 'bad-request');
    try {
      const asOf = dayFormat.format(today());
      const read = await readChart(request.context.patientId, asOf, field(body, 'prefetch'), fhirAccess(body, client, config.fhirTimeoutMs));
      const decision = decideCard(request.context, read, config, asOf);
      return finish(200, decision.card ? [card(config)] : [], decision.reason);
    } catch (error) {
      if (error instanceof ChartUnavailableError) return finish(412, [], 'chart-unavailable');
      log({ event: 'failure', detail: error instanceof Error ? error.name : 'unknown' });
      return finish(500, [], 'failure');
    }
  });

  app.post(`/cds-services/${serviceId}/feedback`, async (c) => {
    if ((await authorized(c, `/cds-services/${serviceId}/feedback`)) === undefined) return unauthorized(c);
    const feedback = field(await c.req.json().catch(() => undefined), 'feedback');
    if (!Array.isArray(feedback) || !feedback.every(isRecord)) return problem(c, 400, 'invalid', 'Feedback must be an object with a "feedback" list.');
    // Counted and forgotten: which card a clinician acted on says something about a patient.
    counts.feedback += feedback.length;
    log({ event: 'feedback', status: 200, detail: feedback.length });
    return c.json({});
  });

  app.notFound((c) => problem(c, 404, 'not-found', 'There is nothing at this address.'));
  app.onError((error, c) => {
    log({ event: 'failure', detail: error.name });
    return problem(c, 500, 'exception', 'The service failed.');
  });

  return { app, counts };
}

const outcomeSentence: Readonly<Record<string, string>> = {
  'bad-request': 'The request is not a patient-view hook call with a patient id.',
  'chart-unavailable': 'The chart could not be read: it was not prefetched and the FHIR server gave no access to it.',
};

/** Lantern's card: one neutral sentence and a SMART link; nothing that names a concern, no suggestions or actions. */
function card(config: CdsConfig): SafetyCheckInCard {
  return {
    uuid: randomUUID(),
    summary: config.summary,
    indicator: 'info',
    source: { label: 'Lantern' },
    links: [{ label: config.linkLabel, url: config.launchUrl, type: 'smart' }],
  };
}

function hookRequest(body: unknown): { context: HookContext } | undefined {
  if (stringField(body, 'hook') !== 'patient-view') return undefined;
  const context = field(body, 'context');
  const patientId = field(context, 'patientId');
  const encounterId = field(context, 'encounterId');
  const userId = field(context, 'userId');
  if (!isFhirId(patientId) || (encounterId !== undefined && !isFhirId(encounterId)) || (userId !== undefined && typeof userId !== 'string')) return undefined;
  return { context: { patientId, encounterId, userId } };
}

/** The EHR's FHIR server, only when the configuration lists it for this issuer: the service never calls an address a request names. */
function fhirAccess(body: unknown, client: VerifiedClient, timeoutMs: number): FhirAccess | undefined {
  const serverUrl = stringField(body, 'fhirServer')?.replace(/\/+$/, '');
  const authorization = field(body, 'fhirAuthorization');
  const accessToken = stringField(authorization, 'access_token');
  if (serverUrl === undefined || accessToken === undefined || stringField(authorization, 'token_type')?.toLowerCase() !== 'bearer') return undefined;
  return client.issuer.fhirServers.includes(serverUrl) ? { serverUrl, accessToken, timeoutMs } : undefined;
}

function unauthorized(c: Context): Response {
  c.header('WWW-Authenticate', 'Bearer');
  return c.body(null, 401);
}

function problem(c: Context, status: ContentfulStatusCode, code: string, sentence: string): Response {
  const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: sentence }] };
  return c.json(outcome, status);
}
