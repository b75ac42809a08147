import type { SearchParams } from '../../lib/fhir/fhir-client';
import { submissionIdentifierSystem } from './referral-systems';
import type { WritableType } from './write-plan';

/**
 * How Lantern finds what it wrote itself, apart from the rest of its record code so the page's first reads can
 * start with it before the app is loaded.
 */

/** The types Lantern writes, in the order its record is listed. */
export const lanternTypes: readonly WritableType[] = ['Flag', 'QuestionnaireResponse', 'Communication', 'ServiceRequest', 'Task'];

/** The patient's resources, 100 a page: with `identifier`, only those in Lantern's own identifier system. */
export function ownRecordParams(patientId: string, identifier?: string): SearchParams {
  return { patient: `Patient/${patientId}`, _count: 100, ...(identifier === undefined ? {} : { identifier }) };
}

/** `identifier=<system>|`: any value in the submission identifier system under the organisation's `systemBase`. */
export function ownIdentifierSearch(systemBase: string): string {
  return `${submissionIdentifierSystem(systemBase)}|`;
}
