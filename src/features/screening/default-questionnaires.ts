import type { Element, Extension, Questionnaire, QuestionnaireItem } from 'fhir/r4';
import {
  dangerItemExtensionUrl,
  defaultAdultQuestionnaireUrl,
  defaultYouthQuestionnaireUrl,
  scoringRuleExtensionUrl,
  translationExtensionUrl,
  validatedInstrumentExtensionUrl,
} from './screening-systems';
import type { ScoringRule } from './screening-types';

/*
 * Lantern's own questions, written for this project (not taken from any published tool). Every question is
 * phrased so that 'yes' is the answer that deserves a closer, private conversation, which keeps scoring simple
 * and lets an organisation's yes/no instrument score the same way. Plain words, one idea per question where
 * possible, no blame; adults are addressed with "usted", young people with "tú".
 * The titles and descriptions avoid naming trafficking: they may be read on screen with a companion nearby.
 */

/** English text and its Spanish translation. */
interface Wording {
  en: string;
  es: string;
}

function translated(wording: Wording): { text: string; _text: Element } {
  return { text: wording.en, _text: translation(wording.es) };
}

function translation(spanish: string): Element {
  return {
    extension: [
      {
        url: translationExtensionUrl,
        extension: [
          { url: 'lang', valueCode: 'es' },
          { url: 'content', valueString: spanish },
        ],
      },
    ],
  };
}

function question(linkId: string, wording: Wording, options: { danger?: boolean } = {}): QuestionnaireItem {
  return {
    linkId,
    ...translated(wording),
    // Boolean items: 'declined' is recorded in the response as a data-absent-reason, so no answer list is needed
    // and the questionnaire stays renderable by any SDC form filler.
    type: 'boolean',
    ...(options.danger ? { extension: [{ url: dangerItemExtensionUrl, valueBoolean: true }] } : {}),
  };
}

function scoringRule(rule: ScoringRule): Extension {
  const kind: Extension = { url: 'kind', valueCode: rule.kind };
  return {
    url: scoringRuleExtensionUrl,
    extension: rule.kind === 'at-least' ? [kind, { url: 'count', valuePositiveInt: rule.count }] : [kind],
  };
}

const notValidated: Extension = { url: validatedInstrumentExtensionUrl, valueBoolean: false };

const sharedMetadata = {
  version: '1.0.0',
  status: 'active',
  date: '2025-01-15',
  publisher: 'Lantern project',
  subjectType: ['Patient'],
  language: 'en',
} satisfies Partial<Questionnaire>;

export const defaultAdultQuestionnaire: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'lantern-safety-check-in-adult',
  extension: [scoringRule({ kind: 'any-yes' }), notValidated],
  url: defaultAdultQuestionnaireUrl,
  name: 'LanternSafetyCheckInAdult',
  ...sharedMetadata,
  title: 'Safety check-in (adult) — conversation aid, not a validated screening instrument',
  _title: translation('Conversación sobre seguridad (adultos) — guía de conversación, no es un instrumento de detección validado'),
  description:
    'Questions written by the Lantern project to help an adult talk privately about safety at work and at home. ' +
    'This is a conversation aid — not a validated screening instrument: it has not been tested for accuracy. ' +
    'Any answer may be declined. A result is a prompt for the clinician’s judgement, never a diagnosis.',
  _description: translation(
    'Preguntas escritas por el proyecto Lantern para ayudar a una persona adulta a hablar en privado sobre su seguridad ' +
      'en el trabajo y en casa. Es una guía de conversación — no es un instrumento de detección validado: no se ha ' +
      'comprobado su exactitud. Se puede no responder cualquier pregunta. El resultado orienta el juicio clínico; ' +
      'nunca es un diagnóstico.',
  ),
  purpose:
    'Opens a private, trauma-informed conversation with an adult patient about possible labour or sex trafficking. ' +
    'Scoring: any "yes" suggests a concern; a "yes" to the last question suggests the person may not be safe today.',
  item: [
    question('work-living-control', {
      en: 'Does someone else control where you work or where you live?',
      es: '¿Otra persona controla dónde trabaja usted o dónde vive?',
    }),
    question('free-to-leave', {
      en: 'Is anyone stopping you from leaving your job or the place where you live?',
      es: '¿Alguien le impide dejar su trabajo o el lugar donde vive?',
    }),
    question('documents-held', {
      en: 'Is someone else keeping your ID or passport and not giving it back when you ask?',
      es: '¿Otra persona tiene su identificación o su pasaporte y no se los devuelve cuando usted los pide?',
    }),
    question('work-or-sex-for-something', {
      en: 'Has anyone made you work, or do sexual things, to pay off a debt or to get money, food or a place to stay?',
      es: '¿Alguien le ha obligado a trabajar, o a hacer cosas sexuales, para pagar una deuda o para recibir dinero, comida o un lugar donde quedarse?',
    }),
    question('threats', {
      en: 'Has anyone threatened to hurt you or your family, or to call the police or immigration on you, if you do not do what they say?',
      es: '¿Alguien le ha amenazado con hacerle daño a usted o a su familia, o con llamar a la policía o a inmigración, si usted no hace lo que le dicen?',
    }),
    question(
      'afraid-to-go-back-today',
      {
        en: 'Are you afraid to go back to the place where you are staying today?',
        es: '¿Tiene miedo de regresar hoy al lugar donde se está quedando?',
      },
      { danger: true },
    ),
  ],
};

export const defaultYouthQuestionnaire: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'lantern-safety-check-in-youth',
  extension: [scoringRule({ kind: 'at-least', count: 2 }), notValidated],
  url: defaultYouthQuestionnaireUrl,
  name: 'LanternSafetyCheckInYouth',
  ...sharedMetadata,
  title: 'Safety check-in (young person) — conversation aid, not a validated screening instrument',
  _title: translation('Conversación sobre seguridad (jóvenes) — guía de conversación, no es un instrumento de detección validado'),
  description:
    'Questions written by the Lantern project to help a young person talk privately about being safe and cared for. ' +
    'This is a conversation aid — not a validated screening instrument: it has not been tested for accuracy. ' +
    'Any answer may be declined. A result is a prompt for the clinician’s judgement, never a diagnosis, and does not ' +
    'replace any duty to report.',
  _description: translation(
    'Preguntas escritas por el proyecto Lantern para ayudar a una persona joven a hablar en privado sobre su seguridad ' +
      'y su cuidado. Es una guía de conversación — no es un instrumento de detección validado: no se ha comprobado su ' +
      'exactitud. Se puede no responder cualquier pregunta. El resultado orienta el juicio clínico; nunca es un ' +
      'diagnóstico y no reemplaza ninguna obligación de reportar.',
  ),
  purpose:
    'Opens a private, trauma-informed conversation with a young person about possible sexual exploitation or ' +
    'trafficking. Scoring: two or more "yes" answers suggest a concern; a "yes" to the last question suggests the ' +
    'young person may not be safe today.',
  item: [
    question('safe-place-to-sleep', {
      en: 'Are there nights when you do not have a safe place to sleep?',
      es: '¿Hay noches en que no tienes un lugar seguro donde dormir?',
    }),
    question('made-to-do-things', {
      en: 'Has anyone made you do things you did not want to do, to get money, food or a place to stay?',
      es: '¿Alguien te ha obligado a hacer cosas que no querías hacer para recibir dinero, comida o un lugar donde quedarte?',
    }),
    question('phone-or-id-controlled', {
      en: 'Does someone else keep your phone or your ID, or decide who you can talk to?',
      es: '¿Otra persona se queda con tu teléfono o tu identificación, o decide con quién puedes hablar?',
    }),
    question('asked-for-sexual-things', {
      en: 'Has an adult, or someone you date who is a lot older than you, asked you to do sexual things or send sexual pictures?',
      es: '¿Un adulto, o alguien con quien sales que es mucho mayor que tú, te ha pedido hacer cosas sexuales o enviar fotos sexuales?',
    }),
    question('money-taken', {
      en: 'Do you have to give the money you get to someone else?',
      es: '¿Tienes que darle a otra persona el dinero que recibes?',
    }),
    question(
      'afraid-to-go-back-today',
      {
        en: 'Are you afraid to go back to the place where you are staying today?',
        es: '¿Tienes miedo de regresar hoy al lugar donde te estás quedando?',
      },
      { danger: true },
    ),
  ],
};
