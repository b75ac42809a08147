import type { Communication, Flag, Identifier, QuestionnaireResponse, ServiceRequest, Task } from 'fhir/r4';
import { queryOptions, type UseQueryOptions } from '@tanstack/react-query';
import type { FhirClient, WithId } from '../../lib/fhir/fhir-client';
import { failure, normalizeError, type OperationOutcomeError } from '../../lib/fhir/outcomes';
import { mayRead } from '../../lib/smart/granted-scopes';
import { referralOutcomes } from './decision-rules';
import { plainText } from '../../lib/fhir/untrusted-json';
import type { ReferralOutcome } from './referral-types';
import { checkInOutcomeSystem, safetyConcernCode, safetyConcernSystem } from './referral-systems';
import { lanternTypes, ownIdentifierSearch, ownRecordParams } from './lantern-record-search';
import { submissionPartOf, type SubmissionPart } from './submission-identifiers';
import type { WritableType, WriteRole } from './write-plan';

type LanternResource = Flag | QuestionnaireResponse | Communication | ServiceRequest | Task;

/** One resource Lantern wrote, as found on the server. */
export interface LanternRecordEntry {
  role: WriteRole;
  resourceType: WritableType;
  /** `Flag/123`. */
  reference: string;
  resource: WithId<LanternResource>;
}

/** Everything one earlier submission wrote that the server still holds, retracted parts included. */
export interface EarlierSubmission {
  submissionId: string;
  /** When it was recorded (the Flag's start, the referral's authoredOn …), for saying "earlier today". */
  recordedAt: string | undefined;
  /** `Encounter/123` the submission was written against, when it named one. */
  encounterReference: string | undefined;
  entries: LanternRecordEntry[];
}

/** What Lantern itself has written for this patient, found by its own identifier system — never by guesswork. */
export interface LanternRecord {
  submissions: EarlierSubmission[];
  /** Types Lantern may not read here: its earlier record of them is unknown, not absent. */
  unchecked: WritableType[];
}

const roleOfPart: Readonly<Record<SubmissionPart, WriteRole>> = {
  flag: 'safety-flag',
  screen: 'screen',
  'check-in-note': 'check-in-note',
  referral: 'referral',
  'referral-task': 'referral-task',
};

/** The most a patient's own Lantern record is read to (100 a page): far more than any real chart holds. */
const maxPages = 20;

export const lanternRecordKeys = {
  all: ['lantern-record'] as const,
  /** Everything read of the patient's Lantern record at this server: what a write or withdrawal invalidates. */
  patient: (baseUrl: string, patientId: string) => [...lanternRecordKeys.all, baseUrl, patientId] as const,
  record: (baseUrl: string, patientId: string, systemBase: string) => [...lanternRecordKeys.patient(baseUrl, patientId), systemBase] as const,
};

type LanternRecordKey = ReturnType<typeof lanternRecordKeys.record>;

/**
 * Lantern's earlier record for the patient, every page, found by its identifier system under the organisation's
 * `systemBase`, the five types read at once. A type that may not be read is listed as unchecked; any other failure
 * fails the query, because a record that could not be read is unknown, never empty.
 */
export function getLanternRecordQueryOptions(
  fhir: FhirClient,
  grantedScopes: readonly string[],
  patientId: string,
  systemBase: string,
): UseQueryOptions<LanternRecord, OperationOutcomeError, LanternRecord, LanternRecordKey> {
  return queryOptions({
    queryKey: lanternRecordKeys.record(fhir.baseUrl, patientId, systemBase),
    queryFn: async ({ signal }): Promise<LanternRecord> => {
      const read = await Promise.all(
        lanternTypes.map(async (resourceType): Promise<LanternRecordEntry[] | 'unchecked'> => {
          if (!mayRead(grantedScopes, resourceType)) return 'unchecked';
          try {
            return await searchOwn(fhir, resourceType, patientId, systemBase, signal);
          } catch (error) {
            if (signal.aborted) throw error;
            const problem = normalizeError(error);
            if (problem.kind !== 'forbidden' && problem.kind !== 'unsupported') throw problem;
            return 'unchecked';
          }
        }),
      );
      return {
        submissions: groupBySubmission(read.flatMap((entries) => (entries === 'unchecked' ? [] : entries)), systemBase),
        unchecked: lanternTypes.filter((_, index) => read[index] === 'unchecked'),
      };
    },
    staleTime: 5 * 60_000,
    retryOnMount: false,
  });
}

/**
 * `identifier=<system>|` asks for any value in Lantern's system. A server that rejects the search is asked for the
 * patient's resources of the type instead; either way only resources carrying Lantern's identifier are kept.
 */
async function searchOwn(fhir: FhirClient, type: WritableType, patientId: string, systemBase: string, signal: AbortSignal): Promise<LanternRecordEntry[]> {
  const patient = `Patient/${patientId}`;
  const search = async (identifier?: string): Promise<LanternResource[]> => {
    const result = await fhir.search(type, ownRecordParams(patientId, identifier), { signal, maxPages });
    // A record read only in part is unknown: Lantern's own flag could be on a page it did not read.
    if (!result.complete) throw failure('unknown', 'This patient’s chart holds more from Lantern than it can read at once, so Lantern cannot be sure what it already recorded.');
    return result.resources;
  };
  let resources: LanternResource[];
  try {
    resources = await search(ownIdentifierSearch(systemBase));
  } catch (error) {
    // 400 "unknown search parameter" comes as invalid or not-supported, depending on the server.
    const kind = normalizeError(error).kind;
    if (signal.aborted || (kind !== 'invalid' && kind !== 'unsupported')) throw error;
    resources = await search();
  }
  return resources.flatMap((resource) => {
    const part = identifiersOf(resource)
      .map((identifier) => submissionPartOf(systemBase, identifier))
      .find((found) => found !== undefined);
    if (!part || !resource.id || !isForPatient(resource, patient)) return [];
    return [{ role: roleOfPart[part.part], resourceType: type, reference: `${type}/${resource.id}`, resource: { ...resource, id: resource.id } }];
  });
}

function identifiersOf(resource: LanternResource): Identifier[] {
  const identifier = resource.identifier;
  if (identifier === undefined) return [];
  return Array.isArray(identifier) ? identifier : [identifier];
}

function isForPatient(resource: LanternResource, patient: string): boolean {
  return (resource.resourceType === 'Task' ? resource.for : resource.subject)?.reference === patient;
}

function groupBySubmission(entries: readonly LanternRecordEntry[], systemBase: string): EarlierSubmission[] {
  const submissions = new Map<string, EarlierSubmission>();
  for (const entry of entries) {
    const part = identifiersOf(entry.resource)
      .map((identifier) => submissionPartOf(systemBase, identifier))
      .find((found) => found !== undefined);
    if (!part) continue;
    const submission = submissions.get(part.submissionId) ?? {
      submissionId: part.submissionId,
      recordedAt: undefined,
      encounterReference: undefined,
      entries: [],
    };
    submission.entries.push(entry);
    submission.recordedAt ??= recordedAtOf(entry.resource);
    submission.encounterReference ??= entry.resource.encounter?.reference;
    submissions.set(part.submissionId, submission);
  }
  const order: readonly WriteRole[] = ['safety-flag', 'check-in-note', 'screen', 'referral', 'referral-task'];
  for (const submission of submissions.values()) submission.entries.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  // Newest first; an undated submission last.
  return [...submissions.values()].sort((a, b) => (b.recordedAt ?? '').localeCompare(a.recordedAt ?? ''));
}

function recordedAtOf(resource: LanternResource): string | undefined {
  switch (resource.resourceType) {
    case 'Flag':
      return resource.period?.start;
    case 'QuestionnaireResponse':
      return resource.authored;
    case 'Communication':
      return resource.sent;
    case 'ServiceRequest':
    case 'Task':
      return resource.authoredOn;
  }
}

/** A Flag that is Lantern's safety concern flag: its own code system and code, not merely the `safety` category. */
export function isLanternSafetyFlag(flag: Flag, systemBase: string): boolean {
  const system = safetyConcernSystem(systemBase);
  return (flag.code.coding ?? []).some((coding) => coding.system === system && coding.code === safetyConcernCode);
}

/** Lantern's newest active safety Flag for the patient, which a new record points at instead of adding a second. */
export function activeLanternFlag(record: LanternRecord, systemBase: string): WithId<Flag> | undefined {
  for (const submission of record.submissions) {
    for (const entry of submission.entries) {
      const resource = entry.resource;
      if (resource.resourceType === 'Flag' && resource.status === 'active' && isLanternSafetyFlag(resource, systemBase)) return resource;
    }
  }
  return undefined;
}

/** Entries still in force: a submission whose every part was marked entered-in-error is history, not a record. */
export function entriesInForce(submission: EarlierSubmission): LanternRecordEntry[] {
  return submission.entries.filter((entry) => entry.resource.status !== 'entered-in-error');
}

/** Lantern's submissions written against this visit that still hold something, newest first. */
export function submissionsInVisit(record: LanternRecord, encounterId: string | undefined): EarlierSubmission[] {
  if (encounterId === undefined) return [];
  return record.submissions.filter((submission) => submission.encounterReference === `Encounter/${encounterId}` && entriesInForce(submission).length > 0);
}

/** One earlier check-in, read back from Lantern's own check-in note: what came of it, and when. */
export interface EarlierCheckIn {
  submissionId: string;
  outcome: ReferralOutcome;
  recordedAt: string | undefined;
  reference: string;
  /** Its referral, when one is still in force: tracked (the receiving service's answer on the Task) or not. */
  referral?: { tracked: false } | ({ tracked: true } & ReferralTracking) | undefined;
}

/** What the receiving service answered on a referral Task (SDOH Clinical Care's statuses, grouped as a clinician reads them). */
export interface ReferralTracking {
  status: 'waiting' | 'accepted' | 'in-progress' | 'on-hold' | 'completed' | 'declined' | 'failed' | 'cancelled';
  /** `statusReason.text` for a declined or failed referral: the service's words, as plain text. */
  reason: string | undefined;
  /** When the Task last changed (`lastModified`, else `authoredOn`). */
  updatedAt: string | undefined;
}

const trackingStatusOf: Readonly<Partial<Record<string, ReferralTracking['status']>>> = {
  draft: 'waiting',
  requested: 'waiting',
  received: 'waiting',
  ready: 'waiting',
  accepted: 'accepted',
  'in-progress': 'in-progress',
  'on-hold': 'on-hold',
  completed: 'completed',
  rejected: 'declined',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** A referral Task's status as the clinician reads it; the reason only where the service declined or could not do it. */
export function trackingOf(task: Task): ReferralTracking {
  const status = trackingStatusOf[task.status] ?? 'waiting';
  const text: unknown = task.statusReason?.text;
  const reason = (status === 'declined' || status === 'failed') && typeof text === 'string' ? plainText(text, 200) || undefined : undefined;
  return { status, reason, updatedAt: task.lastModified ?? task.authoredOn };
}

function referralOf(submission: EarlierSubmission): EarlierCheckIn['referral'] {
  const inForce = entriesInForce(submission);
  const task = inForce.find((entry) => entry.role === 'referral-task')?.resource;
  if (task?.resourceType === 'Task') return { tracked: true, ...trackingOf(task) };
  return inForce.some((entry) => entry.role === 'referral') ? { tracked: false } : undefined;
}

/**
 * Lantern's own check-in notes for the patient still in force, newest first, each read by the outcome coded on its
 * topic (Lantern's checkInOutcomeSystem). Only Lantern's submissions are read; a note without a known outcome code
 * is left out rather than guessed at.
 */
export function earlierCheckIns(record: LanternRecord, systemBase: string): EarlierCheckIn[] {
  const outcomeSystem = checkInOutcomeSystem(systemBase);
  return record.submissions.flatMap((submission) =>
    submission.entries.flatMap((entry): EarlierCheckIn[] => {
      const note = entry.resource;
      if (entry.role !== 'check-in-note' || note.resourceType !== 'Communication' || note.status === 'entered-in-error') return [];
      const code = note.topic?.coding?.find((coding) => coding.system === outcomeSystem)?.code;
      const outcome = referralOutcomes.find((option) => option.value === code)?.value;
      if (!outcome) return [];
      return [{ submissionId: submission.submissionId, outcome, recordedAt: note.sent ?? submission.recordedAt, reference: entry.reference, referral: referralOf(submission) }];
    }),
  );
}
