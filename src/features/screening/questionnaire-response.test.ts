import type { Coding, Questionnaire, QuestionnaireItemAnswerOption } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { defaultSystemBase } from '../../config/runtime-config';
import { OperationOutcomeError } from '../../lib/fhir/outcomes';
import { defaultAdultQuestionnaire, defaultYouthQuestionnaire } from './default-questionnaires';
import { buildQuestionnaireResponse, type QuestionnaireResponseInput } from './questionnaire-response';
import { defaultAdultQuestionnaireUrl, screeningResultExtensionUrl } from './screening-systems';
import type { Answers } from './screening-types';

const declinedCoding = {
  system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  code: 'asked-declined',
  display: 'Asked But Declined',
};

const adultAnswers: Answers = new Map([
  ['work-living-control', 'yes'],
  ['free-to-leave', 'no'],
  ['documents-held', 'declined'],
  ['work-or-sex-for-something', 'no'],
  ['threats', 'no'],
  ['afraid-to-go-back-today', 'no'],
]);

const adultInput: QuestionnaireResponseInput = {
  questionnaire: defaultAdultQuestionnaire,
  answers: adultAnswers,
  result: 'concern',
  patientReference: 'Patient/ana',
  encounterReference: 'Encounter/ed-visit',
  authorReference: 'Practitioner/dr-lee',
  authored: '2025-03-04T10:15:00Z',
  language: 'es',
  includeQuestionText: false,
  systemBase: defaultSystemBase,
};

const yesCoding: Coding = { system: 'http://terminology.hl7.org/CodeSystem/v2-0136', code: 'Y', display: 'Yes' };
const noCoding: Coding = { system: 'http://terminology.hl7.org/CodeSystem/v2-0136', code: 'N', display: 'No' };
const yesNoOptions: QuestionnaireItemAnswerOption[] = [{ valueCoding: yesCoding }, { valueCoding: noCoding }];

/** An organisation's instrument with a group, choice questions, and its own "declined" answer on one of them. */
const groupedChoiceTool: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://clinic.example/fhir/Questionnaire/grouped',
  status: 'active',
  item: [
    { linkId: 'note', type: 'display', text: 'Ask in private.' },
    {
      linkId: 'section',
      type: 'group',
      text: 'Living situation',
      item: [
        { linkId: 'g1', type: 'choice', text: 'First?', answerOption: yesNoOptions },
        {
          linkId: 'g2',
          type: 'choice',
          text: 'Second?',
          answerOption: [...yesNoOptions, { valueCoding: { system: 'https://clinic.example/answers', code: 'declined', display: 'Declined' } }],
        },
      ],
    },
    { linkId: 'b1', type: 'boolean', text: 'Third?' },
  ],
};

function refusal(input: QuestionnaireResponseInput): OperationOutcomeError {
  try {
    buildQuestionnaireResponse(input);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error;
    throw error;
  }
  throw new Error('Expected the response to be refused');
}

describe('buildQuestionnaireResponse', () => {
  it('records a completed check-in linked to the questionnaire version, patient, visit and clinician', () => {
    const response = buildQuestionnaireResponse(adultInput);
    expect(response).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: `${defaultAdultQuestionnaireUrl}|1.0.0`,
      subject: { reference: 'Patient/ana' },
      source: { reference: 'Patient/ana' },
      encounter: { reference: 'Encounter/ed-visit' },
      author: { reference: 'Practitioner/dr-lee' },
      authored: '2025-03-04T10:15:00Z',
      language: 'es',
    });
    // The write-back adds the confidentiality labels, not this builder.
    expect(response.meta).toBeUndefined();
  });

  it('answers yes/no with valueBoolean and declined with data-absent-reason, in the questionnaire’s order and wording', () => {
    const response = buildQuestionnaireResponse(adultInput);
    expect(response.item?.map((item) => [item.linkId, item.answer])).toEqual([
      ['work-living-control', [{ valueBoolean: true }]],
      ['free-to-leave', [{ valueBoolean: false }]],
      ['documents-held', [{ valueCoding: declinedCoding }]],
      ['work-or-sex-for-something', [{ valueBoolean: false }]],
      ['threats', [{ valueBoolean: false }]],
      ['afraid-to-go-back-today', [{ valueBoolean: false }]],
    ]);
    // The wording stays in the canonical Questionnaire: the record does not repeat it.
    expect(response.item?.some((item) => 'text' in item)).toBe(false);
  });

  it('repeats the questionnaire’s own wording only when the organisation asks for it', () => {
    const response = buildQuestionnaireResponse({ ...adultInput, includeQuestionText: true });
    expect(response.item?.[0]?.text).toBe('Does someone else control where you work or where you live?');
  });

  it('carries the result as an extension with a neutral display', () => {
    const response = buildQuestionnaireResponse(adultInput);
    expect(response.extension).toEqual([
      {
        url: 'https://lantern.example/fhir/StructureDefinition/screening-result',
        valueCoding: { system: 'https://lantern.example/fhir/CodeSystem/screening-result', code: 'concern', display: 'Concern identified' },
      },
    ]);
  });

  it('writes the result under the organisation’s systemBase', () => {
    const response = buildQuestionnaireResponse({ ...adultInput, systemBase: 'https://fhir.st-elsewhere.example/lantern' });
    expect(response.extension).toEqual([
      {
        url: 'https://fhir.st-elsewhere.example/lantern/StructureDefinition/screening-result',
        valueCoding: { system: 'https://fhir.st-elsewhere.example/lantern/CodeSystem/screening-result', code: 'concern', display: 'Concern identified' },
      },
    ]);
    expect(screeningResultExtensionUrl('urn:oid:1.2.3')).toBe('urn:oid:1.2.3.5');
  });

  it('leaves out the visit and the clinician when there are none', () => {
    const youthAnswers: Answers = new Map([
      ['safe-place-to-sleep', 'no'],
      ['made-to-do-things', 'no'],
      ['phone-or-id-controlled', 'no'],
      ['asked-for-sexual-things', 'no'],
      ['money-taken', 'no'],
      ['afraid-to-go-back-today', 'yes'],
    ]);
    const response = buildQuestionnaireResponse({
      questionnaire: defaultYouthQuestionnaire,
      answers: youthAnswers,
      result: 'immediate-danger',
      patientReference: 'Patient/teen',
      authored: '2025-03-04',
      language: 'en',
      includeQuestionText: false,
      systemBase: defaultSystemBase,
    });
    expect(response).not.toHaveProperty('encounter');
    expect(response).not.toHaveProperty('author');
    expect(response.extension?.[0]?.valueCoding?.code).toBe('immediate-danger');
  });

  it('mirrors an organisation’s groups and answers its choice questions with its own codes', () => {
    const response = buildQuestionnaireResponse({
      questionnaire: groupedChoiceTool,
      answers: new Map([['g1', 'yes'], ['g2', 'declined'], ['b1', 'declined']]),
      result: 'concern',
      patientReference: 'Patient/ana',
      authored: '2025-03-04',
      language: 'en',
      includeQuestionText: true,
      systemBase: defaultSystemBase,
    });
    expect(response.questionnaire).toBe('https://clinic.example/fhir/Questionnaire/grouped');
    expect(response.item).toEqual([
      {
        linkId: 'section',
        text: 'Living situation',
        item: [
          { linkId: 'g1', text: 'First?', answer: [{ valueCoding: yesCoding }] },
          { linkId: 'g2', text: 'Second?', answer: [{ valueCoding: { system: 'https://clinic.example/answers', code: 'declined', display: 'Declined' } }] },
        ],
      },
      { linkId: 'b1', text: 'Third?', answer: [{ valueCoding: declinedCoding }] },
    ]);
  });

  it('uses data-absent-reason for a declined choice question that offers no "declined" answer', () => {
    const response = buildQuestionnaireResponse({
      questionnaire: groupedChoiceTool,
      answers: new Map([['g1', 'declined'], ['g2', 'no'], ['b1', 'no']]),
      result: 'declined',
      patientReference: 'Patient/ana',
      authored: '2025-03-04',
      language: 'en',
      includeQuestionText: false,
      systemBase: defaultSystemBase,
    });
    expect(response.item?.[0]?.item?.[0]?.answer).toEqual([{ valueCoding: declinedCoding }]);
    expect(response.item?.[0]?.item?.[1]?.answer).toEqual([{ valueCoding: noCoding }]);
  });

  it('refuses to save before every question has an answer', () => {
    const unfinished: Answers = new Map([...adultAnswers].filter(([linkId]) => linkId !== 'threats'));
    const error = refusal({ ...adultInput, answers: unfinished });
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatch(/Every question needs an answer/);
  });

  it('refuses a result that does not follow from the answers', () => {
    const error = refusal({ ...adultInput, result: 'no-concern' });
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe('The result to be saved (“No concern identified”) does not match the answers given (“Concern identified”).');
  });

  it('refuses answers to questions the questionnaire does not have', () => {
    const error = refusal({ ...adultInput, answers: new Map([...adultAnswers, ['made-up', 'yes']]) });
    expect(error.message).toBe('Some answers belong to questions that are not in this questionnaire, so they cannot be saved with it.');
  });
});
