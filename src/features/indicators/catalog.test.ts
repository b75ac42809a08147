import { describe, expect, it } from 'vitest';
import { indicatorCatalog } from './catalog';
import type { CodeSet, IndicatorDefinition } from './indicator-types';
import { CODE_SYSTEM, normalizeCode } from '../../lib/fhir/terminology';
import { listedTermsIn } from '../../../tests/vocabulary';

function codeSetsOf(indicator: IndicatorDefinition): readonly CodeSet[] {
  switch (indicator.matcher.kind) {
    case 'coded':
      return indicator.matcher.codes;
    case 'prior-safety-record':
      return indicator.matcher.referralCodes;
    case 'untreated-long-term-condition':
      return indicator.matcher.conditions;
    case 'repeat-emergency-visits':
    case 'no-active-coverage':
    case 'temporary-address-only':
      return [];
  }
}

const allCodeSets = indicatorCatalog.flatMap((indicator) => codeSetsOf(indicator).map((set) => ({ indicator: indicator.id, set })));

function entriesOf(set: CodeSet): string[] {
  return [...(set.codes ?? []), ...(set.prefixes ?? [])];
}

/** LOINC's mod-10 check digit (the last digit, after the hyphen). */
function hasValidLoincCheckDigit(code: string): boolean {
  const match = /^(\d{1,7})-(\d)$/.exec(code);
  if (!match) return false;
  const [, body = '', check = ''] = match;
  let sum = 0;
  // From the right: every other digit, starting with the last, is doubled.
  for (let index = 0; index < body.length; index++) {
    const digit = Number(body.charAt(body.length - 1 - index)) * (index % 2 === 0 ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  }
  return (10 - (sum % 10)) % 10 === Number(check);
}

// Verhoeff tables: the last digit of a SNOMED CT identifier is a Verhoeff check digit.
const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

function isValidSnomedConceptId(code: string): boolean {
  if (!/^\d{6,18}$/.test(code)) return false;
  // Partition identifier '00': a concept id in the international short format.
  if (code.slice(-3, -1) !== '00') return false;
  let check = 0;
  for (let index = 0; index < code.length; index++) {
    const digit = Number(code.charAt(code.length - 1 - index));
    check = VERHOEFF_D[check]?.[VERHOEFF_P[index % 8]?.[digit] ?? 0] ?? -1;
  }
  return check === 0;
}

describe('indicatorCatalog', () => {
  it('has unique, kebab-case ids', () => {
    const ids = indicatorCatalog.map((indicator) => indicator.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('covers every chart indicator the clinical reference names', () => {
    expect(indicatorCatalog.map((indicator) => indicator.id)).toEqual(
      expect.arrayContaining([
        'sexually-transmitted-infection',
        'dental-injury',
        'injury-fracture-contusion-burn',
        'genital-injury',
        'pregnancy-in-minor',
        'repeated-pregnancy-loss-or-termination',
        'substance-use',
        'malnutrition',
        'housing-instability',
        'related-code-recorded',
        'repeat-emergency-visits',
        'no-active-coverage',
        'prior-safety-record',
      ]),
    );
  });

  it.each(indicatorCatalog)('$id has a short clinical label that names no concern outright', ({ label }) => {
    expect(label.trim()).toBe(label);
    expect(label.length).toBeGreaterThan(0);
    expect(label.length).toBeLessThanOrEqual(40);
    expect(label).not.toMatch(/traffick|exploit|sex work|victim/i);
  });

  it.each(indicatorCatalog)('$id has a neutral heading, shown before the prompt is opened, with no listed term', ({ heading }) => {
    expect(heading.trim()).toBe(heading);
    expect(heading.length).toBeGreaterThan(0);
    expect(heading.length).toBeLessThanOrEqual(30);
    expect(listedTermsIn(heading)).toEqual([]);
  });

  it.each(indicatorCatalog)('$id explains itself as a prompt, in 1–3 sentences', ({ explanation }) => {
    const sentences = explanation.split(/(?<=[.!?])\s+/).filter((sentence) => sentence.trim() !== '');
    expect(sentences.length).toBeGreaterThanOrEqual(1);
    expect(sentences.length).toBeLessThanOrEqual(3);
    expect(explanation).toMatch(/private conversation/);
    expect(explanation).toMatch(/not a finding/);
    // Explanations are shown on request, but may still be read over a shoulder.
    expect(explanation).not.toMatch(/traffick/i);
  });

  it.each(indicatorCatalog)('$id cites a source', ({ source }) => {
    expect(source.title.trim().length).toBeGreaterThan(10);
    expect(source.publisher.trim().length).toBeGreaterThan(5);
    if (source.url !== undefined) expect(new URL(source.url).protocol).toBe('https:');
  });

  it.each(indicatorCatalog)('$id has a valid population and matcher settings', ({ population, matcher }) => {
    expect(['adult', 'youth', 'all']).toContain(population);
    if (matcher.kind === 'coded') {
      expect(matcher.resourceTypes.length).toBeGreaterThan(0);
      expect(matcher.codes.length).toBeGreaterThan(0);
      if (matcher.withinMonths !== undefined) expect(Number.isInteger(matcher.withinMonths) && matcher.withinMonths > 0).toBe(true);
      if (matcher.requirePositive === true) expect(matcher.resourceTypes).toContain('Observation');
      if (matcher.codes.some((set) => set.system === CODE_SYSTEM.loinc)) {
        // LOINC codes name tests, not results: they only mean something when the result is positive.
        expect(matcher.requirePositive).toBe(true);
      }
    }
    if (matcher.kind === 'repeat-emergency-visits') {
      expect(matcher.minimumVisits).toBeGreaterThanOrEqual(2);
      expect(matcher.withinMonths).toBeGreaterThan(0);
    }
  });

  it('keeps pregnancy in a minor youth-only', () => {
    expect(indicatorCatalog.find((indicator) => indicator.id === 'pregnancy-in-minor')?.population).toBe('youth');
  });

  it.each(allCodeSets)('$indicator: $set.label lists codes from a known system', ({ set }) => {
    expect(Object.values(CODE_SYSTEM)).toContain(set.system);
    expect(set.label.trim().length).toBeGreaterThan(0);
    const entries = entriesOf(set);
    expect(entries.length).toBeGreaterThan(0);
    const normalized = entries.map(normalizeCode);
    expect(normalized.every((entry) => entry.length > 0)).toBe(true);
    expect(new Set(normalized).size).toBe(normalized.length);
  });

  it('writes ICD-10-CM codes and prefixes in ICD-10-CM shape', () => {
    const icd = allCodeSets.filter(({ set }) => set.system === CODE_SYSTEM.icd10cm).flatMap(({ set }) => entriesOf(set));
    for (const code of icd) expect(code).toMatch(/^[A-Z](?:\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?)?$/);
  });

  it('lists LOINC codes with valid check digits', () => {
    const loinc = allCodeSets.filter(({ set }) => set.system === CODE_SYSTEM.loinc).flatMap(({ set }) => entriesOf(set));
    expect(loinc.length).toBeGreaterThan(0);
    for (const code of loinc) expect(hasValidLoincCheckDigit(code), code).toBe(true);
  });

  it('lists SNOMED CT concept ids with valid check digits', () => {
    const snomed = allCodeSets.filter(({ set }) => set.system === CODE_SYSTEM.snomed).flatMap(({ set }) => entriesOf(set));
    expect(snomed.length).toBeGreaterThan(0);
    for (const code of snomed) expect(isValidSnomedConceptId(code), code).toBe(true);
  });

  it('keeps the trafficking-specific codes out of every other indicator', () => {
    const specific = ['T7451', 'T7452', 'T7461', 'T7462', 'T7651', 'T7652', 'T7661', 'T7662', 'Z0481', 'Z0482', 'Z62813', 'Z9142', 'Y076'];
    for (const { indicator, set } of allCodeSets) {
      if (indicator === 'related-code-recorded' || set.system !== CODE_SYSTEM.icd10cm) continue;
      for (const entry of entriesOf(set).map(normalizeCode)) {
        expect(specific.some((code) => code.startsWith(entry)), `${indicator}: ${entry}`).toBe(false);
      }
    }
  });

  it('checks its own check-digit helpers', () => {
    expect(hasValidLoincCheckDigit('2106-3')).toBe(true);
    expect(hasValidLoincCheckDigit('2106-4')).toBe(false);
    expect(isValidSnomedConceptId('10828004')).toBe(true);
    expect(isValidSnomedConceptId('10828005')).toBe(false);
  });
});
