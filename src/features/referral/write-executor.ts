import type { Bundle, BundleEntry, Communication, FhirResource, Flag, QuestionnaireResponse, ServiceRequest, Task } from 'fhir/r4';
import type { FhirClient, RequestOptions, WithId } from '../../lib/fhir/fhir-client';
import { failure, normalizeError, OperationOutcomeError, technicalFailure } from '../../lib/fhir/outcomes';
import type { ReferralDecision } from './referral-types';
import {
  buildCheckInNote,
  buildReferralRequest,
  buildReferralTask,
  buildSafetyFlag,
  labelQuestionnaireResponse,
  type ReferralLinks,
  type SubmissionContext,
} from './resource-builders';
import { clientChosenId, hasSubmissionIdentifier, submissionIdentifierToken, type SubmissionPart } from './submission-identifiers';
import type { CreateStep, NotWritten, WritableType, WritePlan, WriteRole } from './write-plan';
import { fhirIdSource } from '../../lib/fhir/fhir-ids';

/** Everything one submission writes from; the same input (same submissionId) may be executed any number of times. */
export interface WriteInput extends SubmissionContext {
  decision: ReferralDecision;
  /** The completed screen from the screening feature, without labels (they are added here). */
  questionnaireResponse?: QuestionnaireResponse | undefined;
  /** The in-room signs the guide counted, in its words, for the check-in note. */
  observedSigns?: readonly string[] | undefined;
}

export interface WrittenResource {
  role: WriteRole;
  resourceType: WritableType;
  /** `Flag/123`. */
  reference: string;
  /** `found`: an earlier attempt of this submission had already written it. */
  action: 'created' | 'found';
}

/** Lantern's own safety Flag from an earlier check-in, left exactly as it was and pointed at by this submission. */
export interface KeptResource {
  role: 'safety-flag';
  resourceType: 'Flag';
  reference: string;
  /** When that flag started (`period.start`), to name it in words. */
  since?: string | undefined;
}

export interface WriteResult {
  written: WrittenResource[];
  kept: KeptResource[];
  notWritten: NotWritten[];
}

export type WriteStepName = WriteRole | 'transaction';

/**
 * A write that failed at one step. It keeps the server's OperationOutcome, `kind` and `status` (so the UI explains
 * it like any FHIR failure) and says which step failed and what was already written before it.
 */
export class WriteStepError extends OperationOutcomeError {
  readonly step: WriteStepName;
  readonly written: readonly WrittenResource[];

  constructor(step: WriteStepName, cause: OperationOutcomeError, written: readonly WrittenResource[]) {
    super(cause.outcome, cause.kind, cause.status, { cause });
    this.name = 'WriteStepError';
    this.step = step;
    this.written = written;
  }
}

const partOf: Readonly<Record<WriteRole, SubmissionPart>> = {
  'safety-flag': 'flag',
  screen: 'screen',
  'check-in-note': 'check-in-note',
  referral: 'referral',
  'referral-task': 'referral-task',
};

type WritableResource = Flag | QuestionnaireResponse | Communication | ServiceRequest | Task;

/**
 * Carries out a write plan. Idempotent: every resource carries the submission identifier, and each create first lets
 * the server (If-None-Exist) or a search find an earlier copy, so running it again after any failure completes what is
 * missing and never duplicates. `alreadyWritten` (what an earlier attempt is known to have stored) is not sent again:
 * on a server that can check nothing, that is the only guard. Failures throw a {@link WriteStepError}.
 */
export async function executeWrite(
  fhir: FhirClient,
  plan: WritePlan,
  input: WriteInput,
  options: RequestOptions = {},
  alreadyWritten: readonly WrittenResource[] = [],
): Promise<WriteResult> {
  switch (plan.mode) {
    case 'refused':
      throw failure('invalid', plan.reason);
    case 'none':
      return { written: [], kept: [], notWritten: plan.notWritten };
    case 'transaction':
    case 'sequential':
      break;
  }
  const written: WrittenResource[] = [];
  const links: ReferralLinks = {};
  const record = (item: WrittenResource): void => {
    written.push(item);
    link(links, item.role, item.reference);
  };
  const step = async <T>(name: WriteStepName, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      // The caller's own cancellation is not a failed write.
      if (options.signal?.aborted) throw error;
      throw new WriteStepError(name, normalizeError(error), [...written]);
    }
  };

  const kept: KeptResource[] = [];
  for (const planned of plan.steps) {
    if (planned.action !== 'keep') continue;
    const reference = referenceTo(planned.existing);
    kept.push({ role: 'safety-flag', resourceType: 'Flag', reference, since: planned.existing.period?.start });
    link(links, 'safety-flag', reference);
  }
  const creates: CreateStep[] = [];
  for (const planned of plan.steps) {
    if (planned.action !== 'create') continue;
    const known = alreadyWritten.find((item) => item.role === planned.role && item.resourceType === planned.resourceType);
    if (known) record({ ...known, action: 'found' });
    else creates.push(planned);
  }
  if (creates.length === 0) return { written, kept, notWritten: plan.notWritten };
  if (plan.mode === 'transaction') {
    await step('transaction', () => createInTransaction(fhir, creates, input, links, record, options));
  } else {
    for (const planned of creates) {
      record(await step(planned.role, () => createOnce(fhir, planned, buildFor(planned, input, links), input, options)));
    }
  }
  return { written, kept, notWritten: plan.notWritten };
}

function link(links: ReferralLinks, role: WriteRole, reference: string): void {
  switch (role) {
    case 'safety-flag':
      links.flag = reference;
      return;
    case 'screen':
      links.questionnaireResponse = reference;
      return;
    case 'check-in-note':
      links.checkInNote = reference;
      return;
    case 'referral':
      links.referral = reference;
      return;
    case 'referral-task':
      return;
  }
}

function buildFor(planned: CreateStep, input: WriteInput, links: ReferralLinks): WritableResource {
  switch (planned.role) {
    case 'safety-flag':
      return buildSafetyFlag(input);
    case 'screen':
      if (!input.questionnaireResponse) throw technicalFailure('invalid', 'The plan saves the check-in answers, but none were given.');
      return labelQuestionnaireResponse(input.questionnaireResponse, input);
    case 'check-in-note':
      return buildCheckInNote({ ...input, declinedReferral: planned.declinedReferral });
    case 'referral':
      return buildReferralRequest(input, input.decision, links);
    case 'referral-task':
      return buildReferralTask(input, planned.owner, links);
  }
}

function identifierSearch(planned: CreateStep, input: WriteInput): { patient: string; identifier: string } {
  return { patient: `Patient/${input.patientId}`, identifier: submissionIdentifierToken(input.systemBase, input.submissionId, partOf[planned.role]) };
}

function ifNoneExistFor(planned: CreateStep, input: WriteInput): string {
  return new URLSearchParams({ identifier: submissionIdentifierToken(input.systemBase, input.submissionId, partOf[planned.role]) }).toString();
}

/**
 * This submission's copy of a planned resource, if the server holds one. Only a match that carries the submission's
 * identifier for the patient counts: a server that ignores the `identifier` parameter (FHIR lets it) answers with
 * the patient's other resources, which must never be taken for Lantern's, let alone withdrawn.
 */
async function findEarlierCopy(fhir: FhirClient, planned: CreateStep, input: WriteInput, options: RequestOptions): Promise<WithId<WritableResource> | undefined> {
  const { resources } = await fhir.search(planned.resourceType, identifierSearch(planned, input), { ...options, maxPages: 5 });
  return resources.find((resource) => isThisSubmissions(resource, planned, input));
}

function isThisSubmissions(resource: WritableResource, planned: CreateStep, input: WriteInput): boolean {
  const identifiers = resource.resourceType === 'QuestionnaireResponse' ? (resource.identifier ? [resource.identifier] : []) : (resource.identifier ?? []);
  const subject = (resource.resourceType === 'Task' ? resource.for : resource.subject)?.reference ?? '';
  const patient = `Patient/${input.patientId}`;
  return hasSubmissionIdentifier(identifiers, input.systemBase, input.submissionId, partOf[planned.role]) && (subject === patient || subject.endsWith(`/${patient}`));
}

/**
 * What the server holds at the id Lantern chose for this part, read before any PUT: never overwrite, since what an
 * earlier attempt stored there may have been changed by the care team since, and something that is not this
 * submission's is never written over. Where the read is not allowed, the id (from a fresh UUID) is the only guard.
 */
async function atChosenId(fhir: FhirClient, planned: CreateStep, input: WriteInput, options: RequestOptions): Promise<WithId<WritableResource> | undefined> {
  const earlier = await readIfPresent(fhir, planned.resourceType, clientChosenId(input.submissionId, partOf[planned.role]), options).catch(
    (error: unknown) => {
      if (normalizeError(error).kind === 'forbidden') return undefined;
      throw error;
    },
  );
  if (earlier && !isThisSubmissions(earlier, planned, input)) {
    throw failure('conflict', 'The EHR already holds something else where Lantern meant to record this, so Lantern did not write over it.');
  }
  return earlier;
}

/** One create that an earlier attempt may already have made. */
async function createOnce(
  fhir: FhirClient,
  planned: CreateStep,
  resource: WritableResource,
  input: WriteInput,
  options: RequestOptions,
): Promise<WrittenResource> {
  switch (planned.idempotency) {
    case 'if-none-exist': {
      const attempt = async (): Promise<WrittenResource> => {
        const { resource: stored, created } = await fhir.conditionalCreate(resource, ifNoneExistFor(planned, input), options);
        return writtenAs(planned, stored, created ? 'created' : 'found');
      };
      try {
        return await attempt();
      } catch (error) {
        // 409: a concurrent copy (a request retried by the network, a second tab) committed first; now it is found.
        if (normalizeError(error).kind === 'conflict') return attempt();
        throw error;
      }
    }
    case 'client-id': {
      const id = clientChosenId(input.submissionId, partOf[planned.role]);
      const earlier = await atChosenId(fhir, planned, input, options);
      if (earlier) return writtenAs(planned, earlier, 'found');
      return writtenAs(planned, await fhir.update({ ...resource, id }, options), 'created');
    }
    case 'search-first': {
      const earlier = await findEarlierCopy(fhir, planned, input, options);
      if (earlier) return writtenAs(planned, earlier, 'found');
      try {
        return writtenAs(planned, await fhir.create(resource, options), 'created');
      } catch (error) {
        if (normalizeError(error).kind !== 'conflict') throw error;
        const raced = await findEarlierCopy(fhir, planned, input, options);
        if (raced) return writtenAs(planned, raced, 'found');
        throw error;
      }
    }
    case 'unguarded':
      return writtenAs(planned, await fhir.create(resource, options), 'created');
  }
}

/**
 * The creates as one transaction: all or nothing, so a failure leaves nothing half-written. Each entry carries
 * `ifNoneExist` (or was searched for first), so a transaction that succeeded but whose answer was lost is not
 * repeated on retry. Entries reference each other by `urn:uuid:` fullUrls, which the server resolves.
 */
async function createInTransaction(
  fhir: FhirClient,
  creates: readonly CreateStep[],
  input: WriteInput,
  links: ReferralLinks,
  record: (item: WrittenResource) => void,
  options: RequestOptions,
): Promise<void> {
  const pending: { planned: CreateStep; fullUrl: string; reference: string; id?: string }[] = [];
  for (const planned of creates) {
    if (planned.idempotency === 'search-first') {
      const earlier = await findEarlierCopy(fhir, planned, input, options);
      if (earlier) {
        record(writtenAs(planned, earlier, 'found'));
        continue;
      }
    }
    if (planned.idempotency === 'client-id') {
      const earlier = await atChosenId(fhir, planned, input, options);
      if (earlier) {
        record(writtenAs(planned, earlier, 'found'));
        continue;
      }
      const id = clientChosenId(input.submissionId, partOf[planned.role]);
      const reference = `${planned.resourceType}/${id}`;
      pending.push({ planned, fullUrl: `${fhir.baseUrl}/${reference}`, reference, id });
    } else {
      const fullUrl = `urn:uuid:${crypto.randomUUID()}`;
      pending.push({ planned, fullUrl, reference: fullUrl });
    }
  }
  if (pending.length === 0) return;
  // Every link is known (a found reference, a chosen id or a fullUrl) before the referral is built.
  const bundleLinks: ReferralLinks = { ...links };
  for (const { planned, reference } of pending) link(bundleLinks, planned.role, reference);
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: pending.map(({ planned, fullUrl, id }): BundleEntry => {
      const resource = buildFor(planned, input, bundleLinks);
      if (id !== undefined) return { fullUrl, resource: { ...resource, id }, request: { method: 'PUT', url: `${planned.resourceType}/${id}` } };
      return {
        fullUrl,
        resource,
        request: {
          method: 'POST',
          url: planned.resourceType,
          ...(planned.idempotency === 'if-none-exist' ? { ifNoneExist: ifNoneExistFor(planned, input) } : {}),
        },
      };
    }),
  };
  const response = await fhir.transaction(bundle, options);
  const entries = response.entry ?? [];
  if (entries.length !== pending.length) {
    throw technicalFailure('malformed', `The server answered the transaction of ${pending.length} resources with ${entries.length} results.`);
  }
  pending.forEach(({ planned }, index) => {
    const entry = entries[index];
    const reference = entryReference(planned.resourceType, entry);
    const status = Number.parseInt(entry?.response?.status ?? '', 10);
    record({ role: planned.role, resourceType: planned.resourceType, reference, action: status === 201 ? 'created' : 'found' });
  });
}

/** `Flag/123` from a transaction-response entry: its resource, else its location (`Flag/123/_history/1`, maybe absolute). */
function entryReference(type: WritableType, entry: BundleEntry | undefined): string {
  if (entry?.resource?.resourceType === type && entry.resource.id) return `${type}/${entry.resource.id}`;
  const location = entry?.response?.location ?? '';
  const id = new RegExp(`(?:^|/)([A-Za-z]+)/(${fhirIdSource})(?:/_history/[^/]+)?$`).exec(location);
  if (id?.[1] === type && id[2]) return `${type}/${id[2]}`;
  throw technicalFailure('malformed', `The server did not say where it stored the ${type} of the transaction.`);
}

function writtenAs(planned: CreateStep, stored: WithId<FhirResource>, action: WrittenResource['action']): WrittenResource {
  return { role: planned.role, resourceType: planned.resourceType, reference: referenceTo(stored), action };
}

function referenceTo(resource: WithId<FhirResource>): string {
  return `${resource.resourceType}/${resource.id}`;
}

/** What a search for a submission's resources could and could not establish. */
export interface SubmissionSearch {
  /** Resources the submission wrote, found on the server by its identifier or chosen id. */
  found: WrittenResource[];
  /** Planned resources whose presence could not be checked (no read permission, or the check failed), in order. */
  unchecked: CreateStep[];
}

/**
 * Finds on the server what a submission wrote, whatever the screen knows: an answer lost on the way back means the
 * server may hold a resource Lantern never heard about. Used before changing or retracting an interrupted record.
 */
export async function findSubmission(fhir: FhirClient, plan: WritePlan, input: WriteInput, options: RequestOptions = {}): Promise<SubmissionSearch> {
  const found: WrittenResource[] = [];
  const unchecked: CreateStep[] = [];
  if (plan.mode !== 'transaction' && plan.mode !== 'sequential') return { found, unchecked };
  for (const planned of plan.steps) {
    if (planned.action !== 'create') continue;
    try {
      const stored =
        planned.idempotency === 'client-id'
          ? await readIfPresent(fhir, planned.resourceType, clientChosenId(input.submissionId, partOf[planned.role]), options)
          : await findEarlierCopy(fhir, planned, input, options);
      if (stored && isThisSubmissions(stored, planned, input)) found.push(writtenAs(planned, stored, 'found'));
    } catch (error) {
      if (options.signal?.aborted) throw error;
      unchecked.push(planned);
    }
  }
  return { found, unchecked };
}

async function readIfPresent(fhir: FhirClient, type: WritableType, id: string, options: RequestOptions): Promise<WithId<WritableResource> | undefined> {
  try {
    return await fhir.read(type, id, options);
  } catch (error) {
    if (normalizeError(error).kind === 'not-found') return undefined;
    throw error;
  }
}

export interface RetractionResult {
  /** Now `entered-in-error` (including any that already were). */
  retracted: WrittenResource[];
  /** Not retracted, and why: Lantern's flag from an earlier check-in, which this record only pointed at, stays. */
  leftAsIs: { reference: string; reason: string }[];
}

const keptFlagLeftReason =
  'Lantern’s safety flag from an earlier check-in was on the chart before this record, so it was left active. Close it in the EHR if it no longer applies.';

/**
 * Marks what a submission wrote as entered-in-error (newest first, so nothing points at a retracted resource while
 * it is still current). Safe to repeat. Only what the submission itself wrote is touched.
 */
export async function markEnteredInError(
  fhir: FhirClient,
  record: Pick<WriteResult, 'written' | 'kept'>,
  options: RequestOptions = {},
): Promise<RetractionResult> {
  const retracted: WrittenResource[] = [];
  const leftAsIs = record.kept.map((item) => ({ reference: item.reference, reason: keptFlagLeftReason }));
  for (const item of [...record.written].reverse()) {
    try {
      await retractOne(fhir, item, options);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new WriteStepError(item.role, normalizeError(error), retracted);
    }
    retracted.push(item);
  }
  return { retracted, leftAsIs };
}
async function retractOne(fhir: FhirClient, item: WrittenResource, options: RequestOptions): Promise<void> {
  const id = item.reference.split('/')[1] ?? '';
  const update = (resource: WritableResource, ifMatch: string | undefined): Promise<unknown> => fhir.update(resource, { ifMatch, signal: options.signal });
  switch (item.resourceType) {
    case 'Flag':
      return retract(() => fhir.read('Flag', id, options), (flag): Flag => ({ ...flag, status: 'entered-in-error' }), update);
    case 'QuestionnaireResponse':
      return retract(() => fhir.read('QuestionnaireResponse', id, options), (qr): QuestionnaireResponse => ({ ...qr, status: 'entered-in-error' }), update);
    case 'Communication':
      return retract(() => fhir.read('Communication', id, options), (note): Communication => ({ ...note, status: 'entered-in-error' }), update);
    case 'ServiceRequest':
      return retract(() => fhir.read('ServiceRequest', id, options), (referral): ServiceRequest => ({ ...referral, status: 'entered-in-error' }), update);
    case 'Task':
      return retract(() => fhir.read('Task', id, options), (task): Task => ({ ...task, status: 'entered-in-error', lastModified: new Date().toISOString() }), update);
  }
}

async function retract<R extends WritableResource>(
  read: () => Promise<R>,
  mark: (resource: R) => R,
  update: (resource: R, ifMatch: string | undefined) => Promise<unknown>,
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const current = await read();
    if (current.status === 'entered-in-error') return;
    try {
      await update(mark(current), current.meta?.versionId);
      return;
    } catch (error) {
      // Changed by someone else between read and write: read again and retry once.
      if (normalizeError(error).kind !== 'precondition' || attempt > 0) throw error;
    }
  }
}
