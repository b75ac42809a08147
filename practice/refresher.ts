import type { PracticeCase } from './cases';

/**
 * What this browser remembers of practice: which case was finished on which day. Case ids and days only; practice
 * has no patient, and nothing here is sent anywhere. The page says so beside the refresher.
 */
export const completionsKey = 'lantern.practice.completions';

/** Repeat a case after this many days: knowledge gained in training fell back within six months (Lee et al., 2021). */
export const defaultRefresherDays = 90;

export interface Completion {
  caseId: string;
  /** YYYY-MM-DD, the clinician's calendar day. */
  day: string;
}

/** The refresher interval: `?refresherDays=N` (1–365) when given, else the default. */
export function refresherDays(search: string): number {
  const value = Number(new URLSearchParams(search).get('refresherDays'));
  return Number.isInteger(value) && value >= 1 && value <= 365 ? value : defaultRefresherDays;
}

/** The completions kept in `storage`; anything unreadable counts as none. */
export function readCompletions(storage: Storage): Completion[] {
  let stored: unknown;
  try {
    stored = JSON.parse(storage.getItem(completionsKey) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  return stored.filter((item: unknown): item is Completion => {
    if (typeof item !== 'object' || item === null) return false;
    const { caseId, day } = item as Record<string, unknown>;
    return typeof caseId === 'string' && typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day);
  });
}

export function rememberCompletion(storage: Storage, completion: Completion): Completion[] {
  const completions = [...readCompletions(storage), completion];
  storage.setItem(completionsKey, JSON.stringify(completions));
  return completions;
}

export function forgetCompletions(storage: Storage): void {
  storage.removeItem(completionsKey);
}

export interface RefresherSuggestion {
  /** The day a refresher is due: the last completion plus the interval. */
  dueOn: string;
  due: boolean;
  /** A case other than the last one practised: never done first, else the one done longest ago. */
  nextCase: PracticeCase | undefined;
}

/** When to practise again and which case, from the completions; undefined before the first case. */
export function refresherSuggestion(
  completions: readonly Completion[],
  cases: readonly PracticeCase[],
  today: string,
  intervalDays: number,
): RefresherSuggestion | undefined {
  const last = [...completions].sort((a, b) => a.day.localeCompare(b.day)).at(-1);
  if (!last) return undefined;
  const due = new Date(`${last.day}T12:00:00Z`);
  due.setUTCDate(due.getUTCDate() + intervalDays);
  const dueOn = due.toISOString().slice(0, 10);
  const lastDone = (practiceCase: PracticeCase): string =>
    completions.filter((completion) => completion.caseId === practiceCase.id).reduce((latest, completion) => (completion.day > latest ? completion.day : latest), '');
  const nextCase = cases
    .filter((practiceCase) => practiceCase.id !== last.caseId)
    .sort((a, b) => lastDone(a).localeCompare(lastDone(b)))
    .at(0);
  return { dueOn, due: today >= dueOn, nextCase };
}
