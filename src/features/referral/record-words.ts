import type { ServiceRequest } from 'fhir/r4';
import { formatDateTime } from '../../lib/fhir/format';
import { plainText } from '../../lib/fhir/untrusted-json';
import { entriesInForce, trackingOf, type EarlierCheckIn, type LanternRecord, type LanternRecordEntry, type ReferralTracking } from './lantern-record';
import type { ReferralDecision, ReferralOutcome, RetractionReason } from './referral-types';
import type { KeptResource, WriteResult, WrittenResource } from './write-executor';
import type { WriteRole, WriteStep } from './write-plan';

/**
 * What the record holds, in the clinician's words. Ids are for the details disclosure only: a sentence is what a
 * clinician reads in the seconds they have.
 */

function referralWords(target: string | undefined, priority: 'routine' | 'stat' | undefined, noDirectContact: boolean): string {
  const parts = [target ? `Referral to ${target}` : 'Referral', priority === 'stat' ? 'urgent' : 'routine'];
  if (noDirectContact) parts.push('do not contact directly');
  return parts.join(', ');
}

/** One line per planned step, before anything is written. */
export function plannedWords(step: WriteStep, decision: ReferralDecision): string {
  switch (step.role) {
    case 'safety-flag':
      return step.action === 'keep'
        ? `Lantern’s restricted safety flag${sinceWords(step.existing.period?.start)} stays as it is; this record points at it`
        : 'A restricted safety flag';
    case 'screen':
      return 'The check-in answers';
    case 'check-in-note':
      return 'A restricted check-in note: the outcome, and what was observed, offered and documented';
    case 'referral':
      return referralWords(decision.referralTarget?.name, step.priority, decision.contactingPatientUnsafe);
    case 'referral-task':
      return 'A tracking task for the referral: the service answers on it, and the next check-in shows its answer';
  }
}

function sinceWords(start: string | undefined): string {
  const when = formatDateTime(start);
  return when ? ` from ${when}` : '';
}

const addedWords: Readonly<Record<Exclude<WriteRole, 'referral'>, string>> = {
  'safety-flag': 'Restricted safety flag added.',
  screen: 'Check-in answers saved.',
  'check-in-note': 'Restricted check-in note added.',
  'referral-task': 'Referral sent for tracking: the service’s answer will show at the next check-in.',
};

/** One sentence for a resource this submission wrote. */
export function writtenWords(item: WrittenResource, decision: ReferralDecision): string {
  if (item.role !== 'referral') return addedWords[item.role];
  const priority = decision.outcome === 'immediate-danger' ? 'stat' : 'routine';
  return `${referralWords(decision.referralTarget?.name, priority, decision.contactingPatientUnsafe)}.`;
}

const partNames: Readonly<Record<WriteRole, string>> = {
  'safety-flag': 'the restricted safety flag',
  screen: 'the check-in answers',
  'check-in-note': 'the restricted check-in note',
  referral: 'the referral',
  'referral-task': 'the referral’s tracking task',
};

/** A part of a record by name alone ("the referral"), where what it said is not at hand or not the point. */
export function partName(role: WriteRole): string {
  return partNames[role];
}

function keptWords(item: KeptResource): string {
  return `Lantern’s restricted safety flag${sinceWords(item.since)} kept as it was.`;
}

/** The confirmation: what the record now holds, flag first, referral last. */
export function recordSentences(result: Pick<WriteResult, 'written' | 'kept'>, decision: ReferralDecision): string[] {
  return [...result.kept.map(keptWords), ...result.written.map((item) => writtenWords(item, decision))];
}

/** A resource Lantern found on the server (an earlier check-in), in words; the referral from the resource itself. */
export function entryWords(entry: LanternRecordEntry): string {
  const status = statusWords(entry.resource.status);
  switch (entry.role) {
    case 'safety-flag':
      return `Restricted safety flag${status}`;
    case 'screen':
      return `Check-in answers${status}`;
    case 'check-in-note':
      return `Restricted check-in note${status}`;
    case 'referral': {
      const request = entry.resource.resourceType === 'ServiceRequest' ? entry.resource : undefined;
      return `${referralWords(performerName(request), request?.priority === 'stat' ? 'stat' : 'routine', hasNoContactDetail(request))}${status}`;
    }
    case 'referral-task':
      return entry.resource.resourceType === 'Task' ? referralTrackingWords(trackingOf(entry.resource)) : 'Referral tracking task';
  }
}

/** Nothing for the status a record is written with; the others said, since they change what the record means. */
function statusWords(status: unknown): string {
  switch (status) {
    case 'active':
    case 'completed':
      return '';
    case 'entered-in-error':
      return ' (marked entered in error)';
    default:
      // Server data: only a short status code is repeated, never whatever text stood there.
      return typeof status === 'string' && /^[a-z-]{1,20}$/.test(status) ? ` (${status.replace(/-/g, ' ')})` : ' (status not recorded)';
  }
}

function performerName(request: ServiceRequest | undefined): string | undefined {
  const display: unknown = request?.performer?.[0]?.display;
  return typeof display === 'string' ? plainText(display, 80) : undefined;
}

function hasNoContactDetail(request: ServiceRequest | undefined): boolean {
  return (request?.orderDetail ?? []).some((detail) => (detail.coding ?? []).some((coding) => coding.code === 'contacting-subject-prohibited'));
}

export const retractionReasons: readonly { value: RetractionReason; label: string }[] = [
  { value: 'decision-changed', label: 'The decision changed: I will record it again' },
  { value: 'recorded-in-error', label: 'Recorded by mistake' },
  { value: 'wrong-patient', label: 'Recorded for the wrong patient or visit' },
];

const checkInOutcomeWords: Readonly<Record<ReferralOutcome, string>> = {
  'no-concern': 'No concern',
  'concern-declined-referral': 'Concern — referral declined',
  'concern-referral-agreed': 'Concern — referral agreed',
  'immediate-danger': 'Immediate danger',
  'could-not-talk-privately': 'Could not talk privately',
  'declined-conversation': 'Conversation declined',
};

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** An earlier check-in in neutral words and its day: "Could not talk privately — 5 Dec 2026". */
export function earlierCheckInWords(checkIn: EarlierCheckIn): string {
  return `${checkInOutcomeWords[checkIn.outcome]}${dayWords(checkIn.recordedAt)}`;
}

function dayWords(instant: string | undefined): string {
  const day = instant ? new Date(instant) : undefined;
  return day && !Number.isNaN(day.getTime()) ? ` — ${dayFormat.format(day)}` : '';
}

const trackingStatusWords: Readonly<Record<ReferralTracking['status'], string>> = {
  waiting: 'Referral sent, no answer yet',
  accepted: 'Referral accepted',
  'in-progress': 'Referral in progress',
  'on-hold': 'Referral on hold',
  completed: 'Referral completed',
  declined: 'Referral declined',
  failed: 'Referral could not be completed',
  cancelled: 'Referral cancelled',
};

/** The receiving service's answer in neutral words, its reason (as text) and its day: "Referral declined — no beds — 5 Dec 2026". */
export function referralTrackingWords(tracking: ReferralTracking): string {
  const reason = tracking.reason ? ` — ${tracking.reason}` : '';
  return `${trackingStatusWords[tracking.status]}${reason}${dayWords(tracking.updatedAt)}`;
}

/**
 * Lantern's own earlier referrals and flags, by reference, in words for the chart prompts that show them: the chart
 * holds them as any other referral or flag, and the clinician should see that they are Lantern's, and what came of a
 * referral.
 */
export function ownRecordWords(record: LanternRecord): ReadonlyMap<string, string> {
  const words = new Map<string, string>();
  for (const submission of record.submissions) {
    const inForce = entriesInForce(submission);
    const task = inForce.find((entry) => entry.role === 'referral-task')?.resource;
    for (const entry of inForce) {
      if (entry.role === 'referral') {
        const answer = task?.resourceType === 'Task' ? referralTrackingWords(trackingOf(task)) : 'its answer is not tracked in this EHR';
        words.set(entry.reference, `Lantern’s referral from an earlier check-in: ${answer}`);
      } else if (entry.role === 'safety-flag') {
        words.set(entry.reference, 'Lantern’s safety flag from an earlier check-in');
      }
    }
  }
  return words;
}
