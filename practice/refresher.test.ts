import { describe, expect, it } from 'vitest';
import { practiceCases } from './cases';
import { completionsKey, defaultRefresherDays, forgetCompletions, readCompletions, refresherDays, refresherSuggestion, rememberCompletion } from './refresher';

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

describe('refresher', () => {
  it('reads the interval from the query string, within bounds, else 90 days', () => {
    expect(refresherDays('?refresherDays=30')).toBe(30);
    expect(refresherDays('')).toBe(defaultRefresherDays);
    expect(refresherDays('?refresherDays=0')).toBe(90);
    expect(refresherDays('?refresherDays=abc')).toBe(90);
    expect(refresherDays('?refresherDays=400')).toBe(90);
  });

  it('remembers case ids and days only, under one key, and forgets them on request', () => {
    const storage = new MemoryStorage();
    rememberCompletion(storage, { caseId: 'companion-answers', day: '2026-12-06' });
    expect(storage.length).toBe(1);
    expect(JSON.parse(storage.getItem(completionsKey) ?? '')).toEqual([{ caseId: 'companion-answers', day: '2026-12-06' }]);
    forgetCompletions(storage);
    expect(readCompletions(storage)).toEqual([]);
  });

  it('treats unreadable storage as no completions', () => {
    const storage = new MemoryStorage();
    storage.setItem(completionsKey, '{not json');
    expect(readCompletions(storage)).toEqual([]);
    storage.setItem(completionsKey, JSON.stringify([{ caseId: 'x', day: 'yesterday' }, { caseId: 'y', day: '2026-01-02' }]));
    expect(readCompletions(storage)).toEqual([{ caseId: 'y', day: '2026-01-02' }]);
  });

  it('suggests a different case once the interval has passed', () => {
    const completions = [
      { caseId: 'companion-answers', day: '2026-09-01' },
      { caseId: 'minor-older-boyfriend', day: '2026-09-02' },
    ];
    expect(refresherSuggestion([], practiceCases, '2026-12-06', 90)).toBeUndefined();
    const early = refresherSuggestion(completions, practiceCases, '2026-11-30', 90);
    expect(early).toMatchObject({ dueOn: '2026-12-01', due: false });
    const due = refresherSuggestion(completions, practiceCases, '2026-12-01', 90);
    expect(due?.due).toBe(true);
    expect(due?.nextCase?.id).toBe('employer-holds-id');
    const allDone = practiceCases.map((practiceCase, index) => ({ caseId: practiceCase.id, day: `2026-0${String(index + 1)}-01` }));
    expect(refresherSuggestion(allDone, practiceCases, '2026-12-06', 30)?.nextCase?.id).toBe(practiceCases[0]?.id);
  });
});
