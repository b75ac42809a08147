import { describe, expect, it } from 'vitest';
import type { LabelCheck } from '../features/referral/label-check';
import type { EarlierSubmission } from '../features/referral/lantern-record';
import type { WriteInput, WriteResult } from '../features/referral/write-executor';
import type { WritePlan } from '../features/referral/write-plan';
import { failure } from '../lib/fhir/outcomes';
import { defaultSystemBase } from '../config/runtime-config';
import { checkInReducer, hasUnsavedEntries, initialCheckInState, isLocked, type CheckInAction, type CheckInState } from './check-in-state';

const plan: WritePlan = { mode: 'transaction', steps: [{ role: 'safety-flag', resourceType: 'Flag', action: 'create', idempotency: 'if-none-exist' }], notWritten: [], notes: [] };
const agreed = { outcome: 'concern-declined-referral', consentRecorded: false, minorNoticeAcknowledged: false, contactingPatientUnsafe: false, safetyPlanConsent: false } as const;

function frozen(id: string): Extract<CheckInAction, { type: 'record-started' }>['submission'] {
  const input: WriteInput = { submissionId: id, patientId: 'david', recordedAt: '2026-12-04T10:00:00Z', decision: agreed, systemBase: defaultSystemBase };
  return { id, recordedAt: input.recordedAt, plan, input };
}

const result: WriteResult = { written: [{ role: 'safety-flag', resourceType: 'Flag', reference: 'Flag/1', action: 'created' }], kept: [], notWritten: [] };
const kept: LabelCheck = { status: 'kept' };

function run(...actions: CheckInAction[]): CheckInState {
  return actions.reduce(checkInReducer, { ...initialCheckInState, decision: agreed });
}

describe('the check-in state around Record', () => {
  it('freezes one submission: a second press changes nothing', () => {
    const state = run({ type: 'record-started', submission: frozen('a') }, { type: 'record-started', submission: frozen('b') });
    expect(state.submission?.id).toBe('a');
    expect(isLocked(state)).toBe(true);
  });

  it('locks the answers and outcome from Record until the record is withdrawn', () => {
    const state = run(
      { type: 'record-started', submission: frozen('a') },
      { type: 'decide', decision: { ...agreed, outcome: 'immediate-danger' } },
      { type: 'answer', linkId: 'q1', value: 'yes' },
    );
    expect(state.decision.outcome).toBe('concern-declined-referral');
    expect(state.answers.size).toBe(0);
  });

  it('ignores results for a submission that is no longer the one on screen', () => {
    const state = run(
      { type: 'record-started', submission: frozen('a') },
      { type: 'record-succeeded', submissionId: 'other', result },
      { type: 'labels-checked', submissionId: 'a', check: kept },
    );
    expect(state.submission?.phase).toBe('recording');
    expect(state.submission?.labelCheck).toBeUndefined();
  });

  it('does not withdraw while recording, nor try again or record while a withdrawal is open', () => {
    const recording = run({ type: 'record-started', submission: frozen('a') }, { type: 'retraction-asked', target: { kind: 'this-window', submissionId: 'a' } });
    expect(recording.retraction).toBeUndefined();

    const failed = run(
      { type: 'record-started', submission: frozen('a') },
      { type: 'record-failed', submissionId: 'a', failure: failure('network', 'lost'), written: [], replan: false },
      { type: 'retraction-asked', target: { kind: 'this-window', submissionId: 'a' } },
      { type: 'record-retried', submissionId: 'a' },
    );
    expect(failed.submission?.phase).toBe('failed');
    expect(failed.retraction?.phase).toBe('confirming');

    const earlier: EarlierSubmission = { submissionId: 'e', recordedAt: undefined, encounterReference: undefined, entries: [] };
    const withdrawingEarlier = run({ type: 'retraction-asked', target: { kind: 'earlier', submission: earlier } }, { type: 'record-started', submission: frozen('a') });
    expect(withdrawingEarlier.submission).toBeUndefined();
  });

  it('withdraws only after a reason, and unlocks the form with the decision kept', () => {
    const asked = run(
      { type: 'record-started', submission: frozen('a') },
      { type: 'record-succeeded', submissionId: 'a', result },
      { type: 'retraction-asked', target: { kind: 'this-window', submissionId: 'a' } },
      { type: 'retraction-started' },
    );
    expect(asked.retraction?.phase).toBe('confirming');
    const done = [
      { type: 'retraction-reason', reason: 'decision-changed' },
      { type: 'retraction-started' },
      { type: 'retraction-done', result: { retracted: result.written, leftAsIs: [] }, unchecked: [] },
    ] satisfies CheckInAction[];
    const state = done.reduce(checkInReducer, asked);
    expect(state.submission).toBeUndefined();
    expect(state.retracted?.reason).toBe('decision-changed');
    expect(state.decision).toEqual(agreed);
    expect(hasUnsavedEntries(state)).toBe(true);
  });

  it('counts a recorded check-in as saved, and anything entered before as unsaved', () => {
    expect(hasUnsavedEntries(initialCheckInState)).toBe(false);
    expect(hasUnsavedEntries(run({ type: 'answer', linkId: 'q1', value: 'no' }))).toBe(true);
    const recorded = run({ type: 'answer', linkId: 'q1', value: 'no' }, { type: 'record-started', submission: frozen('a') }, { type: 'record-succeeded', submissionId: 'a', result });
    expect(hasUnsavedEntries(recorded)).toBe(false);
  });
});

describe('the patient view in the check-in state', () => {
  const returnTo = { scrollX: 0, scrollY: 1200, focus: 'body > div:nth-of-type(1)' };

  it('opens at the first question, moves, and writes the patient’s answers where the clinician’s are', () => {
    const state = run(
      { type: 'answer', linkId: 'q1', value: 'no' },
      { type: 'patient-view-opened', returnTo },
      { type: 'patient-view-moved', position: 1 },
      { type: 'answer', linkId: 'q2', value: 'declined' },
    );
    expect(state.patientView).toEqual({ position: 1, returnTo });
    expect([...state.answers]).toEqual([
      ['q1', 'no'],
      ['q2', 'declined'],
    ]);
    expect(run({ type: 'patient-view-opened', returnTo }, { type: 'patient-view-closed' }).patientView).toBeUndefined();
  });

  it('is not offered once answers are recorded: the record is what the patient would change', () => {
    const state = run({ type: 'record-started', submission: frozen('a') }, { type: 'patient-view-opened', returnTo });
    expect(state.patientView).toBeUndefined();
  });
});

describe('warm handoff', () => {
  const request = {
    handoffId: 'h-1',
    patientId: 'ana',
    recipientReference: 'HealthcareService/hs-ed-social-work',
    where: 'Bay 4',
    sentAt: '2026-12-06T10:00:00Z',
    systemBase: defaultSystemBase,
  };

  it('sends once: a second press while sending or after it was sent changes nothing, and a retry re-sends the frozen request', () => {
    let state = checkInReducer(initialCheckInState, { type: 'handoff-where', entryId: 'team', where: 'Bay 4' });
    state = checkInReducer(state, { type: 'handoff-sending', entryId: 'team', request });
    expect(checkInReducer(state, { type: 'handoff-sending', entryId: 'team', request: { ...request, handoffId: 'h-2' } })).toBe(state);
    // Typing after Send does not change what was sent.
    expect(checkInReducer(state, { type: 'handoff-where', entryId: 'team', where: 'Bay 5' })).toBe(state);
    const failed = checkInReducer(state, { type: 'handoff-failed', entryId: 'team', handoffId: 'h-1', failure: failure('server', 'down') });
    const retried = checkInReducer(failed, { type: 'handoff-sending', entryId: 'team', request: { ...request, handoffId: 'h-2' } });
    expect(retried.handoffs.team?.request?.handoffId).toBe('h-1');
    const sent = checkInReducer(retried, { type: 'handoff-sent', entryId: 'team', handoffId: 'h-1', reference: 'Communication/c-1' });
    expect(sent.handoffs.team).toMatchObject({ phase: 'sent', reference: 'Communication/c-1' });
    expect(checkInReducer(sent, { type: 'handoff-sending', entryId: 'team', request })).toBe(sent);
  });

  it('ignores an answer for another sending', () => {
    const sending = checkInReducer(initialCheckInState, { type: 'handoff-sending', entryId: 'team', request });
    expect(checkInReducer(sending, { type: 'handoff-sent', entryId: 'team', handoffId: 'other', reference: 'Communication/x' })).toBe(sending);
  });
});
