/**
 * The conversation guide, as data. Steps follow the PEARR approach (Provide privacy, Educate, Ask, Respect,
 * Respond — Dignity Health, HEAL Trafficking and Pacific Survivor Center); the wording is Lantern's own.
 */
export interface GuideStep {
  id: string;
  title: string;
  points: readonly string[];
}

export const guideSource = {
  title: 'PEARR Tool — Dignity Health, HEAL Trafficking, Pacific Survivor Center',
  url: 'https://healtrafficking.org/',
};

export const guideSteps: readonly GuideStep[] = [
  {
    id: 'privacy',
    title: 'Provide privacy',
    points: [
      'See the patient alone for part of the visit; a routine reason ("we see every patient alone for part of the exam") protects them.',
      'A companion who will not leave, or answers for the patient, is itself worth noting. Do not force a separation that could put the patient at risk.',
      'Use a professional interpreter — never a companion, relative or friend.',
    ],
  },
  {
    id: 'educate',
    title: 'Educate',
    points: [
      'Before asking anything, explain what stays confidential and what you may have to report (for example, abuse of a minor).',
      'Say that you ask everyone these questions, so the patient does not feel singled out.',
    ],
  },
  {
    id: 'ask',
    title: 'Ask',
    points: [
      'Ask in plain words, one question at a time, and accept silence.',
      'Use the screening questions below if the patient is willing; they may decline any question.',
    ],
  },
  {
    id: 'respect',
    title: 'Respect',
    points: [
      'The patient decides what happens next. Do not push for disclosure or a referral.',
      'Believe what you are told, and thank the patient for talking with you.',
      'Hostility, inconsistent answers or seeming absent ("uncooperative") can be a trauma response rather than a refusal of care: stay calm, explain each step, and offer again (OVC TTAC Human Trafficking Task Force e-Guide, "Medical Health Needs").',
    ],
  },
  {
    id: 'respond',
    title: 'Respond',
    points: [
      'Offer resources and a referral only with the patient’s agreement (adults).',
      'If the patient is in immediate danger, follow your facility’s safety protocol.',
      'The National Human Trafficking Hotline (1-888-373-7888, text 233733) is confidential, 24/7, in 200+ languages, and is not law enforcement.',
    ],
  },
];

/** Things only the clinician can see in the room; no FHIR server knows them. */
export interface ObservedIndicator {
  id: string;
  label: string;
}

export const observedIndicators: readonly ObservedIndicator[] = [
  { id: 'companion-speaks', label: 'A companion answers for the patient or will not leave' },
  { id: 'no-documents', label: 'The patient has no ID, or someone else holds it' },
  { id: 'scripted-history', label: 'The history sounds scripted or does not fit the injuries' },
  { id: 'fearful', label: 'The patient seems fearful, anxious or overly deferential' },
  { id: 'no-money-control', label: 'The patient does not control their own money' },
  { id: 'branding', label: 'Tattoos or marks that suggest ownership' },
  { id: 'work-injury', label: 'Work-related injuries with a vague account of the job' },
  { id: 'lives-at-work', label: 'The patient lives where they work' },
  { id: 'disoriented', label: 'The patient is unsure of their address or the date' },
];
