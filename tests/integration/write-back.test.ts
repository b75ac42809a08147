import type { Flag } from 'fhir/r4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { actCodeSystem } from '../../src/features/referral/referral-systems';
import { submissionIdentifierToken } from '../../src/features/referral/submission-identifiers';
import { checkRecordedLabels } from '../../src/features/referral/label-check';
import { hasSafetySecurityLabels } from '../../src/features/referral/security-labels';
import { executeWrite, findSubmission, markEnteredInError, type WriteInput, type WriteResult } from '../../src/features/referral/write-executor';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import type { SandboxPatient } from '../../mocks/sandbox/synthetic/generate';
import { connectTestSandbox } from '../sandbox-harness';
import { adultReferralAgreed, held, heldCounts, planFor, referenceOf, submission } from './write-back-support';

const sandbox = connectTestSandbox();

afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

// A fresh copy of Ana Ruiz (adult, ED visit in progress), this file's own; its tests find their writes by submission.
let adult: SandboxPatient;
let session: SmartSession;
beforeAll(async () => {
  adult = await sandbox.freshPatient('indicator-adult');
  session = await sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0] });
});

async function write(input: WriteInput, lanternActiveFlag?: Flag & { id: string }): Promise<WriteResult> {
  return executeWrite(session.fhir, await planFor(session, input, { lanternActiveFlag }), input);
}

async function only<T>(found: Promise<T[]>): Promise<T> {
  const resources = await found;
  expect(resources).toHaveLength(1);
  const [resource] = resources;
  if (resource === undefined) throw new Error('nothing found');
  return resource;
}

describe('a referral the adult agreed to, in one transaction', () => {
  let input: WriteInput;
  let result: WriteResult;
  let flag: Flag;

  beforeAll(async () => {
    input = submission(session, { ...adultReferralAgreed, contactingPatientUnsafe: true, safeContactNote: 'Only through the ED social worker.' });
    expect((await planFor(session, input)).mode).toBe('transaction');
    result = await write(input);
    flag = await only(held(session, 'Flag', input, 'flag'));
  });

  it('reports what it created', () => {
    expect(result.written.map(({ resourceType, action }) => `${resourceType}:${action}`)).toEqual([
      'Flag:created',
      'QuestionnaireResponse:created',
      'Communication:created',
      'ServiceRequest:created',
    ]);
    // The hotline has no organisation on the EHR to answer a tracking Task: the referral goes untracked, and says so.
    expect(result.notWritten).toEqual([
      {
        resourceType: 'Task',
        reason: 'This service has no organisation on the EHR to receive a tracked referral. The referral is recorded, but whether the service takes it up will not show in Lantern: follow it up by phone.',
      },
    ]);
  });

  it('leaves a labelled, neutral, active safety Flag on the chart', () => {
    expect(hasSafetySecurityLabels(flag.meta?.security)).toBe(true);
    expect(flag.status).toBe('active');
    expect(flag.category?.[0]?.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety' });
    expect(flag.code.text).toBe('Safety concern — restricted; see care team');
    expect(flag.code.coding?.[0]).toMatchObject({ system: 'https://lantern.example/fhir/CodeSystem/safety-concern', code: 'safety-concern' });
    expect(flag.subject.reference).toBe(`Patient/${adult.patientId}`);
    expect(flag.encounter?.reference).toBe(`Encounter/${adult.activeEncounterIds[0] ?? ''}`);
    expect(flag.author?.reference).toBe(session.context.fhirUser);
    expect(flag.period?.start).toBe(input.recordedAt);
  });

  it('keeps the labelled screen with the record', async () => {
    const screen = await only(held(session, 'QuestionnaireResponse', input, 'screen'));
    expect(hasSafetySecurityLabels(screen.meta?.security)).toBe(true);
    expect(screen.status).toBe('completed');
    expect(screen.item?.length).toBeGreaterThan(0);
  });

  it('links the referral to the Flag and the screen, with the codes, requester and contact restriction', async () => {
    const referral = await only(held(session, 'ServiceRequest', input, 'referral'));
    const screen = await only(held(session, 'QuestionnaireResponse', input, 'screen'));
    const note = await only(held(session, 'Communication', input, 'check-in-note'));
    expect(hasSafetySecurityLabels(referral.meta?.security)).toBe(true);
    expect(referral).toMatchObject({ status: 'active', intent: 'order', priority: 'routine' });
    expect(referral.supportingInfo).toEqual([{ reference: referenceOf(flag) }, { reference: referenceOf(screen) }, { reference: referenceOf(note) }]);
    expect(referral.reasonCode?.[0]?.text).toBe('Safety concern — restricted; see care team');
    expect(referral.category?.map((category) => category.coding?.[0]?.code)).toEqual(['3457005', '410606002']);
    expect(referral.code?.coding?.[0]).toMatchObject({ system: 'http://snomed.info/sct', code: '306238000' });
    expect(referral.requester?.reference).toBe(session.context.fhirUser);
    expect(referral.performer).toEqual([{ display: 'Community support line' }]);
    expect(referral.orderDetail?.[0]?.coding?.[0]?.code).toBe('contacting-subject-prohibited');
    expect(referral.note).toEqual([expect.objectContaining({ text: 'Only through the ED social worker.' })]);
    expect(referral.patientInstruction).toBeUndefined();
  });

  it('is found by its security labels', async () => {
    const { resources } = await session.fhir.search('Flag', {
      patient: `Patient/${adult.patientId}`,
      _security: `${actCodeSystem}|NOPAT`,
      identifier: submissionIdentifierToken(input.systemBase, input.submissionId, 'flag'),
    });
    expect(resources.map(referenceOf)).toEqual([referenceOf(flag)]);
  });

  it('holds exactly one of each after three retries, which find instead of create', async () => {
    for (let retry = 0; retry < 3; retry += 1) {
      const again = await write(input);
      expect(again.written.map(({ action }) => action)).toEqual(['found', 'found', 'found', 'found']);
      expect(again.written.map(({ reference }) => reference)).toEqual(result.written.map(({ reference }) => reference));
    }
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 1, 'check-in-note': 1 });
  });
});

describe('immediate danger', () => {
  it('writes a stat referral', async () => {
    const input = submission(session, { ...adultReferralAgreed, outcome: 'immediate-danger' });
    await write(input);
    const referral = await only(held(session, 'ServiceRequest', input, 'referral'));
    expect(referral.priority).toBe('stat');
    expect(referral.orderDetail).toBeUndefined();
    expect(referral.note).toBeUndefined();
  });
});

describe('an organisation that does not send the sensitivity label', () => {
  it('writes every resource with its confidentiality and refrain labels and no SDV, and finds them kept', async () => {
    const input = { ...submission(session, adultReferralAgreed), sensitivityLabel: false };
    const result = await write(input);
    expect(result.written).toHaveLength(4);
    for (const { resourceType, reference } of result.written) {
      const stored = await session.fhir.readReference(resourceType, reference);
      const codes = stored.meta?.security?.map((coding) => coding.code);
      expect(codes).toEqual(expect.arrayContaining(['R', 'NOPAT']));
      expect(codes).not.toContain('SDV');
    }
    await expect(checkRecordedLabels(session.fhir, result.written, 'R', { sensitivityLabel: false })).resolves.toEqual({ status: 'kept' });
  });
});

describe('a concern without a referral', () => {
  it('writes the Flag, the screen and the check-in note saying the patient declined referral, and no ServiceRequest', async () => {
    const input = submission(session, { ...adultReferralAgreed, outcome: 'concern-declined-referral', consentRecorded: false });
    const result = await write(input);
    expect(result.written.map(({ resourceType }) => resourceType)).toEqual(['Flag', 'QuestionnaireResponse', 'Communication']);
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 0, 'check-in-note': 1 });
    const note = await only(held(session, 'Communication', input, 'check-in-note'));
    expect(hasSafetySecurityLabels(note.meta?.security)).toBe(true);
    expect(note.payload?.[0]?.contentString?.split('\n')).toContain('Patient declined referral');
  });
});

describe('consent', () => {
  it('writes nothing for an adult referral without consent', async () => {
    const input = submission(session, { ...adultReferralAgreed, consentRecorded: false });
    const plan = await planFor(session, input);
    expect(plan).toMatchObject({ mode: 'refused', reason: 'Record that the patient agreed to this referral first.' });
    await expect(executeWrite(session.fhir, plan, input)).rejects.toMatchObject({ kind: 'invalid' });
    expect(await heldCounts(session, input)).toEqual({ flag: 0, screen: 0, referral: 0, 'check-in-note': 0 });
  });

  it('refers a minor only after the reporting notice is acknowledged', async () => {
    const youth = await sandbox.freshPatient('youth');
    const minor = await sandbox.launch({ patient: youth.patientId, encounter: youth.activeEncounterIds[0] });
    const decision = { ...adultReferralAgreed, consentRecorded: false, minorNoticeAcknowledged: false };
    const input = submission(minor, decision, false);
    expect((await planFor(minor, input, { isMinor: true })).mode).toBe('refused');

    const acknowledged = { ...input, decision: { ...decision, minorNoticeAcknowledged: true, report: { status: 'not-yet' as const, why: 'Calling intake after the visit' } } };
    const plan = await planFor(minor, acknowledged, { isMinor: true });
    await executeWrite(minor.fhir, plan, acknowledged);
    expect(await heldCounts(minor, acknowledged)).toEqual({ flag: 1, screen: 0, referral: 1, 'check-in-note': 1 });
    const note = await only(held(minor, 'Communication', acknowledged, 'check-in-note'));
    expect(note.payload?.[0]?.contentString?.split('\n')).toContain('Report not yet made: Calling intake after the visit');
  });
});

describe('Lantern’s own active safety Flag already on the chart', () => {
  it('is kept exactly as it was (never updated), and the new referral points at it', async () => {
    const first = submission(session, { ...adultReferralAgreed, outcome: 'concern-declined-referral', consentRecorded: false }, false);
    await write(first);
    const existing = withId(await only(held(session, 'Flag', first, 'flag')));

    const second = submission(session, adultReferralAgreed);
    const plan = await planFor(session, second, { lanternActiveFlag: existing });
    expect(plan.mode === 'transaction' && plan.steps[0]).toMatchObject({ action: 'keep' });
    const result = await executeWrite(session.fhir, plan, second);
    expect(result.written.map(({ resourceType, action }) => `${resourceType}:${action}`)).toEqual(['QuestionnaireResponse:created', 'Communication:created', 'ServiceRequest:created']);
    expect(result.kept).toEqual([{ role: 'safety-flag', resourceType: 'Flag', reference: referenceOf(existing), since: first.recordedAt }]);

    const unchanged = await session.fhir.read('Flag', existing.id);
    expect(unchanged.meta?.versionId).toBe(existing.meta?.versionId);
    expect(await held(session, 'Flag', second, 'flag')).toEqual([]);
    const referral = await only(held(session, 'ServiceRequest', second, 'referral'));
    expect(referral.supportingInfo?.[0]).toEqual({ reference: referenceOf(existing) });
  });
});

describe('entered in error', () => {
  it('marks everything the submission wrote, and can be repeated', async () => {
    const input = submission(session, adultReferralAgreed);
    const result = await write(input);
    const retraction = await markEnteredInError(session.fhir, result);
    expect(retraction.retracted.map(({ resourceType }) => resourceType)).toEqual(['ServiceRequest', 'Communication', 'QuestionnaireResponse', 'Flag']);
    expect(retraction.leftAsIs).toEqual([]);
    expect((await only(held(session, 'Flag', input, 'flag'))).status).toBe('entered-in-error');
    expect((await only(held(session, 'QuestionnaireResponse', input, 'screen'))).status).toBe('entered-in-error');
    expect((await only(held(session, 'ServiceRequest', input, 'referral'))).status).toBe('entered-in-error');
    expect((await only(held(session, 'Communication', input, 'check-in-note'))).status).toBe('entered-in-error');
    // Labels survive the retraction.
    expect(hasSafetySecurityLabels((await only(held(session, 'ServiceRequest', input, 'referral'))).meta?.security)).toBe(true);

    await expect(markEnteredInError(session.fhir, result)).resolves.toMatchObject({ leftAsIs: [] });
    expect(await heldCounts(session, input)).toEqual({ flag: 1, screen: 1, referral: 1, 'check-in-note': 1 });
  });

  it('leaves Lantern’s earlier Flag, which the submission only pointed at, active', async () => {
    const first = submission(session, { ...adultReferralAgreed, outcome: 'concern-declined-referral', consentRecorded: false }, false);
    await write(first);
    const existing = withId(await only(held(session, 'Flag', first, 'flag')));
    const second = submission(session, adultReferralAgreed, false);
    const result = await write(second, existing);

    const retraction = await markEnteredInError(session.fhir, result);
    expect(retraction.retracted.map(({ resourceType }) => resourceType)).toEqual(['ServiceRequest', 'Communication']);
    expect(retraction.leftAsIs).toEqual([{ reference: referenceOf(existing), reason: expect.stringMatching(/left active/) as unknown }]);
    expect((await only(held(session, 'Flag', first, 'flag'))).status).toBe('active');
    expect((await only(held(session, 'ServiceRequest', second, 'referral'))).status).toBe('entered-in-error');
  });

  it('finds what an interrupted submission stored, so a partial record can be withdrawn whole', async () => {
    const input = submission(session, adultReferralAgreed);
    const plan = await planFor(session, input);
    await executeWrite(session.fhir, plan, input);
    const found = await findSubmission(session.fhir, plan, input);
    expect(found.found.map(({ resourceType }) => resourceType)).toEqual(['Flag', 'QuestionnaireResponse', 'Communication', 'ServiceRequest']);
    expect(found.unchecked).toEqual([]);
    await markEnteredInError(session.fhir, { written: found.found, kept: [] });
    expect((await only(held(session, 'Flag', input, 'flag'))).status).toBe('entered-in-error');
  });
});

function withId(flag: Flag): Flag & { id: string } {
  if (!flag.id) throw new Error('The Flag has no id');
  return { ...flag, id: flag.id };
}
