import { readPath, searchPath, type SearchParams } from '../fhir/fhir-client';
import type { SmartContext } from '../fhir/smart-session';

/** Up to this many in-progress encounters are offered in the picker; more would be a data problem. */
const inProgressEncounterLimit = 10;

/** The search for the patient's visits in progress, when the EHR named none. */
export function inProgressEncounterParams(patientId: string): SearchParams {
  return { patient: patientId, status: 'in-progress', _sort: '-date', _count: inProgressEncounterLimit };
}

/** The resource type of the signed-in user Lantern reads: a practitioner or their role, nothing else. */
export function userResourceType(reference: string | undefined): 'Practitioner' | 'PractitionerRole' | undefined {
  if (reference?.startsWith('Practitioner/')) return 'Practitioner';
  if (reference?.startsWith('PractitionerRole/')) return 'PractitionerRole';
  return undefined;
}

/**
 * The reads the launch context is made of, as paths relative to the FHIR base, exactly as `launch-context.ts` asks
 * for them: the patient first, then the visit and the signed-in user.
 */
export function launchContextPaths({ patientId, encounterId, fhirUser }: SmartContext): string[] {
  if (!patientId) return [];
  const userType = userResourceType(fhirUser);
  const userId = fhirUser?.split('/')[1];
  return [
    readPath('Patient', patientId),
    encounterId ? readPath('Encounter', encounterId) : searchPath('Encounter', inProgressEncounterParams(patientId)),
    ...(userType && userId ? [readPath(userType, userId)] : []),
  ];
}
