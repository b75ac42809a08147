import type { CodeSet, IndicatorDefinition, IndicatorSource } from './indicator-types';
import { DEPRESSION, LONG_TERM_CONDITION, POST_TRAUMATIC_STRESS, SELF_HARM, SEXUALLY_TRANSMITTED_INFECTION, categoryRange } from './value-sets';
import { CODE_SYSTEM } from '../../lib/fhir/terminology';

/**
 * Chart indicators, each with its source. Each is a prompt to offer a private
 * conversation, never a finding: CDC warns that code-based definitions must not be used for case-finding.
 * Labels stay neutral enough to be read over a shoulder; explanations are shown on request.
 *
 * Codes are listed only where the code and its meaning were checked; categories (three characters) and
 * subcategories are matched as prefixes, so every 7th-character extension is included.
 */

const SOURCES = {
  ledererWetzel: {
    title:
      'Lederer & Wetzel, "The Health Consequences of Sex Trafficking and Their Implications for Identifying Victims in Healthcare Facilities", Annals of Health Law 23(1), 2014',
    url: 'https://lawecommons.luc.edu/annals/vol23/iss1/5',
  },
  sscst: {
    title:
      'Greenbaum, Dodd & McCracken, "A Short Screening Tool to Identify Victims of Child Sex Trafficking in the Health Care Setting" (SSCST), Pediatric Emergency Care, 2018',
  },
  soar: {
    title: 'HHS Administration for Children and Families, Office on Trafficking in Persons: SOAR to Health and Wellness',
    url: 'https://www.acf.hhs.gov/otip/training/soar-health-and-wellness-training',
  },
  icd10cmFy2019: {
    title:
      'ICD-10-CM FY2019 addenda (CDC NCHS): codes for confirmed and suspected forced labor or sexual exploitation (T74.5-, T74.6-, T76.5-, T76.6-), Z04.81, Z04.82, Z62.813, Z91.42, Y07.6',
  },
  ovcttacMedicalNeeds: {
    title: 'Office for Victims of Crime Training and Technical Assistance Center (OVC TTAC), Human Trafficking Task Force e-Guide, "Medical Health Needs"',
  },
} as const satisfies Record<string, IndicatorSource>;

const PREGNANCY_LOSS_OR_TERMINATION_CODES: readonly CodeSet[] = [
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
];

const PREGNANCY_CODES: readonly CodeSet[] = [
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
  ...PREGNANCY_LOSS_OR_TERMINATION_CODES,
];

const DENTAL_INJURY_CODES: readonly CodeSet[] = [
  // S02.5 fracture of tooth (traumatic); S03.2 dislocation of tooth.
  { system: CODE_SYSTEM.icd10cm, prefixes: ['S02.5', 'S03.2'], label: 'Dental injury' },
];

const INJURY_CODES: readonly CodeSet[] = [
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
];

const GENITAL_INJURY_CODES: readonly CodeSet[] = [
  {
    system: CODE_SYSTEM.icd10cm,
    // Contusion of external genital organs; open wounds of penis, scrotum and testes, vagina and vulva, other
    // external genitals; crushing injury and traumatic amputation of external genitals; other injuries of
    // external genitals.
    prefixes: ['S30.2', 'S31.2', 'S31.3', 'S31.4', 'S31.5', 'S38.0', 'S38.2', 'S39.84'],
    label: 'Genital injury',
  },
];

const ASSAULT_OR_MALTREATMENT_CODES: readonly CodeSet[] = [
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
];

const RELATED_CODES: readonly CodeSet[] = [
  {
    system: CODE_SYSTEM.icd10cm,
    prefixes: ['T74.51', 'T74.52', 'T74.61', 'T74.62', 'T76.51', 'T76.52', 'T76.61', 'T76.62', 'Z04.81', 'Z04.82', 'Z62.813', 'Z91.42', 'Y07.6'],
    label: 'Related ICD-10-CM code',
    codeOnlyEvidence: true,
  },
  // Victim of child sexual exploitation (finding).
  { system: CODE_SYSTEM.snomed, codes: ['713834002'], label: 'Related SNOMED CT finding', codeOnlyEvidence: true },
];

const SUBSTANCE_USE_CODES: readonly CodeSet[] = [
  // F10–F19 mental and behavioural disorders due to psychoactive substance use, except F17 (nicotine), which
  // is common enough to drown the prompt.
  { system: CODE_SYSTEM.icd10cm, prefixes: categoryRange('F', 10, 19, [17]), label: 'Substance use' },
];

const MALNUTRITION_CODES: readonly CodeSet[] = [
  // E40–E46 protein-calorie malnutrition.
  { system: CODE_SYSTEM.icd10cm, prefixes: categoryRange('E', 40, 46), label: 'Malnutrition' },
];

const HOUSING_INSTABILITY_CODES: readonly CodeSet[] = [
  // Z59.0- homelessness (sheltered, unsheltered, unspecified); Z59.81- housing instability, housed.
  { system: CODE_SYSTEM.icd10cm, prefixes: ['Z59.0', 'Z59.81'], label: 'Housing instability' },
  { system: CODE_SYSTEM.snomed, codes: ['32911000'], label: 'Homeless' },
];

const SOCIAL_SERVICE_REFERRAL_CODES: readonly CodeSet[] = [
  {
    system: CODE_SYSTEM.snomed,
    codes: [
      '306238000', // Referral to social services
      '410606002', // Social service procedure
    ],
    label: 'Social service referral',
  },
];

const PRIVATE_CONVERSATION = 'a reason to offer a private conversation, not a finding.';

export const indicatorCatalog: readonly IndicatorDefinition[] = [
  {
    id: 'related-code-recorded',
    label: 'Related code already recorded',
    explanation: `A diagnosis code for confirmed or suspected forced labor or sexual exploitation, or a related examination or history code, is already in the chart. It may be old or ruled out: ${PRIVATE_CONVERSATION}`,
    source: SOURCES.icd10cmFy2019,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition', 'Observation'], codes: RELATED_CODES },
  },
  {
    id: 'prior-safety-record',
    label: 'Earlier safety flag or referral',
    explanation: `A safety flag or a social-service referral was recorded before, active or not. Another clinician had a concern; it is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.soar,
    population: 'all',
    matcher: { kind: 'prior-safety-record', referralCodes: SOCIAL_SERVICE_REFERRAL_CODES },
  },
  {
    id: 'sexually-transmitted-infection',
    label: 'Sexually transmitted infection',
    explanation: `A sexually transmitted infection was diagnosed or tested positive in the last 12 months. STIs are among the health problems most often reported by people coerced into sex; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: {
      kind: 'coded',
      resourceTypes: ['Condition', 'Observation'],
      codes: SEXUALLY_TRANSMITTED_INFECTION.codes,
      withinMonths: 12,
      requirePositive: true,
    },
  },
  {
    id: 'pregnancy-in-minor',
    label: 'Pregnancy under 18',
    explanation: `A pregnancy, positive pregnancy test, pregnancy loss or termination in the last 12 months, in a patient under 18. Reproductive history is one of the items of a validated youth screen; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.sscst,
    population: 'youth',
    matcher: {
      kind: 'coded',
      resourceTypes: ['Condition', 'Observation', 'Procedure'],
      codes: PREGNANCY_CODES,
      withinMonths: 12,
      requirePositive: true,
    },
  },
  {
    id: 'repeated-pregnancy-loss-or-termination',
    label: 'Repeated pregnancy loss or termination',
    explanation: `Two or more pregnancy losses or terminations, at least 60 days apart, in the last 3 years. Repeated pregnancies and abortions are reported by many people coerced into sex; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: {
      kind: 'coded',
      resourceTypes: ['Condition', 'Procedure'],
      codes: PREGNANCY_LOSS_OR_TERMINATION_CODES,
      withinMonths: 36,
      minimumEpisodes: { count: 2, daysApart: 60 },
    },
  },
  {
    id: 'genital-injury',
    label: 'Genital injury',
    explanation: `An injury of the external genitals in the last 12 months. Genital trauma can follow sexual violence; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: GENITAL_INJURY_CODES, withinMonths: 12 },
  },
  {
    id: 'dental-injury',
    label: 'Dental injury',
    explanation: `A fractured or dislocated tooth in the last 12 months. Dental injuries are a common result of blows to the face; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: DENTAL_INJURY_CODES, withinMonths: 12 },
  },
  {
    id: 'injury-fracture-contusion-burn',
    label: 'Fracture, bruise or burn',
    explanation: `A fracture, contusion or burn in the last 12 months. Injuries from violence are common among people who are controlled by others; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: INJURY_CODES, withinMonths: 12 },
  },
  {
    id: 'assault-or-maltreatment',
    label: 'Assault or maltreatment recorded',
    explanation: `An assault, confirmed or suspected maltreatment, or an examination after alleged abuse was coded in the last 12 months. Violence is among the experiences most often reported by people coerced into work or sex; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: ASSAULT_OR_MALTREATMENT_CODES, withinMonths: 12 },
  },
  {
    id: 'substance-use',
    label: 'Substance use',
    explanation: `A substance use disorder or intoxication (alcohol or drugs, not nicotine) in the last 12 months. Substances are sometimes used to control people, or to cope; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: SUBSTANCE_USE_CODES, withinMonths: 12 },
  },
  {
    id: 'malnutrition',
    label: 'Malnutrition',
    explanation: `Protein-calorie malnutrition in the last 12 months. Deprivation of food can be a sign that someone else controls daily life; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: MALNUTRITION_CODES, withinMonths: 12 },
  },
  {
    id: 'housing-instability',
    label: 'Housing instability',
    explanation: `Homelessness or unstable housing was recorded in the last 12 months. Unstable housing makes people easier to pressure into work or sex; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.soar,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: HOUSING_INSTABILITY_CODES, withinMonths: 12 },
  },
  {
    id: 'temporary-address-only',
    label: 'Temporary address only',
    explanation: `The only current address on file is marked temporary. Having no stable address, or living where one works, is an indicator in federal training; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.soar,
    population: 'all',
    matcher: { kind: 'temporary-address-only' },
  },
  {
    id: 'post-traumatic-stress',
    label: 'Stress after a past event',
    explanation: `Post-traumatic stress was recorded. People controlled by others often carry trauma that shapes how they seek care and what they can say; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ovcttacMedicalNeeds,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: POST_TRAUMATIC_STRESS.codes },
  },
  {
    id: 'depression',
    label: 'Low mood',
    explanation: `Depression was recorded in the last 12 months. Mental health needs are among the most common needs of people controlled by others; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ovcttacMedicalNeeds,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: DEPRESSION.codes, withinMonths: 12 },
  },
  {
    id: 'self-harm',
    label: 'Earlier harm',
    explanation: `Self-harm or a suicide attempt was recorded. Both are reported far more often by people coerced into work or sex than by other patients, so ask how safe the patient is today; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: SELF_HARM.codes },
  },
  {
    id: 'untreated-long-term-condition',
    label: 'Ongoing condition without regular care',
    explanation: `A long-term condition has been on the chart for 12 months or more, and every dated visit of the last 12 months was an emergency visit: no clinic or follow-up visit. People kept from care often go without treatment for such conditions; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ovcttacMedicalNeeds,
    population: 'all',
    matcher: { kind: 'untreated-long-term-condition', conditions: LONG_TERM_CONDITION.codes, withinMonths: 12 },
  },
  {
    id: 'repeat-emergency-visits',
    label: 'Repeated emergency visits',
    explanation: `Three or more emergency visits in the last 12 months, today's included. Many survivors report repeated emergency care while they were controlled by others; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'repeat-emergency-visits', minimumVisits: 3, withinMonths: 12 },
  },
  {
    id: 'no-active-coverage',
    label: 'No active coverage',
    explanation: `No insurance is in force today (none on file, lapsed, or self-pay). People controlled by others often lack access to their own documents and money; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.soar,
    population: 'all',
    matcher: { kind: 'no-active-coverage' },
  },
];
