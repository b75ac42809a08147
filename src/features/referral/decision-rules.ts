import type { ReferralDecision, ReferralOutcome } from './referral-types';

/**
 * The outcome choices in the order the clinician sees them, with wording that stays neutral on screen. None says
 * "offer resources only": for a minor, the patient's refusal does not end the duty to report.
 */
export const referralOutcomes: readonly { value: ReferralOutcome; label: string }[] = [
  { value: 'no-concern', label: 'No concern' },
  { value: 'concern-declined-referral', label: 'Concern — patient declines referral' },
  { value: 'concern-referral-agreed', label: 'Concern — patient agrees to referral' },
  { value: 'immediate-danger', label: 'Immediate danger' },
  { value: 'could-not-talk-privately', label: 'Could not talk privately — try again at a later visit' },
  { value: 'declined-conversation', label: 'Patient declined the conversation' },
];

/** Room for a safe time or channel ("text only, weekday mornings"), not for a story. */
export const safeContactNoteMaxLength = 200;

/** Nothing is pre-chosen: the outcome and the patient's say over the record stay empty until chosen. */
export const emptyDecision: ReferralDecision = {
  outcome: undefined,
  consentRecorded: false,
  minorNoticeAcknowledged: false,
  contactingPatientUnsafe: false,
  safetyPlanConsent: false,
};

/** Outcomes after which a referral may follow; the others record the decision without one. */
export function isReferralOutcome(outcome: ReferralOutcome | undefined): boolean {
  switch (outcome) {
    case 'concern-referral-agreed':
    case 'immediate-danger':
      return true;
    case 'no-concern':
    case 'concern-declined-referral':
    case 'could-not-talk-privately':
    case 'declined-conversation':
    case undefined:
      return false;
  }
}

/**
 * Whether this decision creates a referral. Immediate danger for an adult who does not agree is still recorded (the
 * note says the patient declined referral), but no referral is made without the adult's agreement.
 */
export function referralFollows(decision: ReferralDecision, isMinor: boolean | undefined): boolean {
  if (decision.outcome === 'immediate-danger' && isMinor === false) return decision.consentRecorded;
  return isReferralOutcome(decision.outcome);
}

/** Outcomes that put the minor's reporting duty in front of the clinician: all but "no concern". */
export function reportingDutyApplies(outcome: ReferralOutcome | undefined): boolean {
  return outcome !== undefined && outcome !== 'no-concern';
}

export type CanRecord = { ok: true } | { ok: false; reason: string };

/**
 * Whether the decision may be recorded now, and if not, the one thing the clinician must do first. The form shows
 * it beside the Record button and the write plan refuses with the same words: one rule, one place.
 * 1. An outcome is chosen (nothing is pre-chosen).
 * 2. The age is known: an unknown age may be a minor's, so the clinician confirms it first.
 * 3. A minor, for every outcome but "no concern": the duty to report is acknowledged and the report documented
 *    (made: agency and date and time; or not yet, and why). A child's refusal does not end the duty.
 * 4. A referral: an adult's agreement, and a chosen service.
 * 5. The patient's say over the record: everything, the flag only (for outcomes that write one), or nothing.
 */
export function canRecord(decision: ReferralDecision, isMinor: boolean | undefined): CanRecord {
  if (decision.outcome === undefined) return { ok: false, reason: 'Choose the outcome of the conversation first.' };
  if (isMinor === undefined) return { ok: false, reason: 'Confirm whether the patient is an adult or a minor first.' };
  if (isMinor && reportingDutyApplies(decision.outcome)) {
    if (!decision.minorNoticeAcknowledged) return { ok: false, reason: 'Acknowledge that the duty to report stands first.' };
    const report = decision.report;
    if (!report) return { ok: false, reason: 'Record whether the report was made.' };
    if (report.status === 'made' && (report.agency.trim() === '' || report.madeAt === '')) {
      return { ok: false, reason: 'Give the agency and the date and time of the report.' };
    }
    if (report.status === 'not-yet' && report.why.trim() === '') return { ok: false, reason: 'Say why the report is not yet made.' };
  }
  if (decision.outcome === 'concern-referral-agreed' && !isMinor && !decision.consentRecorded) {
    return { ok: false, reason: 'Record that the patient agreed to this referral first.' };
  }
  if (referralFollows(decision, isMinor) && !decision.referralTarget) return { ok: false, reason: 'Choose a service to refer to.' };
  if (decision.recordChoice === undefined || (decision.recordChoice === 'flag-only' && !writesFlag(decision.outcome))) {
    return { ok: false, reason: 'Ask the patient what goes in the record first.' };
  }
  return { ok: true };
}

/** Outcomes that put Lantern's safety flag on the chart; only these offer the patient "the safety flag only". */
export function writesFlag(outcome: ReferralOutcome | undefined): boolean {
  return outcome === 'concern-declined-referral' || outcome === 'concern-referral-agreed' || outcome === 'immediate-danger';
}

/**
 * The decision with a new outcome. Agreement to a referral does not survive a move to an outcome without
 * one: if the clinician comes back, the patient's agreement is asked for and recorded again. Everything else
 * (chosen service, safe-contact note, report, the record choice where it still applies) is kept so nothing typed is
 * lost.
 */
export function decisionWithOutcome(decision: ReferralDecision, outcome: ReferralOutcome): ReferralDecision {
  const next: ReferralDecision = isReferralOutcome(outcome) ? { ...decision, outcome } : { ...decision, outcome, consentRecorded: false };
  // "The safety flag only" means nothing for an outcome without a flag: the patient is asked again.
  if (next.recordChoice === 'flag-only' && !writesFlag(outcome)) delete next.recordChoice;
  return next;
}
