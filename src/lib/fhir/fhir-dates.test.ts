import { describe, expect, it } from 'vitest';
import { civilDateOf, formatFhirDate, monthsBefore, parseCalendarDay, parseFhirDate } from './fhir-dates';

function day(value: string): number {
  const parsed = parseCalendarDay(value);
  if (parsed === undefined) throw new Error(`${value} is not a calendar day`);
  return parsed;
}

describe('parseFhirDate', () => {
  it('reads days, months and years as the range of days they can mean', () => {
    expect(parseFhirDate('2026-03-12')).toEqual({ first: day('2026-03-12'), last: day('2026-03-12') });
    expect(parseFhirDate('2024-02')).toEqual({ first: day('2024-02-01'), last: day('2024-02-29') });
    expect(parseFhirDate('2025')).toEqual({ first: day('2025-01-01'), last: day('2025-12-31') });
  });

  it('reads a dateTime as its own calendar day, whatever the zone', () => {
    expect(parseFhirDate('2026-03-12T23:30:00-08:00')).toEqual(parseFhirDate('2026-03-12'));
    expect(parseFhirDate('2026-03-12T00:10:00.123Z')).toEqual(parseFhirDate('2026-03-12'));
  });

  it.each([undefined, null, 20260312, '', 'today', '2026-3-12', '2026-13-01', '2026-02-29', '2025-04-31', '12/03/2026', `2026-03-12T${'9'.repeat(80)}`])(
    'rejects %s',
    (value) => {
      expect(parseFhirDate(value)).toBeUndefined();
    },
  );

  it('is exact for years the Date constructor would shift', () => {
    expect(civilDateOf(day('0045-06-15'))).toEqual({ year: 45, month: 6, day: 15 });
    expect(civilDateOf(day('1600-02-29'))).toEqual({ year: 1600, month: 2, day: 29 });
  });
});

describe('parseCalendarDay', () => {
  it('accepts a day or a dateTime, nothing less precise', () => {
    expect(parseCalendarDay('2026-03-12T08:00:00Z')).toBe(day('2026-03-12'));
    expect(parseCalendarDay('2026-03')).toBeUndefined();
    expect(parseCalendarDay(42)).toBeUndefined();
  });

  it('counts days since 1970-01-01', () => {
    expect(day('1970-01-01')).toBe(0);
    expect(day('2000-03-01') - day('2000-02-28')).toBe(2);
    expect(day('1900-03-01') - day('1900-02-28')).toBe(1);
  });
});

describe('monthsBefore', () => {
  it('goes back to the same day', () => {
    expect(monthsBefore(day('2026-03-12'), 12)).toBe(day('2025-03-12'));
    expect(monthsBefore(day('2026-01-15'), 1)).toBe(day('2025-12-15'));
    expect(monthsBefore(day('2026-03-12'), 36)).toBe(day('2023-03-12'));
  });

  it('uses the last day of a shorter month', () => {
    expect(monthsBefore(day('2026-03-31'), 1)).toBe(day('2026-02-28'));
    expect(monthsBefore(day('2024-03-31'), 1)).toBe(day('2024-02-29'));
    expect(monthsBefore(day('2028-02-29'), 12)).toBe(day('2027-02-28'));
  });
});

describe('formatFhirDate', () => {
  it('writes the date as precisely as it is known', () => {
    expect(formatFhirDate('2026-03-12T23:30:00-08:00')).toBe('12 Mar 2026');
    expect(formatFhirDate('2025-07')).toBe('Jul 2025');
    expect(formatFhirDate('2025')).toBe('2025');
    expect(formatFhirDate('soon')).toBeUndefined();
  });
});
