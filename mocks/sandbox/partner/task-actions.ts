import type { Task } from 'fhir/r4';

/**
 * What the receiving organisation may do to a referral Task, after the SDOH Clinical Care (Gravity) referral
 * workflow: it accepts or rejects a requested Task, works it (in progress, on hold), and ends it as completed or
 * failed; either side may cancel. A rejection, a failure and a cancellation say why (`statusReason.text`).
 */
export const partnerActions = {
  accept: { label: 'Accept', status: 'accepted', reason: 'none', from: ['requested', 'received'] },
  reject: { label: 'Reject', status: 'rejected', reason: 'required', from: ['requested', 'received'] },
  start: { label: 'Set in progress', status: 'in-progress', reason: 'none', from: ['accepted', 'on-hold'] },
  hold: { label: 'Put on hold', status: 'on-hold', reason: 'optional', from: ['accepted', 'in-progress'] },
  fail: { label: 'Mark failed', status: 'failed', reason: 'required', from: ['accepted', 'in-progress', 'on-hold'] },
  complete: { label: 'Mark completed', status: 'completed', reason: 'none', from: ['accepted', 'in-progress'] },
  cancel: { label: 'Cancel', status: 'cancelled', reason: 'required', from: ['requested', 'received', 'accepted', 'in-progress', 'on-hold'] },
} as const satisfies Record<string, PartnerActionRule>;

interface PartnerActionRule {
  label: string;
  status: Task['status'];
  /** 'required': the form asks for it and the action is refused without it; 'none': any earlier reason is cleared. */
  reason: 'required' | 'optional' | 'none';
  from: readonly Task['status'][];
}

export type PartnerAction = keyof typeof partnerActions;

export function isPartnerAction(value: string | null): value is PartnerAction {
  return value !== null && Object.hasOwn(partnerActions, value);
}

/** The actions open to the organisation for a Task in this status, in the order the page offers them. */
export function actionsFor(status: Task['status']): PartnerAction[] {
  return (Object.keys(partnerActions) as PartnerAction[]).filter((action) => (partnerActions[action].from as readonly string[]).includes(status));
}

export type ActionResult = { kind: 'changed'; task: Task } | { kind: 'refused'; sentence: string };

/** The Task after `action`, with `lastModified` set to `now`; only status, reason and date change. */
export function applyPartnerAction(task: Task, action: PartnerAction, reason: string, now: Date): ActionResult {
  const rule: PartnerActionRule = partnerActions[action];
  if (!rule.from.includes(task.status)) {
    return { kind: 'refused', sentence: `A referral that is ${task.status} cannot be changed with “${rule.label}”.` };
  }
  const text = reason.trim();
  if (rule.reason === 'required' && text === '') {
    return { kind: 'refused', sentence: `Say why before choosing “${rule.label}”: the referring clinician sees the reason.` };
  }
  const changed: Task = { ...task, status: rule.status, lastModified: now.toISOString() };
  // An earlier reason would now explain the wrong status.
  delete changed.statusReason;
  if (rule.reason !== 'none' && text !== '') changed.statusReason = { text };
  return { kind: 'changed', task: changed };
}
