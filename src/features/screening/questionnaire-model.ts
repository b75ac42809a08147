import type { Coding, Element, Extension, Questionnaire, QuestionnaireItem, QuestionnaireItemAnswerOption } from 'fhir/r4';
import { failure, type OperationOutcomeError } from '../../lib/fhir/outcomes';
import {
  dangerItemExtensionUrl,
  dataAbsentReasonSystem,
  scoringRuleExtensionUrl,
  translationExtensionUrl,
  validatedInstrumentExtensionUrl,
  yesNoCodeSystems,
} from './screening-systems';
import type { Answers, Language, ScoringRule, ScreeningResult } from './screening-types';

export interface ScreeningItem {
  linkId: string;
  /** The question in the chosen language, or in the questionnaire's own language when no translation exists. */
  text: string;
  /** A 'yes' means the person may be in immediate danger. */
  dangerItem: boolean;
  /** Language of `text` when known (differs from the chosen one when a translation was missing), for `lang=`. */
  textLanguage?: string | undefined;
}

export interface ScreeningForm {
  questionnaire: Questionnaire;
  title: string;
  description: string;
  /**
   * False only when the questionnaire says so (Lantern's validated-instrument extension, which Lantern's own
   * questionnaires carry). An organisation's questionnaire without it is taken as the instrument it chose.
   */
  validated: boolean;
  /** Every question, in order, with groups flattened. */
  items: ScreeningItem[];
  /** From the scoring-rule extension; `any-yes` when the questionnaire states none (the most sensitive reading). */
  rule: ScoringRule;
}

/** How a question's answers are written back to a QuestionnaireResponse. */
export type AnswerCoding =
  | { kind: 'boolean' }
  | {
      kind: 'choice';
      yes: QuestionnaireItemAnswerOption;
      no: QuestionnaireItemAnswerOption;
      /** The questionnaire's own "declined" option, when it has one. */
      declined: QuestionnaireItemAnswerOption | undefined;
    };

/** A questionnaire reduced to what Lantern shows: groups and yes/no questions, display items left out. */
export type ScreeningNode =
  | { kind: 'group'; item: QuestionnaireItem; children: ScreeningNode[] }
  | { kind: 'question'; item: QuestionnaireItem & { text: string }; answers: AnswerCoding; dangerItem: boolean };

/**
 * The questionnaire as Lantern shows it, in the chosen language.
 * Throws an OperationOutcomeError ('invalid') with a plain sentence when Lantern cannot use it.
 */
export function screeningForm(questionnaire: Questionnaire, language: Language): ScreeningForm {
  const nodes = screeningStructure(questionnaire);
  const questions = flattenQuestions(nodes);
  const baseLanguage = questionnaire.language;
  return {
    questionnaire,
    title: translate(questionnaire.title, questionnaire._title, language, baseLanguage) ?? questionnaire.name ?? 'Screening questions',
    description: translate(questionnaire.description, questionnaire._description, language, baseLanguage) ?? '',
    validated: booleanExtension(questionnaire.extension, validatedInstrumentExtensionUrl) ?? true,
    items: questions.map(({ item, dangerItem }) => {
      const translation = translationFor(item._text, language, baseLanguage);
      return {
        linkId: item.linkId,
        text: translation ?? item.text,
        dangerItem,
        textLanguage: translation === undefined ? baseLanguage : language,
      };
    }),
    rule: scoringRuleOf(questionnaire, questions.length),
  };
}

/**
 * The result once every question has an answer ('declined' counts as an answer), else undefined.
 *
 * 1. A 'yes' to a danger question → 'immediate-danger', whatever else was answered.
 * 2. Every question declined → 'declined'.
 * 3. Enough 'yes' answers for the rule → 'concern'.
 * 4. Partly declined: when the declined questions, had they been 'yes', could have changed the result (met the
 *    rule, or a declined danger question), the answers leave it open → 'declined'. Lantern does not read a
 *    declined question as 'no': that would record "no concern" the person never gave.
 * 5. Otherwise → 'no-concern' (declines that could not change the result are simply not counted).
 */
export function scoreScreening(form: ScreeningForm, answers: Answers): ScreeningResult | undefined {
  const given = form.items.map((item) => ({ item, answer: answers.get(item.linkId) }));
  if (given.some(({ answer }) => answer === undefined)) return undefined;
  if (given.some(({ item, answer }) => item.dangerItem && answer === 'yes')) return 'immediate-danger';
  if (given.every(({ answer }) => answer === 'declined')) return 'declined';
  const needed = form.rule.kind === 'any-yes' ? 1 : form.rule.count;
  const yesCount = given.filter(({ answer }) => answer === 'yes').length;
  if (yesCount >= needed) return 'concern';
  const declined = given.filter(({ answer }) => answer === 'declined');
  if (declined.some(({ item }) => item.dangerItem) || yesCount + declined.length >= needed) return 'declined';
  return 'no-concern';
}

/** `url|version`, the canonical a QuestionnaireResponse points to. */
export function questionnaireCanonical(questionnaire: Questionnaire): string {
  const { url, version } = questionnaire;
  if (!url) throw unusable(questionnaire, 'has no web address for the saved answers to point to');
  return version ? `${url}|${version}` : url;
}

/** Groups and yes/no questions of the questionnaire; throws when it has anything Lantern cannot ask. */
export function screeningStructure(questionnaire: Questionnaire): ScreeningNode[] {
  questionnaireCanonical(questionnaire);
  const seen = new Set<string>();
  const nodes = (questionnaire.item ?? []).flatMap((item) => toNodes(questionnaire, item, seen));
  if (flattenQuestions(nodes).length === 0) throw unusable(questionnaire, 'has no questions');
  return nodes;
}

function toNodes(questionnaire: Questionnaire, item: QuestionnaireItem, seen: Set<string>): ScreeningNode[] {
  if (seen.has(item.linkId)) throw unusable(questionnaire, `uses the identifier “${item.linkId}” twice`);
  seen.add(item.linkId);
  // Lantern shows every question at once; a question that appears only after some answer could not be scored.
  if (item.enableWhen?.length) {
    throw unusable(questionnaire, `has a question that depends on an earlier answer (${questionName(item)}), which Lantern cannot show`);
  }
  switch (item.type) {
    case 'display':
      return [];
    case 'group':
      return [{ kind: 'group', item, children: (item.item ?? []).flatMap((child) => toNodes(questionnaire, child, seen)) }];
    case 'boolean':
      return [question(questionnaire, item, { kind: 'boolean' })];
    case 'choice':
      return [question(questionnaire, item, choiceAnswers(questionnaire, item))];
    case 'question':
    case 'decimal':
    case 'integer':
    case 'date':
    case 'dateTime':
    case 'time':
    case 'string':
    case 'text':
    case 'url':
    case 'open-choice':
    case 'attachment':
    case 'reference':
    case 'quantity':
      throw unusable(
        questionnaire,
        `has a question that is not answered yes or no (${questionName(item)}); Lantern shows yes/no questions only`,
      );
  }
}

function question(questionnaire: Questionnaire, item: QuestionnaireItem, answers: AnswerCoding): ScreeningNode {
  const text = item.text?.trim();
  if (!text) throw unusable(questionnaire, `has a question without words (${questionName(item)})`);
  if (item.item?.length) throw unusable(questionnaire, `has follow-up questions under ${questionName(item)}, which Lantern cannot show`);
  return {
    kind: 'question',
    item: { ...item, text },
    answers,
    dangerItem: booleanExtension(item.extension, dangerItemExtensionUrl) ?? false,
  };
}

type OptionMeaning = 'yes' | 'no' | 'declined' | 'other';

/** A choice question is usable when its options are exactly yes and no, plus optionally one "declined". */
function choiceAnswers(questionnaire: Questionnaire, item: QuestionnaireItem): AnswerCoding {
  const options = item.answerOption ?? [];
  const byMeaning = (meaning: OptionMeaning): QuestionnaireItemAnswerOption[] => options.filter((option) => optionMeaning(option) === meaning);
  const [yes, ...extraYes] = byMeaning('yes');
  const [no, ...extraNo] = byMeaning('no');
  const [declined, ...extraDeclined] = byMeaning('declined');
  if (!yes || !no || extraYes.length + extraNo.length + extraDeclined.length + byMeaning('other').length > 0) {
    throw unusable(
      questionnaire,
      `has a question whose answers are not simply yes and no (${questionName(item)}); Lantern shows yes/no questions only`,
    );
  }
  return { kind: 'choice', yes, no, declined };
}

// A Map, not an object literal: a server's code system "__proto__" must not find Object.prototype (whose missing
// `yes` would equal a missing code, reading an empty option as yes).
const yesNoCodes: ReadonlyMap<string, { yes: string; no: string }> = new Map([
  [yesNoCodeSystems.v2, { yes: 'Y', no: 'N' }],
  [yesNoCodeSystems.loinc, { yes: 'LA33-6', no: 'LA32-8' }],
  [yesNoCodeSystems.snomed, { yes: '373066001', no: '373067005' }],
]);

function optionMeaning(option: QuestionnaireItemAnswerOption): OptionMeaning {
  if (option.valueString !== undefined) return wordMeaning(option.valueString);
  const coding = option.valueCoding;
  if (!coding) return 'other';
  if (coding.system === dataAbsentReasonSystem && coding.code === 'asked-declined') return 'declined';
  const known = coding.system === undefined ? undefined : yesNoCodes.get(coding.system);
  if (known) return coding.code === known.yes ? 'yes' : coding.code === known.no ? 'no' : 'other';
  // An organisation's own code system: trust plain words (yes, no, declined) in the code or display, nothing cleverer.
  return codingWordMeaning(coding);
}

function codingWordMeaning(coding: Coding): OptionMeaning {
  const byCode = coding.code === undefined ? 'other' : wordMeaning(coding.code);
  return byCode !== 'other' ? byCode : coding.display === undefined ? 'other' : wordMeaning(coding.display);
}

const declinedWords = /^(declined?( to answer)?|prefer not to (say|answer)|(i )?choose not to answer( this question)?|asked but declined)$/;

function wordMeaning(word: string): OptionMeaning {
  const normalized = word.trim().toLowerCase().replace(/\s+/g, ' ');
  if (normalized === 'yes') return 'yes';
  if (normalized === 'no') return 'no';
  return declinedWords.test(normalized) ? 'declined' : 'other';
}

function flattenQuestions(nodes: readonly ScreeningNode[]): Extract<ScreeningNode, { kind: 'question' }>[] {
  return nodes.flatMap((node) => (node.kind === 'question' ? [node] : flattenQuestions(node.children)));
}

function scoringRuleOf(questionnaire: Questionnaire, questionCount: number): ScoringRule {
  const extension = questionnaire.extension?.find((candidate) => candidate.url === scoringRuleExtensionUrl);
  if (!extension) return { kind: 'any-yes' };
  const kind = extension.extension?.find((part) => part.url === 'kind')?.valueCode;
  if (kind === 'any-yes') return { kind };
  const countPart = extension.extension?.find((part) => part.url === 'count');
  const count = countPart?.valuePositiveInt ?? countPart?.valueInteger;
  if (kind === 'at-least' && count !== undefined && Number.isInteger(count) && count >= 1 && count <= questionCount) {
    return { kind, count };
  }
  throw unusable(questionnaire, 'states a scoring rule Lantern cannot read');
}

function booleanExtension(extensions: readonly Extension[] | undefined, url: string): boolean | undefined {
  return extensions?.find((extension) => extension.url === url)?.valueBoolean;
}

function translate(base: string | undefined, element: Element | undefined, language: Language, baseLanguage: string | undefined): string | undefined {
  return translationFor(element, language, baseLanguage) ?? base;
}

/** The `translation` extension's content for the language: exact tag first, then any regional variant (es-MX). */
function translationFor(element: Element | undefined, language: Language, baseLanguage: string | undefined): string | undefined {
  // The base text is already in the chosen language.
  if (baseLanguage !== undefined && primarySubtag(baseLanguage) === language) return undefined;
  const translations = (element?.extension ?? [])
    .filter((extension) => extension.url === translationExtensionUrl)
    .map((extension) => ({
      lang: extension.extension?.find((part) => part.url === 'lang')?.valueCode?.toLowerCase(),
      content: extension.extension?.find((part) => part.url === 'content')?.valueString?.trim(),
    }))
    .filter((candidate): candidate is { lang: string; content: string } => Boolean(candidate.lang && candidate.content));
  const exact = translations.find((candidate) => candidate.lang === language);
  return (exact ?? translations.find((candidate) => primarySubtag(candidate.lang) === language))?.content;
}

function primarySubtag(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}

/** A question as the clinician saw it on paper: its words, else the identifier the questionnaire gives it. */
function questionName(item: QuestionnaireItem): string {
  const text = item.text?.trim();
  return text ? `“${text}”` : `identifier “${item.linkId}”`;
}

/** The sentence is shown on screen as it is: plain words, the questionnaire named, no FHIR terms. */
function unusable(questionnaire: Questionnaire, problem: string): OperationOutcomeError {
  const name = questionnaire.title ?? questionnaire.name ?? questionnaire.url;
  return failure('invalid', `${name ? `The questionnaire “${name}”` : 'The questionnaire'} ${problem}, so Lantern cannot use it.`);
}

/**
 * The answers in one line, shown beside the outcome choices: they inform the clinician's choice, never make it.
 * A 'yes' is an answer that suggests talking further in private.
 */
export function answersSummary(form: ScreeningForm, answers: Answers): string {
  const total = form.items.length;
  const given = form.items.filter((item) => answers.get(item.linkId) !== undefined).length;
  if (given < total) return 'Check-in answers: not completed';
  const yes = form.items.filter((item) => answers.get(item.linkId) === 'yes').length;
  return `Check-in answers: ${String(yes)} of ${String(total)} suggest talking further in private`;
}
