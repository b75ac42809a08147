import { describe, expect, it } from 'vitest';
import { canRecord, decisionWithOutcome, emptyDecision, isReferralOutcome, referralFollows, referralOutcomes, type CanRecord } from './decision-rules';
import { nationalHotline } from './directory';
import type { MinorReport, ReferralDecision, ReferralOutcome } from './referral-types';

const ready: CanRecord = { ok: true };
const needsOutcome: CanRecord = { ok: false, reason: 'Choose the outcome of the conversation first.' };
const needsAge: CanRecord = { ok: false, reason: 'Confirm whether the patient is an adult or a minor first.' };
const needsConsent: CanRecord = { ok: false, reason: 'Record that the patient agreed to this referral first.' };
const needsAcknowledgement: CanRecord = { ok: false, reason: 'Acknowledge that the duty to report stands first.' };
const needsReport: CanRecord = { ok: false, reason: 'Record whether the report was made.' };
const needsTarget: CanRecord = { ok: false, reason: 'Choose a service to refer to.' };
const needsRecordChoice: CanRecord = { ok: false, reason: 'Ask the patient what goes in the record first.' };

const reportMade: MinorReport = { status: 'made', agency: 'County child protection', madeAt: '2026-12-05T03:10' };

type Row = [outcome: ReferralOutcome, patient: 'adult' | 'minor', consent: boolean, acknowledgedAndReported: boolean, expected: CanRecord];

/** Every outcome × adult/minor × consent × (acknowledgement and report), with a service chosen. */
const rows: Row[] = referralOutcomes.flatMap(({ value: outcome }): Row[] =>
  (['adult', 'minor'] as const).flatMap((patient) =>
    [false, true].flatMap((consent) => [false, true].map((acknowledged): Row => [outcome, patient, consent, acknowledged, expectedFor(outcome, patient, consent, acknowledged)])),
  ),
);

/** The rule written out case by case, apart from the code under test. */
function expectedFor(outcome: ReferralOutcome, patient: 'adult' | 'minor', consent: boolean, acknowledged: boolean): CanRecord {
  if (patient === 'minor') return outcome === 'no-concern' || acknowledged ? ready : needsAcknowledgement;
  // An adult's agreement is needed only for the referral they agreed to; immediate danger is recorded without it.
  return outcome === 'concern-referral-agreed' && !consent ? needsConsent : ready;
}

describe('canRecord', () => {
  it.each(rows)('%s, %s, consent %s, acknowledged and reported %s', (outcome, patient, consentRecorded, done, expected) => {
    const decision: ReferralDecision = {
      ...emptyDecision,
      outcome,
      consentRecorded,
      minorNoticeAcknowledged: done,
      ...(done ? { report: reportMade } : {}),
      referralTarget: nationalHotline,
      recordChoice: 'everything',
    };
    expect(canRecord(decision, patient === 'minor')).toEqual(expected);
  });

  it('spells out the six outcomes', () => {
    expect(rows).toHaveLength(6 * 8);
    expect(rows.filter((row) => row[4] === ready)).toHaveLength(6 * 8 - 2 - 10);
  });

  it('starts with nothing chosen, and says so', () => {
    expect(emptyDecision.outcome).toBeUndefined();
    expect(emptyDecision.recordChoice).toBeUndefined();
    expect(canRecord(emptyDecision, false)).toEqual(needsOutcome);
  });

  it('asks for the age when it is unknown, for every outcome', () => {
    for (const { value } of referralOutcomes) {
      expect(canRecord({ ...emptyDecision, outcome: value, consentRecorded: true, referralTarget: nationalHotline }, undefined)).toEqual(needsAge);
    }
  });

  it('holds a minor’s refusal to the duty: acknowledgement, then the report, whatever the outcome', () => {
    const declined: ReferralDecision = { ...emptyDecision, outcome: 'concern-declined-referral', recordChoice: 'everything' };
    expect(canRecord(declined, true)).toEqual(needsAcknowledgement);
    const acknowledged = { ...declined, minorNoticeAcknowledged: true };
    expect(canRecord(acknowledged, true)).toEqual(needsReport);
    expect(canRecord({ ...acknowledged, report: { status: 'made', agency: ' ', madeAt: '2026-12-05T03:10' } }, true)).toEqual({
      ok: false,
      reason: 'Give the agency and the date and time of the report.',
    });
    expect(canRecord({ ...acknowledged, report: { status: 'made', agency: 'County CPS', madeAt: '' } }, true)).toEqual({
      ok: false,
      reason: 'Give the agency and the date and time of the report.',
    });
    expect(canRecord({ ...acknowledged, report: { status: 'not-yet', why: '' } }, true)).toEqual({ ok: false, reason: 'Say why the report is not yet made.' });
    expect(canRecord({ ...acknowledged, report: { status: 'not-yet', why: 'Calling after the exam' } }, true)).toEqual(ready);
    expect(canRecord({ ...acknowledged, report: reportMade }, true)).toEqual(ready);
  });

  it('records an adult’s immediate danger without agreement, and then makes no referral', () => {
    const danger: ReferralDecision = { ...emptyDecision, outcome: 'immediate-danger', recordChoice: 'everything' };
    expect(canRecord(danger, false)).toEqual(ready);
    expect(referralFollows(danger, false)).toBe(false);
    expect(canRecord({ ...danger, consentRecorded: true }, false)).toEqual(needsTarget);
    expect(referralFollows({ ...danger, consentRecorded: true }, false)).toBe(true);
  });

  it('asks for a service once the conditions are met', () => {
    const agreed: ReferralDecision = { ...emptyDecision, outcome: 'concern-referral-agreed', consentRecorded: true };
    expect(canRecord(agreed, false)).toEqual(needsTarget);
    expect(canRecord({ ...agreed, consentRecorded: false, minorNoticeAcknowledged: true, report: reportMade }, true)).toEqual(needsTarget);
  });

  it('asks for the patient’s say over the record last, and offers "the flag only" only where a flag is written', () => {
    const noConcern: ReferralDecision = { ...emptyDecision, outcome: 'no-concern' };
    expect(canRecord(noConcern, false)).toEqual(needsRecordChoice);
    expect(canRecord({ ...noConcern, recordChoice: 'flag-only' }, false)).toEqual(needsRecordChoice);
    expect(canRecord({ ...noConcern, recordChoice: 'nothing' }, false)).toEqual(ready);
    const declined: ReferralDecision = { ...emptyDecision, outcome: 'concern-declined-referral', recordChoice: 'flag-only' };
    expect(canRecord(declined, false)).toEqual(ready);
    // A minor's duty comes first, whatever the patient chose for the record.
    expect(canRecord({ ...declined, recordChoice: 'nothing' }, true)).toEqual(needsAcknowledgement);
  });
});

describe('isReferralOutcome', () => {
  it('is true only where a referral may follow', () => {
    expect(referralOutcomes.filter((option) => isReferralOutcome(option.value)).map((option) => option.value)).toEqual([
      'concern-referral-agreed',
      'immediate-danger',
    ]);
    expect(isReferralOutcome(undefined)).toBe(false);
  });
});

describe('referralOutcomes', () => {
  it('uses neutral words, and never "offer resources only"', () => {
    expect(referralOutcomes.map((option) => option.label)).toEqual([
      'No concern',
      'Concern — patient declines referral',
      'Concern — patient agrees to referral',
      'Immediate danger',
      'Could not talk privately — try again at a later visit',
      'Patient declined the conversation',
    ]);
  });
});

describe('decisionWithOutcome', () => {
  const agreed: ReferralDecision = {
    outcome: 'concern-referral-agreed',
    consentRecorded: true,
    minorNoticeAcknowledged: true,
    contactingPatientUnsafe: true,
    safetyPlanConsent: false,
    safeContactNote: 'Text only, mornings',
    referralTarget: nationalHotline,
  };

  it('keeps the patient’s agreement between referral outcomes', () => {
    expect(decisionWithOutcome(agreed, 'immediate-danger')).toEqual({ ...agreed, outcome: 'immediate-danger' });
  });

  it.each(['no-concern', 'concern-declined-referral', 'could-not-talk-privately', 'declined-conversation'] as const)(
    'forgets the agreement, and nothing else, on %s',
    (outcome) => {
      expect(decisionWithOutcome(agreed, outcome)).toEqual({ ...agreed, outcome, consentRecorded: false });
    },
  );

  it('asks the patient again about "the flag only" on an outcome without a flag, and keeps any other choice', () => {
    expect(decisionWithOutcome({ ...agreed, recordChoice: 'flag-only' }, 'no-concern').recordChoice).toBeUndefined();
    expect(decisionWithOutcome({ ...agreed, recordChoice: 'flag-only' }, 'concern-declined-referral').recordChoice).toBe('flag-only');
    expect(decisionWithOutcome({ ...agreed, recordChoice: 'nothing' }, 'could-not-talk-privately').recordChoice).toBe('nothing');
  });

  it('does not change the decision it was given', () => {
    decisionWithOutcome(agreed, 'no-concern');
    expect(agreed.consentRecorded).toBe(true);
  });
});
