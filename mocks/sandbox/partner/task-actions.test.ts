import type { Task } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { actionsFor, applyPartnerAction } from './task-actions';

const now = new Date('2026-12-06T09:30:00Z');

const requested: Task = {
  resourceType: 'Task',
  id: 'task-1',
  status: 'requested',
  intent: 'order',
  owner: { reference: 'Organization/org-direct-light' },
};

describe('what Direct Light may do to a referral Task', () => {
  it('offers accept, reject or cancel on a new referral, and nothing once it has ended', () => {
    expect(actionsFor('requested')).toEqual(['accept', 'reject', 'cancel']);
    expect(actionsFor('accepted')).toEqual(['start', 'hold', 'fail', 'complete', 'cancel']);
    expect(actionsFor('on-hold')).toEqual(['start', 'fail', 'cancel']);
    for (const ended of ['completed', 'rejected', 'failed', 'cancelled'] as const) expect(actionsFor(ended)).toEqual([]);
  });

  it('accepts, stamping lastModified and changing nothing the referrer wrote', () => {
    const result = applyPartnerAction(requested, 'accept', '', now);
    expect(result).toEqual({ kind: 'changed', task: { ...requested, status: 'accepted', lastModified: '2026-12-06T09:30:00.000Z' } });
  });

  it('needs a reason to reject or fail, and keeps it as statusReason.text', () => {
    expect(applyPartnerAction(requested, 'reject', '   ', now)).toMatchObject({ kind: 'refused', sentence: expect.stringMatching(/Say why/) as unknown });
    expect(applyPartnerAction(requested, 'reject', ' No capacity ', now)).toMatchObject({ kind: 'changed', task: { status: 'rejected', statusReason: { text: 'No capacity' } } });
    const accepted: Task = { ...requested, status: 'accepted' };
    expect(applyPartnerAction(accepted, 'fail', '', now)).toMatchObject({ kind: 'refused' });
  });

  it('clears an earlier reason when the new status needs none', () => {
    const held: Task = { ...requested, status: 'on-hold', statusReason: { text: 'Waiting for an interpreter' } };
    const result = applyPartnerAction(held, 'start', '', now);
    expect(result.kind === 'changed' ? result.task : undefined).not.toHaveProperty('statusReason');
  });

  it('refuses a change the status does not allow, in a sentence', () => {
    expect(applyPartnerAction({ ...requested, status: 'completed' }, 'accept', '', now)).toEqual({
      kind: 'refused',
      sentence: 'A referral that is completed cannot be changed with “Accept”.',
    });
  });
});
