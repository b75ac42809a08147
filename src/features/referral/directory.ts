import type { CodeableConcept, Coding, ContactPoint, HealthcareService, HealthcareServiceAvailableTime } from 'fhir/r4';
import { ConfigError } from '../../config/runtime-config';
import type { DirectoryEntry } from './referral-types';
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
  hours: '24/7',
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
    const hours = optionalText(candidate.hours);
    if (hours) entry.hours = hours;
    const recordDisplay = optionalText(candidate.recordDisplay);
    if (recordDisplay) entry.recordDisplay = recordDisplay;
    if (candidate.performerReference !== undefined) {
      const reference = optionalText(candidate.performerReference);
      if (!isRelativeReference(reference, ['HealthcareService', 'Organization', 'PractitionerRole'])) {
        throw new ConfigError(
          `${where} (${name}) has a performerReference that is not "HealthcareService/<id>", "Organization/<id>" or "PractitionerRole/<id>".`,
        );
      }
      entry.performerReference = reference;
    }
    if (candidate.code !== undefined) entry.code = configCoding(candidate.code, `${where} (${name})`);
    return entry;
  });
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
  const hours = hoursText(arrayOf(service.availableTime), optionalText(service.availabilityExceptions));
  if (hours) entry.hours = hours;
  return entry;
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

const dayOrder = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof dayOrder)[number];
const dayNames: Record<Day, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "Mon–Fri 09:00–17:00; Sat 10:00–16:00", or "24/7"; the server's exceptions follow in brackets. */
export function hoursText(times: readonly HealthcareServiceAvailableTime[], exceptions?: string): string | undefined {
  const parts = times
    .map((time) => {
      const days = arrayOf(time.daysOfWeek).filter((day): day is Day => (dayOrder as readonly string[]).includes(day));
      const dayText = days.length === 0 || days.length === 7 ? 'Every day' : dayRanges(days);
      if (time.allDay === true) return days.length === 0 || days.length === 7 ? '24/7' : `${dayText} all day`;
      const start = clock(time.availableStartTime);
      const end = clock(time.availableEndTime);
      if (!start && !end) return days.length > 0 ? dayText : undefined;
      return `${dayText} ${start ?? '?'}–${end ?? '?'}`;
    })
    .filter((part): part is string => part !== undefined);
  const hours = parts.length > 0 ? unique(parts).join('; ') : undefined;
  if (hours && exceptions) return `${hours} (${exceptions})`;
  return hours ?? exceptions;
}

/** "mon,tue,wed,fri" → "Mon–Wed, Fri". */
function dayRanges(days: readonly Day[]): string {
  const indexes = unique(days.map((day) => dayOrder.indexOf(day))).sort((a, b) => a - b);
  const runs: { from: number; to: number }[] = [];
  for (const index of indexes) {
    const last = runs.at(-1);
    if (last && index === last.to + 1) last.to = index;
    else runs.push({ from: index, to: index });
  }
  return runs
    .map(({ from, to }) => {
      if (from === to) return dayName(from);
      return to === from + 1 ? `${dayName(from)}, ${dayName(to)}` : `${dayName(from)}–${dayName(to)}`;
    })
    .join(', ');
}

function dayName(index: number): string {
  const day = dayOrder[index];
  return day ? dayNames[day] : '';
}

function clock(time: string | undefined): string | undefined {
  return typeof time === 'string' && /^\d{2}:\d{2}/.test(time) ? time.slice(0, 5) : undefined;
}

/**
 * Hotline first, then configuration, then the server. The hotline leads because it is the one choice that always
 * fits (any hour, any language) and must stay in view at the top of a long list on a narrow screen.
 * Duplicates (same name and contact, or the same FHIR reference) are dropped; a configured partner that is also
 * on the server keeps its configured wording and gains the server's reference, so the referral can name it.
 */
export function mergeDirectory(config: readonly DirectoryEntry[], server: readonly DirectoryEntry[]): DirectoryEntry[] {
  const merged: DirectoryEntry[] = [nationalHotline];
  const byKey = new Map<string, number>([[duplicateKey(nationalHotline), 0]]);
  const byReference = new Map<string, number>();
  for (const entry of [...config, ...server]) {
    if (entry.source === 'national') continue;
    const key = duplicateKey(entry);
    const existing = byKey.get(key) ?? (entry.performerReference ? byReference.get(entry.performerReference) : undefined);
    if (existing !== undefined) {
      const kept = merged[existing];
      if (kept && kept.source !== 'national' && !kept.performerReference && entry.performerReference) {
        merged[existing] = { ...kept, performerReference: entry.performerReference };
        byReference.set(entry.performerReference, existing);
      }
      continue;
    }
    byKey.set(key, merged.length);
    if (entry.performerReference) byReference.set(entry.performerReference, merged.length);
    merged.push(entry);
  }
  return merged;
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
