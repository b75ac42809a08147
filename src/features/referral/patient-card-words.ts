import { hotlineNumbers } from './directory';

/**
 * The patient card's words, in the patient's language. The card is disguised as general health resources: the
 * confidential hotline sits among ordinary numbers, and nothing on it names what the conversation was about, its
 * outcome or (unless the patient asked) a service, because the person who brought the patient may find it.
 */
/** The languages the card is written in; the app passes the screening language chosen. */
export type CardLanguage = 'en' | 'es';

export interface PatientCardWords {
  title: string;
  lines: readonly { what: string; number: string }[];
  footer: string;
}

export const patientCardWords: Readonly<Record<CardLanguage, PatientCardWords>> = {
  en: {
    title: 'Health resources',
    lines: [
      { what: 'Emergency', number: '911' },
      { what: 'Mental health or crisis support, 24/7 (call or text)', number: '988' },
      { what: 'Community services: food, housing, health care', number: '211' },
      { what: 'Confidential support line, 24/7, any language', number: `${hotlineNumbers.call} · text ${hotlineNumbers.text}` },
    ],
    footer: 'Free to call, any time.',
  },
  es: {
    title: 'Recursos de salud',
    lines: [
      { what: 'Emergencias', number: '911' },
      { what: 'Apoyo en crisis o salud mental, 24/7 (llamada o texto)', number: '988' },
      { what: 'Servicios comunitarios: comida, vivienda, atención médica', number: '211' },
      { what: 'Línea de apoyo confidencial, 24/7, en cualquier idioma', number: `${hotlineNumbers.call} · texto ${hotlineNumbers.text}` },
    ],
    footer: 'Llamada gratuita, a cualquier hora.',
  },
};

/** The on-screen hotline card's words, in the patient's language: the patient may read it over the clinician's arm. */
export const hotlineCardWords: Readonly<Record<CardLanguage, { title: string; about: string; call: string; text: string; tty: string }>> = {
  en: { title: 'National hotline', about: 'Confidential, 24/7, 200+ languages, not law enforcement.', call: 'Call', text: 'Text', tty: 'TTY' },
  es: {
    title: 'Línea nacional',
    about: 'Confidencial, 24/7, más de 200 idiomas, no es la policía.',
    call: 'Llamar',
    text: 'Mensaje de texto',
    tty: 'TTY',
  },
};
