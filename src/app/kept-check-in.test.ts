import { beforeEach, describe, expect, it } from 'vitest';
import { emptyDecision } from '../features/referral/decision-rules';
import type { CheckInState } from './check-in-state';
import { keepForRelaunch, keptForMinutes, takeKeptCheckIn } from './kept-check-in';

const ana = { serverUrl: 'https://ehr.example/fhir', patientId: 'ana' };
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
  it('comes back once, for the same server and patient, with its submission id', () => {
    keepForRelaunch(ana, entered, savedAt);
    expect(takeKeptCheckIn(ana, savedAt + minutes(5))).toEqual({ ...entered, restored: true });
    expect(takeKeptCheckIn(ana, savedAt + minutes(5))).toBeUndefined();
    expect(sessionStorage.length).toBe(0);
  });

  it('never comes back for another patient or another server, and is left for its own', () => {
    keepForRelaunch(ana, entered, savedAt);
    expect(takeKeptCheckIn({ ...ana, patientId: 'kayla' }, savedAt)).toBeUndefined();
    expect(takeKeptCheckIn({ ...ana, serverUrl: 'https://other-ehr.example/fhir' }, savedAt)).toBeUndefined();
    expect(takeKeptCheckIn(ana, savedAt)?.answers).toEqual(entered.answers);
  });

  it(`is dropped after ${String(keptForMinutes)} minutes, whoever asks`, () => {
    keepForRelaunch(ana, entered, savedAt);
    expect(takeKeptCheckIn({ ...ana, patientId: 'kayla' }, savedAt + minutes(keptForMinutes) + 1)).toBeUndefined();
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
    const written = { written: [], notWritten: [] } as unknown as NonNullable<CheckInState['written']>;
    keepForRelaunch(ana, { ...entered, written }, savedAt);
    expect(takeKeptCheckIn(ana, savedAt)?.written).toBeUndefined();
  });

  it.each(['not json', 'null', '{"serverUrl":"https://ehr.example/fhir","patientId":"ana"}', '{"serverUrl":1,"patientId":"ana","savedAt":0,"state":{}}'])(
    'ignores and removes an unreadable entry: %s',
    (text) => {
      sessionStorage.setItem('lantern.check-in-kept-for-relaunch', text);
      expect(takeKeptCheckIn(ana, savedAt)).toBeUndefined();
      expect(sessionStorage.length).toBe(0);
    },
  );
});
