import type { IndicatorDefinition, IndicatorSource } from './indicator-types';
import {
  ASSAULT_OR_MALTREATMENT,
  DENTAL_INJURY,
  DEPRESSION,
  GENITAL_INJURY,
  HOUSING_INSTABILITY,
  INJURY,
  LONG_TERM_CONDITION,
  MALNUTRITION,
  POST_TRAUMATIC_STRESS,
  PREGNANCY,
  PREGNANCY_LOSS_OR_TERMINATION,
  TRAFFICKING_RELATED,
  SELF_HARM,
  SEXUALLY_TRANSMITTED_INFECTION,
  SOCIAL_SERVICE_REFERRAL,
  SUBSTANCE_USE,
} from './value-sets';

/**
 * Chart indicators, each with its source. Each is a prompt to offer a private
 * conversation, never a finding: CDC warns that code-based definitions must not be used for case-finding.
 * Each has a neutral heading, the only words shown until the clinician opens the prompt (a companion may see the
 * screen), and a clinical label, shown with the evidence and the explanation once it is opened.
 *
 * The codes each indicator matches are named value sets in value-sets.ts, each with the set it is drawn from.
 */

/** The published sources the catalog cites, which the practice cases cite too. */
export const SOURCES = {
  ledererWetzel: {
    title:
      'Lederer & Wetzel, "The Health Consequences of Sex Trafficking and Their Implications for Identifying Victims in Healthcare Facilities", Annals of Health Law 23(1), 2014',
    publisher: 'Loyola University Chicago School of Law',
    url: 'https://lawecommons.luc.edu/annals/vol23/iss1/5',
  },
  sscst: {
    title:
      'Greenbaum, Dodd & McCracken, "A Short Screening Tool to Identify Victims of Child Sex Trafficking in the Health Care Setting" (SSCST), 2018',
    publisher: 'Pediatric Emergency Care',
  },
  soar: {
    title: 'SOAR to Health and Wellness',
    publisher: 'HHS Administration for Children and Families, Office on Trafficking in Persons',
    url: 'https://www.acf.hhs.gov/otip/training/soar-health-and-wellness-training',
  },
  icd10cmFy2019: {
    title:
      'ICD-10-CM FY2019 addenda: codes for confirmed and suspected forced labor or sexual exploitation (T74.5-, T74.6-, T76.5-, T76.6-), Z04.81, Z04.82, Z62.813, Z91.42, Y07.6',
    publisher: 'CDC National Center for Health Statistics (NCHS)',
  },
  ovcttacMedicalNeeds: {
    title: 'Human Trafficking Task Force e-Guide, "Medical Health Needs"',
    publisher: 'Office for Victims of Crime Training and Technical Assistance Center (OVC TTAC)',
  },
} as const satisfies Record<string, IndicatorSource>;

const PRIVATE_CONVERSATION = 'a reason to offer a private conversation, not a finding.';

export const indicatorCatalog: readonly IndicatorDefinition[] = [
  {
    id: 'related-code-recorded',
    heading: 'Coded history',
    label: 'Related code already recorded',
    explanation: `A diagnosis code for confirmed or suspected forced labor or sexual exploitation, or a related examination or history code, is already in the chart. It may be old or ruled out: ${PRIVATE_CONVERSATION}`,
    source: SOURCES.icd10cmFy2019,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition', 'Observation'], codes: TRAFFICKING_RELATED.codes },
  },
  {
    id: 'prior-safety-record',
    heading: 'Earlier record',
    label: 'Earlier safety flag or referral',
    explanation: `A safety flag or a social-service referral was recorded before, active or not. Another clinician had a concern; it is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.soar,
    population: 'all',
    matcher: { kind: 'prior-safety-record', referralCodes: SOCIAL_SERVICE_REFERRAL.codes },
  },
  {
    id: 'sexually-transmitted-infection',
    heading: 'Infection-related result',
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
    heading: 'Reproductive health',
    label: 'Pregnancy under 18',
    explanation: `A pregnancy, positive pregnancy test, pregnancy loss or termination in the last 12 months, in a patient under 18. Reproductive history is one of the items of a validated youth screen; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.sscst,
    population: 'youth',
    matcher: {
      kind: 'coded',
      resourceTypes: ['Condition', 'Observation', 'Procedure'],
      codes: PREGNANCY.codes,
      withinMonths: 12,
      requirePositive: true,
    },
  },
  {
    id: 'repeated-pregnancy-loss-or-termination',
    heading: 'Reproductive health',
    label: 'Repeated pregnancy loss or termination',
    explanation: `Two or more pregnancy losses or terminations, at least 60 days apart, in the last 3 years. Repeated pregnancies and abortions are reported by many people coerced into sex; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: {
      kind: 'coded',
      resourceTypes: ['Condition', 'Procedure'],
      codes: PREGNANCY_LOSS_OR_TERMINATION.codes,
      withinMonths: 36,
      minimumEpisodes: { count: 2, daysApart: 60 },
    },
  },
  {
    id: 'genital-injury',
    heading: 'Injury',
    label: 'Genital injury',
    explanation: `An injury of the external genitals in the last 12 months. Genital trauma can follow sexual violence; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: GENITAL_INJURY.codes, withinMonths: 12 },
  },
  {
    id: 'dental-injury',
    heading: 'Injury',
    label: 'Dental injury',
    explanation: `A fractured or dislocated tooth in the last 12 months. Dental injuries are a common result of blows to the face; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: DENTAL_INJURY.codes, withinMonths: 12 },
  },
  {
    id: 'injury-fracture-contusion-burn',
    heading: 'Injury',
    label: 'Fracture, bruise or burn',
    explanation: `A fracture, contusion or burn in the last 12 months. Injuries from violence are common among people who are controlled by others; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: INJURY.codes, withinMonths: 12 },
  },
  {
    id: 'assault-or-maltreatment',
    heading: 'Injury',
    label: 'Assault or maltreatment recorded',
    explanation: `An assault, confirmed or suspected maltreatment, or an examination after alleged abuse was coded in the last 12 months. Violence is among the experiences most often reported by people coerced into work or sex; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: ASSAULT_OR_MALTREATMENT.codes, withinMonths: 12 },
  },
  {
    id: 'substance-use',
    heading: 'Substance-related',
    label: 'Substance use',
    explanation: `A substance use disorder or intoxication (alcohol or drugs, not nicotine) in the last 12 months. Substances are sometimes used to control people, or to cope; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: SUBSTANCE_USE.codes, withinMonths: 12 },
  },
  {
    id: 'malnutrition',
    heading: 'Nutrition',
    label: 'Malnutrition',
    explanation: `Protein-calorie malnutrition in the last 12 months. Deprivation of food can be a sign that someone else controls daily life; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: MALNUTRITION.codes, withinMonths: 12 },
  },
  {
    id: 'housing-instability',
    heading: 'Housing',
    label: 'Housing instability',
    explanation: `Homelessness or unstable housing was recorded in the last 12 months. Unstable housing makes people easier to pressure into work or sex; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.soar,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: HOUSING_INSTABILITY.codes, withinMonths: 12 },
  },
  {
    id: 'temporary-address-only',
    heading: 'Address',
    label: 'Temporary address only',
    explanation: `The only current address on file is marked temporary. Having no stable address, or living where one works, is an indicator in federal training; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.soar,
    population: 'all',
    matcher: { kind: 'temporary-address-only' },
  },
  {
    id: 'post-traumatic-stress',
    heading: 'Mental health',
    label: 'Stress after a past event',
    explanation: `Post-traumatic stress was recorded. People controlled by others often carry trauma that shapes how they seek care and what they can say; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ovcttacMedicalNeeds,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: POST_TRAUMATIC_STRESS.codes },
  },
  {
    id: 'depression',
    heading: 'Mental health',
    label: 'Low mood',
    explanation: `Depression was recorded in the last 12 months. Mental health needs are among the most common needs of people controlled by others; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ovcttacMedicalNeeds,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: DEPRESSION.codes, withinMonths: 12 },
  },
  {
    id: 'self-harm',
    heading: 'Mental health',
    label: 'Earlier harm',
    explanation: `Self-harm or a suicide attempt was recorded. Both are reported far more often by people coerced into work or sex than by other patients, so ask how safe the patient is today; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'coded', resourceTypes: ['Condition'], codes: SELF_HARM.codes },
  },
  {
    id: 'untreated-long-term-condition',
    heading: 'Ongoing care',
    label: 'Ongoing condition without regular care',
    explanation: `A long-term condition has been on the chart for 12 months or more, and every dated visit of the last 12 months was an emergency visit: no clinic or follow-up visit. People kept from care often go without treatment for such conditions; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ovcttacMedicalNeeds,
    population: 'all',
    matcher: { kind: 'untreated-long-term-condition', conditions: LONG_TERM_CONDITION.codes, withinMonths: 12 },
  },
  {
    id: 'repeat-emergency-visits',
    heading: 'Visits',
    label: 'Repeated emergency visits',
    explanation: `Three or more emergency visits in the last 12 months, today's included. Many survivors report repeated emergency care while they were controlled by others; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.ledererWetzel,
    population: 'all',
    matcher: { kind: 'repeat-emergency-visits', minimumVisits: 3, withinMonths: 12 },
  },
  {
    id: 'no-active-coverage',
    heading: 'Coverage',
    label: 'No active coverage',
    explanation: `No insurance is in force today (none on file, lapsed, or self-pay). People controlled by others often lack access to their own documents and money; this is ${PRIVATE_CONVERSATION}`,
    source: SOURCES.soar,
    population: 'all',
    matcher: { kind: 'no-active-coverage' },
  },
];
