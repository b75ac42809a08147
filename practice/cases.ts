import type { Resource } from 'fhir/r4';
import { SOURCES as indicatorSources } from '../src/features/indicators/catalog';
import type { ReferralOutcome } from '../src/features/referral/referral-types';
import type { AnswerValue } from '../src/features/screening/screening-types';
import {
  activeCoverage,
  birthDateFor,
  dayBefore,
  diagnosis,
  emergencyVisit,
  icd10,
  loinc,
  positiveLab,
  practiceCareSetting,
  practicePatient,
} from './case-chart';

/**
 * What the clinician can do in the simulated room, beside Lantern: the PEARR steps that happen between people, which
 * no FHIR server and no form records.
 */
export type RoomActionId = 'see-alone' | 'explain-confidentiality' | 'professional-interpreter' | 'companion-interprets' | 'ask-questions';

export interface PracticeSource {
  title: string;
  publisher: string;
  url?: string;
}

/** Someone who came in with the patient. */
export interface Companion {
  who: string;
  /** What happens when the clinician asks to see the patient alone. */
  whenAskedToLeave: string;
  leavesWhenAsked: boolean;
}

/** What the case expects of a good attempt: the debrief compares the attempt with it. */
export interface CaseExpectations {
  /** Indicator ids the real engine raises on this chart (checked by cases.test.ts). */
  prompts: readonly string[];
  /** Ids from the guide's observed checklist that the room shows. */
  observations: readonly string[];
  /** Outcomes that fit what the patient said. */
  outcomes: readonly ReferralOutcome[];
  /** 'required': an adult's referral needs their recorded agreement; 'refused': the patient refused, so none is recorded. */
  consent?: 'required' | 'refused';
  /** The patient is a minor: every outcome but "no concern" needs the duty acknowledged and the report documented. */
  reportingDuty?: true;
}

export interface PracticeCase {
  id: string;
  title: string;
  /** One line for the case list. */
  summary: string;
  vignette: string;
  patientId: string;
  encounterId: string;
  /** The synthetic chart as of `asOf` (YYYY-MM-DD): dates move with the day the case is played. */
  chart: (asOf: string) => Resource[];
  companion?: Companion;
  /** The patient's language when it is not English: a professional interpreter is needed. */
  language?: { code: 'es'; name: string };
  /** What happens in the room, in order, before anyone asks anything. */
  room: readonly string[];
  /** The patient's answers to Lantern's questions (by linkId), once they can answer freely. */
  answers: Readonly<Record<string, AnswerValue>>;
  /** What the patient says after the questions. */
  disclosure: string;
  expected: CaseExpectations;
  /** What the case is there to teach, shown in the debrief. */
  lesson: string;
  sources: readonly PracticeSource[];
}

const SOURCES = {
  ovcttac: { ...indicatorSources.ovcttacMedicalNeeds, url: 'https://www.ovcttac.gov/taskforceguide/eguide/4-supporting-victims/45-victim-needs/medical-health-needs/' },
  pearr: {
    title: 'PEARR Tool: Provide privacy, Educate, Ask, Respect and Respond',
    publisher: 'Dignity Health, HEAL Trafficking and Pacific Survivor Center',
    url: 'https://healtrafficking.org/',
  },
  ledererWetzel: indicatorSources.ledererWetzel,
  sscst: indicatorSources.sscst,
  jvta: {
    title: 'Justice for Victims of Trafficking Act of 2015 (amending CAPTA): a child sex-trafficking victim is a victim of child abuse; reporting duties are set by each state',
    publisher: 'U.S. Congress, Public Law 114-22',
  },
  raft: {
    title: 'Chisolm-Straker et al., "Rapid Appraisal for Trafficking (RAFT)": adult ED screen for labor and sex trafficking, 2021',
    publisher: 'JACEP Open',
  },
  soar: indicatorSources.soar,
  cdcDefinition: {
    title: 'CDC "Suspected Sex Trafficking v1" syndrome definition: code-based definitions are not for case-finding',
    publisher: 'Centers for Disease Control and Prevention',
  },
  pearrUptake: {
    title: 'After PEARR training most ED staff never used it, because they never suspected any patient, 2024',
    publisher: 'Frontiers in Medicine',
  },
  hotline: {
    title: 'National Human Trafficking Hotline: 1-888-373-7888, text 233733; 24/7, 200+ languages, not law enforcement',
    publisher: 'Polaris, for HHS',
    url: 'https://humantraffickinghotline.org/',
  },
} as const satisfies Record<string, PracticeSource>;

const adultAnswers = (answers: Record<string, AnswerValue>): Record<string, AnswerValue> => ({
  'work-living-control': 'no',
  'free-to-leave': 'no',
  'documents-held': 'no',
  'work-or-sex-for-something': 'no',
  threats: 'no',
  'afraid-to-go-back-today': 'no',
  ...answers,
});

export const practiceCases: readonly PracticeCase[] = [
  {
    id: 'companion-answers',
    title: 'A broken tooth, an infection, and a companion who answers',
    summary: 'Adult, sexually transmitted infection and a dental fracture; her companion answers for her.',
    vignette:
      'Maya Lind, 24, comes in at night with a broken front tooth. The man with her says she fell on the stairs. Her swab, taken at triage, is positive for gonorrhoea.',
    patientId: 'practice-maya',
    encounterId: 'practice-maya-visit',
    chart: (asOf) => [
      ...practiceCareSetting(),
      practicePatient({ id: 'practice-maya', given: 'Maya', family: 'Lind', gender: 'female', birthDate: birthDateFor(asOf, 24) }),
      emergencyVisit('practice-maya-visit', 'practice-maya', asOf, icd10('S02.5XXA', 'Fracture of tooth (traumatic), initial encounter'), true),
      emergencyVisit('practice-maya-earlier', 'practice-maya', dayBefore(asOf, 40), icd10('S00.83XA', 'Contusion of other part of head, initial encounter'), false),
      diagnosis('practice-maya-tooth', 'practice-maya', 'practice-maya-visit', asOf, icd10('S02.5XXA', 'Fracture of tooth (traumatic), initial encounter')),
      diagnosis('practice-maya-bruise', 'practice-maya', 'practice-maya-earlier', dayBefore(asOf, 40), icd10('S00.83XA', 'Contusion of other part of head, initial encounter')),
      positiveLab('practice-maya-swab', 'practice-maya', 'practice-maya-visit', asOf, loinc('43305-2', 'Neisseria gonorrhoeae rRNA [Presence] in Specimen by NAA with probe detection')),
    ],
    companion: {
      who: 'A man in his forties who calls himself her boyfriend.',
      whenAskedToLeave: 'You tell him the examination is done with patients alone, as for everyone. He frowns, then waits outside.',
      leavesWhenAsked: true,
    },
    room: [
      'The man answers every question you ask her, and says she fell on the stairs.',
      'She looks at him before she speaks, and avoids your eyes.',
      'Asked where the stairs were, she names a different place than he did.',
    ],
    answers: adultAnswers({ 'work-living-control': 'yes', 'documents-held': 'yes', 'work-or-sex-for-something': 'yes', threats: 'yes' }),
    disclosure:
      'Alone, she says she owes him for the trip here and has to "work it off". She does not want a referral today, but takes the hotline number and asks that nothing shows where he could read it.',
    expected: {
      prompts: ['sexually-transmitted-infection', 'dental-injury', 'injury-fracture-contusion-burn', 'no-active-coverage'],
      observations: ['companion-speaks', 'scripted-history', 'fearful'],
      outcomes: ['concern-declined-referral'],
    },
    lesson:
      'A companion who answers for the patient is itself a sign. See the patient alone with a reason that applies to everyone; an adult who declines a referral still leaves with a way to reach help.',
    sources: [SOURCES.ovcttac, SOURCES.ledererWetzel, SOURCES.pearr],
  },
  {
    id: 'minor-older-boyfriend',
    title: 'A 15-year-old and a much older "boyfriend"',
    summary: 'Minor with a sexually transmitted infection and a 24-year-old "boyfriend": the duty to report.',
    vignette:
      'Jade Moreno, 15, comes in alone with pelvic pain. Her chlamydia test is positive. She had a positive pregnancy test here three months ago.',
    patientId: 'practice-jade',
    encounterId: 'practice-jade-visit',
    chart: (asOf) => [
      ...practiceCareSetting(),
      practicePatient({ id: 'practice-jade', given: 'Jade', family: 'Moreno', gender: 'female', birthDate: birthDateFor(asOf, 15) }),
      activeCoverage('practice-jade-coverage', 'practice-jade', dayBefore(asOf, 700)),
      emergencyVisit('practice-jade-visit', 'practice-jade', asOf, icd10('R10.2', 'Pelvic and perineal pain'), true),
      emergencyVisit('practice-jade-earlier', 'practice-jade', dayBefore(asOf, 90), icd10('R10.30', 'Lower abdominal pain, unspecified'), false),
      positiveLab('practice-jade-swab', 'practice-jade', 'practice-jade-visit', asOf, loinc('43304-5', 'Chlamydia trachomatis rRNA [Presence] in Specimen by NAA with probe detection')),
      positiveLab('practice-jade-hcg', 'practice-jade', 'practice-jade-earlier', dayBefore(asOf, 90), loinc('2106-3', 'Choriogonadotropin (pregnancy test) [Presence] in Urine')),
    ],
    room: [
      'Her phone buzzes again and again; she says her boyfriend likes to know where she is.',
      'She mentions he is 24, buys her things, and has friends she "has to be nice to".',
      'She asks whether what she says will be told to her mother.',
    ],
    answers: {
      'safe-place-to-sleep': 'yes',
      'made-to-do-things': 'yes',
      'phone-or-id-controlled': 'yes',
      'asked-for-sexual-things': 'yes',
      'money-taken': 'no',
      'afraid-to-go-back-today': 'no',
    },
    disclosure:
      'She says his friends give her boyfriend money after she "hangs out" with them. She does not want the police involved and asks you not to tell anyone.',
    expected: {
      prompts: ['sexually-transmitted-infection', 'pregnancy-in-minor'],
      observations: ['fearful'],
      outcomes: ['concern-declined-referral', 'concern-referral-agreed', 'immediate-danger'],
      reportingDuty: true,
    },
    lesson:
      'Say what you must report before you ask: a young person who learns it afterwards was not told the truth. A minor exploited for sex is a victim of child abuse; the duty to report stands whatever she says, and a hotline call does not fulfil it.',
    sources: [SOURCES.sscst, SOURCES.jvta, SOURCES.pearr],
  },
  {
    id: 'employer-holds-id',
    title: 'An untreated hand injury and an employer who keeps his passport',
    summary: 'Man with a three-week-old hand fracture; his employer holds his ID (labor trafficking).',
    vignette:
      'Tomasz Wolny, 34, comes in with a swollen hand injured at work three weeks ago. His supervisor drove him and waits in the corridor. His address is the farm where he works.',
    patientId: 'practice-tomasz',
    encounterId: 'practice-tomasz-visit',
    chart: (asOf) => [
      ...practiceCareSetting(),
      practicePatient({
        id: 'practice-tomasz',
        given: 'Tomasz',
        family: 'Wolny',
        gender: 'male',
        birthDate: birthDateFor(asOf, 34),
        temporaryAddress: 'Worker housing, North Field Farms',
      }),
      emergencyVisit('practice-tomasz-visit', 'practice-tomasz', asOf, icd10('S62.309A', 'Unspecified fracture of unspecified metacarpal bone, initial encounter for closed fracture'), true),
      diagnosis(
        'practice-tomasz-hand',
        'practice-tomasz',
        'practice-tomasz-visit',
        asOf,
        icd10('S62.309A', 'Unspecified fracture of unspecified metacarpal bone, initial encounter for closed fracture'),
      ),
    ],
    room: [
      'He is vague about the job: "farm work, a bit of everything". He was told to "wait until the season ends" for the hand.',
      'He says the supervisor keeps his passport "for safety", and that his wages go to pay off the cost of his travel.',
      'Twice the supervisor looks in and asks when he will be done.',
    ],
    answers: adultAnswers({ 'work-living-control': 'yes', 'free-to-leave': 'yes', 'documents-held': 'yes', 'work-or-sex-for-something': 'yes', threats: 'yes' }),
    disclosure:
      'He says he was told he would be reported to immigration if he complained. He agrees to speak with someone who helps workers, as long as they do not call the farm.',
    expected: {
      prompts: ['injury-fracture-contusion-burn', 'temporary-address-only', 'no-active-coverage'],
      observations: ['no-documents', 'work-injury', 'lives-at-work', 'no-money-control'],
      outcomes: ['concern-referral-agreed'],
      consent: 'required',
    },
    lesson:
      'Trafficking is not only sexual: an injury left untreated, a job described vaguely, an employer who holds the passport and the wages are labor-trafficking signs. An adult who agrees to a referral has that agreement recorded; contacting him at the farm may be unsafe.',
    sources: [SOURCES.ovcttac, SOURCES.raft, SOURCES.soar],
  },
  {
    id: 'no-chart-prompts',
    title: 'A sprained ankle and nothing in the chart',
    summary: 'Adult with no chart prompts at all: the universal approach still applies.',
    vignette: 'Priya Shah, 29, twisted her ankle running for a bus. She is insured, has no earlier visits here, and came alone.',
    patientId: 'practice-priya',
    encounterId: 'practice-priya-visit',
    chart: (asOf) => [
      ...practiceCareSetting(),
      practicePatient({ id: 'practice-priya', given: 'Priya', family: 'Shah', gender: 'female', birthDate: birthDateFor(asOf, 29) }),
      activeCoverage('practice-priya-coverage', 'practice-priya', dayBefore(asOf, 1200)),
      emergencyVisit('practice-priya-visit', 'practice-priya', asOf, icd10('S93.401A', 'Sprain of unspecified ligament of right ankle, initial encounter'), true),
      diagnosis('practice-priya-ankle', 'practice-priya', 'practice-priya-visit', asOf, icd10('S93.401A', 'Sprain of unspecified ligament of right ankle, initial encounter')),
    ],
    room: ['She is relaxed and chatty, and asks how long the X-ray will take.', 'When you say you ask everyone a few safety questions, she says "sure".'],
    answers: adultAnswers({}),
    disclosure: 'She answers no to each question, and thanks you for asking: a friend of hers once needed that question.',
    expected: { prompts: [], observations: [], outcomes: ['no-concern'] },
    lesson:
      'Chart prompts find few people, and code-based definitions must never be used to pick who is asked. Asking everyone, privately and in the same words, is what reaches the patient nobody suspected; "no concern" is a result worth recording.',
    sources: [SOURCES.cdcDefinition, SOURCES.pearrUptake, SOURCES.pearr],
  },
  {
    id: 'immediate-danger-refuses',
    title: 'Immediate danger, and a patient who refuses any referral',
    summary: 'Adult with burns and bruises, afraid to go back tonight, who refuses a referral.',
    vignette:
      'Lena Brooks, 31, has a burn on her forearm and bruises on her face. It is her third emergency visit this year. A man waits for her in a car outside and keeps texting her.',
    patientId: 'practice-lena',
    encounterId: 'practice-lena-visit',
    chart: (asOf) => [
      ...practiceCareSetting(),
      practicePatient({ id: 'practice-lena', given: 'Lena', family: 'Brooks', gender: 'female', birthDate: birthDateFor(asOf, 31) }),
      activeCoverage('practice-lena-coverage', 'practice-lena', dayBefore(asOf, 900)),
      emergencyVisit('practice-lena-visit', 'practice-lena', asOf, icd10('T22.211A', 'Burn of second degree of right forearm, initial encounter'), true),
      emergencyVisit('practice-lena-second', 'practice-lena', dayBefore(asOf, 60), icd10('S00.83XA', 'Contusion of other part of head, initial encounter'), false),
      emergencyVisit('practice-lena-first', 'practice-lena', dayBefore(asOf, 150), icd10('S20.211A', 'Contusion of right front wall of thorax, initial encounter'), false),
      diagnosis('practice-lena-burn', 'practice-lena', 'practice-lena-visit', asOf, icd10('T22.211A', 'Burn of second degree of right forearm, initial encounter')),
      diagnosis('practice-lena-face', 'practice-lena', 'practice-lena-visit', asOf, icd10('S00.83XA', 'Contusion of other part of head, initial encounter')),
    ],
    room: [
      'She keeps her phone face down and flinches each time it buzzes.',
      'She says the man outside "manages" her and keeps everything she earns.',
    ],
    answers: adultAnswers({
      'work-living-control': 'yes',
      'free-to-leave': 'yes',
      'work-or-sex-for-something': 'yes',
      threats: 'yes',
      'afraid-to-go-back-today': 'yes',
    }),
    disclosure:
      'She says he told her he would kill her if she is late again. She refuses any referral: "If he finds a paper, I am dead." She agrees that security may walk her to a taxi, and keeps the hotline number in her phone under a friend’s name.',
    expected: {
      prompts: ['injury-fracture-contusion-burn', 'repeat-emergency-visits'],
      observations: ['fearful', 'no-money-control'],
      outcomes: ['immediate-danger'],
      consent: 'refused',
    },
    lesson:
      'Immediate danger is acted on now (security, a safety plan), but an adult’s refusal of a referral is respected: the record notes the danger and that she declined, and no referral is made without her agreement.',
    sources: [SOURCES.pearr, SOURCES.ovcttac, SOURCES.hotline],
  },
  {
    id: 'interpreter-needed',
    title: 'A Spanish-speaking patient and a cousin who offers to interpret',
    summary: 'Spanish-speaking adult; the companion offers to interpret. A professional interpreter is needed.',
    vignette:
      'Rosa Díaz, 27, speaks Spanish and little English. She has abdominal pain and a positive chlamydia test. The woman with her says she is her cousin and offers to interpret.',
    patientId: 'practice-rosa',
    encounterId: 'practice-rosa-visit',
    chart: (asOf) => [
      ...practiceCareSetting(),
      practicePatient({
        id: 'practice-rosa',
        given: 'Rosa',
        family: 'Díaz',
        gender: 'female',
        birthDate: birthDateFor(asOf, 27),
        language: { code: 'es', display: 'Spanish' },
      }),
      emergencyVisit('practice-rosa-visit', 'practice-rosa', asOf, icd10('R10.9', 'Unspecified abdominal pain'), true),
      positiveLab('practice-rosa-swab', 'practice-rosa', 'practice-rosa-visit', asOf, loinc('21613-5', 'Chlamydia trachomatis DNA [Presence] in Specimen by NAA with probe detection')),
    ],
    companion: {
      who: 'A woman who says she is her cousin, and offers to interpret.',
      whenAskedToLeave:
        'You explain, through the interpreter, that patients are seen alone for part of every visit. The cousin hesitates, then waits outside.',
      leavesWhenAsked: true,
    },
    language: { code: 'es', name: 'Spanish' },
    room: [
      'The cousin speaks at length for Rosa, who says little.',
      'Rosa says, in Spanish, that the cousin keeps her papers "so they don’t get lost".',
    ],
    answers: adultAnswers({ 'work-living-control': 'yes', 'free-to-leave': 'yes', 'documents-held': 'yes', 'work-or-sex-for-something': 'yes' }),
    disclosure:
      'Through the interpreter she says she cleans houses for the "cousin" and is never paid; she sleeps where she is told. She agrees to a referral to a Spanish-speaking advocate.',
    expected: {
      prompts: ['sexually-transmitted-infection', 'no-active-coverage'],
      observations: ['companion-speaks', 'no-documents'],
      outcomes: ['concern-referral-agreed'],
      consent: 'required',
    },
    lesson:
      'Use a professional interpreter, never a companion or relative: the companion may be the person controlling the patient, and the patient will not disclose through them.',
    sources: [SOURCES.pearr, SOURCES.hotline, SOURCES.ovcttac],
  },
];

/** Sources for the practice mode itself: why training, and why again. */
export const trainingSources: readonly PracticeSource[] = [
  {
    title: 'Grace et al., cluster-randomised trial of human-trafficking training in 20 emergency departments: knowledge and suspicion rose, 2014',
    publisher: 'Pediatric Emergency Care',
  },
  {
    title: 'Lee et al., knowledge of human trafficking after training fell back within six months, 2021',
    publisher: 'Journal of Medical Education and Curricular Development',
  },
  { title: 'Standardized-patient simulation cases on human trafficking (CC BY), 2024', publisher: 'Journal of Education and Teaching in Emergency Medicine (JETem)' },
  SOURCES.ovcttac,
];

export function practiceCaseById(id: string): PracticeCase | undefined {
  return practiceCases.find((practiceCase) => practiceCase.id === id);
}
