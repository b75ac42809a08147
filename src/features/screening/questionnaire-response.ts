import type {
  Coding,
  Questionnaire,
  QuestionnaireItemAnswerOption,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from 'fhir/r4';
import { failure } from '../../lib/fhir/outcomes';
import { questionnaireCanonical, scoreScreening, screeningForm, screeningStructure, type ScreeningNode } from './questionnaire-model';
import { dataAbsentReasonSystem, screeningResultExtensionUrl, screeningResultSystem } from './screening-systems';
import type { AnswerValue, Answers, Language, ScreeningResult } from './screening-types';

/** Neutral words for the result code: the record may be read by people other than the care team. */
export const screeningResultDisplay: Readonly<Record<ScreeningResult, string>> = {
  'no-concern': 'No concern identified',
  concern: 'Concern identified',
  declined: 'Declined to answer',
  'immediate-danger': 'Possible immediate danger',
};

export function screeningResultCoding(systemBase: string, result: ScreeningResult): Coding {
  return { system: screeningResultSystem(systemBase), code: result, display: screeningResultDisplay[result] };
}

/** The person chose not to answer: the standard data-absent-reason, so any system can read it. */
export const declinedAnswerCoding: Coding = { system: dataAbsentReasonSystem, code: 'asked-declined', display: 'Asked But Declined' };

export interface QuestionnaireResponseInput {
  questionnaire: Questionnaire;
  answers: Answers;
  result: ScreeningResult;
  /** `Patient/123`: the subject, and the source of the answers. */
  patientReference: string;
  encounterReference?: string | undefined;
  /** The clinician who recorded the answers (from fhirUser). */
  authorReference?: string | undefined;
  /** FHIR dateTime. */
  authored: string;
  /** The language the questions were asked in. */
  language: Language;
  /** Repeat each question's wording in `item.text` (the organisation's `recordQuestionText`); the Questionnaire has it. */
  includeQuestionText: boolean;
  /** The organisation's `systemBase`, under which the result's code system and extension are written. */
  systemBase: string;
}

/**
 * The completed check-in as a QuestionnaireResponse, mirroring the questionnaire's groups.
 *
 * - Boolean questions are answered with valueBoolean; 'declined' is a valueCoding data-absent-reason
 *   `asked-declined` (so 'declined' never looks like 'no'). Choice questions (an organisation's instrument) are
 *   answered with the questionnaire's own yes/no option, and its own "declined" option when it has one.
 * - No item text unless `includeQuestionText`: the canonical Questionnaire carries the wording, and the response is
 *   read where a companion may read it. When included, it is the questionnaire's own wording, so it matches the
 *   Questionnaire; `language` records the language the questions were asked in.
 * - The result is the `screening-result` extension (a Lantern code), not an extra item: an item whose linkId is not
 *   in the Questionnaire would make the response invalid against it.
 * - No meta.security here: the write-back adds the confidentiality labels.
 *
 * Throws an OperationOutcomeError ('invalid') when a question has no answer, an answer names no question, or the
 * result does not follow from the answers: what is written must be what the clinician saw.
 */
export function buildQuestionnaireResponse(input: QuestionnaireResponseInput): QuestionnaireResponse {
  const { questionnaire, answers, result } = input;
  const nodes = screeningStructure(questionnaire);
  const form = screeningForm(questionnaire, input.language);
  const known = new Set(form.items.map((item) => item.linkId));
  const stray = [...answers.keys()].filter((linkId) => !known.has(linkId));
  if (stray.length > 0) {
    throw failure('invalid', 'Some answers belong to questions that are not in this questionnaire, so they cannot be saved with it.');
  }
  const scored = scoreScreening(form, answers);
  if (scored === undefined) {
    throw failure('invalid', 'Every question needs an answer (“declined to answer” counts) before the check-in can be saved.');
  }
  if (scored !== result) {
    throw failure('invalid', `The result to be saved (“${screeningResultDisplay[result]}”) does not match the answers given (“${screeningResultDisplay[scored]}”).`);
  }
  return {
    resourceType: 'QuestionnaireResponse',
    language: input.language,
    extension: [{ url: screeningResultExtensionUrl(input.systemBase), valueCoding: screeningResultCoding(input.systemBase, result) }],
    questionnaire: questionnaireCanonical(questionnaire),
    status: 'completed',
    subject: { reference: input.patientReference },
    ...(input.encounterReference ? { encounter: { reference: input.encounterReference } } : {}),
    authored: input.authored,
    ...(input.authorReference ? { author: { reference: input.authorReference } } : {}),
    // The person answered; the clinician (author) recorded.
    source: { reference: input.patientReference },
    item: responseItems(nodes, answers, input.includeQuestionText),
  };
}

function responseItems(nodes: readonly ScreeningNode[], answers: Answers, includeText: boolean): QuestionnaireResponseItem[] {
  return nodes.flatMap((node): QuestionnaireResponseItem[] => {
    const text = includeText && node.item.text ? { text: node.item.text } : {};
    if (node.kind === 'group') {
      const children = responseItems(node.children, answers, includeText);
      // An empty group is not allowed in a response (qrs-1 needs answers or items).
      if (children.length === 0) return [];
      return [{ linkId: node.item.linkId, ...text, item: children }];
    }
    const answer = answers.get(node.item.linkId);
    if (answer === undefined) return [];
    return [{ linkId: node.item.linkId, ...text, answer: [responseAnswer(node, answer)] }];
  });
}

function responseAnswer(node: Extract<ScreeningNode, { kind: 'question' }>, answer: AnswerValue): QuestionnaireResponseItemAnswer {
  const coding = node.answers;
  if (coding.kind === 'boolean') {
    return answer === 'declined' ? { valueCoding: declinedAnswerCoding } : { valueBoolean: answer === 'yes' };
  }
  switch (answer) {
    case 'yes':
      return optionAnswer(coding.yes);
    case 'no':
      return optionAnswer(coding.no);
    case 'declined':
      return coding.declined ? optionAnswer(coding.declined) : { valueCoding: declinedAnswerCoding };
  }
}

function optionAnswer(option: QuestionnaireItemAnswerOption): QuestionnaireResponseItemAnswer {
  if (option.valueCoding) return { valueCoding: option.valueCoding };
  return { valueString: option.valueString ?? '' };
}
