import { createContext, useContext, useMemo, useReducer, type ReactNode } from 'react';
import { emptyDecision } from '../features/referral/decision-rules';
import type { ReferralDecision } from '../features/referral/referral-types';
import type { WriteResult } from '../features/referral/write-executor';
import type { AnswerValue, Answers, Language } from '../features/screening/screening-types';

/** Everything the clinician enters in the check-in. Held above the quick-hide switch so nothing is lost. */
export interface CheckInState {
  expanded: boolean;
  observed: readonly string[];
  answers: Answers;
  language: Language;
  decision: ReferralDecision;
  /** The visit picked when several are in progress (`Encounter/…` id). */
  chosenEncounterId: string | undefined;
  /** Fixed at the first attempt to record; every retry reuses it, so nothing is written twice. */
  submission: { id: string; recordedAt: string } | undefined;
  written: WriteResult | undefined;
  retracted: boolean;
}

export type CheckInAction =
  | { type: 'toggle-expanded' }
  | { type: 'toggle-observed'; id: string }
  | { type: 'answer'; linkId: string; value: AnswerValue }
  | { type: 'set-language'; language: Language }
  | { type: 'decide'; decision: ReferralDecision }
  | { type: 'choose-encounter'; encounterId: string | undefined }
  | { type: 'start-submission'; id: string; recordedAt: string }
  | { type: 'written'; result: WriteResult }
  | { type: 'retracted' };

const initialCheckInState: CheckInState = {
  expanded: false,
  observed: [],
  answers: new Map(),
  language: 'en',
  decision: emptyDecision,
  chosenEncounterId: undefined,
  submission: undefined,
  written: undefined,
  retracted: false,
};

function checkInReducer(state: CheckInState, action: CheckInAction): CheckInState {
  switch (action.type) {
    case 'toggle-expanded':
      return { ...state, expanded: !state.expanded };
    case 'toggle-observed':
      return {
        ...state,
        observed: state.observed.includes(action.id) ? state.observed.filter((id) => id !== action.id) : [...state.observed, action.id],
      };
    case 'answer':
      return { ...state, answers: new Map(state.answers).set(action.linkId, action.value) };
    case 'set-language':
      return { ...state, language: action.language };
    case 'decide':
      return { ...state, decision: action.decision };
    case 'choose-encounter':
      return { ...state, chosenEncounterId: action.encounterId };
    case 'start-submission':
      return state.submission ? state : { ...state, submission: { id: action.id, recordedAt: action.recordedAt } };
    case 'written':
      return { ...state, written: action.result };
    case 'retracted':
      return { ...state, retracted: true };
  }
}

const CheckInContext = createContext<{ state: CheckInState; dispatch: (action: CheckInAction) => void } | undefined>(undefined);

export function CheckInStateProvider({ children }: { children: ReactNode }): ReactNode {
  const [state, dispatch] = useReducer(checkInReducer, initialCheckInState);
  const value = useMemo(() => ({ state, dispatch }), [state]);
  return <CheckInContext value={value}>{children}</CheckInContext>;
}

export function useCheckIn(): { state: CheckInState; dispatch: (action: CheckInAction) => void } {
  const value = useContext(CheckInContext);
  if (!value) throw new Error('useCheckIn must be used inside CheckInStateProvider');
  return value;
}
