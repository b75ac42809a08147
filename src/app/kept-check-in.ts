import type { CheckInState } from './check-in-state';

/**
 * When the EHR session ends for good (its token could not be renewed), the only way on is a relaunch, which loads
 * the page afresh. Only then is what the clinician entered kept in this tab's sessionStorage: bound to the FHIR server
 * and the patient, for at most `keptForMinutes`, and removed the moment the relaunch for that patient reads it. It
 * comes back with its submission id, so recording it after the relaunch writes nothing twice. Nothing is stored
 * while the session is alive.
 */
const storageKey = 'lantern.check-in-kept-for-relaunch';
export const keptForMinutes = 30;

export interface KeptFor {
  serverUrl: string;
  patientId: string;
}

interface KeptCheckIn extends KeptFor {
  savedAt: number;
  state: CheckInState;
}

export function keepForRelaunch(owner: KeptFor, state: CheckInState, now = Date.now()): void {
  const kept: KeptCheckIn = { ...owner, savedAt: now, state: { ...state, written: undefined, restored: false } };
  sessionStorage.setItem(storageKey, JSON.stringify(kept));
}

/**
 * The check-in kept for this server and patient, if any. Another patient's is left alone (another Lantern frame
 * sharing this storage may still come back for it) unless it is too old; an expired one is removed.
 */
export function takeKeptCheckIn(owner: KeptFor, now = Date.now()): CheckInState | undefined {
  const kept = parseKept(sessionStorage.getItem(storageKey));
  const age = kept ? now - kept.savedAt : Number.NaN;
  if (!kept || !(age >= 0 && age <= keptForMinutes * 60_000)) {
    sessionStorage.removeItem(storageKey);
    return undefined;
  }
  if (kept.serverUrl !== owner.serverUrl || kept.patientId !== owner.patientId) return undefined;
  sessionStorage.removeItem(storageKey);
  return { ...kept.state, restored: true };
}

function parseKept(text: string | null): KeptCheckIn | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Record<keyof KeptCheckIn, unknown> | null;
    const valid =
      typeof value?.serverUrl === 'string' &&
      typeof value.patientId === 'string' &&
      typeof value.savedAt === 'number' &&
      typeof value.state === 'object' &&
      value.state !== null;
    return valid ? (value as KeptCheckIn) : undefined;
  } catch {
    return undefined;
  }
}
