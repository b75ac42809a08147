import type { Resource } from 'fhir/r4';
import { observedIndicators } from '../src/features/guide/guide-content';
import { indicatorCatalog } from '../src/features/indicators/catalog';
import { referralOutcomes } from '../src/features/referral/decision-rules';
import type { ReferralDecision } from '../src/features/referral/referral-types';
import type { PracticeCase, PracticeSource, RoomActionId } from './cases';

/** One thing the clinician did in the simulated room, and whether the questions had already begun. */
export interface RoomStep {
  action: RoomActionId;
  afterAsking: boolean;
}

/** What the clinician did with a case: read from the real check-in's state and the practice store, never typed twice. */
export interface PracticeAttempt {
  roomSteps: readonly RoomStep[];
  /** Chart prompts the engine raised on the case (`raisedPrompts`). */
  raisedPrompts: readonly string[];
  /** Prompts the clinician opened ("prompt:<id>" in the check-in's view memory). */
  openedPrompts: readonly string[];
  /** Ids ticked on the guide's observed checklist. */
  observed: readonly string[];
  decision: ReferralDecision;
  /** What the practice store holds that Lantern wrote, read after Record; empty when nothing was recorded. */
  recorded: readonly Resource[];
}

export interface Noticed {
  id: string;
  label: string;
  noticed: boolean;
}

export type PearrStepId = 'privacy' | 'educate' | 'interpreter';

export interface PearrStep {
  id: PearrStepId;
  label: string;
  done: boolean;
  detail: string;
}

export interface RecordedPart {
  resourceType: string;
  id: string;
  labels: readonly string[];
  why: string;
}

export interface Debrief {
  prompts: readonly Noticed[];
  observations: readonly Noticed[];
  /** Ticked on the checklist though nothing in this case showed it. */
  notInCase: readonly string[];
  steps: readonly PearrStep[];
  outcome: { fits: boolean; chosen: string | undefined; detail: string };
  record: readonly RecordedPart[];
  lesson: string;
  sources: readonly PracticeSource[];
}

const promptLabel = (id: string): string => indicatorCatalog.find((indicator) => indicator.id === id)?.label ?? id;
const observationLabel = (id: string): string => observedIndicators.find((indicator) => indicator.id === id)?.label ?? id;

/**
 * What went well and what was missed in one attempt at a case. Not a score: it compares what was done with what
 * the case shows and the guide asks, one line each, and says why.
 *
 * 1. Prompts: each prompt the engine raised, noticed when the clinician opened it.
 * 2. Observations: each checklist item the room showed, noticed when ticked.
 * 3. Privacy: the patient was seen alone before the questions (the case had no companion, or the companion was asked
 *    to leave and did), or "could not talk privately" was recorded with its reason.
 * 4. Educate: confidentiality and what must be reported were explained before the questions.
 * 5. Interpreter (cases in another language): a professional interpreter before the questions, the companion never
 *    interpreting, and a professional interpreter recorded in the check-in.
 * 6. Outcome: one the case's patient fits; for a minor, the duty acknowledged and the report documented; for an
 *    adult's referral, the agreement recorded; for a refused referral, none recorded.
 */
export function debrief(practiceCase: PracticeCase, attempt: PracticeAttempt): Debrief {
  const opened = new Set(attempt.openedPrompts);
  const ticked = new Set(attempt.observed);
  const expectedObservations = new Set(practiceCase.expected.observations);
  return {
    prompts: attempt.raisedPrompts.map((id) => ({ id, label: promptLabel(id), noticed: opened.has(id) })),
    observations: practiceCase.expected.observations.map((id) => ({ id, label: observationLabel(id), noticed: ticked.has(id) })),
    notInCase: attempt.observed.filter((id) => !expectedObservations.has(id)).map(observationLabel),
    steps: pearrSteps(practiceCase, attempt),
    outcome: outcomeFit(practiceCase, attempt.decision),
    record: attempt.recorded.map(recordedPart),
    lesson: practiceCase.lesson,
    sources: practiceCase.sources,
  };
}

function pearrSteps(practiceCase: PracticeCase, attempt: PracticeAttempt): PearrStep[] {
  const before = (action: RoomActionId): boolean => attempt.roomSteps.some((step) => step.action === action && !step.afterAsking);
  const taken = (action: RoomActionId): boolean => attempt.roomSteps.some((step) => step.action === action);
  const steps: PearrStep[] = [];

  const companion = practiceCase.companion;
  const reason = attempt.decision.outcome === 'could-not-talk-privately' ? attempt.decision.noPrivacyReason : undefined;
  if (!companion) {
    steps.push({ id: 'privacy', label: 'Provide privacy', done: true, detail: 'The patient was alone in the room.' });
  } else if (before('see-alone') && companion.leavesWhenAsked) {
    steps.push({ id: 'privacy', label: 'Provide privacy', done: true, detail: 'You asked the companion to step out before the questions.' });
  } else if (reason !== undefined) {
    steps.push({ id: 'privacy', label: 'Provide privacy', done: true, detail: 'You recorded that you could not talk privately, and why: the conversation can be tried again.' });
  } else {
    steps.push({
      id: 'privacy',
      label: 'Provide privacy',
      done: false,
      detail: taken('see-alone')
        ? 'The companion was asked to leave only after the questions began: answers given in front of them are not free.'
        : 'The companion stayed in the room: the patient was never seen alone.',
    });
  }

  steps.push(
    before('explain-confidentiality')
      ? { id: 'educate', label: 'Educate', done: true, detail: 'You explained what stays confidential, and what you must report, before asking.' }
      : {
          id: 'educate',
          label: 'Educate',
          done: false,
          detail: taken('explain-confidentiality')
            ? 'You explained confidentiality only after the questions began: the patient answered without knowing what you must report.'
            : 'The limits of confidentiality were never explained.',
        },
  );

  const language = practiceCase.language;
  if (language) {
    const interpreter = attempt.decision.interpreter;
    const recorded = interpreter?.professional === true && interpreter.language.trim() !== '';
    const professionalFirst = before('professional-interpreter');
    const companionInterpreted = taken('companion-interprets');
    const done = professionalFirst && !companionInterpreted && recorded;
    const problems = [
      professionalFirst ? undefined : `No professional ${language.name} interpreter before the questions.`,
      companionInterpreted ? 'The companion interpreted: never let a companion or relative interpret.' : undefined,
      recorded ? undefined : 'The check-in does not record a professional interpreter.',
    ].filter((problem) => problem !== undefined);
    steps.push({
      id: 'interpreter',
      label: 'Professional interpreter',
      done,
      detail: done ? `A professional ${language.name} interpreter, called before the questions and recorded.` : problems.join(' '),
    });
  }
  return steps;
}

function outcomeFit(practiceCase: PracticeCase, decision: ReferralDecision): Debrief['outcome'] {
  const chosen = referralOutcomes.find((outcome) => outcome.value === decision.outcome)?.label;
  if (decision.outcome === undefined) return { fits: false, chosen, detail: 'No outcome was chosen.' };
  const expected = practiceCase.expected;
  const problems: string[] = [];
  if (!expected.outcomes.includes(decision.outcome)) {
    const fitting = expected.outcomes.map((value) => referralOutcomes.find((outcome) => outcome.value === value)?.label ?? value);
    problems.push(`What the patient said fits: ${fitting.join(' or ')}.`);
  }
  if (expected.reportingDuty && decision.outcome !== 'no-concern') {
    if (!decision.minorNoticeAcknowledged) problems.push('The duty to report was not acknowledged.');
    if (!decision.report) problems.push('The report to the child protection agency was not documented.');
  }
  if (expected.consent === 'required' && !decision.consentRecorded) problems.push('The patient’s agreement to the referral was not recorded.');
  if (expected.consent === 'refused' && decision.consentRecorded) problems.push('The patient refused a referral, yet agreement was recorded.');
  if (problems.length > 0) return { fits: false, chosen, detail: problems.join(' ') };
  return { fits: true, chosen, detail: fitDetail(practiceCase) };
}

function fitDetail(practiceCase: PracticeCase): string {
  if (practiceCase.expected.reportingDuty) return 'The outcome fits, the duty to report was acknowledged and the report documented.';
  switch (practiceCase.expected.consent) {
    case 'required':
      return 'The outcome fits, and the patient’s agreement to the referral was recorded.';
    case 'refused':
      return 'The danger is recorded, and no referral was made against the patient’s refusal.';
    case undefined:
      return 'The outcome fits what the patient said.';
  }
}

const WHY: Readonly<Record<string, string>> = {
  Flag: 'A safety flag, restricted: it tells the next clinician to see the care team, and says nothing more.',
  Communication: 'The restricted check-in note: the outcome, coded, in a few plain lines.',
  ServiceRequest: 'The referral, made because the patient agreed to it; its performer shows only a neutral name.',
  Task: 'Tracks the referral, so its answer shows at the next launch.',
  QuestionnaireResponse: 'The answers to the questions, because the patient agreed that everything goes in the record.',
};

function recordedPart(resource: Resource): RecordedPart {
  return {
    resourceType: resource.resourceType,
    id: resource.id ?? '',
    labels: (resource.meta?.security ?? []).map((label) => label.code ?? '').filter((code) => code !== ''),
    why: WHY[resource.resourceType] ?? 'Written by Lantern with this check-in.',
  };
}
