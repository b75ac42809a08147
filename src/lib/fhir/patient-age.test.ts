import { describe, expect, it } from 'vitest';
import { populationFor } from './patient-age';

describe('populationFor', () => {
  it.each([
    ['2010-06-01', '2026-03-12', 'youth'],
    ['2008-03-12', '2026-03-12', 'adult'],
    ['2008-03-13', '2026-03-12', 'youth'],
    ['2008-02-29', '2026-02-28', 'youth'],
    ['2008-02-29', '2026-03-01', 'adult'],
    ['2008', '2026-03-12', 'youth'],
    ['2007', '2026-03-12', 'adult'],
    ['2008-09', '2026-09-15', 'youth'],
    ['2008-09', '2026-10-01', 'adult'],
    ['2026', '2026-01-05', 'youth'],
    ['1980-01-01', '2026-03-12', 'adult'],
  ] as const)('born %s, on %s: %s', (birthDate, asOf, expected) => {
    expect(populationFor(birthDate, asOf)).toBe(expected);
  });

  it.each([undefined, '', 'unknown', '2010-13-01', '2030-01-01'])('reads %s as adult (unknown)', (birthDate) => {
    expect(populationFor(birthDate, '2026-03-12')).toBe('adult');
  });

  it('reads an invalid asOf as adult', () => {
    expect(populationFor('2015-01-01', 'now')).toBe('adult');
  });
});