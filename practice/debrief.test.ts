import type { Communication, Flag } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { emptyDecision } from '../src/features/referral/decision-rules';
import type { ReferralDecision } from '../src/features/referral/referral-types';
import { practiceCaseById, type PracticeCase, type RoomActionId } from './cases';
import { debrief, type PracticeAttempt } from './debrief';

function caseNamed(id: string): PracticeCase {
  const found = practiceCaseById(id);
  if (!found) throw new Error(`no case ${id}`);
  return found;
}

const before = (...actions: RoomActionId[]): PracticeAttempt['roomSteps'] => actions.map((action) => ({ action, afterAsking: false }));

function attempt(practiceCase: PracticeCase, overrides: Partial<PracticeAttempt> & { decision: ReferralDecision }): PracticeAttempt {
  return {
    roomSteps: before('see-alone', 'explain-confidentiality', 'ask-questions'),
    raisedPrompts: practiceCase.expected.prompts,
    openedPrompts: practiceCase.expected.prompts,
    observed: practiceCase.expected.observations,
    recorded: [],
    ...overrides,
  };
}

const labelledFlag: Flag = {
  resourceType: 'Flag',
  id: 'flag-1',
  status: 'active',
  meta: { security: [{ code: 'R' }, { code: 'NOPAT' }, { code: 'SDV' }] },
  code: { text: 'Safety concern — restricted; see care team' },
  subject: { reference: 'Patient/practice-maya' },
};
const note: Communication = { resourceType: 'Communication', id: 'note-1', status: 'completed' };

describe('debrief', () => {
  describe('companion-answers', () => {
    const practiceCase = caseNamed('companion-answers');

    it('credits privacy, education, what was noticed and a declined referral, and explains what was written', () => {
      const result = debrief(
        practiceCase,
        attempt(practiceCase, { decision: { ...emptyDecision, outcome: 'concern-declined-referral' }, recorded: [labelledFlag, note] }),
      );
      expect(result.steps.map((step) => [step.id, step.done])).toEqual([
        ['privacy', true],
        ['educate', true],
      ]);
      expect(result.prompts.every((prompt) => prompt.noticed)).toBe(true);
      expect(result.observations.map((item) => item.id)).toEqual(['companion-speaks', 'scripted-history', 'fearful']);
      expect(result.outcome.fits).toBe(true);
      expect(result.record).toEqual([
        expect.objectContaining({ resourceType: 'Flag', labels: ['R', 'NOPAT', 'SDV'] }),
        expect.objectContaining({ resourceType: 'Communication', labels: [] }),
      ]);
    });

    it('names the companion left in the room, the prompts not opened and the signs not ticked', () => {
      const result = debrief(
        practiceCase,
        attempt(practiceCase, {
          roomSteps: [{ action: 'ask-questions', afterAsking: false }, { action: 'see-alone', afterAsking: true }],
          openedPrompts: ['dental-injury'],
          observed: ['companion-speaks', 'branding'],
          decision: { ...emptyDecision, outcome: 'no-concern' },
        }),
      );
      expect(result.steps.find((step) => step.id === 'privacy')?.done).toBe(false);
      expect(result.steps.find((step) => step.id === 'privacy')?.detail).toMatch(/only after the questions/);
      expect(result.steps.find((step) => step.id === 'educate')?.done).toBe(false);
      expect(result.prompts.filter((prompt) => !prompt.noticed).map((prompt) => prompt.id)).toEqual([
        'sexually-transmitted-infection',
        'injury-fracture-contusion-burn',
        'no-active-coverage',
      ]);
      expect(result.observations.filter((item) => !item.noticed).map((item) => item.id)).toEqual(['scripted-history', 'fearful']);
      expect(result.notInCase).toEqual(['Tattoos or marks that suggest ownership']);
      expect(result.outcome.fits).toBe(false);
      expect(result.outcome.detail).toMatch(/Concern — patient declines referral/);
    });

    it('accepts "could not talk privately" with its reason as the privacy step', () => {
      const result = debrief(
        practiceCase,
        attempt(practiceCase, { roomSteps: [], decision: { ...emptyDecision, outcome: 'could-not-talk-privately', noPrivacyReason: 'companion-present' } }),
      );
      expect(result.steps.find((step) => step.id === 'privacy')?.done).toBe(true);
      expect(result.outcome.fits).toBe(false);
    });
  });

  describe('minor-older-boyfriend', () => {
    const practiceCase = caseNamed('minor-older-boyfriend');
    const reported: ReferralDecision = {
      ...emptyDecision,
      outcome: 'concern-declined-referral',
      minorNoticeAcknowledged: true,
      report: { status: 'made', agency: 'County child protection', madeAt: '2026-12-06T10:00' },
    };

    it('fits when the duty is acknowledged and the report documented, and she was alone from the start', () => {
      const result = debrief(practiceCase, attempt(practiceCase, { roomSteps: before('explain-confidentiality', 'ask-questions'), decision: reported }));
      expect(result.steps.find((step) => step.id === 'privacy')).toMatchObject({ done: true, detail: 'The patient was alone in the room.' });
      expect(result.outcome.fits).toBe(true);
      expect(result.outcome.detail).toMatch(/duty to report/);
    });

    it('does not fit without the report, and education after asking does not count', () => {
      const result = debrief(
        practiceCase,
        attempt(practiceCase, {
          roomSteps: [{ action: 'ask-questions', afterAsking: false }, { action: 'explain-confidentiality', afterAsking: true }],
          decision: { ...emptyDecision, outcome: 'concern-declined-referral' },
        }),
      );
      expect(result.outcome.detail).toMatch(/not acknowledged.*not documented/);
      expect(result.steps.find((step) => step.id === 'educate')?.done).toBe(false);
      expect(result.steps.find((step) => step.id === 'educate')?.detail).toMatch(/only after/);
    });
  });

  describe('employer-holds-id', () => {
    const practiceCase = caseNamed('employer-holds-id');

    it('needs the adult’s agreement to the referral', () => {
      const agreed = debrief(practiceCase, attempt(practiceCase, { decision: { ...emptyDecision, outcome: 'concern-referral-agreed', consentRecorded: true } }));
      const notAsked = debrief(practiceCase, attempt(practiceCase, { decision: { ...emptyDecision, outcome: 'concern-referral-agreed' } }));
      expect(agreed.outcome.fits).toBe(true);
      expect(notAsked.outcome.fits).toBe(false);
      expect(notAsked.outcome.detail).toMatch(/agreement/);
    });

    it('lists the labor-trafficking signs missed', () => {
      const result = debrief(practiceCase, attempt(practiceCase, { observed: ['work-injury'], decision: { ...emptyDecision, outcome: 'no-concern' } }));
      expect(result.observations.filter((item) => !item.noticed).map((item) => item.id)).toEqual(['no-documents', 'lives-at-work', 'no-money-control']);
    });
  });

  describe('no-chart-prompts', () => {
    const practiceCase = caseNamed('no-chart-prompts');

    it('has no prompts to notice, and "no concern" after asking fits', () => {
      const result = debrief(practiceCase, attempt(practiceCase, { decision: { ...emptyDecision, outcome: 'no-concern' } }));
      expect(result.prompts).toEqual([]);
      expect(result.outcome.fits).toBe(true);
    });

    it('says no outcome was chosen when none was', () => {
      expect(debrief(practiceCase, attempt(practiceCase, { decision: emptyDecision })).outcome).toEqual({
        fits: false,
        chosen: undefined,
        detail: 'No outcome was chosen.',
      });
    });
  });

  describe('immediate-danger-refuses', () => {
    const practiceCase = caseNamed('immediate-danger-refuses');

    it('fits immediate danger without agreement, and not with an agreement she never gave', () => {
      const refused = debrief(practiceCase, attempt(practiceCase, { decision: { ...emptyDecision, outcome: 'immediate-danger' } }));
      const overridden = debrief(practiceCase, attempt(practiceCase, { decision: { ...emptyDecision, outcome: 'immediate-danger', consentRecorded: true } }));
      expect(refused.outcome.fits).toBe(true);
      expect(refused.outcome.detail).toMatch(/no referral/);
      expect(overridden.outcome.fits).toBe(false);
      expect(overridden.outcome.detail).toMatch(/refused/);
    });
  });

  describe('interpreter-needed', () => {
    const practiceCase = caseNamed('interpreter-needed');
    const agreed: ReferralDecision = {
      ...emptyDecision,
      outcome: 'concern-referral-agreed',
      consentRecorded: true,
      interpreter: { language: 'Spanish', professional: true },
    };

    it('credits a professional interpreter called first and recorded', () => {
      const result = debrief(
        practiceCase,
        attempt(practiceCase, { roomSteps: before('professional-interpreter', 'see-alone', 'explain-confidentiality', 'ask-questions'), decision: agreed }),
      );
      expect(result.steps.map((step) => [step.id, step.done])).toEqual([
        ['privacy', true],
        ['educate', true],
        ['interpreter', true],
      ]);
      expect(result.outcome.fits).toBe(true);
    });

    it('does not credit the interpreter step when the companion interpreted, or none was recorded', () => {
      const companion = debrief(
        practiceCase,
        attempt(practiceCase, { roomSteps: before('companion-interprets', 'professional-interpreter', 'see-alone', 'explain-confidentiality'), decision: agreed }),
      );
      const unrecorded = debrief(
        practiceCase,
        attempt(practiceCase, {
          roomSteps: before('professional-interpreter', 'see-alone', 'explain-confidentiality'),
          decision: { ...agreed, interpreter: { language: 'Spanish', professional: false } },
        }),
      );
      expect(companion.steps.find((step) => step.id === 'interpreter')?.done).toBe(false);
      expect(companion.steps.find((step) => step.id === 'interpreter')?.detail).toMatch(/never let a companion/);
      expect(unrecorded.steps.find((step) => step.id === 'interpreter')?.done).toBe(false);
      expect(unrecorded.steps.find((step) => step.id === 'interpreter')?.detail).toMatch(/does not record/);
    });
  });
});
