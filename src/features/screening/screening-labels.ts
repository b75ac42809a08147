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
