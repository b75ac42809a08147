import fc from 'fast-check';
import type { Coding, QuestionnaireResponse } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { untrustedText } from '../../../tests/untrusted-fhir';
import type { DirectoryEntry, ReferralDecision } from './referral-types';
import { referralOutcomes } from './decision-rules';
import {
  buildCheckInNote,
  buildReferralTask,
  buildReferralRequest,
  buildSafetyFlag,
  labelQuestionnaireResponse,
  type SubmissionContext,
} from './resource-builders';
import { submissionIdentifier, submissionPartOf, type SubmissionPart } from './submission-identifiers';
import { actCodeSystem, confidentialitySystem, submissionIdentifierSystem } from './referral-systems';
import { hasSafetySecurityLabels } from './security-labels';
import { defaultSystemBase } from '../../config/runtime-config';

// Ids, notes and names are strings from the EHR, the configuration or the clinician: any string at all.
const optionalText = fc.option(untrustedText, { nil: undefined });

const submissionContext: fc.Arbitrary<SubmissionContext> = fc.record({
  submissionId: untrustedText,
  patientId: untrustedText,
  encounterId: optionalText,
  fhirUser: fc.option(fc.oneof(untrustedText, untrustedText.map((id) => `Practitioner/${id}`)), { nil: undefined }),
  recordedAt: untrustedText,
  confidentiality: fc.constantFrom('R' as const, 'V' as const, undefined),
  systemBase: fc.constantFrom(defaultSystemBase, 'https://fhir.st-elsewhere.example/lantern', 'urn:oid:2.16.840.1.113883.3.9999'),
});

// Systems and codes of the labels themselves too, so merging with a resource's own labels is exercised.
const coding: fc.Arbitrary<Coding> = fc.record(
  {
    system: fc.option(fc.oneof(untrustedText, fc.constantFrom(confidentialitySystem, actCodeSystem)), { nil: undefined }),
    code: fc.option(fc.oneof(untrustedText, fc.constantFrom('N', 'R', 'V', 'U', 'NOPAT', 'SDV')), { nil: undefined }),
    display: optionalText,
  },
  { requiredKeys: [] },
);

const directoryEntry: fc.Arbitrary<DirectoryEntry> = fc.record(
  {
    id: untrustedText,
    name: untrustedText,
    serviceType: untrustedText,
    performerReference: untrustedText,
    code: coding,
    languages: fc.array(untrustedText, { maxLength: 3 }),
    hours: untrustedText,
    contact: untrustedText,
    source: fc.constantFrom('configuration' as const, 'server' as const, 'national' as const),
  },
  { requiredKeys: ['id', 'name', 'serviceType', 'languages', 'contact', 'source'] },
);

const decision: fc.Arbitrary<ReferralDecision> = fc.record(
  {
    outcome: fc.constantFrom(...referralOutcomes.map((option) => option.value)),
    consentRecorded: fc.boolean(),
    minorNoticeAcknowledged: fc.boolean(),
    contactingPatientUnsafe: fc.boolean(),
    safetyPlanConsent: fc.boolean(),
    safeContactNote: untrustedText,
    referralTarget: directoryEntry,
  },
  { requiredKeys: ['outcome', 'consentRecorded', 'minorNoticeAcknowledged', 'contactingPatientUnsafe', 'safetyPlanConsent'] },
);

const links = fc.record({ flag: optionalText, questionnaireResponse: optionalText, checkInNote: optionalText });

/** A screen that already carries labels of its own (from an organisation's questionnaire template, say). */
const labelledMeta = fc.record({ security: fc.array(coding, { maxLength: 4 }) });

function expectLabelled(
  resource: { meta?: { security?: Coding[] } },
  context: SubmissionContext,
  identifiers: readonly { system?: string; value?: string }[],
  part: string,
): void {
  expect(hasSafetySecurityLabels(resource.meta?.security)).toBe(true);
  expect(identifiers).toContainEqual({ system: submissionIdentifierSystem(context.systemBase), value: `${context.submissionId}-${part}` });
}

describe('resource builders with any strings', () => {
  it('build a labelled, identified Flag, referral, check-in note and referral Task', () => {
    fc.assert(
      fc.property(submissionContext, decision, links, (context, referralDecision, referralLinks) => {
        const flag = buildSafetyFlag(context);
        expectLabelled(flag, context, flag.identifier ?? [], 'flag');
        const referral = buildReferralRequest(context, referralDecision, referralLinks);
        expectLabelled(referral, context, referral.identifier ?? [], 'referral');
        const note = buildCheckInNote({ ...context, decision: referralDecision });
        expectLabelled(note, context, note.identifier ?? [], 'check-in-note');
        const task = buildReferralTask({ ...context, fhirUser: 'Practitioner/dr' }, 'Organization/o', { ...referralLinks, referral: 'ServiceRequest/1' });
        expectLabelled(task, context, task.identifier ?? [], 'referral-task');
        // Nothing written for the patient to read, whatever the note says.
        expect(referral).not.toHaveProperty('patientInstruction');
      }),
    );
  });

  it('label a screen that has labels of its own, keeping exactly one confidentiality code', () => {
    fc.assert(
      fc.property(submissionContext, labelledMeta, (context, meta) => {
        const screen: QuestionnaireResponse = { resourceType: 'QuestionnaireResponse', status: 'completed', meta };
        const labelled = labelQuestionnaireResponse(screen, context);
        expectLabelled(labelled, context, labelled.identifier ? [labelled.identifier] : [], 'screen');
      }),
    );
  });

  it('read back which submission and part any of Lantern’s identifiers names', () => {
    const part = fc.constantFrom<SubmissionPart>('flag', 'screen', 'referral', 'check-in-note');
    fc.assert(
      fc.property(untrustedText.filter((id) => id !== ''), part, (submissionId, which) => {
        expect(submissionPartOf(defaultSystemBase, submissionIdentifier(defaultSystemBase, submissionId, which))).toEqual({ submissionId, part: which });
      }),
    );
  });
});
