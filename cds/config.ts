import { readFile } from 'node:fs/promises';
import { defaultSystemBase } from '../src/config/runtime-config';
import { isSystemBase } from '../src/lib/fhir/terminology';
import { field, isRecord } from '../src/lib/fhir/untrusted-json';

/** An EHR allowed to call the service: the JWT's `iss` and where its signing keys are published. */
export interface TrustedIssuer {
  iss: string;
  /** The JWK Set agreed out of band; used when the JWT carries no `jku`. */
  jwksUrl: string;
  /** JWK Set URLs this issuer may name in a JWT's `jku` header; any other `jku` is refused. */
  jku: string[];
  /** FHIR bases the service may read with the `fhirAuthorization` this issuer sends; none: prefetch only. */
  fhirServers: string[];
}

/** `indicators`: a card only when the chart holds a clinical indicator. `every-emergency-visit`: also on every emergency visit. */
export type CardMode = 'indicators' | 'every-emergency-visit';

export interface CdsConfig {
  /** The base URL EHRs call (no trailing slash); every JWT's `aud` is an endpoint under it. */
  publicUrl: string;
  /** Lantern's launch page, the card's SMART link. */
  launchUrl: string;
  trustedIssuers: TrustedIssuer[];
  mode: CardMode;
  /** The card's one sentence, seen by anyone looking at the chart: neutral words only. */
  summary: string;
  /** The link's words. */
  linkLabel: string;
  /** Browser-based EHRs allowed to call the service (CORS); none by default. */
  allowedOrigins: string[];
  /** Allowance for clocks that differ, applied to `exp` and `iat`. */
  clockSkewSeconds: number;
  /** The oldest `iat` accepted; also how long a `jti` is remembered. */
  maxTokenAgeSeconds: number;
  /** The IANA time zone whose calendar day the indicator windows end on. */
  timeZone: string;
  /** Per-request limit when the service reads the EHR's FHIR server itself. */
  fhirTimeoutMs: number;
  /**
   * The `systemBase` of Lantern's own configuration: Lantern's records are recognised by the identifier system under
   * it, so a different value here would raise a second card on a visit Lantern has already recorded.
   */
  systemBase: string;
}

export class CdsConfigError extends Error {
  override readonly name = 'CdsConfigError';
}

const defaults = {
  mode: 'indicators',
  summary: 'Safety check-in available',
  linkLabel: 'Open safety check-in',
  allowedOrigins: [],
  clockSkewSeconds: 30,
  maxTokenAgeSeconds: 300,
  timeZone: 'UTC',
  fhirTimeoutMs: 5_000,
  systemBase: defaultSystemBase,
} as const satisfies Partial<CdsConfig>;

const knownKeys = new Set(['publicUrl', 'launchUrl', 'trustedIssuers', ...Object.keys(defaults)]);

/** Validates the service's configuration; every problem is one plain sentence, and the first one found is thrown. */
export function parseCdsConfig(value: unknown): CdsConfig {
  if (!isRecord(value)) throw new CdsConfigError('The CDS service configuration must be a JSON object.');
  const unknown = Object.keys(value).find((key) => !knownKeys.has(key));
  if (unknown !== undefined) throw new CdsConfigError(`The CDS service configuration has a setting it does not know: "${unknown}".`);
  const mode = field(value, 'mode') ?? defaults.mode;
  if (mode !== 'indicators' && mode !== 'every-emergency-visit') {
    throw new CdsConfigError('"mode" must be "indicators" or "every-emergency-visit".');
  }
  const summary = optionalText(value, 'summary', defaults.summary);
  // CDS Hooks: a one-sentence summary under 140 characters.
  if (summary.length >= 140) throw new CdsConfigError('"summary" must be shorter than 140 characters.');
  return {
    publicUrl: httpUrl(field(value, 'publicUrl'), '"publicUrl"').replace(/\/+$/, ''),
    launchUrl: httpUrl(field(value, 'launchUrl'), '"launchUrl"'),
    trustedIssuers: trustedIssuers(field(value, 'trustedIssuers')),
    mode,
    summary,
    linkLabel: optionalText(value, 'linkLabel', defaults.linkLabel),
    allowedOrigins: origins(field(value, 'allowedOrigins') ?? defaults.allowedOrigins),
    clockSkewSeconds: wholeNumber(value, 'clockSkewSeconds', defaults.clockSkewSeconds, 0, 300),
    maxTokenAgeSeconds: wholeNumber(value, 'maxTokenAgeSeconds', defaults.maxTokenAgeSeconds, 10, 3_600),
    timeZone: timeZone(field(value, 'timeZone') ?? defaults.timeZone),
    fhirTimeoutMs: wholeNumber(value, 'fhirTimeoutMs', defaults.fhirTimeoutMs, 100, 60_000),
    systemBase: systemBase(field(value, 'systemBase') ?? defaults.systemBase),
  };
}

/** Reads and validates the file LANTERN_CDS_CONFIG names. */
export async function loadCdsConfig(path: string | undefined): Promise<CdsConfig> {
  if (!path) throw new CdsConfigError('Set LANTERN_CDS_CONFIG to the path of the CDS service configuration file (JSON).');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CdsConfigError(`The CDS service configuration file ${path} could not be read.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CdsConfigError(`The CDS service configuration file ${path} is not valid JSON.`);
  }
  return parseCdsConfig(json);
}

function systemBase(value: unknown): string {
  if (isSystemBase(value)) return value;
  throw new CdsConfigError(
    '"systemBase" must be the same as in Lantern’s configuration: an https address without a trailing slash or an OID (urn:oid:…).',
  );
}

function trustedIssuers(value: unknown): TrustedIssuer[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new CdsConfigError('"trustedIssuers" must list at least one EHR, each as { "iss", "jwksUrl" }.');
  }
  return value.map((entry: unknown, index) => {
    const where = `trustedIssuers[${index}]`;
    if (!isRecord(entry)) throw new CdsConfigError(`${where} must be an object with "iss" and "jwksUrl".`);
    const iss = field(entry, 'iss');
    if (typeof iss !== 'string' || iss.trim() === '') throw new CdsConfigError(`${where}.iss must be the EHR's issuer, a non-empty string.`);
    return {
      iss,
      jwksUrl: httpUrl(field(entry, 'jwksUrl'), `${where}.jwksUrl`),
      jku: urlList(field(entry, 'jku'), `${where}.jku`),
      fhirServers: urlList(field(entry, 'fhirServers'), `${where}.fhirServers`).map((url) => url.replace(/\/+$/, '')),
    };
  });
}

function urlList(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new CdsConfigError(`${name} must be a list of URLs.`);
  return value.map((item: unknown) => httpUrl(item, name));
}

function httpUrl(value: unknown, name: string): string {
  if (typeof value !== 'string' || !URL.canParse(value)) throw new CdsConfigError(`${name} must be an absolute URL.`);
  const { protocol } = new URL(value);
  if (protocol !== 'https:' && protocol !== 'http:') throw new CdsConfigError(`${name} must be an http or https URL.`);
  return value;
}

function origins(value: unknown): string[] {
  if (!Array.isArray(value)) throw new CdsConfigError('"allowedOrigins" must be a list of origins.');
  return value.map((item: unknown) => {
    if (typeof item !== 'string' || !URL.canParse(item) || new URL(item).origin !== item) {
      throw new CdsConfigError('Each of "allowedOrigins" must be an origin such as https://ehr.example.org, without a path.');
    }
    return item;
  });
}

function optionalText(config: Readonly<Record<string, unknown>>, key: string, fallback: string): string {
  const value = field(config, key) ?? fallback;
  if (typeof value !== 'string' || value.trim() === '') throw new CdsConfigError(`"${key}" must be a non-empty string.`);
  return value;
}

function wholeNumber(config: Readonly<Record<string, unknown>>, key: string, fallback: number, min: number, max: number): number {
  const value = field(config, key) ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new CdsConfigError(`"${key}" must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

function timeZone(value: unknown): string {
  if (typeof value !== 'string') throw new CdsConfigError('"timeZone" must be an IANA time zone such as America/Chicago.');
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: value });
  } catch {
    throw new CdsConfigError(`"timeZone" must be an IANA time zone such as America/Chicago, not "${value}".`);
  }
  return value;
}
