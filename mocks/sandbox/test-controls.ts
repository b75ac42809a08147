import { isSandboxPatientKey, type SandboxPatient } from './synthetic/generate';

/**
 * What a test may ask of the sandbox EHR that no real EHR offers, by path on the sandbox's origin. Like the rest of
 * the sandbox, none of it is ever built into dist/.
 */
export const testControlPaths = {
  /**
   * `POST ?copyOf=<patient key>`: a fresh copy of that patient, chart and all, answered 201 with the new patient. A
   * test that writes gets a patient of its own instead of sharing one by agreement.
   */
  freshPatient: '/sandbox/ehr/patients',
  /** `POST` a form with `token=<access token>`: that token has expired from now on (204), without waiting out its lifetime. */
  expireAccessToken: '/sandbox/auth/expire',
} as const;

/** The new patient as the sandbox answered it; throws when the answer is anything else. */
export function parseFreshPatient(value: unknown): SandboxPatient {
  const answer = isRecord(value) ? value : {};
  const { key, label, patientId, description, activeEncounterIds } = answer;
  const ids = Array.isArray(activeEncounterIds) ? activeEncounterIds.filter((id): id is string => typeof id === 'string') : [];
  if (
    !isSandboxPatientKey(key) ||
    typeof label !== 'string' ||
    typeof patientId !== 'string' ||
    typeof description !== 'string' ||
    !Array.isArray(activeEncounterIds) ||
    ids.length !== activeEncounterIds.length
  ) {
    throw new Error(`The sandbox answered something other than a patient: ${JSON.stringify(value).slice(0, 200)}`);
  }
  return { key, label, patientId, activeEncounterIds: ids, description };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
