import type { ReferralDecision, ReferralOutcome } from './referral-types';

/** The outcome choices in the order the clinician sees them, with wording that stays neutral on screen. */
export const referralOutcomes: readonly { value: ReferralOutcome; label: string }[] = [
  { value: 'no-concern', label: 'No concern' },
  { value: 'concern-declined-referral', label: 'Concern — patient declines referral (offer resources only)' },
  { value: 'concern-referral-agreed', label: 'Concern — patient agrees to referral' },
  { value: 'immediate-danger', label: 'Immediate danger' },
];

/** Room for a safe time or channel ("text only, weekday mornings"), not for a story. */
export const safeContactNoteMaxLength = 200;

export const emptyDecision: ReferralDecision = {
  outcome: 'no-concern',
  consentRecorded: false,
  minorNoticeAcknowledged: false,
  contactingPatientUnsafe: false,
};

/** Outcomes that lead to a referral; the others record the decision and, at most, hand over resources. */
export function isReferralOutcome(outcome: ReferralOutcome): boolean {
  switch (outcome) {
    case 'concern-referral-agreed':
    case 'immediate-danger':
      return true;
    case 'no-concern':
    case 'concern-declined-referral':
      return false;
  }
}

export type CanRefer = { ok: true } | { ok: false; reason: string };

/**
 * Whether a referral may be created now, and if not, the one thing the clinician must do first.
 * Adults: only with their recorded agreement, immediate danger included (docs/design.md principle 4).
 * Minors: the mandated-reporting notice must be acknowledged; Lantern helps, it does not report.
 */
export function canRefer(decision: ReferralDecision, isMinor: boolean): CanRefer {
  switch (decision.outcome) {
    case 'no-concern':
      return { ok: false, reason: 'No referral is made when there is no concern.' };
    case 'concern-declined-referral':
      return { ok: false, reason: 'The patient declined a referral: offer resources only.' };
    case 'concern-referral-agreed':
    case 'immediate-danger':
      break;
  }
  if (isMinor && !decision.minorNoticeAcknowledged) {
    return { ok: false, reason: 'Acknowledge the reporting duty for patients under 18 first.' };
  }
  if (!isMinor && !decision.consentRecorded) {
    return { ok: false, reason: 'Record that the patient agreed to this referral first.' };
  }
  if (!decision.referralTarget) {
    return { ok: false, reason: 'Choose a service to refer to.' };
  }
  return { ok: true };
}

/**
 * The decision with a new outcome. Agreement to a referral does not survive a move to an outcome without
 * one: if the clinician comes back, the patient's agreement is asked for and recorded again. Everything else
 * (chosen service, safe-contact note) is kept so nothing typed is lost.
 */
export function decisionWithOutcome(decision: ReferralDecision, outcome: ReferralOutcome): ReferralDecision {
  if (isReferralOutcome(outcome)) return { ...decision, outcome };
  return { ...decision, outcome, consentRecorded: false };
}
