import type { CodeableConcept, Coding, HumanName, Patient } from 'fhir/r4';

/** Display helpers for untrusted FHIR text: they return plain strings, which React renders as text. */

export function patientName(patient: Patient): string {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  return name ? humanName(name) : 'Name not recorded';
}

export function humanName(name: HumanName): string {
  const text = name.text?.trim();
  if (text) return text;
  const parts = [...(name.given ?? []), name.family].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  return parts.length > 0 ? parts.join(' ') : 'Name not recorded';
}

/**
 * Whole years between a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) and a calendar day; undefined when unknown.
 * A partial date gives the youngest possible age, so a possible minor gets the youth guidance.
 */
export function ageInYears(birthDate: string | undefined, asOf: string): number | undefined {
  const birth = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birthDate ?? '');
  const today = /^(\d{4})-(\d{2})-(\d{2})/.exec(asOf);
  if (!birth || !today) return undefined;
  const [, by = '', bm = '12', bd = '31'] = birth;
  const [, ty = '', tm = '', td = ''] = today;
  if (Number(bm) < 1 || Number(bm) > 12 || Number(bd) < 1 || Number(bd) > 31) return undefined;
  let age = Number(ty) - Number(by);
  if (Number(tm) < Number(bm) || (Number(tm) === Number(bm) && Number(td) < Number(bd))) age -= 1;
  return age >= 0 ? age : undefined;
}

const sexLabels: Record<NonNullable<Patient['gender']>, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

export function sexLabel(gender: Patient['gender']): string {
  return gender ? sexLabels[gender] : 'Not recorded';
}

export function conceptText(concept: CodeableConcept | undefined): string | undefined {
  const text = concept?.text?.trim();
  if (text) return text;
  return concept?.coding?.map(codingText).find((value) => value !== undefined);
}

export function codingText(coding: Coding | undefined): string | undefined {
  return coding?.display?.trim() || coding?.code?.trim() || undefined;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
// A FHIR date has no time zone: show that calendar day wherever the clinician is.
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** Formats a FHIR dateTime; a bare date is shown without a time. Unparseable values are shown as given. */
export function formatDateTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return value.length <= 10 ? dateFormat.format(date) : dateTimeFormat.format(date);
}

/** The calendar day (YYYY-MM-DD) in the clinician's time zone. */
export function calendarDay(instant: Date): string {
  const local = new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
