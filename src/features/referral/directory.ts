import type { CodeableConcept, Coding, ContactPoint, HealthcareService, HealthcareServiceAvailableTime } from 'fhir/r4';
import { ConfigError } from '../../config/runtime-config';
import { hoursText, isClockTime, isDay, isOpenNow, isTimeZone, type OpenNow } from './opening-hours';
import type { AgesServed, DirectoryEntry, DirectoryEntryKind } from './referral-types';
import { isFhirId, isRelativeReference } from '../../lib/fhir/fhir-ids';
import { plainText } from '../../lib/fhir/untrusted-json';

/**
 * The referral directory: the organisation's partners from configuration, `HealthcareService` resources from the
 * EHR, and the National Human Trafficking Hotline, which is always there.
 */

/** The National Human Trafficking Hotline's numbers (docs/clinical.md "Resources and minors' reporting duty"), written once. */
export const hotlineNumbers = { call: '1-888-373-7888', text: '233733', tty: '711' } as const;

/** What the record shows for a service that has no neutral display of its own: nothing that says what it is for. */
export const neutralRecordDisplay = 'Community support service';

/** The neutral display a written referral gives this service (never its name, which may say what it is for). */
export function recordDisplayOf(entry: DirectoryEntry): string {
  return entry.recordDisplay ?? neutralRecordDisplay;
}

/** The hotline serves everyone, at any hour, in 200+ languages, and is not law enforcement. */
export const nationalHotline: DirectoryEntry = {
  id: 'hotline',
  name: 'National Human Trafficking Hotline',
  recordDisplay: 'Community support line',
  serviceType: 'Hotline',
  languages: ['English', 'Spanish', '200+ languages through interpreters'],
  availableTime: [{ allDay: true }],
  hours: '24/7',
  agesServed: 'all',
  contact: `Call ${hotlineNumbers.call} · Text ${hotlineNumbers.text} · TTY ${hotlineNumbers.tty}`,
  source: 'national',
};

/** Longest text kept from configuration or the server: enough for any real name, short enough for a 360 px list. */
const maxTextLength = 200;


/**
 * Reads the `directory` list of Lantern's configuration. Nothing or an empty list is a directory of none (the
 * hotline is added later); anything malformed is a ConfigError naming the entry and the field to fix.
 */
export function directoryFromConfig(entries: unknown): DirectoryEntry[] {
  if (entries === undefined || entries === null) return [];
  if (!Array.isArray(entries)) {
    throw new ConfigError('The referral directory in Lantern’s configuration (`directory`) must be a list of services.');
  }
  const seenIds = new Set<string>();
  return entries.map((value: unknown, index): DirectoryEntry => {
    const where = `Referral directory entry ${index + 1} in Lantern’s configuration`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ConfigError(`${where} must be an object with a name, a serviceType and a contact.`);
    }
    const candidate = value as Partial<Record<keyof DirectoryEntry, unknown>>;
    const name = requiredText(candidate.name, `${where} needs a name.`);
    const serviceType = requiredText(candidate.serviceType, `${where} (${name}) needs a serviceType, such as "Shelter" or "Legal aid".`);
    const contact = requiredText(candidate.contact, `${where} (${name}) needs a contact: a phone number, text line or address.`);
    const id = `config:${optionalText(candidate.id) ?? String(index + 1)}`;
    if (seenIds.has(id)) throw new ConfigError(`${where} (${name}) repeats the id "${id.slice('config:'.length)}".`);
    seenIds.add(id);
    const entry: DirectoryEntry = {
      id,
      name,
      serviceType,
      contact,
      languages: configLanguages(candidate.languages, `${where} (${name})`),
      source: 'configuration',
    };
    const named = `${where} (${name})`;
    const recordDisplay = optionalText(candidate.recordDisplay);
    if (recordDisplay) entry.recordDisplay = recordDisplay;
    const kind = configKind(candidate.kind, named);
    if (kind) entry.kind = kind;
    const performerReference = configReference(candidate.performerReference, ['HealthcareService', 'Organization', 'PractitionerRole'], 'performerReference', named);
    if (performerReference) entry.performerReference = performerReference;
    const healthcareServiceReference = configReference(candidate.healthcareServiceReference, ['HealthcareService'], 'healthcareServiceReference', named);
    if (healthcareServiceReference) entry.healthcareServiceReference = healthcareServiceReference;
    const recipientReference = configReference(candidate.recipientReference, recipientTypes, 'recipientReference', named);
    if (kind === 'warm-handoff' && !recipientReference) {
      throw new ConfigError(`${named} is a warm handoff and needs a recipientReference: whom Lantern pages.`);
    }
    if (recipientReference) {
      if (kind !== 'warm-handoff') throw new ConfigError(`${named} has a recipientReference, which only a "warm-handoff" entry may have.`);
      entry.recipientReference = recipientReference;
    }
    const ownerReference = configReference(candidate.ownerReference, ['Organization'], 'ownerReference', named);
    if (ownerReference) entry.ownerReference = ownerReference;
    if (candidate.code !== undefined) entry.code = configCoding(candidate.code, named);
    const availableTime = configAvailableTime(candidate.availableTime, named);
    if (availableTime) entry.availableTime = availableTime;
    if (candidate.timeZone !== undefined) {
      if (!isTimeZone(candidate.timeZone)) throw new ConfigError(`${named} has a timeZone that is not an IANA time zone such as "America/Chicago".`);
      entry.timeZone = candidate.timeZone;
    }
    const hours = hoursText(availableTime ?? [], optionalText(candidate.hours));
    if (hours) entry.hours = hours;
    if (candidate.agesServed !== undefined) {
      if (!isAgesServed(candidate.agesServed)) throw new ConfigError(`${named} has agesServed other than "adult", "youth" or "all".`);
      entry.agesServed = candidate.agesServed;
    }
    if (candidate.lastVerified !== undefined) {
      if (!isCalendarDate(candidate.lastVerified)) throw new ConfigError(`${named} has a lastVerified that is not a date written YYYY-MM-DD.`);
      entry.lastVerified = candidate.lastVerified;
    }
    return entry;
  });
}

/** Whom a warm handoff may page: a service, a role, a team or an organisation on the EHR. */
const recipientTypes = ['HealthcareService', 'PractitionerRole', 'CareTeam', 'Organization'] as const;

function configKind(value: unknown, where: string): DirectoryEntryKind | undefined {
  if (value === undefined) return undefined;
  if (value === 'referral' || value === 'warm-handoff') return value;
  throw new ConfigError(`${where} has a kind other than "referral" or "warm-handoff".`);
}

function configReference(value: unknown, types: readonly string[], setting: string, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isRelativeReference(value, types)) {
    const shapes = types.map((type) => `"${type}/<id>"`);
    const expected = shapes.length === 1 ? (shapes[0] ?? '') : `${shapes.slice(0, -1).join(', ')} or ${shapes.at(-1) ?? ''}`;
    throw new ConfigError(`${where} has a ${setting} that is not ${expected}.`);
  }
  return value;
}

/** Configured hours must be complete: each slot all day, or with an opening and a closing time. */
function configAvailableTime(value: unknown, where: string): HealthcareServiceAvailableTime[] | undefined {
  if (value === undefined) return undefined;
  const problem = `${where} lists its availableTime wrongly: each item needs daysOfWeek ("mon"…"sun") and either "allDay": true or an availableStartTime and an availableEndTime ("09:00").`;
  if (!Array.isArray(value)) throw new ConfigError(problem);
  return value.map((item: unknown): HealthcareServiceAvailableTime => {
    const slot = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const days = slot.daysOfWeek;
    if (days !== undefined && !(Array.isArray(days) && days.every(isDay))) throw new ConfigError(problem);
    const dayList = Array.isArray(days) ? days.filter(isDay) : undefined;
    if (slot.allDay === true) return dayList ? { daysOfWeek: dayList, allDay: true } : { allDay: true };
    if (!isClockTime(slot.availableStartTime) || !isClockTime(slot.availableEndTime)) throw new ConfigError(problem);
    const hours = { availableStartTime: slot.availableStartTime, availableEndTime: slot.availableEndTime };
    return dayList ? { daysOfWeek: dayList, ...hours } : hours;
  });
}

function isAgesServed(value: unknown): value is AgesServed {
  return value === 'adult' || value === 'youth' || value === 'all';
}

/** A real calendar day written YYYY-MM-DD ("2025-02-30" is not one). */
function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function configLanguages(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw new ConfigError(`${where} lists its languages as something other than a list of names.`);
  }
  return unique(value.flatMap((language) => optionalText(language) ?? []));
}

function configCoding(value: unknown, where: string): Coding {
  const candidate = (typeof value === 'object' && value !== null ? value : {}) as { system?: unknown; code?: unknown; display?: unknown };
  const system = optionalText(candidate.system);
  const code = optionalText(candidate.code);
  if (!system || !code) throw new ConfigError(`${where} has a referral code without a system and a code.`);
  const display = optionalText(candidate.display);
  return display ? { system, code, display } : { system, code };
}

function requiredText(value: unknown, message: string): string {
  const text = optionalText(value);
  if (!text) throw new ConfigError(message);
  return text;
}

/**
 * Text from configuration or a FHIR server is shown as-is by React (never as HTML); the one sanitiser drops control
 * and direction-override characters (which can disguise what is displayed) and cuts it to a length the list can show.
 */
function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? plainText(value, maxTextLength) : undefined;
}

/**
 * One directory entry for a service on the EHR, or undefined when it cannot be one: no id (nothing to refer
 * to), no name (nothing to show) or marked inactive.
 *
 * - `lastVerified` is the day of `meta.lastUpdated`. R4 has no element for "someone confirmed these details", and
 *   the National Directory IG's `base-ext-verification-status` extension carries a status without a date (the date
 *   lives in a separate VerificationResult, which would need another read and another scope). The day the record
 *   last changed stands in for it: an optimistic one, since a record can change without a check, so the README asks
 *   directory teams to re-save each service after checking it.
 * - `agesServed` comes from `eligibility[].code` (its text, displays and codes): words for young people ("youth",
 *   "minor", "child", "adolescent", "teen", "pediatric") and for adults ("adult"); both, or "all ages", is all.
 *   Nothing recognisable leaves it unknown.
 * - `ownerReference` is `providedBy`, the Organization that would own a referral Task.
 */
export function directoryEntryFromHealthcareService(service: HealthcareService): DirectoryEntry | undefined {
  const id = isFhirId(service.id) ? service.id : undefined;
  const name = optionalText(service.name);
  if (!id || !name || service.active === false) return undefined;
  const entry: DirectoryEntry = {
    id: `HealthcareService/${id}`,
    name,
    serviceType: firstConceptName(arrayOf(service.type)) ?? firstConceptName(arrayOf(service.category)) ?? 'Community service',
    performerReference: `HealthcareService/${id}`,
    languages: unique(arrayOf(service.communication).map(languageName).filter((language): language is string => language !== undefined)),
    contact: contactText(arrayOf(service.telecom)) ?? 'No contact details on record',
    source: 'server',
  };
  const availableTime = serverAvailableTime(arrayOf(service.availableTime));
  if (availableTime.length > 0) entry.availableTime = availableTime;
  const hours = hoursText(availableTime, optionalText(service.availabilityExceptions));
  if (hours) entry.hours = hours;
  const agesServed = agesServedBy(arrayOf(service.eligibility).map((eligibility) => eligibility.code));
  if (agesServed) entry.agesServed = agesServed;
  const lastUpdated = service.meta?.lastUpdated;
  const lastVerified = typeof lastUpdated === 'string' ? lastUpdated.slice(0, 10) : undefined;
  if (isCalendarDate(lastVerified)) entry.lastVerified = lastVerified;
  const owner = service.providedBy?.reference;
  if (isRelativeReference(owner, ['Organization'])) entry.ownerReference = owner;
  return entry;
}

/** The server's slots with only what Lantern can read (known days, well-formed times, allDay); empty ones dropped. */
function serverAvailableTime(times: readonly HealthcareServiceAvailableTime[]): HealthcareServiceAvailableTime[] {
  return times.flatMap((time) => {
    const slot: HealthcareServiceAvailableTime = {};
    const days = arrayOf(time.daysOfWeek).filter(isDay);
    if (days.length > 0) slot.daysOfWeek = days;
    if (time.allDay === true) slot.allDay = true;
    if (isClockTime(time.availableStartTime)) slot.availableStartTime = time.availableStartTime;
    if (isClockTime(time.availableEndTime)) slot.availableEndTime = time.availableEndTime;
    return Object.keys(slot).length > 0 ? [slot] : [];
  });
}

const youthWords = /\b(youth|young people|minors?|child(ren)?|adolescents?|teens?|teenagers?|pa?ediatric)\b/;
const adultWords = /\badults?\b/;
const allAgesWords = /\ball ages\b/;

function agesServedBy(concepts: readonly (CodeableConcept | undefined)[]): AgesServed | undefined {
  const words = concepts
    .flatMap((concept) => (concept ? [concept.text, ...arrayOf(concept.coding).flatMap((coding) => [coding.display, coding.code])] : []))
    .map((text) => (typeof text === 'string' ? foldText(text) : ''))
    .join(' | ');
  const youth = youthWords.test(words);
  const adult = adultWords.test(words);
  if (allAgesWords.test(words) || (youth && adult)) return 'all';
  if (youth) return 'youth';
  return adult ? 'adult' : undefined;
}

/** Server data is untrusted: a field that should be a list may be missing or something else. */
function arrayOf<T>(value: readonly T[] | undefined): readonly T[] {
  return isList(value) ? (value ?? []) : [];
}

/** Array.isArray without its narrowing, which would turn a typed list into any[]. */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}

/** The first readable name among a service's concepts: a text, else a coding's display. */
function firstConceptName(concepts: readonly CodeableConcept[]): string | undefined {
  for (const concept of concepts) {
    const text = optionalText(concept.text) ?? arrayOf(concept.coding).map((coding) => optionalText(coding.display)).find(Boolean);
    if (text) return text;
  }
  return undefined;
}

const languageDisplayNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** "Spanish" rather than "es": the display, the text, or the BCP-47 code's English name. */
function languageName(concept: CodeableConcept): string | undefined {
  const given = firstConceptName([concept]);
  if (given) return given;
  const code = arrayOf(concept.coding)
    .map((coding) => optionalText(coding.code))
    .find(Boolean);
  if (!code) return undefined;
  try {
    return languageDisplayNames.of(code) ?? code;
  } catch {
    // Not a well-formed language tag: show what the server sent rather than drop the language.
    return code;
  }
}

const telecomLabels: Partial<Record<NonNullable<ContactPoint['system']>, string>> = {
  phone: 'Call',
  sms: 'Text',
  email: 'Email',
  url: 'Web',
  fax: 'Fax',
};

function contactText(telecom: readonly ContactPoint[]): string | undefined {
  const parts = telecom
    .filter((point) => point.use !== 'old')
    .map((point) => {
      const value = optionalText(point.value);
      if (!value) return undefined;
      const label = point.system ? telecomLabels[point.system] : undefined;
      return label ? `${label} ${value}` : value;
    })
    .filter((part): part is string => part !== undefined);
  return parts.length > 0 ? unique(parts).join(' · ') : undefined;
}

/**
 * Hotline first, then configuration, then the server. The hotline leads because it is the one choice that always
 * fits (any hour, any language) and must stay in view at the top of a long list on a narrow screen.
 *
 * Two entries are one service when they name the same HealthcareService (a `performerReference`,
 * `healthcareServiceReference` or warm-handoff `recipientReference` of `HealthcareService/<id>`), or have the same
 * name and contact once case, accents and punctuation are set aside. The entry met first keeps its place and
 * every field it sets; the other fills in the rest. Configuration comes before the server, so the task force's
 * wording, contact, hours, ages and verification date win, and the server adds its reference, its owner, its
 * languages when none are configured, and its hours when none are configured. Hours travel as one unit
 * (`availableTime`, `timeZone`, `hours`), so a list never shows one source's text over the other's times. The
 * hotline is always there once, and never changed by a configured copy of it.
 */
export function mergeDirectory(config: readonly DirectoryEntry[], server: readonly DirectoryEntry[]): DirectoryEntry[] {
  const merged: DirectoryEntry[] = [nationalHotline];
  const byKey = new Map<string, number>([[duplicateKey(nationalHotline), 0]]);
  const byReference = new Map<string, number>();
  const remember = (entry: DirectoryEntry, index: number): void => {
    byKey.set(duplicateKey(entry), index);
    for (const reference of serviceReferencesOf(entry)) byReference.set(reference, index);
  };
  for (const entry of [...config, ...server]) {
    if (entry.source === 'national') continue;
    const existing = byKey.get(duplicateKey(entry)) ?? serviceReferencesOf(entry).map((reference) => byReference.get(reference)).find((index) => index !== undefined);
    const kept = existing === undefined ? undefined : merged[existing];
    if (existing === undefined || !kept) {
      remember(entry, merged.length);
      merged.push(entry);
    } else if (kept.source !== 'national') {
      merged[existing] = fillIn(kept, entry);
      remember(entry, existing);
    }
  }
  return merged;
}

/** The HealthcareService references an entry names, by which its copies are found. */
function serviceReferencesOf(entry: DirectoryEntry): string[] {
  return [entry.performerReference, entry.healthcareServiceReference, entry.recipientReference].filter(
    (reference): reference is string => reference?.startsWith('HealthcareService/') === true,
  );
}

/** `kept` with the fields it leaves unset taken from `other` (see mergeDirectory). */
function fillIn(kept: DirectoryEntry, other: DirectoryEntry): DirectoryEntry {
  const filled: DirectoryEntry = { ...other, ...kept };
  if (kept.languages.length === 0) filled.languages = other.languages;
  const keptHours = kept.availableTime !== undefined || kept.hours !== undefined || kept.timeZone !== undefined;
  const hoursFrom = keptHours ? kept : other;
  delete filled.availableTime;
  delete filled.timeZone;
  delete filled.hours;
  if (hoursFrom.availableTime) filled.availableTime = hoursFrom.availableTime;
  if (hoursFrom.timeZone) filled.timeZone = hoursFrom.timeZone;
  if (hoursFrom.hours) filled.hours = hoursFrom.hours;
  return filled;
}

function duplicateKey(entry: DirectoryEntry): string {
  // Contacts compare by their letters and digits only: "Call 555-0142" and "call 5550142" are one line.
  return `${foldText(entry.name)}|${foldText(entry.contact).replace(/[^\p{L}\p{N}]/gu, '')}`;
}

export interface DirectoryFilters {
  /** Exact service type, as shown ("Shelter"). */
  serviceType?: string;
  /** A language the service offers; matched like the search words. */
  language?: string;
}

/**
 * Entries whose name, service type or languages contain every word of the query, ignoring case and accents
 * ("asesoria legal" finds "Asesoría legal"). The national hotline is never filtered out: it always fits.
 */
export function searchDirectory(entries: readonly DirectoryEntry[], query: string, filters: DirectoryFilters = {}): DirectoryEntry[] {
  const words = foldText(query).split(' ').filter(Boolean);
  const language = filters.language ? foldText(filters.language) : undefined;
  const serviceType = filters.serviceType ? foldText(filters.serviceType) : undefined;
  return entries.filter((entry) => {
    if (entry.source === 'national') return true;
    if (serviceType && foldText(entry.serviceType) !== serviceType) return false;
    if (language && !entry.languages.some((offered) => foldText(offered).includes(language))) return false;
    const haystack = foldText([entry.name, entry.serviceType, ...entry.languages].join(' '));
    return words.every((word) => haystack.includes(word));
  });
}

/** Lower case, no accents, single spaces. */
function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Whether an entry's details were confirmed recently enough to trust without a second look. */
export type Verification = { status: 'current' } | { status: 'stale'; lastVerified: string } | { status: 'no-date' };

const dayMs = 24 * 60 * 60_000;

/**
 * Current when `lastVerified` is at most `staleAfterDays` days before `now` (counted in whole UTC days); stale
 * after that; no date when nobody has said. The built-in hotline is kept current with Lantern's releases.
 */
export function verificationOf(entry: DirectoryEntry, now: Date, staleAfterDays: number): Verification {
  if (entry.source === 'national') return { status: 'current' };
  if (!entry.lastVerified) return { status: 'no-date' };
  const verifiedDay = Date.parse(`${entry.lastVerified}T00:00:00Z`);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return (today - verifiedDay) / dayMs > staleAfterDays ? { status: 'stale', lastVerified: entry.lastVerified } : { status: 'current' };
}

export interface DirectoryOrder {
  /** The patient is or may be a minor: youth services first. */
  youthFirst: boolean;
  /** Immediate danger: services open now first. */
  openNowFirst: boolean;
  now: Date;
  /** The clinic's time zone, for entries without their own. */
  timeZone: string;
}

const ageRank: Record<AgesServed | 'unknown', number> = { youth: 0, all: 1, unknown: 2, adult: 3 };
const openRank: Record<OpenNow, number> = { open: 0, 'hours-not-listed': 1, closed: 2 };

/**
 * The list in the order that helps now. The hotline stays first; the others keep their merged order except that
 * 1. with `openNowFirst`, those open now come first, then those whose hours are not listed, then those closed;
 * 2. with `youthFirst`, within that, youth services, then all ages, then unknown, then adults only.
 */
export function orderDirectory(entries: readonly DirectoryEntry[], order: DirectoryOrder): DirectoryEntry[] {
  const rank = (entry: DirectoryEntry): [number, number, number] => [
    entry.source === 'national' ? 0 : 1,
    order.openNowFirst ? openRank[isOpenNow(entry, order.now, order.timeZone)] : 0,
    order.youthFirst ? ageRank[entry.agesServed ?? 'unknown'] : 0,
  ];
  return entries
    .map((entry) => ({ entry, rank: rank(entry) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2])
    .map(({ entry }) => entry);
}
