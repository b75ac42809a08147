/**
 * Curated value sets the indicators match, as data: each has a name, the published set it is drawn from, and its
 * codes. Every set holds the generic parent concept charts really use (e.g. SNOMED CT 8098009) beside the specific
 * ones. A code counts only with its coding system: a bare "8098009" could mean anything in another system.
 *
 * Codes are listed only where the code and its meaning were checked; categories (three characters) and
 * subcategories are matched as prefixes, so every 7th-character extension is included.
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
function categoryRange(letter: string, from: number, to: number, except: readonly number[] = []): string[] {
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

export const PREGNANCY_LOSS_OR_TERMINATION: ValueSet = {
  name: 'Pregnancy loss or termination',
  source: 'ICD-10-CM O00–O08 ("Pregnancy with abortive outcome") and Z33.2; ICD-10-PCS root operation 10A0; CPT 59840, 59841',
  codes: [
    {
      system: CODE_SYSTEM.icd10cm,
      // O00–O08 "Pregnancy with abortive outcome" (O05 and O06 do not exist in ICD-10-CM); Z33.2 elective termination.
      prefixes: ['O00', 'O01', 'O02', 'O03', 'O04', 'O07', 'O08', 'Z33.2'],
      label: 'Pregnancy loss or termination',
    },
    // ICD-10-PCS root operation 10A0: abortion of products of conception.
    { system: CODE_SYSTEM.icd10pcs, prefixes: ['10A0'], label: 'Termination of pregnancy' },
    {
      system: CODE_SYSTEM.cpt,
      codes: [
        '59840', // Induced abortion, by dilation and curettage
        '59841', // Induced abortion, by dilation and evacuation
      ],
      label: 'Termination of pregnancy',
    },
  ],
};

export const PREGNANCY: ValueSet = {
  name: 'Pregnancy',
  source: 'ICD-10-CM chapter 15 (O00–O9A), Z32.01, Z33, Z34, Z3A; SNOMED CT 77386006; LOINC 2106-3 (positive results only); with the pregnancy loss or termination set',
  codes: [
    {
      system: CODE_SYSTEM.icd10cm,
      // Chapter 15 (O00–O9A) in full; Z33 pregnant state; Z34 supervision of normal pregnancy; Z3A weeks of gestation;
      // Z32.01 pregnancy test, result positive.
      prefixes: ['O', 'Z33', 'Z34', 'Z3A'],
      codes: ['Z32.01'],
      label: 'Pregnancy',
    },
    { system: CODE_SYSTEM.snomed, codes: ['77386006'], label: 'Pregnancy' },
    // Choriogonadotropin (pregnancy test) [Presence] in Urine; counted only when positive.
    { system: CODE_SYSTEM.loinc, codes: ['2106-3'], label: 'Positive pregnancy test' },
    ...PREGNANCY_LOSS_OR_TERMINATION.codes,
  ],
};

export const DENTAL_INJURY: ValueSet = {
  name: 'Dental injury',
  source: 'ICD-10-CM S02.5 (fracture of tooth) and S03.2 (dislocation of tooth)',
  codes: [
    // S02.5 fracture of tooth (traumatic); S03.2 dislocation of tooth.
    { system: CODE_SYSTEM.icd10cm, prefixes: ['S02.5', 'S03.2'], label: 'Dental injury' },
  ],
};

export const INJURY: ValueSet = {
  name: 'Fracture, contusion or burn',
  source: 'ICD-10-CM fracture categories by body region, contusion subcategories, and burns and corrosions T20–T32',
  codes: [
    {
      system: CODE_SYSTEM.icd10cm,
      // Skull and facial bones except S02.5 (tooth: its own indicator), then the fracture category of each
      // body region: neck, ribs/thoracic spine, lumbar spine/pelvis, shoulder/upper arm, forearm, wrist/hand,
      // femur, lower leg, foot.
      prefixes: ['S02.0', 'S02.1', 'S02.2', 'S02.3', 'S02.4', 'S02.6', 'S02.8', 'S02.9', 'S12', 'S22', 'S32', 'S42', 'S52', 'S62', 'S72', 'S82', 'S92'],
      label: 'Fracture',
    },
    {
      system: CODE_SYSTEM.icd10cm,
      // Contusion subcategories only: the surrounding "superficial injury" categories also hold insect bites and
      // splinters. S30.2 (external genital organs) belongs to the genital-injury indicator.
      prefixes: [
        'S00.03', 'S00.1', 'S00.33', 'S00.43', 'S00.53', 'S00.83', 'S00.93', // head and face
        'S10.0', 'S10.83', 'S10.93', // throat and neck
        'S20.0', 'S20.2', // breast, thorax
        'S30.0', 'S30.1', // lower back and pelvis, abdominal wall
        'S40.0', 'S50.0', 'S50.1', 'S60.0', 'S60.1', 'S60.2', // upper limb
        'S70.0', 'S70.1', 'S80.0', 'S80.1', 'S90.0', 'S90.1', 'S90.2', 'S90.3', // lower limb
      ],
      label: 'Contusion',
    },
    // T20–T32: burns and corrosions (T29 is not used in ICD-10-CM).
    { system: CODE_SYSTEM.icd10cm, prefixes: categoryRange('T', 20, 32, [29]), label: 'Burn' },
  ],
};

export const GENITAL_INJURY: ValueSet = {
  name: 'Genital injury',
  source: 'ICD-10-CM injuries of the external genital organs (S30.2, S31.2–S31.5, S38.0, S38.2, S39.84)',
  codes: [
    {
      system: CODE_SYSTEM.icd10cm,
      // Contusion of external genital organs; open wounds of penis, scrotum and testes, vagina and vulva, other
      // external genitals; crushing injury and traumatic amputation of external genitals; other injuries of
      // external genitals.
      prefixes: ['S30.2', 'S31.2', 'S31.3', 'S31.4', 'S31.5', 'S38.0', 'S38.2', 'S39.84'],
      label: 'Genital injury',
    },
  ],
};

export const ASSAULT_OR_MALTREATMENT: ValueSet = {
  name: 'Assault or maltreatment',
  source: 'ICD-10-CM X92–Y09 (assault), T74 and T76 (maltreatment, confirmed and suspected, other than exploitation), Z04.4 and Z04.7',
  codes: [
    {
      system: CODE_SYSTEM.icd10cm,
      prefixes: [
        // X92–Y09 assault (Y05–Y06 do not exist in ICD-10-CM; Y07 perpetrator codes are not assaults, and
        // Y07.6 is in the related-code indicator).
        ...categoryRange('X', 92, 99),
        ...categoryRange('Y', 0, 4),
        'Y08',
        'Y09',
        // Maltreatment, confirmed (T74) and suspected (T76), other than forced labor/sexual exploitation.
        'T74.0', 'T74.1', 'T74.2', 'T74.3', 'T74.4', 'T74.9',
        'T76.0', 'T76.1', 'T76.2', 'T76.3', 'T76.9',
        // Examination after alleged rape (Z04.4-) or alleged physical abuse (Z04.7-).
        'Z04.4', 'Z04.7',
      ],
      label: 'Assault or maltreatment',
    },
  ],
};

export const TRAFFICKING_RELATED: ValueSet = {
  name: 'Trafficking-related codes',
  source: 'ICD-10-CM FY2019 addenda (CDC NCHS): T74.5-, T74.6-, T76.5-, T76.6-, Z04.81, Z04.82, Z62.813, Z91.42, Y07.6; SNOMED CT 713834002',
  codes: [
    {
      system: CODE_SYSTEM.icd10cm,
      prefixes: ['T74.51', 'T74.52', 'T74.61', 'T74.62', 'T76.51', 'T76.52', 'T76.61', 'T76.62', 'Z04.81', 'Z04.82', 'Z62.813', 'Z91.42', 'Y07.6'],
      label: 'Related ICD-10-CM code',
      codeOnlyEvidence: true,
    },
    // Victim of child sexual exploitation (finding).
    { system: CODE_SYSTEM.snomed, codes: ['713834002'], label: 'Related SNOMED CT finding', codeOnlyEvidence: true },
  ],
};

export const SUBSTANCE_USE: ValueSet = {
  name: 'Substance use',
  source: 'ICD-10-CM F10–F19 except F17 (nicotine)',
  codes: [
    // F10–F19 mental and behavioural disorders due to psychoactive substance use, except F17 (nicotine), which
    // is common enough to drown the prompt.
    { system: CODE_SYSTEM.icd10cm, prefixes: categoryRange('F', 10, 19, [17]), label: 'Substance use' },
  ],
};

export const MALNUTRITION: ValueSet = {
  name: 'Malnutrition',
  source: 'ICD-10-CM E40–E46 (protein-calorie malnutrition)',
  codes: [
    // E40–E46 protein-calorie malnutrition.
    { system: CODE_SYSTEM.icd10cm, prefixes: categoryRange('E', 40, 46), label: 'Malnutrition' },
  ],
};

export const HOUSING_INSTABILITY: ValueSet = {
  name: 'Housing instability',
  source: 'ICD-10-CM Z59.0- (homelessness) and Z59.81- (housing instability, housed); SNOMED CT 32911000',
  codes: [
    // Z59.0- homelessness (sheltered, unsheltered, unspecified); Z59.81- housing instability, housed.
    { system: CODE_SYSTEM.icd10cm, prefixes: ['Z59.0', 'Z59.81'], label: 'Housing instability' },
    { system: CODE_SYSTEM.snomed, codes: ['32911000'], label: 'Homeless' },
  ],
};

export const SOCIAL_SERVICE_REFERRAL: ValueSet = {
  name: 'Social service referral',
  source: 'SNOMED CT 306238000 and 410606002, verified on terminology servers (team reference)',
  codes: [
    {
      system: CODE_SYSTEM.snomed,
      codes: [
        '306238000', // Referral to social services
        '410606002', // Social service procedure
      ],
      label: 'Social service referral',
    },
  ],
};
