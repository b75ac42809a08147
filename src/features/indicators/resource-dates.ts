/** Dates read from a chart resource: the value as found, kept for display, with the calendar days it can mean. */

import { parseFhirDate, type DayRange } from '../../lib/fhir/fhir-dates';
import { field, stringField } from '../../lib/fhir/untrusted-json';

export interface FoundDate {
  raw: string;
  range: DayRange;
}

export function dateIn(value: unknown, key: string): FoundDate | undefined {
  const raw = stringField(value, key);
  const range = parseFhirDate(raw);
  return raw === undefined || range === undefined ? undefined : { raw: raw.trim(), range };
}

export function periodDates(resource: unknown, key: string): { start: FoundDate | undefined; end: FoundDate | undefined } {
  const period = field(resource, key);
  return { start: dateIn(period, 'start'), end: dateIn(period, 'end') };
}

export function latest(...dates: (FoundDate | undefined)[]): number | undefined {
  let result: number | undefined;
  for (const date of dates) {
    if (date !== undefined && (result === undefined || date.range.last > result)) result = date.range.last;
  }
  return result;
}
