/**
 * The conversation guide, as data. Steps follow the PEARR approach (Provide privacy, Educate, Ask, Respect,
 * Respond — Dignity Health, HEAL Trafficking and Pacific Survivor Center); the wording is Lantern's own.
 */
export interface GuideStep {
  id: string;
  title: string;
  points: readonly string[];
}

/** A source the guide draws on: shown as a citation, only once the clinician opens "Names and sources". */
export interface GuideSource {
  title: string;
  publisher: string;
  /** Only when the address is known to be right; never guessed. */
  url?: string;
}

export const guideSources: readonly GuideSource[] = [
  {
    title: 'PEARR Tool: Provide privacy, Educate, Ask, Respect and Respond',
    publisher: 'Dignity Health, HEAL Trafficking and Pacific Survivor Center',
    url: 'https://healtrafficking.org/',
  },
  {
    title: 'Human Trafficking Task Force e-Guide, "Medical Health Needs" (the "uncooperative" point under Respect)',
    publisher: 'Office for Victims of Crime Training and Technical Assistance Center (OVC TTAC)',
  },
];

/** Lantern's own practice page, beside the app's pages: offered under "Names and sources" as an address to copy. */
export const practicePage = {
  title: 'Practise first: Lantern’s practice cases (made-up patients; nothing is sent or recorded)',
  publisher: 'This Lantern',
  path: 'training.html',
};

/**
 * The hotline the guide offers. On screen it is "a confidential national hotline" with its numbers; its name, which
 * says what the conversation is about, is shown only under "Names and sources".
 */
export const nationalHotline = {
  name: 'National Human Trafficking Hotline',
  call: '1-888-373-7888',
  text: '233733',
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
      'Hostility, inconsistent answers or seeming absent ("uncooperative") can be a trauma response rather than a refusal of care: stay calm, explain each step, and offer again.',
    ],
  },
  {
    id: 'respond',
    title: 'Respond',
    points: [
      'Offer resources and a referral only with the patient’s agreement (adults).',
      'If the patient is in immediate danger, follow your facility’s safety protocol.',
      `A confidential national hotline: call ${nationalHotline.call} or text ${nationalHotline.text}; 24/7, in 200+ languages, and not law enforcement (its name is under “Names and sources”).`,
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
