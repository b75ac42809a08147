import type { Coding } from 'fhir/r4';
import type { FhirClient, RequestOptions } from '../../lib/fhir/fhir-client';
import { normalizeError, type OperationOutcomeError } from '../../lib/fhir/outcomes';
import { confidentialitySystem } from './referral-systems';
import { noPatientDisclosureLabel, safetySecurityLabels, type ConfidentialityLevel } from './security-labels';
import type { WritableType } from './write-plan';

/** One resource Lantern wrote (a `WrittenResource` from the write executor fits). */
export interface LabelledWrite {
  resourceType: WritableType;
  /** `Flag/123`. */
  reference: string;
}

/** A resource the EHR stored without some of Lantern's labels; `labels` are their codes, e.g. `['R', 'NOPAT']`. */
export interface MissingLabels {
  resourceType: WritableType;
  reference: string;
  labels: string[];
}

/**
 * What the EHR kept of the labels Lantern sent.
 * - `kept`: every resource read back carries them (a stricter confidentiality, V for R, counts as kept).
 * - `dropped`: at least one resource lost some; `missing` lists those read back without them. Others that could not be
 *   read are not listed, and not vouched for either.
 * - `unchecked`: nothing was found dropped, but at least one resource could not be read back (or nothing was written),
 *   so Lantern cannot say the labels were kept. `reason` is a sentence a clinician can read.
 */
export type LabelCheck =
  | { status: 'kept' }
  | { status: 'dropped'; missing: MissingLabels[] }
  | { status: 'unchecked'; reason: string };

/**
 * Reads back each written resource and compares its `meta.security` with the labels Lantern sends at `confidentiality`
 * (see security-labels.ts). Some EHRs (Oracle Health) silently ignore fields they do not support on create, so a
 * 201 does not mean the labels were stored. Never throws for a failed read (that is `unchecked`); only the caller's own
 * abort (`options.signal`) rejects.
 */
export async function checkRecordedLabels(
  fhir: FhirClient,
  written: readonly LabelledWrite[],
  confidentiality: ConfidentialityLevel,
  options: RequestOptions & { sensitivityLabel?: boolean } = {},
): Promise<LabelCheck> {
  if (written.length === 0) return { status: 'unchecked', reason: 'Nothing was written, so there were no restricted labels to check.' };
  const expected = safetySecurityLabels(confidentiality, options.sensitivityLabel ?? true);
  const reads = await Promise.allSettled(written.map(({ resourceType, reference }) => fhir.readReference(resourceType, reference, options)));
  // The caller's cancellation is not a finding about the record.
  if (options.signal?.aborted) throw options.signal.reason;

  const missing: MissingLabels[] = [];
  const unread: { write: LabelledWrite; error: OperationOutcomeError }[] = [];
  reads.forEach((read, index) => {
    const write = written[index];
    if (write === undefined) return;
    if (read.status === 'rejected') {
      unread.push({ write, error: normalizeError(read.reason) });
      return;
    }
    const labels = missingLabels(expected, read.value.meta?.security ?? []);
    if (labels.length > 0) missing.push({ resourceType: write.resourceType, reference: write.reference, labels });
  });

  if (missing.length > 0) return { status: 'dropped', missing };
  if (unread.length > 0) return { status: 'unchecked', reason: uncheckedReason(unread) };
  return { status: 'kept' };
}

/**
 * The sentence for the clinician when labels were dropped: plain and calm, what it may mean and what to do.
 * e.g. "The EHR did not keep the restricted labels on the safety flag and the referral. They may be visible in the
 * patient portal or on printouts; ask your EHR team to restrict them."
 */
export function droppedLabelsText(check: Extract<LabelCheck, { status: 'dropped' }>): string {
  // The confidentiality code and NOPAT are always sent (SDV only by configuration): both lost is every restriction lost.
  const everyLabelLost = check.missing.every(
    ({ labels }) => labels.includes(noPatientDisclosureLabel.code ?? '') && labels.some((code) => code === 'R' || code === 'V'),
  );
  const which = everyLabelLost ? 'the restricted labels' : 'all the restricted labels';
  return (
    `The EHR did not keep ${which} on ${namesOf(check.missing.map(({ resourceType }) => resourceType))}. ` +
    'They may be visible in the patient portal or on printouts; ask your EHR team to restrict them.'
  );
}

/** v3-Confidentiality from least to most restricted; a code not listed protects nothing Lantern can count on. */
const confidentialityOrder: readonly string[] = ['U', 'L', 'M', 'N', 'R', 'V'];

/** Codes of the expected labels the stored ones do not cover. */
function missingLabels(expected: readonly Coding[], stored: readonly Coding[]): string[] {
  return expected.filter((label) => !covered(label, stored)).map((label) => label.code ?? '');
}

function covered(label: Coding, stored: readonly Coding[]): boolean {
  if (label.system !== confidentialitySystem) return stored.some((coding) => coding.system === label.system && coding.code === label.code);
  const levels = stored.filter((coding) => coding.system === confidentialitySystem).map((coding) => confidentialityOrder.indexOf(coding.code ?? ''));
  // With more than one confidentiality code (invalid in DS4P), the weakest is what a lax consumer may go by.
  return levels.length > 0 && Math.min(...levels) >= confidentialityOrder.indexOf(label.code ?? '');
}

const clinicianNames: Readonly<Record<WritableType, string>> = {
  Flag: 'the safety flag',
  QuestionnaireResponse: 'the check-in answers',
  Communication: 'the check-in note',
  ServiceRequest: 'the referral',
  Task: 'the referral’s tracking task',
};

/** "the safety flag", "the safety flag and the referral", "a, b and c": each kind once, in the order written. */
function namesOf(types: readonly WritableType[]): string {
  const names = [...new Set(types.map((type) => clinicianNames[type]))];
  const last = names.pop() ?? 'what Lantern wrote';
  return names.length > 0 ? `${names.join(', ')} and ${last}` : last;
}

function uncheckedReason(unread: readonly { write: LabelledWrite; error: OperationOutcomeError }[]): string {
  const names = namesOf(unread.map(({ write }) => write.resourceType));
  const refused = unread.every(({ error }) => error.kind === 'forbidden' || error.kind === 'unsupported');
  return refused
    ? `This EHR does not let Lantern read back ${names}, so it could not check that the restricted labels were kept.`
    : `Lantern could not read back ${names} to check that the restricted labels were kept. Check them in the EHR.`;
}
