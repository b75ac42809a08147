import { civilDateOf, parseCalendarDay, parseFhirDate } from './fhir-dates';

/** `youth` = a minor or possibly one, with the youth guidance, questions and reporting duty; else `adult`. */
export type Population = 'adult' | 'youth';

/**
 * Whole years between a FHIR birth date and a calendar day (YYYY-MM-DD); undefined when either is not a date or the
 * birth is later. A partial birth date ('2008', '2008-11') gives the youngest possible age, so a patient who may still
 * be a minor is treated as one. A 29 February birthday is reached on 1 March in common years.
 */
export function ageInYears(birthDate: unknown, asOf: string): number | undefined {
  const asOfDay = parseCalendarDay(asOf);
  const birth = parseFhirDate(birthDate);
  if (asOfDay === undefined || birth === undefined || birth.first > asOfDay) return undefined;
  const born = civilDateOf(Math.min(birth.last, asOfDay));
  const today = civilDateOf(asOfDay);
  const beforeBirthday = today.month < born.month || (today.month === born.month && today.day < born.day);
  return today.year - born.year - (beforeBirthday ? 1 : 0);
}

/** What the birth date says: `unknown` when there is none or it cannot be read, so the clinician must say. */
export type AgeGroup = 'adult' | 'minor' | 'unknown';

/**
 * 'minor' when the patient is under `ageOfMajority` on `asOf`, 'adult' when at or over it, 'unknown' when the birth
 * date is missing, invalid or later than `asOf` (never silently taken as adult: the patient may be a minor).
 */
export function ageGroupFor(birthDate: unknown, asOf: string, ageOfMajority = 18): AgeGroup {
  const age = ageInYears(birthDate, asOf);
  if (age === undefined) return 'unknown';
  return age < ageOfMajority ? 'minor' : 'adult';
}

/**
 * Whether the patient is a minor: from the birth date when known, else from the clinician's confirmation; undefined
 * while the age is unknown and not confirmed.
 */
export function isMinorFor(group: AgeGroup, confirmed: 'adult' | 'minor' | undefined): boolean | undefined {
  const known = group === 'unknown' ? confirmed : group;
  return known === undefined ? undefined : known === 'minor';
}

/** The guidance and questions to show: the youth wording unless the patient is known to be an adult (the safer side). */
export function populationOf(isMinor: boolean | undefined): Population {
  return isMinor === false ? 'adult' : 'youth';
}

/** The population from the birth date alone: 'youth' for a minor and for an unknown age, 'adult' only when known. */
export function populationFor(birthDate: unknown, asOf: string, ageOfMajority = 18): Population {
  return populationOf(isMinorFor(ageGroupFor(birthDate, asOf, ageOfMajority), undefined));
}
