import type { SmartSession } from '../lib/fhir/smart-session';
import type { CheckInState } from './check-in-state';

/**
 * The check-in kept for a relaunch after the EHR session ended: the one time Lantern puts what a clinician entered
 * in browser storage (this tab's sessionStorage), bound to server, patient, encounter and clinician, for at most
 * `keptForMinutes`, removed when that relaunch reads it.
 */
const storageKey = 'lantern.check-ins-kept-for-relaunch';
// Bumped when CheckInState changes shape, so a copy kept by an older build is dropped rather than misread.
const storedVersion = 1;
export const keptForMinutes = 30;

export interface KeptFor {
  serverUrl: string;
  patientId: string;
  encounterId: string | undefined;
  fhirUser: string | undefined;
}

/** Whose check-in a session holds: undefined when the EHR named no patient (nothing can be entered then). */
export function keptFor(session: SmartSession): KeptFor | undefined {
  const { patientId, encounterId, fhirUser } = session.context;
  return patientId === undefined ? undefined : { serverUrl: session.fhir.baseUrl, patientId, encounterId, fhirUser };
}

interface KeptCheckIn {
  owner: KeptFor;
  savedAt: number;
  state: CheckInState;
}

/** Keeps this owner's check-in, beside those other Lantern frames sharing the storage kept for theirs. */
export function keepForRelaunch(owner: KeptFor, state: CheckInState, now = Date.now()): void {
  const others = readKept(now).filter((kept) => !sameOwner(kept.owner, owner));
  writeKept([...others, { owner, savedAt: now, state: { ...state, written: undefined, restored: false } }]);
}

/** Takes this owner's kept check-in out of storage, if there is one; drops every expired one on the way. */
export function takeKeptCheckIn(owner: KeptFor, now = Date.now()): CheckInState | undefined {
  const kept = readKept(now);
  const mine = kept.find((entry) => sameOwner(entry.owner, owner));
  writeKept(kept.filter((entry) => entry !== mine));
  return mine ? { ...mine.state, expanded: false, restored: true } : undefined;
}

/** Drops every kept check-in older than `keptForMinutes`; any Lantern page may call it. */
export function dropExpiredCheckIns(now = Date.now()): void {
  writeKept(readKept(now));
}

function sameOwner(a: KeptFor, b: KeptFor): boolean {
  return a.serverUrl === b.serverUrl && a.patientId === b.patientId && a.encounterId === b.encounterId && a.fhirUser === b.fhirUser;
}

/** The unexpired, well-formed entries; anything else in storage is treated as absent. */
function readKept(now: number): KeptCheckIn[] {
  try {
    const value = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as { version?: unknown; entries?: unknown } | null;
    if (value?.version !== storedVersion || !Array.isArray(value.entries)) return [];
    return value.entries.filter((entry: unknown): entry is KeptCheckIn => isKept(entry) && now >= entry.savedAt && now - entry.savedAt <= keptForMinutes * 60_000);
  } catch {
    return [];
  }
}

function writeKept(entries: KeptCheckIn[]): void {
  if (entries.length === 0) sessionStorage.removeItem(storageKey);
  else sessionStorage.setItem(storageKey, JSON.stringify({ version: storedVersion, entries }));
}

function isKept(value: unknown): value is KeptCheckIn {
  const entry = value as Partial<Record<keyof KeptCheckIn, unknown>> | null;
  const owner = entry?.owner as Partial<Record<keyof KeptFor, unknown>> | null | undefined;
  const state = entry?.state as Partial<Record<keyof CheckInState, unknown>> | null | undefined;
  return (
    typeof owner?.serverUrl === 'string' &&
    typeof owner.patientId === 'string' &&
    typeof entry?.savedAt === 'number' &&
    Array.isArray(state?.observed) &&
    typeof state.answers === 'object' &&
    state.answers !== null &&
    typeof state.decision === 'object' &&
    state.decision !== null
  );
}
