import { describe, expect, it } from 'vitest';
import { canRefer, decisionWithOutcome, emptyDecision, isReferralOutcome, referralOutcomes, type CanRefer } from './decision-rules';
import { nationalHotline } from './directory';
import type { ReferralDecision, ReferralOutcome } from './referral-types';

const ready: CanRefer = { ok: true };
const noConcern: CanRefer = { ok: false, reason: 'No referral is made when there is no concern.' };
const declined: CanRefer = { ok: false, reason: 'The patient declined a referral: offer resources only.' };
const needsConsent: CanRefer = { ok: false, reason: 'Record that the patient agreed to this referral first.' };
const needsAcknowledgement: CanRefer = { ok: false, reason: 'Acknowledge the reporting duty for patients under 18 first.' };
const needsTarget: CanRefer = { ok: false, reason: 'Choose a service to refer to.' };

type Row = [outcome: ReferralOutcome, patient: 'adult' | 'minor', consent: boolean, acknowledged: boolean, expected: CanRefer];

/** Every outcome × adult/minor × consent × acknowledgement, with a service chosen. */
const rows: Row[] = [
  ['no-concern', 'adult', false, false, noConcern],
  ['no-concern', 'adult', false, true, noConcern],
  ['no-concern', 'adult', true, false, noConcern],
  ['no-concern', 'adult', true, true, noConcern],
  ['no-concern', 'minor', false, false, noConcern],
  ['no-concern', 'minor', false, true, noConcern],
  ['no-concern', 'minor', true, false, noConcern],
  ['no-concern', 'minor', true, true, noConcern],
  ['concern-declined-referral', 'adult', false, false, declined],
  ['concern-declined-referral', 'adult', false, true, declined],
  ['concern-declined-referral', 'adult', true, false, declined],
  ['concern-declined-referral', 'adult', true, true, declined],
  ['concern-declined-referral', 'minor', false, false, declined],
  ['concern-declined-referral', 'minor', false, true, declined],
  ['concern-declined-referral', 'minor', true, false, declined],
  ['concern-declined-referral', 'minor', true, true, declined],
  ['concern-referral-agreed', 'adult', false, false, needsConsent],
  ['concern-referral-agreed', 'adult', false, true, needsConsent],
  ['concern-referral-agreed', 'adult', true, false, ready],
  ['concern-referral-agreed', 'adult', true, true, ready],
  ['concern-referral-agreed', 'minor', false, false, needsAcknowledgement],
  ['concern-referral-agreed', 'minor', false, true, ready],
  ['concern-referral-agreed', 'minor', true, false, needsAcknowledgement],
  ['concern-referral-agreed', 'minor', true, true, ready],
  // Immediate danger does not waive an adult's agreement.
  ['immediate-danger', 'adult', false, false, needsConsent],
  ['immediate-danger', 'adult', false, true, needsConsent],
  ['immediate-danger', 'adult', true, false, ready],
  ['immediate-danger', 'adult', true, true, ready],
  ['immediate-danger', 'minor', false, false, needsAcknowledgement],
  ['immediate-danger', 'minor', false, true, ready],
  ['immediate-danger', 'minor', true, false, needsAcknowledgement],
  ['immediate-danger', 'minor', true, true, ready],
];

describe('canRefer', () => {
  it.each(rows)('%s, %s, consent %s, acknowledged %s', (outcome, patient, consentRecorded, minorNoticeAcknowledged, expected) => {
    const decision: ReferralDecision = {
      ...emptyDecision,
      outcome,
      consentRecorded,
      minorNoticeAcknowledged,
      referralTarget: nationalHotline,
    };
    expect(canRefer(decision, patient === 'minor')).toEqual(expected);
  });

  it('covers every outcome in the table', () => {
    expect(new Set(rows.map(([outcome]) => outcome))).toEqual(new Set(referralOutcomes.map((option) => option.value)));
  });

  it('asks for a service once the conditions are met', () => {
    const agreed: ReferralDecision = { ...emptyDecision, outcome: 'concern-referral-agreed', consentRecorded: true };
    expect(canRefer(agreed, false)).toEqual(needsTarget);
    expect(canRefer({ ...agreed, consentRecorded: false, minorNoticeAcknowledged: true }, true)).toEqual(needsTarget);
  });

  it('asks for agreement before the service', () => {
    expect(canRefer({ ...emptyDecision, outcome: 'immediate-danger' }, false)).toEqual(needsConsent);
  });
});

describe('isReferralOutcome', () => {
  it('is true only where a referral follows', () => {
    expect(referralOutcomes.filter((option) => isReferralOutcome(option.value)).map((option) => option.value)).toEqual([
      'concern-referral-agreed',
      'immediate-danger',
    ]);
  });
});

describe('decisionWithOutcome', () => {
  const agreed: ReferralDecision = {
    outcome: 'concern-referral-agreed',
    consentRecorded: true,
    minorNoticeAcknowledged: true,
    contactingPatientUnsafe: true,
    safeContactNote: 'Text only, mornings',
    referralTarget: nationalHotline,
  };

  it('keeps the patient’s agreement between referral outcomes', () => {
    expect(decisionWithOutcome(agreed, 'immediate-danger')).toEqual({ ...agreed, outcome: 'immediate-danger' });
  });

  it.each(['no-concern', 'concern-declined-referral'] as const)('forgets the agreement, and nothing else, on %s', (outcome) => {
    expect(decisionWithOutcome(agreed, outcome)).toEqual({ ...agreed, outcome, consentRecorded: false });
  });

  it('does not change the decision it was given', () => {
    decisionWithOutcome(agreed, 'no-concern');
    expect(agreed.consentRecorded).toBe(true);
  });
});
