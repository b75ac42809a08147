import type { QuestionnaireResponse } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { referralOutcomes } from './decision-rules';
import { nationalHotline } from './directory';
import type { DirectoryEntry, ReferralDecision } from './referral-types';
import {
  buildCheckInNote,
  checkInNoteLines,
  buildReferralRequest,
  buildReferralTask,
  buildSafetyFlag,
  clinicianReference,
  labelQuestionnaireResponse,
  referralTaskProfile,
  type SubmissionContext,
} from './resource-builders';
import { submissionIdentifier, submissionPartOf } from './submission-identifiers';
import { checkInOutcomeSystem, safetyConcernDisplay, submissionIdentifierSystem } from './referral-systems';
import { hasSafetySecurityLabels } from './security-labels';
import { defaultSystemBase } from '../../config/runtime-config';

const submissionId = '6f1c2a3e-8b4d-4f5a-9c7e-1d2b3a4c5e6f';

const edVisit: SubmissionContext = {
  submissionId,
  patientId: 'ana',
  encounterId: 'ed-visit',
  fhirUser: 'Practitioner/dr-lee',
  recordedAt: '2025-03-04T10:30:00Z',
  systemBase: defaultSystemBase,
};

const shelter: DirectoryEntry = {
  id: 'HealthcareService/shelter-1',
  name: 'Harbor House shelter',
  serviceType: 'Shelter',
  performerReference: 'HealthcareService/shelter-1',
  code: { system: 'http://snomed.info/sct', code: '308440001', display: 'Referral to shelter' },
  languages: ['en', 'es'],
  contact: '555-0100',
  source: 'server',
};

const hotline = nationalHotline;

const agreed: ReferralDecision = {
  outcome: 'concern-referral-agreed',
  consentRecorded: true,
  minorNoticeAcknowledged: false,
  contactingPatientUnsafe: false,
  safetyPlanConsent: false,
  referralTarget: shelter,
};

const screen: QuestionnaireResponse = {
  resourceType: 'QuestionnaireResponse',
  status: 'completed',
  questionnaire: 'https://lantern.example/fhir/Questionnaire/safety-check-in-adult|1.0.0',
  subject: { reference: 'Patient/ana' },
  authored: '2025-03-04T10:15:00Z',
  meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'N' }] },
  item: [{ linkId: 'threats', answer: [{ valueBoolean: false }] }],
};

describe('the organisation’s systemBase', () => {
  const decision: ReferralDecision = {
    outcome: 'concern-referral-agreed',
    consentRecorded: true,
    minorNoticeAcknowledged: false,
    contactingPatientUnsafe: false,
    safetyPlanConsent: false,
    referralTarget: nationalHotline,
  };

  /** Every `system` and extension `url` in a resource, wherever it sits. */
  function systemsIn(resource: unknown): string[] {
    return JSON.stringify(resource).match(/"(?:system|url)":"[^"]+"/g)?.map((pair) => pair.split('":"')[1]?.slice(0, -1) ?? '') ?? [];
  }

  it.each([
    ['an https base', 'https://fhir.st-elsewhere.example/lantern', 'https://fhir.st-elsewhere.example/lantern/'],
    ['an OID', 'urn:oid:2.16.840.1.113883.3.9999', 'urn:oid:2.16.840.1.113883.3.9999.'],
  ])('carries %s into every identifier and Lantern code written, and nothing of the placeholder', (_kind, systemBase, under) => {
    const context = { ...edVisit, systemBase };
    const written = [
      buildSafetyFlag(context),
      buildReferralRequest(context, decision, { flag: 'Flag/1' }),
      buildCheckInNote({ ...context, decision }),
      labelQuestionnaireResponse(screen, context),
      buildReferralTask(context, 'Organization/shelter-org', { referral: 'ServiceRequest/1' }),
    ];
    for (const resource of written) {
      const lanternSystems = systemsIn(resource).filter((system) => !system.startsWith('http://'));
      expect(lanternSystems.length, resource.resourceType).toBeGreaterThan(0);
      for (const system of lanternSystems) expect(system.startsWith(under), `${resource.resourceType}: ${system}`).toBe(true);
    }
    // Only the canonical of Lantern's own default questionnaire, a definition Lantern publishes, keeps Lantern's base.
    expect(JSON.stringify(written).replaceAll(`"questionnaire":"${screen.questionnaire ?? ''}"`, '')).not.toContain('lantern.example');
    expect(submissionPartOf(systemBase, submissionIdentifier(systemBase, submissionId, 'flag'))).toEqual({ submissionId, part: 'flag' });
    // Under another base it is not Lantern's: the base is what makes a record Lantern's.
    expect(submissionPartOf(defaultSystemBase, submissionIdentifier(systemBase, submissionId, 'flag'))).toBeUndefined();
  });

  it('gives each system its own place under the base', () => {
    const flag = buildSafetyFlag({ ...edVisit, systemBase: 'urn:oid:1.2.3' });
    expect(flag.identifier?.[0]?.system).toBe('urn:oid:1.2.3.1');
    expect(flag.code.coding?.[0]?.system).toBe('urn:oid:1.2.3.2');
    const note = buildCheckInNote({ ...edVisit, systemBase: 'https://h.example/l', decision });
    expect(note.topic?.coding?.[0]?.system).toBe('https://h.example/l/CodeSystem/check-in-outcome');
    expect(note.reasonCode?.[0]?.coding?.[0]?.system).toBe('https://h.example/l/CodeSystem/safety-concern');
  });
});

describe('buildReferralTask', () => {
  it('is an SDOH Clinical Care referral Task: requested, an order to fulfil the referral, owned by the service’s organisation', () => {
    const task = buildReferralTask(edVisit, 'Organization/shelter-org', { referral: 'urn:uuid:7d1b0c52-3a51-4c1e-9d7e-0e1f2a3b4c5d' });
    expect(task).toEqual({
      resourceType: 'Task',
      meta: { profile: [referralTaskProfile], security: task.meta?.security },
      identifier: [{ system: submissionIdentifierSystem(defaultSystemBase), value: `${submissionId}-referral-task` }],
      status: 'requested',
      intent: 'order',
      code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill', display: 'Fulfill the focal request' }] },
      focus: { reference: 'urn:uuid:7d1b0c52-3a51-4c1e-9d7e-0e1f2a3b4c5d' },
      for: { reference: 'Patient/ana' },
      encounter: { reference: 'Encounter/ed-visit' },
      authoredOn: '2025-03-04T10:30:00Z',
      lastModified: '2025-03-04T10:30:00Z',
      requester: { reference: 'Practitioner/dr-lee' },
      owner: { reference: 'Organization/shelter-org' },
    });
    expect(hasSafetySecurityLabels(task.meta?.security)).toBe(true);
    // The receiving organisation reads the Task: nothing of the conversation travels on it.
    expect(task).not.toHaveProperty('description');
    expect(task).not.toHaveProperty('note');
  });

  it('refuses to build without the referral or the requesting clinician', () => {
    expect(() => buildReferralTask(edVisit, 'Organization/o', {})).toThrow('A referral Task needs the referral it is for.');
    expect(() => buildReferralTask({ ...edVisit, fhirUser: 'Patient/ana' }, 'Organization/o', { referral: 'ServiceRequest/1' })).toThrow(
      'A referral Task needs the clinician who requests it.',
    );
  });
});

describe('clinicianReference', () => {
  it.each([
    ['Practitioner/dr-lee', true],
    ['PractitionerRole/ed-attending', true],
    ['Patient/ana', false],
    ['RelatedPerson/x', false],
    [undefined, false],
  ])('%s is credited: %s', (fhirUser, credited) => {
    expect(clinicianReference(fhirUser) !== undefined).toBe(credited);
  });
});

describe('buildSafetyFlag', () => {
  const flag = buildSafetyFlag(edVisit);

  it('is the active, labelled, neutral safety flag docs/design.md describes', () => {
    expect(flag).toEqual({
      resourceType: 'Flag',
      meta: { security: expect.any(Array) as unknown },
      identifier: [{ system: submissionIdentifierSystem(defaultSystemBase), value: `${submissionId}-flag` }],
      status: 'active',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety', display: 'Safety' }] }],
      code: {
        coding: [{ system: 'https://lantern.example/fhir/CodeSystem/safety-concern', code: 'safety-concern', display: safetyConcernDisplay }],
        text: 'Safety concern — restricted; see care team',
      },
      subject: { reference: 'Patient/ana' },
      period: { start: '2025-03-04T10:30:00Z' },
      encounter: { reference: 'Encounter/ed-visit' },
      author: { reference: 'Practitioner/dr-lee' },
    });
    expect(hasSafetySecurityLabels(flag.meta?.security)).toBe(true);
  });

  it('leaves out the encounter and author it does not have', () => {
    const bare = buildSafetyFlag({ ...edVisit, encounterId: undefined, fhirUser: 'Patient/ana' });
    expect(bare.encounter).toBeUndefined();
    expect(bare.author).toBeUndefined();
  });

  it('is very restricted when configured so', () => {
    expect(buildSafetyFlag({ ...edVisit, confidentiality: 'V' }).meta?.security?.[0]?.code).toBe('V');
  });
});

describe('buildReferralRequest', () => {
  const links = { flag: 'Flag/flag-1', questionnaireResponse: 'QuestionnaireResponse/qr-1' };

  it('is an active, labelled order to the chosen service, for the Flag, supported by the screen', () => {
    const referral = buildReferralRequest(edVisit, agreed, links);
    expect(referral).toMatchObject({
      resourceType: 'ServiceRequest',
      identifier: [{ system: submissionIdentifierSystem(defaultSystemBase), value: `${submissionId}-referral` }],
      status: 'active',
      intent: 'order',
      priority: 'routine',
      code: { coding: [shelter.code] },
      subject: { reference: 'Patient/ana' },
      encounter: { reference: 'Encounter/ed-visit' },
      authoredOn: '2025-03-04T10:30:00Z',
      requester: { reference: 'Practitioner/dr-lee' },
      performer: [{ reference: 'HealthcareService/shelter-1', display: 'Community support service' }],
      reasonCode: [{ coding: [expect.objectContaining({ display: safetyConcernDisplay })], text: safetyConcernDisplay }],
      supportingInfo: [{ reference: 'Flag/flag-1' }, { reference: 'QuestionnaireResponse/qr-1' }],
    });
    // R4 allows no Flag in reasonReference; strict EHRs reject it.
    expect(referral.reasonReference).toBeUndefined();
    expect(referral.category?.map((category) => category.coding?.[0]?.code)).toEqual(['3457005', '410606002']);
    expect(hasSafetySecurityLabels(referral.meta?.security)).toBe(true);
    expect(referral.patientInstruction).toBeUndefined();
    expect(referral.note).toBeUndefined();
    expect(referral.orderDetail).toBeUndefined();
  });

  it('refers to social services when the target has no code or FHIR address, showing the hotline in neutral words', () => {
    const referral = buildReferralRequest(edVisit, { ...agreed, referralTarget: hotline }, links);
    expect(referral.code).toEqual({ coding: [{ system: 'http://snomed.info/sct', code: '306238000', display: 'Referral to social services' }] });
    expect(referral.performer).toEqual([{ display: 'Community support line' }]);
    expect(JSON.stringify(referral)).not.toContain(hotline.name);
  });

  it('shows the organisation’s own neutral display for its partner, never the partner’s name', () => {
    const coalition: DirectoryEntry = {
      id: 'config:coalition',
      name: 'Regional Anti-Trafficking Coalition',
      recordDisplay: 'Regional partner service',
      serviceType: 'Anti-trafficking coalition',
      languages: [],
      contact: '555-0177',
      source: 'configuration',
    };
    const referral = buildReferralRequest(edVisit, { ...agreed, referralTarget: coalition }, links);
    expect(referral.performer).toEqual([{ display: 'Regional partner service' }]);
    expect(JSON.stringify(referral)).not.toContain('Coalition');
  });

  it('has no performer when no target was chosen', () => {
    expect(buildReferralRequest(edVisit, { ...agreed, referralTarget: undefined }, links).performer).toBeUndefined();
  });

  it('is stat in immediate danger', () => {
    expect(buildReferralRequest(edVisit, { ...agreed, outcome: 'immediate-danger' }, links).priority).toBe('stat');
  });

  it('says contacting the patient is prohibited, with only the safe contact note as text', () => {
    const referral = buildReferralRequest(edVisit, { ...agreed, contactingPatientUnsafe: true, safeContactNote: '  Through the clinic social worker only. ' }, links);
    expect(referral.orderDetail).toEqual([
      {
        coding: [
          {
            system: 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes',
            code: 'contacting-subject-prohibited',
            display: 'Contacting subject prohibited',
          },
        ],
      },
    ]);
    expect(referral.note).toEqual([{ text: 'Through the clinic social worker only.', time: '2025-03-04T10:30:00Z' }]);
  });

  it('writes no note when contact is safe, even if one was typed', () => {
    expect(buildReferralRequest(edVisit, { ...agreed, safeContactNote: 'leftover' }, links).note).toBeUndefined();
  });

  it('lists a concern note as supporting information when there is no Flag', () => {
    const referral = buildReferralRequest(edVisit, agreed, { checkInNote: 'Communication/c-1' });
    expect(referral.supportingInfo).toEqual([{ reference: 'Communication/c-1' }]);
  });
});

describe('labelQuestionnaireResponse', () => {
  it('adds the labels (one confidentiality code) and the submission identifier, and keeps the answers', () => {
    const labelled = labelQuestionnaireResponse(screen, edVisit);
    expect(labelled.identifier).toEqual({ system: submissionIdentifierSystem(defaultSystemBase), value: `${submissionId}-screen` });
    expect(hasSafetySecurityLabels(labelled.meta?.security)).toBe(true);
    expect(labelled.item).toEqual(screen.item);
    expect(screen.identifier).toBeUndefined();
  });
});

describe('buildCheckInNote', () => {
  it('records the check-in in plain lines, labelled, identified, with the outcome coded as its topic', () => {
    const note = buildCheckInNote({
      ...edVisit,
      decision: {
        ...agreed,
        outcome: 'concern-declined-referral',
        interpreter: { language: 'Vietnamese', professional: true },
        hotlineCardGiven: true,
        report: { status: 'made', agency: 'County child protection', madeAt: '2025-03-04T10:10', reference: 'CP-1' },
      },
      observedSigns: ['A companion answers for the patient or will not leave'],
      declinedReferral: true,
    });
    expect(note).toMatchObject({
      resourceType: 'Communication',
      identifier: [{ system: submissionIdentifierSystem(defaultSystemBase), value: `${submissionId}-check-in-note` }],
      status: 'completed',
      topic: { coding: [{ system: checkInOutcomeSystem(defaultSystemBase), code: 'concern-declined-referral', display: 'Concern — patient declines referral' }] },
      reasonCode: [{ text: safetyConcernDisplay }],
      subject: { reference: 'Patient/ana' },
      encounter: { reference: 'Encounter/ed-visit' },
      sent: '2025-03-04T10:30:00Z',
      sender: { reference: 'Practitioner/dr-lee' },
    });
    expect(note.payload?.[0]?.contentString?.split('\n')).toEqual([
      'Outcome: Concern — patient declines referral',
      'Observed: A companion answers for the patient or will not leave',
      'Interpreter: Vietnamese, professional',
      'Hotline card given: yes',
      'Report made: County child protection, 2025-03-04T10:10, reference CP-1',
      'Patient declined referral',
    ]);
    expect(hasSafetySecurityLabels(note.meta?.security)).toBe(true);
  });

  it('says why privacy was not possible, and carries no concern code for an attempt', () => {
    const note = buildCheckInNote({ ...edVisit, decision: { ...agreed, outcome: 'could-not-talk-privately', noPrivacyReason: 'companion-present' } });
    expect(note.reasonCode).toBeUndefined();
    expect(note.payload?.[0]?.contentString).toBe('Outcome: Could not talk privately — try again at a later visit\nPrivacy not possible: a companion was present');
  });

  it('writes the safety plan only with the patient’s agreement', () => {
    const danger = { ...agreed, outcome: 'immediate-danger' as const, safetyPlan: { codeWord: 'blue umbrella', leavesWithCompanion: 'no' as const } };
    expect(checkInNoteLines({ ...edVisit, decision: danger }).join('\n')).not.toContain('blue umbrella');
    expect(checkInNoteLines({ ...edVisit, decision: { ...danger, safetyPlanConsent: true } })).toContain(
      'Safety plan (patient agreed to record): code word blue umbrella; leaves with companion no',
    );
  });
});

describe('no diagnosis added by Lantern', () => {
  /** Every coding anywhere in a resource. */
  function codings(value: unknown): { system?: string; code?: string }[] {
    if (Array.isArray(value)) return value.flatMap(codings);
    if (typeof value !== 'object' || value === null) return [];
    const own = 'code' in value && 'system' in value ? [value as { system?: string; code?: string }] : [];
    return [...own, ...Object.values(value).flatMap(codings)];
  }

  it.each(referralOutcomes.map((option) => option.value))('writes no ICD-10-CM code, T74/T76 least of all, for %s', (outcome) => {
    const decision: ReferralDecision = { ...agreed, outcome };
    const written = [buildSafetyFlag(edVisit), buildCheckInNote({ ...edVisit, decision }), buildReferralRequest(edVisit, decision, {}), labelQuestionnaireResponse(screen, edVisit)];
    const all = codings(written);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((coding) => /icd-?10/i.test(coding.system ?? '') || /^T7[46]/.test(coding.code ?? ''))).toEqual([]);
  });
});
