import { field, plainText, recordList, stringField } from './untrusted-json';

/**
 * Display helpers for untrusted FHIR text: they take whatever the EHR sent (`unknown`), never throw, and return
 * plain one-line strings, which React renders as text.
 */

export function patientName(patient: unknown): string {
  const names = recordList(patient, 'name');
  const name = names.find((candidate) => stringField(candidate, 'use') === 'official') ?? names[0];
  return name ? humanName(name) : 'Name not recorded';
}

export function humanName(name: unknown): string {
  const text = plainText(stringField(name, 'text'));
  if (text) return text;
  const given = field(name, 'given');
  // A lone string where the list belongs is read as a one-name list.
  const givenNames: unknown[] = Array.isArray(given) ? given : [given];
  const parts = [...givenNames, field(name, 'family')]
    .map((part) => (typeof part === 'string' ? plainText(part) : undefined))
    .filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : 'Name not recorded';
}

/**
 * The patient's identifiers as the chart has them, one line each ("MRN 12345"): the type's text or code, else
 * "Identifier"; at most `limit`, those without a value left out.
 */
export function identifierLines(patient: unknown, limit = 3): string[] {
  return recordList(patient, 'identifier')
    .flatMap((identifier) => {
      const value = plainText(stringField(identifier, 'value'), 60);
      if (!value) return [];
      const type = field(identifier, 'type');
      const typeCode = recordList(type, 'coding').map((coding) => stringField(coding, 'code')).find((code) => code !== undefined);
      const label = typeCode === 'MR' ? 'MRN' : (plainText(stringField(type, 'text'), 40) ?? codingText(recordList(type, 'coding')[0]) ?? 'Identifier');
      return [`${label} ${value}`];
    })
    .slice(0, limit);
}

// A Map, not an object literal: a gender of "__proto__" or "constructor" must find nothing.
const sexLabels: ReadonlyMap<string, string> = new Map([
  ['female', 'Female'],
  ['male', 'Male'],
  ['other', 'Other'],
  ['unknown', 'Unknown'],
]);

/** The administrative gender in words; anything outside the FHIR value set reads as not recorded. */
export function sexLabel(gender: unknown): string {
  return (typeof gender === 'string' ? sexLabels.get(gender) : undefined) ?? 'Not recorded';
}

/** The concept's own text, else the first of its codings with a display or a code. */
export function conceptText(concept: unknown): string | undefined {
  const text = plainText(stringField(concept, 'text'));
  if (text) return text;
  return recordList(concept, 'coding').map(codingText).find((value) => value !== undefined);
}

export function codingText(coding: unknown): string | undefined {
  return plainText(stringField(coding, 'display')) ?? plainText(stringField(coding, 'code'));
}

// Built on first use (or by prepareDateFormats), not when the module loads: the first costs some 15 ms while the
// browser loads its locale data, which must not fall between the chart's arrival and its display.
let dateTimeFormat: Intl.DateTimeFormat | undefined;
let dateFormat: Intl.DateTimeFormat | undefined;

/** A FHIR date has no time zone: it is shown as that calendar day wherever the clinician is. */
function dateFormats(): { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat } {
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return { date: dateFormat, dateTime: dateTimeFormat };
}

/** Builds the date formats ahead of their first use: the bootstrap calls it while the first reads are on their way. */
export function prepareDateFormats(): void {
  dateFormats();
}

/** Formats a FHIR dateTime; a bare date is shown without a time. Unparseable values are shown as given. */
export function formatDateTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return plainText(value, 60);
  const formats = dateFormats();
  return (value.length <= 10 ? formats.date : formats.dateTime).format(date);
}

/** The calendar day (YYYY-MM-DD) in the clinician's time zone. */
export function calendarDay(instant: Date): string {
  const local = new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
