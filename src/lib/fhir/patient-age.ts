import { civilDateOf, parseCalendarDay, parseFhirDate } from './fhir-dates';

/** `youth` = under 18 on the day in question, with the youth guidance, questions and reporting duty; else `adult`. */
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

/** 'youth' when the patient is under 18 on `asOf`; 'adult' when older or unknown (no or invalid birth date). */
export function populationFor(birthDate: unknown, asOf: string): Population {
  const age = ageInYears(birthDate, asOf);
  return age !== undefined && age < 18 ? 'youth' : 'adult';
}
