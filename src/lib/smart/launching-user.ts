import type { LanternConfig } from '../../config/runtime-config';
import { failure, type OperationOutcomeError } from '../fhir/outcomes';

/** The part of the configuration that says who may use Lantern. */
export type LaunchingUserConfig = Pick<LanternConfig, 'allowedUserTypes' | 'allowUnidentifiedUsers'>;

/**
 * Why the signed-in user may not use Lantern, or undefined when they may. Decided from the id_token's `fhirUser`
 * (`Practitioner/123`) before anything is read from the chart: the check-in and earlier safety flags are for the
 * clinicians caring for the patient, never for the patient, a relative or anyone the EHR does not identify.
 */
export function launchingUserRefusal(fhirUser: string | undefined, config: LaunchingUserConfig): OperationOutcomeError | undefined {
  if (fhirUser === undefined) {
    if (config.allowUnidentifiedUsers) return undefined;
    return failure('user-not-allowed', 'Lantern is for the clinicians caring for the patient, and the EHR did not say who is signed in.');
  }
  const userType = fhirUser.slice(0, fhirUser.indexOf('/'));
  if (config.allowedUserTypes.includes(userType)) return undefined;
  return failure('user-not-allowed', refusalSentences[userType] ?? refusalSentences.other);
}

const refusalSentences: Record<string, string> & { other: string } = {
  Patient: 'Lantern is for the clinicians caring for the patient, and the EHR says a patient is signed in.',
  RelatedPerson: 'Lantern is for the clinicians caring for the patient, and the EHR says a patient’s relative or carer is signed in.',
  other: 'Lantern is for the clinicians caring for the patient, and the EHR did not say that the person signed in is one.',
};
