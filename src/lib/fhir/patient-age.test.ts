import { describe, expect, it } from 'vitest';
import { ageGroupFor, isMinorFor, populationFor, populationOf } from './patient-age';

describe('ageGroupFor', () => {
  it.each([
    ['2010-06-01', '2026-03-12', 'minor'],
    ['2008-03-12', '2026-03-12', 'adult'],
    ['2008-03-13', '2026-03-12', 'minor'],
    ['2008-02-29', '2026-02-28', 'minor'],
    ['2008-02-29', '2026-03-01', 'adult'],
    ['2008', '2026-03-12', 'minor'],
    ['2007', '2026-03-12', 'adult'],
    ['2008-09', '2026-09-15', 'minor'],
    ['2008-09', '2026-10-01', 'adult'],
    ['2026', '2026-01-05', 'minor'],
    ['1980-01-01', '2026-03-12', 'adult'],
  ] as const)('born %s, on %s: %s', (birthDate, asOf, expected) => {
    expect(ageGroupFor(birthDate, asOf)).toBe(expected);
  });

  it.each([undefined, '', 'unknown', '2010-13-01', '2030-01-01'])('reads %s as unknown, never adult', (birthDate) => {
    expect(ageGroupFor(birthDate, '2026-03-12')).toBe('unknown');
  });

  it('reads an invalid asOf as unknown', () => {
    expect(ageGroupFor('2015-01-01', 'now')).toBe('unknown');
  });

  it('takes another age of majority', () => {
    expect(ageGroupFor('2007-06-01', '2026-03-12', 19)).toBe('minor');
    expect(ageGroupFor('2007-06-01', '2026-03-12', 18)).toBe('adult');
    expect(ageGroupFor('2010-06-01', '2026-03-12', 16)).toBe('minor');
    expect(ageGroupFor('2009-06-01', '2026-03-12', 16)).toBe('adult');
  });
});

describe('isMinorFor, populationOf and populationFor', () => {
  it('follows the birth date when it is known, whatever was confirmed', () => {
    expect(isMinorFor('minor', 'adult')).toBe(true);
    expect(isMinorFor('adult', 'minor')).toBe(false);
  });

  it('is undefined for an unknown age until the clinician confirms one', () => {
    expect(isMinorFor('unknown', undefined)).toBeUndefined();
    expect(isMinorFor('unknown', 'minor')).toBe(true);
    expect(isMinorFor('unknown', 'adult')).toBe(false);
  });

  it('uses the youth wording unless the patient is known to be an adult', () => {
    expect(populationOf(undefined)).toBe('youth');
    expect(populationOf(true)).toBe('youth');
    expect(populationOf(false)).toBe('adult');
    expect(populationFor(undefined, '2026-03-12')).toBe('youth');
    expect(populationFor('2010-06-01', '2026-03-12')).toBe('youth');
    expect(populationFor('1980-01-01', '2026-03-12')).toBe('adult');
  });
});
