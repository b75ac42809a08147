import { isSandboxPatientKey, type SandboxPatient } from './synthetic/generate';

/**
 * Where the sandbox EHR registers a fresh copy of a named patient (`POST …?copyOf=youth`, answered 201 with the new
 * patient): a test that writes gets a patient of its own instead of sharing one by agreement.
 */
export const freshPatientsPath = '/sandbox/ehr/patients';

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
