import { isSystemBase } from '../lib/fhir/terminology';
import { isSameServer, isWithin, trustedUrl } from '../lib/smart/trusted-url';

/**
 * Runtime configuration, read from `lantern.config.json` next to the app, so an organisation deploys the same
 * static build everywhere and registers it with each EHR by editing one file.
 */
export interface EhrRegistration {
  /** Shown to people configuring Lantern, never to patients. */
  label: string;
  /** FHIR base URL (`iss`) this registration is for. A path (`/sandbox/fhir`) means on Lantern's own origin. */
  iss?: string;
  /** Matches every `iss` starting with this, for launchers that put the session in the URL. */
  issPrefix?: string;
  /** The client id this EHR issued to Lantern. */
  clientId: string;
  /**
   * Where restricted notes written to this EHR may appear, in the organisation's words ("Restricted notes are not
   * shown in the patient portal."): shown to the patient before anything is written.
   */
  recordVisibility?: string;
}

/** A facility's own number for immediate danger (security, social work on call, forensic nurse). */
export interface UrgentContact {
  label: string;
  number: string;
}

/** The minor's reporting duty is set by each jurisdiction; the organisation supplies its own wording. */
export interface ReportingNoticeConfig {
  jurisdiction: string;
  text: string;
}

/**
 * A FHIR server that needs no sign-in (HAPI-style test servers), launched with `fhirServiceUrl`, `patientId` and
 * `encounterId`. Only servers listed here are accepted: anyone can craft such a link, and Lantern must not send what
 * a clinician records to a server the organisation did not choose.
 */
export interface OpenServer {
  label: string;
  /** FHIR base URL; a path means on Lantern's own origin. Matched exactly. */
  fhirServiceUrl: string;
}

export interface LanternConfig {
  ehrs: EhrRegistration[];
  openServers: OpenServer[];
  /** The neutral title of the collapsed card; anyone may see it over a shoulder. */
  safetyCardTitle: string;
  reportingNotice: ReportingNoticeConfig;
  /** Canonical URLs of the organisation's own (validated, licensed) questionnaires; the defaults otherwise. */
  questionnaires: { adult?: string; youth?: string };
  /** Task-force partners as written in the file; the referral feature reads them (and says what is wrong). */
  directory: unknown;
  /** A directory entry whose `lastVerified` is older than this many days is marked "Not verified since …". */
  directoryStaleAfterDays: number;
  /** Confidentiality of everything Lantern writes: R (restricted, the default) or V (very restricted). */
  confidentiality: 'R' | 'V';
  /** The facility's own numbers, shown large when the outcome is immediate danger. */
  urgentContacts: UrgentContact[];
  /** The age at which the patient is an adult here (14–21, 18 unless the jurisdiction says otherwise). */
  ageOfMajority: number;
  /** Lantern hides itself after this many seconds without interaction in its window; 0 turns it off. */
  hideAfterIdleSeconds: number;
  /**
   * Whether the written QuestionnaireResponse repeats each question's wording (`item.text`). Off by default: the
   * canonical Questionnaire carries the wording, and the record is read where the patient's companion may read it.
   */
  recordQuestionText: boolean;
  /**
   * Whether everything written carries the SDV sensitivity label (abuse or domestic violence information). On by
   * default: DS4P-aware EHRs segment on it; it also says what kind of information this is to anyone who can read the
   * record's labels, so it is the organisation's choice.
   */
  sensitivityLabel: boolean;
  /**
   * The organisation's own URI base for the identifier and code systems Lantern writes into records and searches its
   * own record by: an https address without a trailing slash, or `urn:oid:`.
   */
  systemBase: string;
  /**
   * Who may use Lantern: the resource types of the signed-in user's `fhirUser` (from the id_token). Clinicians only by
   * default; an organisation that launches with other user types lists them.
   */
  allowedUserTypes: string[];
  /** Whether a user the EHR does not identify (no `fhirUser`) may use Lantern. Refused by default. */
  allowUnidentifiedUsers: boolean;
}

export const defaultAgeOfMajority = 18;

/**
 * Lantern's placeholder base, kept as the default for good: records written under it (every record before
 * `systemBase` existed) are found again only while it stays the same.
 */
export const defaultSystemBase = 'https://lantern.example/fhir';

/** Two minutes: long enough not to interrupt a conversation, short enough not to stay open on a shared workstation. */
export const defaultHideAfterIdleSeconds = 120;

/** Task forces check their partner list at least yearly (README "How a task force keeps its partner list current"). */
export const defaultDirectoryStaleAfterDays = 365;

export const defaultReportingNotice: ReportingNoticeConfig = {
  jurisdiction: 'United States',
  text:
    'Federal law treats a child who is sex trafficked as a victim of child abuse. Your state sets who must report and to whom ' +
    '(usually child protective services or law enforcement). Follow your facility’s child-protection policy.',
};

export const defaultSafetyCardTitle = 'Safety check-in';

/** Clinicians: the user types the SMART App Launch spec gives a clinician's `fhirUser`. */
export const defaultAllowedUserTypes: readonly string[] = ['Practitioner', 'PractitionerRole'];

export const runtimeConfigPath = 'lantern.config.json';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export async function loadRuntimeConfig(baseUrl: string): Promise<LanternConfig> {
  return parseConfig(await fetchRuntimeSettings(baseUrl));
}

/** The configuration file's JSON, not yet checked: the launch page keeps it with the launch, for the app page. */
export async function fetchRuntimeSettings(baseUrl: string): Promise<unknown> {
  const url = new URL(runtimeConfigPath, baseUrl);
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) throw new ConfigError(`Lantern's configuration file could not be loaded (${response.status}).`);
    return (await response.json()) as unknown;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError("Lantern's configuration file could not be loaded.", { cause: error });
  }
}

export function parseConfig(body: unknown): LanternConfig {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { ehrs?: unknown }).ehrs)) {
    throw new ConfigError("Lantern's configuration file has no list of EHR registrations (`ehrs`).");
  }
  const ehrs = (body as { ehrs: unknown[] }).ehrs.map((entry, index): EhrRegistration => {
    if (typeof entry !== 'object' || entry === null) {
      throw new ConfigError(`EHR registration ${index + 1} in Lantern's configuration needs a clientId and an iss or issPrefix.`);
    }
    const candidate = entry as Partial<Record<keyof EhrRegistration, unknown>>;
    const iss = optionalString(candidate.iss);
    const issPrefix = optionalString(candidate.issPrefix);
    if (typeof candidate.clientId !== 'string' || candidate.clientId === '' || (!iss && !issPrefix)) {
      throw new ConfigError(`EHR registration ${index + 1} in Lantern's configuration needs a clientId and an iss or issPrefix.`);
    }
    if (candidate.recordVisibility !== undefined && optionalString(candidate.recordVisibility) === undefined) {
      throw new ConfigError(`The recordVisibility of EHR registration ${index + 1} in Lantern's configuration must be a sentence.`);
    }
    const recordVisibility = optionalString(candidate.recordVisibility);
    return {
      label: optionalString(candidate.label) ?? `EHR ${index + 1}`,
      clientId: candidate.clientId,
      ...(iss ? { iss } : {}),
      ...(issPrefix ? { issPrefix } : {}),
      ...(recordVisibility ? { recordVisibility } : {}),
    };
  });
  const settings = body as {
    openServers?: unknown;
    safetyCardTitle?: unknown;
    reportingNotice?: unknown;
    questionnaires?: unknown;
    directory?: unknown;
    directoryStaleAfterDays?: unknown;
    confidentiality?: unknown;
    urgentContacts?: unknown;
    hideAfterIdleSeconds?: unknown;
    ageOfMajority?: unknown;
    recordQuestionText?: unknown;
    sensitivityLabel?: unknown;
    systemBase?: unknown;
    allowedUserTypes?: unknown;
    allowUnidentifiedUsers?: unknown;
  };
  if (settings.confidentiality !== undefined && settings.confidentiality !== 'R' && settings.confidentiality !== 'V') {
    throw new ConfigError('The confidentiality in Lantern’s configuration must be "R" (restricted) or "V" (very restricted).');
  }
  if (settings.recordQuestionText !== undefined && typeof settings.recordQuestionText !== 'boolean') {
    throw new ConfigError('The recordQuestionText in Lantern’s configuration must be true or false.');
  }
  if (settings.sensitivityLabel !== undefined && typeof settings.sensitivityLabel !== 'boolean') {
    throw new ConfigError('The sensitivityLabel in Lantern’s configuration must be true or false.');
  }
  if (settings.allowUnidentifiedUsers !== undefined && typeof settings.allowUnidentifiedUsers !== 'boolean') {
    throw new ConfigError('The allowUnidentifiedUsers in Lantern’s configuration must be true or false.');
  }
  return {
    ehrs,
    openServers: parseOpenServers(settings.openServers),
    safetyCardTitle: optionalString(settings.safetyCardTitle) ?? defaultSafetyCardTitle,
    reportingNotice: parseReportingNotice(settings.reportingNotice),
    questionnaires: parseQuestionnaires(settings.questionnaires),
    directory: settings.directory,
    directoryStaleAfterDays: parseDirectoryStaleAfterDays(settings.directoryStaleAfterDays),
    confidentiality: settings.confidentiality ?? 'R',
    urgentContacts: parseUrgentContacts(settings.urgentContacts),
    ageOfMajority: parseAgeOfMajority(settings.ageOfMajority),
    hideAfterIdleSeconds: parseHideAfterIdleSeconds(settings.hideAfterIdleSeconds),
    recordQuestionText: settings.recordQuestionText ?? false,
    sensitivityLabel: settings.sensitivityLabel ?? true,
    systemBase: parseSystemBase(settings.systemBase),
    allowedUserTypes: parseAllowedUserTypes(settings.allowedUserTypes),
    allowUnidentifiedUsers: settings.allowUnidentifiedUsers ?? false,
  };
}

function parseSystemBase(value: unknown): string {
  if (value === undefined) return defaultSystemBase;
  if (isSystemBase(value)) return value;
  throw new ConfigError(
    'The systemBase in Lantern’s configuration must be your organisation’s https address without a trailing slash ' +
      '(https://fhir.hospital.example/lantern) or an OID (urn:oid:2.16.840.1.113883.3.9999).',
  );
}

function parseAllowedUserTypes(value: unknown): string[] {
  if (value === undefined) return [...defaultAllowedUserTypes];
  if (!Array.isArray(value) || value.length === 0 || !value.every((type: unknown) => typeof type === 'string' && /^[A-Z][A-Za-z]+$/.test(type))) {
    throw new ConfigError(
      'The allowedUserTypes in Lantern’s configuration must list at least one FHIR resource type, such as "Practitioner".',
    );
  }
  return value as string[];
}

function parseUrgentContacts(value: unknown): UrgentContact[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError('`urgentContacts` in Lantern’s configuration must be a list.');
  return value.map((entry: unknown, index): UrgentContact => {
    const candidate = (typeof entry === 'object' && entry !== null ? entry : {}) as { label?: unknown; number?: unknown };
    const label = optionalString(candidate.label);
    const number = optionalString(candidate.number);
    if (!label || !number) throw new ConfigError(`Urgent contact ${index + 1} in Lantern's configuration needs a label and a number.`);
    return { label, number };
  });
}

function parseAgeOfMajority(value: unknown): number {
  if (value === undefined) return defaultAgeOfMajority;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 14 || value > 21) {
    throw new ConfigError('The ageOfMajority in Lantern’s configuration must be a whole number of years from 14 to 21.');
  }
  return value;
}

function parseDirectoryStaleAfterDays(value: unknown): number {
  if (value === undefined) return defaultDirectoryStaleAfterDays;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 3650) {
    throw new ConfigError('The directoryStaleAfterDays in Lantern’s configuration must be a whole number of days from 1 to 3650.');
  }
  return value;
}

function parseHideAfterIdleSeconds(value: unknown): number {
  if (value === undefined) return defaultHideAfterIdleSeconds;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 3600) {
    throw new ConfigError('The hideAfterIdleSeconds in Lantern’s configuration must be a whole number of seconds from 0 (off) to 3600.');
  }
  return value;
}

function parseOpenServers(value: unknown): OpenServer[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError('`openServers` in Lantern’s configuration must be a list.');
  return value.map((entry: unknown, index): OpenServer => {
    const candidate = (typeof entry === 'object' && entry !== null ? entry : {}) as { label?: unknown; fhirServiceUrl?: unknown };
    const fhirServiceUrl = optionalString(candidate.fhirServiceUrl);
    if (!fhirServiceUrl) throw new ConfigError(`Open server ${index + 1} in Lantern's configuration needs a fhirServiceUrl.`);
    return { label: optionalString(candidate.label) ?? `Open server ${index + 1}`, fhirServiceUrl };
  });
}

function parseReportingNotice(value: unknown): ReportingNoticeConfig {
  if (value === undefined) return defaultReportingNotice;
  const candidate = (typeof value === 'object' && value !== null ? value : {}) as { jurisdiction?: unknown; text?: unknown };
  const jurisdiction = optionalString(candidate.jurisdiction);
  const text = optionalString(candidate.text);
  if (!jurisdiction || !text) throw new ConfigError('The reporting notice in Lantern’s configuration needs a jurisdiction and a text.');
  return { jurisdiction, text };
}

function parseQuestionnaires(value: unknown): LanternConfig['questionnaires'] {
  const candidate = (typeof value === 'object' && value !== null ? value : {}) as { adult?: unknown; youth?: unknown };
  const adult = optionalString(candidate.adult);
  const youth = optionalString(candidate.youth);
  return { ...(adult ? { adult } : {}), ...(youth ? { youth } : {}) };
}

/**
 * The registration for the EHR that launched us; exact `iss` matches win over prefixes. Both are compared as URLs
 * (`trusted-url.ts`): same origin, whole path segments, and an `iss` with dot segments, userinfo or plain http
 * (loopback aside) matches nothing.
 */
export function registrationFor(config: Pick<LanternConfig, 'ehrs'>, iss: string, appOrigin: string): EhrRegistration | undefined {
  const launched = trustedUrl(iss, 'server').url;
  if (!launched) return undefined;
  const exact = config.ehrs.find((ehr) => ehr.iss !== undefined && matches(ehr.iss, appOrigin, (registered) => isSameServer(launched, registered)));
  return exact ?? config.ehrs.find((ehr) => ehr.issPrefix !== undefined && matches(ehr.issPrefix, appOrigin, (prefix) => isWithin(launched, prefix)));
}

/** The listed open server this `fhirServiceUrl` names, exactly; never a prefix match. */
export function openServerFor(config: Pick<LanternConfig, 'openServers'>, fhirServiceUrl: string, appOrigin: string): OpenServer | undefined {
  const launched = trustedUrl(fhirServiceUrl, 'server').url;
  if (!launched) return undefined;
  return config.openServers.find((server) => matches(server.fhirServiceUrl, appOrigin, (listed) => isSameServer(launched, listed)));
}

/** A configured address (a path means on Lantern's origin) that is itself trustworthy and passes `test`. */
function matches(configured: string, appOrigin: string, test: (url: URL) => boolean): boolean {
  const url = trustedUrl(configured, 'server', appOrigin).url;
  return url !== undefined && test(url);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
