import type { ServiceRequest, Task } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { EarlierSubmission, LanternRecordEntry } from './lantern-record';
import { ownRecordWords, referralTrackingWords } from './record-words';

const referral: LanternRecordEntry = {
  role: 'referral',
  resourceType: 'ServiceRequest',
  reference: 'ServiceRequest/sr-1',
  resource: { resourceType: 'ServiceRequest', id: 'sr-1', status: 'active', intent: 'order', subject: { reference: 'Patient/ana' } } satisfies ServiceRequest,
};

function taskEntry(task: Partial<Task>): LanternRecordEntry {
  return {
    role: 'referral-task',
    resourceType: 'Task',
    reference: 'Task/t-1',
    resource: { resourceType: 'Task', id: 't-1', intent: 'order', status: 'requested', ...task },
  };
}

function submissionOf(entries: LanternRecordEntry[]): EarlierSubmission {
  return { submissionId: 's-1', recordedAt: '2026-12-01T10:00:00Z', encounterReference: undefined, entries };
}

describe('referralTrackingWords', () => {
  it.each([
    [{ status: 'waiting', reason: undefined, updatedAt: undefined }, 'Referral sent, no answer yet'],
    [{ status: 'declined', reason: 'No capacity', updatedAt: undefined }, 'Referral declined — No capacity'],
    [{ status: 'failed', reason: undefined, updatedAt: 'not a date' }, 'Referral could not be completed'],
  ] as const)('%j reads "%s"', (tracking, words) => {
    expect(referralTrackingWords(tracking)).toBe(words);
  });
});

describe('ownRecordWords', () => {
  it('names Lantern’s referral with the service’s answer, or says it is not tracked', () => {
    const tracked = ownRecordWords({ submissions: [submissionOf([referral, taskEntry({ status: 'rejected', statusReason: { text: 'No beds\u0007 tonight' } })])], unchecked: [] });
    expect(tracked.get('ServiceRequest/sr-1')).toBe('Lantern’s referral from an earlier check-in: Referral declined — No beds tonight');
    const untracked = ownRecordWords({ submissions: [submissionOf([referral])], unchecked: [] });
    expect(untracked.get('ServiceRequest/sr-1')).toBe('Lantern’s referral from an earlier check-in: its answer is not tracked in this EHR');
  });

  it('leaves out what was marked entered in error', () => {
    const retracted = { ...referral, resource: { ...referral.resource, status: 'entered-in-error' } } as LanternRecordEntry;
    expect(ownRecordWords({ submissions: [submissionOf([retracted])], unchecked: [] }).size).toBe(0);
  });
});
