import { beforeEach, describe, expect, it } from 'vitest';
import { emptyDecision } from '../features/referral/decision-rules';
import type { CheckInState } from './check-in-state';
import { dropExpiredCheckIns, keepForRelaunch, keptForMinutes, takeKeptCheckIn, type KeptFor } from './kept-check-in';

const storageKey = 'lantern.check-ins-kept-for-relaunch';
const ana: KeptFor = { serverUrl: 'https://ehr.example/fhir', patientId: 'ana', encounterId: 'enc-1', fhirUser: 'Practitioner/dr-lee' };
const entered: CheckInState = {
  expanded: true,
  observed: ['companion-speaks'],
  answers: { 'afraid-to-go-back': 'yes' },
  language: 'es',
  decision: { ...emptyDecision, outcome: 'concern-referral-agreed', consentRecorded: true },
  chosenEncounterId: 'enc-1',
  submission: { id: 'submission-1', recordedAt: '2026-11-27T10:00:00.000Z' },
  written: undefined,
  retracted: false,
  restored: false,
};
const savedAt = Date.parse('2026-11-27T10:05:00.000Z');
const minutes = (count: number): number => count * 60_000;

beforeEach(() => {
  sessionStorage.clear();
});

describe('a check-in kept for the relaunch', () => {
  it('comes back once, for the same owner, with its submission id, collapsed', () => {
    keepForRelaunch(ana, entered, savedAt);
    expect(takeKeptCheckIn(ana, savedAt + minutes(5))).toEqual({ ...entered, expanded: false, restored: true });
    expect(takeKeptCheckIn(ana, savedAt + minutes(5))).toBeUndefined();
    expect(sessionStorage.length).toBe(0);
  });

  it.each<[string, Partial<KeptFor>]>([
    ['another patient', { patientId: 'kayla' }],
    ['another server', { serverUrl: 'https://other-ehr.example/fhir' }],
    ['another visit', { encounterId: 'enc-2' }],
    ['another clinician', { fhirUser: 'Practitioner/dr-okafor' }],
  ])('never comes back for %s, and is left for its own', (_label, other) => {
    keepForRelaunch(ana, entered, savedAt);
    expect(takeKeptCheckIn({ ...ana, ...other }, savedAt)).toBeUndefined();
    expect(takeKeptCheckIn(ana, savedAt)?.answers).toEqual(entered.answers);
  });

  it('keeps two frames’ check-ins side by side: neither overwrites the other', () => {
    const kayla: KeptFor = { ...ana, patientId: 'kayla', encounterId: 'enc-9' };
    keepForRelaunch(ana, entered, savedAt);
    keepForRelaunch(kayla, { ...entered, observed: [] }, savedAt);
    keepForRelaunch(ana, { ...entered, language: 'en' }, savedAt + 1);
    expect(takeKeptCheckIn(kayla, savedAt + 2)?.observed).toEqual([]);
    expect(takeKeptCheckIn(ana, savedAt + 2)?.language).toBe('en');
  });

  it(`is gone after ${String(keptForMinutes)} minutes, whoever looks`, () => {
    keepForRelaunch(ana, entered, savedAt);
    dropExpiredCheckIns(savedAt + minutes(keptForMinutes));
    expect(sessionStorage.length).toBe(1);
    dropExpiredCheckIns(savedAt + minutes(keptForMinutes) + 1);
    expect(sessionStorage.length).toBe(0);
    keepForRelaunch(ana, entered, savedAt);
    expect(takeKeptCheckIn(ana, savedAt + minutes(keptForMinutes) + 1)).toBeUndefined();
  });

  it('is dropped when its time is in the future (a clock that moved back)', () => {
    keepForRelaunch(ana, entered, savedAt);
    expect(takeKeptCheckIn(ana, savedAt - minutes(1))).toBeUndefined();
    expect(sessionStorage.length).toBe(0);
  });

  it('does not keep a result that was already written', () => {
    keepForRelaunch(ana, { ...entered, written: { written: [], notWritten: [] } }, savedAt);
    expect(takeKeptCheckIn(ana, savedAt)?.written).toBeUndefined();
  });

  it.each([
    ['not JSON', 'not json'],
    ['another version', JSON.stringify({ version: 0, entries: [{ owner: ana, savedAt, state: entered }] })],
    ['an entry without its state', JSON.stringify({ version: 1, entries: [{ owner: ana, savedAt, state: {} }] })],
    ['an owner that is not text', JSON.stringify({ version: 1, entries: [{ owner: { ...ana, serverUrl: 1 }, savedAt, state: entered }] })],
  ])('treats %s as nothing kept, and clears it', (_label, text) => {
    sessionStorage.setItem(storageKey, text);
    expect(takeKeptCheckIn(ana, savedAt)).toBeUndefined();
    expect(sessionStorage.length).toBe(0);
  });
});
