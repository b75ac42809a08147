/**
 * Calendar-day arithmetic for FHIR date/dateTime values. Days are whole numbers (days since 1970-01-01) so
 * windows compare as integers; times and zones are ignored — a result from 23:30 local time belongs to that
 * day as the recorder saw it. Integer civil-date maths, not Date, keeps years 0000–0099 and odd input exact.
 */

export interface DayRange {
  /** Earliest day the value can mean ('2025' → 1 Jan 2025). */
  first: number;
  /** Latest day the value can mean ('2025' → 31 Dec 2025). */
  last: number;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

// FHIR date / dateTime / instant: YYYY, YYYY-MM, YYYY-MM-DD, optionally followed by a time.
const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T[0-9:.+\-Z]{0,40})?)?)?$/;

/** The days a FHIR date/dateTime can mean, or undefined when the value is not one. */
export function parseFhirDate(value: unknown): DayRange | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const match = FHIR_DATE.exec(value.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month === undefined) {
    return { first: daysFromCivil({ year, month: 1, day: 1 }), last: daysFromCivil({ year, month: 12, day: 31 }) };
  }
  if (month < 1 || month > 12) return undefined;
  if (day === undefined) {
    return { first: daysFromCivil({ year, month, day: 1 }), last: daysFromCivil({ year, month, day: daysInMonth(year, month) }) };
  }
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  const exact = daysFromCivil({ year, month, day });
  return { first: exact, last: exact };
}

/** A calendar day 'YYYY-MM-DD' (a longer dateTime is cut to its day); undefined when it is not one. */
export function parseCalendarDay(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const range = parseFhirDate(value.trim().slice(0, 10));
  return range !== undefined && range.first === range.last ? range.first : undefined;
}

/** The same day `months` earlier; a day the earlier month lacks becomes its last day (31 Mar − 1 → 28/29 Feb). */
export function monthsBefore(day: number, months: number): number {
  const { year, month, day: dayOfMonth } = civilFromDays(day);
  const monthIndex = year * 12 + (month - 1) - Math.max(0, Math.floor(months));
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return daysFromCivil({ year: targetYear, month: targetMonth, day: Math.min(dayOfMonth, daysInMonth(targetYear, targetMonth)) });
}

const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * '12 Mar 2026', 'Mar 2026' or '2026', as precise as the value is. Locale-independent on purpose: the engine
 * is pure, and a day-first spelled-out month cannot be misread the way 03/12 can.
 */
export function formatFhirDate(value: string): string | undefined {
  const range = parseFhirDate(value);
  if (range === undefined) return undefined;
  const first = civilFromDays(range.first);
  const last = civilFromDays(range.last);
  const monthName = MONTH_ABBREVIATIONS[first.month - 1] ?? '';
  if (range.first === range.last) return `${first.day} ${monthName} ${first.year}`;
  if (first.month === last.month) return `${monthName} ${first.year}`;
  return String(first.year);
}

/**
 * The calendar day (YYYY-MM-DD) `months` before `asOf`, by the same rule as {@link monthsBefore}: the start of a
 * search window. An `asOf` that is not a calendar day is a programming error, not data, so it throws.
 */
export function calendarDayMonthsBefore(asOf: string, months: number): string {
  const day = parseCalendarDay(asOf);
  if (day === undefined) throw new RangeError(`Not a calendar day: ${asOf}`);
  const { year, month, day: dayOfMonth } = civilFromDays(monthsBefore(day, months));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

export function civilDateOf(day: number): CivilDate {
  return civilFromDays(day);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthPrime = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthPrime + 2) / 5) + 1;
  const month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
