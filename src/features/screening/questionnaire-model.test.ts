import type { Questionnaire, QuestionnaireItem } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { OperationOutcomeError } from '../../lib/fhir/outcomes';
import { defaultAdultQuestionnaire, defaultYouthQuestionnaire } from './default-questionnaires';
import { scoreScreening, screeningForm, type ScreeningForm } from './questionnaire-model';
import { scoringRuleExtensionUrl, translationExtensionUrl } from './screening-systems';
import type { AnswerValue, Answers } from './screening-types';

/** An organisation's own instrument: plain boolean items, an instruction, a group, no Lantern extensions. */
const countyYesNoTool: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://county-health.example/fhir/Questionnaire/safety-questions',
  version: '2.1',
  status: 'active',
  title: 'County safety questions',
  item: [
    { linkId: 'intro', type: 'display', text: 'Read aloud: these questions are asked of every patient.' },
    {
      linkId: 'work',
      type: 'group',
      text: 'Work',
      item: [
        { linkId: 'w1', type: 'boolean', text: 'Does your employer keep your pay?' },
        { linkId: 'w2', type: 'boolean', text: 'Do you owe money to your employer?' },
      ],
    },
    { linkId: 'h1', type: 'boolean', text: 'Do you sleep at your workplace?' },
  ],
};

/** A choice-based instrument with LOINC yes/no answers and a stated "at least 2" rule. */
const clinicChoiceTool: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://clinic.example/fhir/Questionnaire/choice-tool',
  status: 'active',
  name: 'ClinicChoiceTool',
  extension: [{ url: scoringRuleExtensionUrl, extension: [{ url: 'kind', valueCode: 'at-least' }, { url: 'count', valuePositiveInt: 2 }] }],
  item: ['c1', 'c2', 'c3'].map(
    (linkId): QuestionnaireItem => ({
      linkId,
      type: 'choice',
      text: `Question ${linkId}`,
      answerOption: [
        { valueCoding: { system: 'http://loinc.org', code: 'LA33-6', display: 'Yes' } },
        { valueCoding: { system: 'http://loinc.org', code: 'LA32-8', display: 'No' } },
      ],
    }),
  ),
};

function withItems(item: QuestionnaireItem[], extra: Partial<Questionnaire> = {}): Questionnaire {
  return { resourceType: 'Questionnaire', url: 'https://org.example/Questionnaire/test', status: 'active', title: 'Test tool', item, ...extra };
}

function spanish(text: string, lang = 'es'): QuestionnaireItem['_text'] {
  return { extension: [{ url: translationExtensionUrl, extension: [{ url: 'lang', valueCode: lang }, { url: 'content', valueString: text }] }] };
}

function unusableError(questionnaire: Questionnaire): OperationOutcomeError {
  try {
    screeningForm(questionnaire, 'en');
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error;
    throw error;
  }
  throw new Error('Expected the questionnaire to be refused');
}

/** The same answer to every question, then overrides by linkId. */
function answersFor(form: ScreeningForm, every: AnswerValue, overrides: Readonly<Record<string, AnswerValue>> = {}): Answers {
  return new Map([...form.items.map((item): [string, AnswerValue] => [item.linkId, every]), ...Object.entries(overrides)]);
}

describe('screeningForm with Lantern’s questionnaires', () => {
  it('reads the adult questions in English, the last one marking immediate danger', () => {
    const form = screeningForm(defaultAdultQuestionnaire, 'en');
    expect(form.items).toHaveLength(6);
    expect(form.items[0]?.text).toBe('Does someone else control where you work or where you live?');
    expect(form.items.map((item) => item.dangerItem)).toEqual([false, false, false, false, false, true]);
    expect(form.rule).toEqual({ kind: 'any-yes' });
    expect(form.validated).toBe(false);
    expect(form.title).toMatch(/conversation aid, not a validated screening instrument/);
    expect(form.description).toMatch(/not a validated screening instrument/);
  });

  it('reads the same questions in Spanish from the translation extension', () => {
    const form = screeningForm(defaultAdultQuestionnaire, 'es');
    expect(form.items[0]?.text).toBe('¿Otra persona controla dónde trabaja usted o dónde vive?');
    expect(form.items[0]?.textLanguage).toBe('es');
    expect(form.title).toMatch(/no es un instrumento de detección validado/);
    expect(form.items.map((item) => item.linkId)).toEqual(screeningForm(defaultAdultQuestionnaire, 'en').items.map((item) => item.linkId));
  });

  it('reads the youth questions with their own rule: at least two', () => {
    const form = screeningForm(defaultYouthQuestionnaire, 'es');
    expect(form.rule).toEqual({ kind: 'at-least', count: 2 });
    expect(form.items.at(-1)).toMatchObject({ linkId: 'afraid-to-go-back-today', dangerItem: true });
    expect(form.items.at(-1)?.text).toBe('¿Tienes miedo de regresar hoy al lugar donde te estás quedando?');
  });

  it('has a Spanish translation for every question of both questionnaires', () => {
    for (const questionnaire of [defaultAdultQuestionnaire, defaultYouthQuestionnaire]) {
      const english = screeningForm(questionnaire, 'en').items;
      const spanishItems = screeningForm(questionnaire, 'es').items;
      spanishItems.forEach((item, index) => {
        expect(item.textLanguage).toBe('es');
        expect(item.text).not.toBe(english[index]?.text);
      });
    }
  });
});

describe('screeningForm translations', () => {
  it('falls back to the questionnaire’s own wording when a translation is missing', () => {
    const questionnaire = withItems(
      [
        { linkId: 'a', type: 'boolean', text: 'First question?', _text: spanish('¿Primera pregunta?') },
        { linkId: 'b', type: 'boolean', text: 'Second question?' },
      ],
      { language: 'en' },
    );
    const form = screeningForm(questionnaire, 'es');
    expect(form.items.map((item) => [item.text, item.textLanguage])).toEqual([
      ['¿Primera pregunta?', 'es'],
      ['Second question?', 'en'],
    ]);
    expect(form.title).toBe('Test tool');
  });

  it('uses a regional translation (es-MX) when there is no plain "es" one', () => {
    const questionnaire = withItems([{ linkId: 'a', type: 'boolean', text: 'Question?', _text: spanish('¿Pregunta?', 'es-MX') }]);
    expect(screeningForm(questionnaire, 'es').items[0]?.text).toBe('¿Pregunta?');
  });

  it('shows a Spanish-language questionnaire as written and uses its English translation when asked', () => {
    const english: QuestionnaireItem['_text'] = {
      extension: [{ url: translationExtensionUrl, extension: [{ url: 'lang', valueCode: 'en' }, { url: 'content', valueString: 'Question?' }] }],
    };
    const questionnaire = withItems([{ linkId: 'a', type: 'boolean', text: '¿Pregunta?', _text: english }], { language: 'es-US' });
    expect(screeningForm(questionnaire, 'es').items[0]?.text).toBe('¿Pregunta?');
    expect(screeningForm(questionnaire, 'en').items[0]?.text).toBe('Question?');
  });
});

describe('screeningForm with an organisation’s questionnaire', () => {
  it('loads boolean questions, flattening groups and leaving out instructions', () => {
    const form = screeningForm(countyYesNoTool, 'es');
    expect(form.items).toEqual([
      { linkId: 'w1', text: 'Does your employer keep your pay?', dangerItem: false, textLanguage: undefined },
      { linkId: 'w2', text: 'Do you owe money to your employer?', dangerItem: false, textLanguage: undefined },
      { linkId: 'h1', text: 'Do you sleep at your workplace?', dangerItem: false, textLanguage: undefined },
    ]);
    expect(form.validated).toBe(true);
    expect(form.rule).toEqual({ kind: 'any-yes' });
    expect(form.title).toBe('County safety questions');
  });

  it('loads choice questions whose answers are yes and no', () => {
    const form = screeningForm(clinicChoiceTool, 'en');
    expect(form.items.map((item) => item.linkId)).toEqual(['c1', 'c2', 'c3']);
    expect(form.rule).toEqual({ kind: 'at-least', count: 2 });
    expect(form.title).toBe('ClinicChoiceTool');
  });
});

describe('screeningForm refuses what it cannot ask, in plain words', () => {
  it.each<[string, Questionnaire, RegExp]>([
    ['no items at all', withItems([]), /has no questions/],
    ['only instructions', withItems([{ linkId: 'i', type: 'display', text: 'Hello' }]), /has no questions/],
    ['a free-text question', withItems([{ linkId: 'why', type: 'string', text: 'Why?' }]), /a question that is not answered yes or no \(“Why\?”\); Lantern shows yes\/no questions only/],
    [
      'a choice from an answer list Lantern cannot see',
      withItems([{ linkId: 'vs', type: 'choice', text: 'Pick', answerValueSet: 'http://example.org/vs' }]),
      /answers are not simply yes and no \(“Pick”\)/,
    ],
    [
      'a choice with a third answer',
      withItems([{ linkId: 'c', type: 'choice', text: 'Q?', answerOption: [{ valueString: 'Yes' }, { valueString: 'No' }, { valueString: 'Sometimes' }] }]),
      /not simply yes and no/,
    ],
    [
      // Object.prototype has no `yes`: read through an object literal, this empty option equalled it and read as yes.
      'an option with no code in the code system "__proto__"',
      withItems([{ linkId: 'p', type: 'choice', text: 'Q?', answerOption: [{ valueCoding: { system: '__proto__' } }, { valueString: 'No' }] }]),
      /not simply yes and no \(“Q\?”\)/,
    ],
    [
      'a question shown only after another answer',
      withItems([
        { linkId: 'a', type: 'boolean', text: 'A?' },
        { linkId: 'b', type: 'boolean', text: 'B?', enableWhen: [{ question: 'a', operator: '=', answerBoolean: true }] },
      ]),
      /depends on an earlier answer \(“B\?”\)/,
    ],
    [
      'the same item id twice',
      withItems([
        { linkId: 'a', type: 'boolean', text: 'A?' },
        { linkId: 'a', type: 'boolean', text: 'Again?' },
      ]),
      /uses the identifier “a” twice/,
    ],
    [
      'a question with follow-up questions',
      withItems([{ linkId: 'f', type: 'boolean', text: 'Follow?', item: [{ linkId: 'f1', type: 'boolean', text: 'Then?' }] }]),
      /follow-up questions under “Follow\?”/,
    ],
    ['a question without words', withItems([{ linkId: 'a', type: 'boolean', text: '  ' }]), /question without words \(identifier “a”\)/],
    ['no canonical URL', { ...withItems([{ linkId: 'a', type: 'boolean', text: 'A?' }]), url: undefined }, /no web address for the saved answers/],
    [
      'a rule needing more yeses than there are questions',
      withItems([{ linkId: 'a', type: 'boolean', text: 'A?' }], {
        extension: [{ url: scoringRuleExtensionUrl, extension: [{ url: 'kind', valueCode: 'at-least' }, { url: 'count', valuePositiveInt: 3 }] }],
      }),
      /scoring rule Lantern cannot read/,
    ],
  ])('refuses %s', (_, questionnaire, message) => {
    const error = unusableError(questionnaire);
    expect(error.kind).toBe('invalid');
    expect(error.outcome.issue[0]?.code).toBe('invalid');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^The questionnaire .* so Lantern cannot use it\.$/);
    // Shown to the clinician as it is: no FHIR terms.
    expect(error.sentence).toBe(error.message);
    expect(error.message).not.toMatch(/linkId|item id|canonical|resourceType|boolean|\bstring\b/i);
  });

  it('names the questionnaire in the message', () => {
    expect(unusableError(withItems([])).message).toBe('The questionnaire “Test tool” has no questions, so Lantern cannot use it.');
  });
});

describe('scoreScreening', () => {
  const adult = screeningForm(defaultAdultQuestionnaire, 'en');
  const youth = screeningForm(defaultYouthQuestionnaire, 'en');
  const youthDanger = 'afraid-to-go-back-today';

  it('has no result until every question is answered', () => {
    expect(scoreScreening(adult, new Map())).toBeUndefined();
    const allButOne: Answers = new Map(adult.items.slice(1).map((item) => [item.linkId, 'no']));
    expect(scoreScreening(adult, allButOne)).toBeUndefined();
    expect(scoreScreening(adult, new Map([...allButOne, ['unrelated', 'yes']]))).toBeUndefined();
  });

  it('adult, any yes: one yes is a concern, all no is no concern', () => {
    expect(scoreScreening(adult, answersFor(adult, 'no'))).toBe('no-concern');
    expect(scoreScreening(adult, answersFor(adult, 'no', { 'documents-held': 'yes' }))).toBe('concern');
  });

  it('youth, at least two: one yes is not yet a concern, two are', () => {
    expect(scoreScreening(youth, answersFor(youth, 'no', { 'money-taken': 'yes' }))).toBe('no-concern');
    expect(scoreScreening(youth, answersFor(youth, 'no', { 'money-taken': 'yes', 'safe-place-to-sleep': 'yes' }))).toBe('concern');
  });

  it('a yes to the danger question is immediate danger, whatever else was answered', () => {
    expect(scoreScreening(adult, answersFor(adult, 'no', { 'afraid-to-go-back-today': 'yes' }))).toBe('immediate-danger');
    expect(scoreScreening(adult, answersFor(adult, 'yes'))).toBe('immediate-danger');
    expect(scoreScreening(youth, answersFor(youth, 'declined', { [youthDanger]: 'yes' }))).toBe('immediate-danger');
  });

  it('every question declined is declined', () => {
    expect(scoreScreening(adult, answersFor(adult, 'declined'))).toBe('declined');
    expect(scoreScreening(youth, answersFor(youth, 'declined'))).toBe('declined');
  });

  it('partly declined: a concern the yes answers already show stands', () => {
    expect(scoreScreening(adult, answersFor(adult, 'declined', { threats: 'yes' }))).toBe('concern');
    expect(scoreScreening(youth, answersFor(youth, 'no', { 'money-taken': 'yes', 'made-to-do-things': 'yes', [youthDanger]: 'declined' }))).toBe(
      'concern',
    );
  });

  it('partly declined: declines that could have changed the result leave it open (declined, never "no concern")', () => {
    // Adult, any yes: a declined question could have been the one yes.
    expect(scoreScreening(adult, answersFor(adult, 'no', { 'free-to-leave': 'declined' }))).toBe('declined');
    // Youth, at least two: one yes plus one declined could have made two.
    expect(scoreScreening(youth, answersFor(youth, 'no', { 'money-taken': 'yes', 'phone-or-id-controlled': 'declined' }))).toBe('declined');
    // A declined danger question could have meant danger.
    expect(scoreScreening(youth, answersFor(youth, 'no', { [youthDanger]: 'declined' }))).toBe('declined');
  });

  it('partly declined: declines that could not change the result are not counted', () => {
    // Youth, at least two: no yes and one declined question cannot reach two.
    expect(scoreScreening(youth, answersFor(youth, 'no', { 'money-taken': 'declined' }))).toBe('no-concern');
  });

  it('counts a question as unanswered until answered, whatever Object.prototype holds under its linkId', () => {
    const form = screeningForm(withItems(['constructor', 'toString', '__proto__'].map((linkId) => ({ linkId, type: 'boolean', text: `Asked as ${linkId}?` }))), 'en');
    expect(scoreScreening(form, new Map())).toBeUndefined();
    expect(scoreScreening(form, new Map([['constructor', 'no'], ['toString', 'no']]))).toBeUndefined();
    expect(scoreScreening(form, new Map([['constructor', 'no'], ['toString', 'no'], ['__proto__', 'no']]))).toBe('no-concern');
  });

  it('scores an organisation’s questionnaire by its own rule, with no danger question', () => {
    const form = screeningForm(clinicChoiceTool, 'en');
    expect(scoreScreening(form, new Map([['c1', 'yes'], ['c2', 'no'], ['c3', 'no']]))).toBe('no-concern');
    expect(scoreScreening(form, new Map([['c1', 'yes'], ['c2', 'no'], ['c3', 'yes']]))).toBe('concern');
    const county = screeningForm(countyYesNoTool, 'en');
    expect(scoreScreening(county, new Map([['w1', 'no'], ['w2', 'no'], ['h1', 'yes']]))).toBe('concern');
  });
});
