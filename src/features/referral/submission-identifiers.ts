import type { Identifier } from 'fhir/r4';
import { submissionIdentifierSystem } from './referral-systems';

/**
 * The identifiers that tie each resource Lantern writes to one submission, and read a submission back from them:
 * apart from the resource builders, so reading Lantern's record on the first screen does not load the code that writes.
 */

/** Which of the submission's resources an identifier names. */
export type SubmissionPart = 'flag' | 'screen' | 'referral' | 'check-in-note' | 'referral-task';

export function submissionIdentifier(systemBase: string, submissionId: string, part: SubmissionPart): Identifier {
  return { system: submissionIdentifierSystem(systemBase), value: `${submissionId}-${part}` };
}

/** `system|value`, the token a search or `If-None-Exist` matches the identifier with. */
export function submissionIdentifierToken(systemBase: string, submissionId: string, part: SubmissionPart): string {
  return `${submissionIdentifierSystem(systemBase)}|${submissionId}-${part}`;
}

/**
 * The id a resource gets on servers that create on PUT (update-as-create): derived from the submission, so a retry
 * lands on the same resource. At most 58 characters (a UUID and the longest part), within FHIR's 64.
 */
export function clientChosenId(submissionId: string, part: SubmissionPart): string {
  return `lantern-${submissionId}-${part}`;
}

const submissionParts: readonly SubmissionPart[] = ['flag', 'screen', 'referral', 'check-in-note', 'referral-task'];

/** Which of a submission's parts an identifier names, when it is one of Lantern's under this `systemBase`. */
export function submissionPartOf(systemBase: string, identifier: Identifier): { submissionId: string; part: SubmissionPart } | undefined {
  if (identifier.system !== submissionIdentifierSystem(systemBase) || typeof identifier.value !== 'string') return undefined;
  const value = identifier.value;
  const part = submissionParts.find((candidate) => value.endsWith(`-${candidate}`));
  const submissionId = part === undefined ? '' : value.slice(0, -(part.length + 1));
  return part === undefined || submissionId === '' ? undefined : { submissionId, part };
}

export function hasSubmissionIdentifier(
  identifiers: readonly Identifier[] | undefined,
  systemBase: string,
  submissionId: string,
  part: SubmissionPart,
): boolean {
  const wanted = submissionIdentifier(systemBase, submissionId, part);
  return (identifiers ?? []).some((identifier) => identifier.system === wanted.system && identifier.value === wanted.value);
}
