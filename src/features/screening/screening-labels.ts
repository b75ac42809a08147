import type { AnswerValue, Language } from './screening-types';

/** Answers in the order they are offered; 'declined' last so it never reads as the expected answer. */
export const answerValues: readonly AnswerValue[] = ['yes', 'no', 'declined'];

/** Patient-facing: these switch with the question language. */
export const answerLabels: Readonly<Record<Language, Readonly<Record<AnswerValue, string>>>> = {
  en: { yes: 'Yes', no: 'No', declined: 'Declined to answer' },
  es: { yes: 'Sí', no: 'No', declined: 'Prefiere no responder' },
};

/** Each language named in itself, so a patient can find their own. */
export const languageNames: Readonly<Record<Language, string>> = {
  en: 'English',
  es: 'Español',
};

/**
 * The patient's own view (read-it-yourself): the words a patient reads on a screen handed over. First person, in
 * the patient's language, with none of the clinician's notes ("not a validated instrument" stays on the clinician's
 * side) and none of the vocabulary rule's listed terms. Spanish is impersonal where it can be, so it suits both the
 * adult ("usted") and the youth ("tú") questions.
 */
export interface PatientWords {
  title: string;
  intro: string;
  hideHelp: string;
  language: string;
  progress: (position: number, total: number) => string;
  answers: Readonly<Record<AnswerValue, string>>;
  back: string;
  next: string;
  done: string;
  giveBack: string;
  hide: string;
}

export const patientWords: Readonly<Record<Language, PatientWords>> = {
  en: {
    title: 'A few questions we ask everyone',
    intro: 'Read each question and choose the answer that fits. Any question can be answered “I’d rather not answer”.',
    hideHelp: 'To hide this screen at once, press Hide at the top or the Esc key.',
    language: 'Language',
    progress: (position, total) => `Question ${String(position)} of ${String(total)}`,
    answers: { yes: 'Yes', no: 'No', declined: 'I’d rather not answer' },
    back: 'Back',
    next: 'Next',
    done: 'Thank you. That was the last question.',
    giveBack: 'You can give the screen back now.',
    hide: 'Hide',
  },
  es: {
    title: 'Unas preguntas que hacemos a todas las personas',
    intro: 'Cada pregunta se puede responder con “Prefiero no responder”.',
    hideHelp: 'Para ocultar esta pantalla enseguida, use el botón Ocultar de arriba o la tecla Esc.',
    language: 'Idioma',
    progress: (position, total) => `Pregunta ${String(position)} de ${String(total)}`,
    answers: { yes: 'Sí', no: 'No', declined: 'Prefiero no responder' },
    back: 'Anterior',
    next: 'Siguiente',
    done: 'Gracias. Esa fue la última pregunta.',
    giveBack: 'Ya se puede devolver la pantalla.',
    hide: 'Ocultar',
  },
};
