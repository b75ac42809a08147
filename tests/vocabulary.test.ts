import { describe, expect, it } from 'vitest';
import { listedTermsIn } from './vocabulary';

describe('listedTermsIn', () => {
  it.each([
    ['Sexually transmitted infection', ['sexual', 'sexually transmitted']],
    ['Pregnancy under 18', ['pregnancy']],
    ['a child who is sex trafficked', ['trafficked', 'sex']],
    ['STI screen', ['STI']],
    ['Prueba de ITS', ['ITS']],
    ['Trata de personas y explotación', ['trata', 'explotación']],
    ['Está embarazada', ['embarazada']],
  ])('finds the listed terms in "%s"', (text, terms) => {
    const found = listedTermsIn(text).map((hit) => /^"([^"]+)"/.exec(hit)?.[1]);
    for (const term of terms) expect(found).toContain(term);
  });

  it.each(['Infection-related result', 'Any question about its tratamiento', 'Reproductive health', 'Essex', 'Patient may be under 18 — see what applies'])(
    'passes neutral words: "%s"',
    (text) => {
      expect(listedTermsIn(text)).toEqual([]);
    },
  );
});
