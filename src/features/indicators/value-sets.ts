/**
 * Curated value sets the indicators match, as data: each has a name, the published set it is drawn from, and its
 * codes. Every set holds the generic parent concept charts really use (e.g. SNOMED CT 8098009) beside the specific
 * ones. A code counts only with its coding system: a bare "8098009" could mean anything in another system.
 */

import type { CodeSet } from './indicator-types';
import { CODE_SYSTEM } from '../../lib/fhir/terminology';

export interface ValueSet {
  name: string;
  /** The published set or reference the codes were taken from. */
  source: string;
  codes: readonly CodeSet[];
}

/** ICD-10-CM categories from `from` to `to` with one letter, e.g. categoryRange('A', 50, 64) → A50 … A64. */
export function categoryRange(letter: string, from: number, to: number, except: readonly number[] = []): string[] {
  const categories: string[] = [];
  for (let category = from; category <= to; category++) {
    if (!except.includes(category)) categories.push(`${letter}${String(category).padStart(2, '0')}`);
  }
  return categories;
}

export const SEXUALLY_TRANSMITTED_INFECTION: ValueSet = {
  name: 'Sexually transmitted infection',
  source:
    'SHIFT Task Force "SHIFT STI" sensitivity value set (SHIFT-Task-Force/SLS-ValueSets 0.2.0, draft) and CSTE Reportable Conditions Trigger Codes in VSAC (e.g. 2.16.840.1.113762.1.4.1146.239, chlamydia tests)',
  codes: [
    // A50–A64: "Infections with a predominantly sexual mode of transmission".
    { system: CODE_SYSTEM.icd10cm, prefixes: categoryRange('A', 50, 64), label: 'Sexually transmitted infection' },
    {
      system: CODE_SYSTEM.snomed,
      codes: [
        '8098009', // Sexually transmitted infectious disease (the generic parent concept)
        '240589008', // Chlamydia trachomatis infection
        '105629000', // Chlamydial infection
        '15628003', // Gonorrhea
        '76272004', // Syphilis
        '56335008', // Trichomoniasis
      ],
      label: 'Sexually transmitted infection',
    },
    {
      system: CODE_SYSTEM.loinc,
      codes: [
        '43304-5', // Chlamydia trachomatis rRNA [Presence] in Specimen by NAA with probe detection
        '21613-5', // Chlamydia trachomatis DNA [Presence] in Specimen by NAA with probe detection
        '43305-2', // Neisseria gonorrhoeae rRNA [Presence] in Specimen by NAA with probe detection
        '24111-7', // Neisseria gonorrhoeae DNA [Presence] in Specimen by NAA with probe detection
      ],
      label: 'Positive test for a sexually transmitted infection',
    },
  ],
};

export const POST_TRAUMATIC_STRESS: ValueSet = {
  name: 'Post-traumatic stress',
  source: 'ICD-10-CM F43.1 (post-traumatic stress disorder) and SNOMED CT 47505003 (Posttraumatic stress disorder) with its use in charts',
  codes: [
    { system: CODE_SYSTEM.icd10cm, prefixes: ['F43.1'], label: 'Post-traumatic stress', codeOnlyEvidence: true },
    { system: CODE_SYSTEM.snomed, codes: ['47505003'], label: 'Post-traumatic stress', codeOnlyEvidence: true },
  ],
};

export const DEPRESSION: ValueSet = {
  name: 'Depression',
  source: 'ICD-10-CM F32 (depressive episode) and F33 (major depressive disorder, recurrent); SNOMED CT 35489007 Depressive disorder (parent) and 370143000 Major depressive disorder',
  codes: [
    { system: CODE_SYSTEM.icd10cm, prefixes: ['F32', 'F33'], label: 'Depression' },
    { system: CODE_SYSTEM.snomed, codes: ['35489007', '370143000'], label: 'Depression' },
  ],
};

export const SELF_HARM: ValueSet = {
  name: 'Self-harm or suicide attempt',
  source:
    'ICD-10-CM T14.91 (suicide attempt), X71–X83 (intentional self-harm), Z91.5 (personal history of self-harm); SNOMED CT 82313006 Suicide attempt and 248062006 Self-injurious behavior',
  codes: [
    { system: CODE_SYSTEM.icd10cm, codes: ['T14.91'], prefixes: [...categoryRange('X', 71, 83), 'Z91.5'], label: 'Earlier harm', codeOnlyEvidence: true },
    { system: CODE_SYSTEM.snomed, codes: ['82313006', '248062006'], label: 'Earlier harm', codeOnlyEvidence: true },
  ],
};

/** Long-term conditions that need regular care; the untreated-condition prompt reads them. */
export const LONG_TERM_CONDITION: ValueSet = {
  name: 'Long-term condition needing regular care',
  source:
    'ICD-10-CM categories for diabetes (E10, E11), hypertension (I10), asthma (J45), epilepsy (G40), chronic kidney disease (N18) and HIV disease (B20); SNOMED CT 73211009 Diabetes mellitus (with 44054006 type 2 and 46635009 type 1), 38341003 Hypertensive disorder, 195967001 Asthma, 84757009 Epilepsy, 709044004 Chronic kidney disease, 86406008 HIV infection',
  codes: [
    { system: CODE_SYSTEM.icd10cm, prefixes: ['E10', 'E11', 'I10', 'J45', 'G40', 'N18', 'B20'], label: 'Long-term condition' },
    {
      system: CODE_SYSTEM.snomed,
      codes: [
        '73211009', // Diabetes mellitus (parent)
        '44054006', // Diabetes mellitus type 2
        '46635009', // Diabetes mellitus type 1
        '38341003', // Hypertensive disorder
        '195967001', // Asthma
        '84757009', // Epilepsy
        '709044004', // Chronic kidney disease
        '86406008', // Human immunodeficiency virus infection
      ],
      label: 'Long-term condition',
    },
  ],
};
