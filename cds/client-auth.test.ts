import { describe, expect, it } from 'vitest';
import { ReplayWindow } from './client-auth';

describe('ReplayWindow', () => {
  it('admits a jti once while it could still be accepted, and again once it could not', () => {
    const window = new ReplayWindow(10);
    expect(window.admit('ehr jti-1', 1_300, 1_000)).toBe(true);
    expect(window.admit('ehr jti-1', 1_300, 1_200)).toBe(false);
    expect(window.admit('ehr jti-1', 1_700, 1_400)).toBe(true);
  });

  it('stays bounded: forgets expired entries to make room, and refuses rather than forget a live one', () => {
    const window = new ReplayWindow(2);
    expect(window.admit('a', 1_100, 1_000)).toBe(true);
    expect(window.admit('b', 1_500, 1_000)).toBe(true);
    expect(window.admit('c', 1_500, 1_050)).toBe(false);
    expect(window.admit('c', 1_500, 1_200)).toBe(true);
    expect(window.size).toBe(2);
    expect(window.admit('b', 1_500, 1_200)).toBe(false);
  });
});
