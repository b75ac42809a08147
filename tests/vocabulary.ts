/**
 * The vocabulary rule's listed terms (docs/design.md, "What may be read where"): words that must never be readable
 * where a companion, a parent or a trafficker could see them — Lantern's collapsed card, the first viewport of the
 * expanded card, the hidden view, and paper handed over. One list, imported by every check of the rule.
 *
 * Word-start matches, so "sexual" also catches "sexually" and "sexuales". The acronyms match case-sensitively and
 * whole, so "question" holds no STI and English "its" no ITS; "trata" matches whole, so "tratamiento" passes.
 */
export interface ListedTerm {
  term: string;
  language: 'en' | 'es';
  pattern: RegExp;
}

export const listedTerms: readonly ListedTerm[] = [
  { term: 'trafficking', language: 'en', pattern: /\btrafficking/i },
  { term: 'trafficked', language: 'en', pattern: /\btrafficked/i },
  { term: 'sex', language: 'en', pattern: /\bsex\b/i },
  { term: 'sexual', language: 'en', pattern: /\bsexual/i },
  { term: 'exploitation', language: 'en', pattern: /\bexploitation/i },
  { term: 'pregnancy', language: 'en', pattern: /\bpregnanc(?:y|ies)/i },
  { term: 'pregnant', language: 'en', pattern: /\bpregnant/i },
  { term: 'STI', language: 'en', pattern: /\bSTIs?\b/ },
  { term: 'sexually transmitted', language: 'en', pattern: /\bsexually\s+transmitted/i },
  { term: 'trata', language: 'es', pattern: /\btrata\b/i },
  { term: 'sexual', language: 'es', pattern: /\bsexual/i },
  { term: 'explotación', language: 'es', pattern: /\bexplotaci[oó]n/i },
  { term: 'embarazo', language: 'es', pattern: /\bembarazo/i },
  { term: 'embarazada', language: 'es', pattern: /\bembarazada/i },
  { term: 'ITS', language: 'es', pattern: /\bITS\b/ },
];

/** Each listed term found in `text`, with the words around it, so a failure says where: `"sexual" in "…do sexual things…"`. */
export function listedTermsIn(text: string): string[] {
  return listedTerms.flatMap(({ term, language, pattern }) => {
    const match = pattern.exec(text);
    if (!match) return [];
    const around = text.slice(Math.max(0, match.index - 30), match.index + match[0].length + 30).replace(/\s+/g, ' ');
    return [`"${term}" (${language}) in "…${around}…"`];
  });
}
