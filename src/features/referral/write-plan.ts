import type { Flag } from 'fhir/r4';
import type { WithId } from '../../lib/fhir/fhir-client';
import { scopesGrant } from '../../lib/smart/granted-scopes';
import type { ServerCapabilities } from '../../lib/smart/capabilities';
import { canRecord, referralFollows, writesFlag } from './decision-rules';
import type { ReferralDecision } from './referral-types';
import { clinicianReference } from './resource-builders';

/** What each written resource is for. */
export type WriteRole = 'safety-flag' | 'screen' | 'check-in-note' | 'referral' | 'referral-task';

export type WritableType = 'Flag' | 'QuestionnaireResponse' | 'Communication' | 'ServiceRequest' | 'Task';

/**
 * How a retry recognises what an earlier attempt already wrote:
 * - `if-none-exist`: conditional create on the submission identifier (the server checks);
 * - `client-id`: the resource is PUT at an id Lantern chose from the submission id (update-as-create), so a retry
 *   lands on the same resource instead of beside it;
 * - `search-first`: search the identifier, create only when absent (the server cannot do it for us);
 * - `unguarded`: none of these is possible (no conditional create, no update-as-create, no read scope) — a retry
 *   after a lost answer may duplicate, so the clinician is asked to check the chart first.
 */
export type Idempotency = 'if-none-exist' | 'client-id' | 'search-first' | 'unguarded';

export type WriteStep =
  | { role: 'safety-flag'; resourceType: 'Flag'; action: 'create'; idempotency: Idempotency }
  /**
   * Lantern's own active safety Flag (an earlier check-in's) is already on the chart: it stays exactly as it is and
   * the referral points at it. Lantern never changes a Flag in a new submission, and never one it did not write.
   */
  | { role: 'safety-flag'; resourceType: 'Flag'; action: 'keep'; existing: WithId<Flag> }
  | { role: 'screen'; resourceType: 'QuestionnaireResponse'; action: 'create'; idempotency: Idempotency }
  /** One short restricted note of the check-in, for every outcome; says "Patient declined referral" where so. */
  | { role: 'check-in-note'; resourceType: 'Communication'; action: 'create'; idempotency: Idempotency; declinedReferral: boolean }
  | { role: 'referral'; resourceType: 'ServiceRequest'; action: 'create'; idempotency: Idempotency; priority: 'routine' | 'stat' }
  /**
   * The referral's tracking Task (SDOH Clinical Care TaskForReferralManagement), owned by the receiving organisation,
   * which answers on it (accepted, declined, completed …); the next launch reads its status.
   */
  | { role: 'referral-task'; resourceType: 'Task'; action: 'create'; idempotency: Idempotency; owner: string };

export type CreateStep = Extract<WriteStep, { action: 'create' }>;

/** Something the clinician may have expected in the record but will not find there, and why, in a plain sentence. */
export interface NotWritten {
  resourceType: string;
  reason: string;
}

interface PlanBase {
  notWritten: NotWritten[];
  /** Caveats about how the writes are made (an undescribed server, a retry that cannot be guarded). */
  notes: string[];
}

export type WritePlan =
  /** One transaction Bundle for the creates. */
  | (PlanBase & { mode: 'transaction'; steps: WriteStep[] })
  /** One request per resource, in order: Flag → QuestionnaireResponse → Communication → ServiceRequest → Task. */
  | (PlanBase & { mode: 'sequential'; steps: WriteStep[] })
  /** The EHR accepts none of it: the UI offers the printable summary and hotline card. */
  | (PlanBase & { mode: 'none'; reason: string })
  /** The decision is not complete (outcome, age, consent or the minor's report): nothing may be written yet. */
  | (PlanBase & { mode: 'refused'; reason: string });

export interface WritePlanInput {
  capabilities: ServerCapabilities;
  grantedScopes: readonly string[];
  decision: ReferralDecision;
  /** Undefined while the patient's age is unknown and the clinician has not confirmed adult or minor: nothing is written. */
  isMinor: boolean | undefined;
  /** A completed screen (QuestionnaireResponse) is ready to be written with the decision. */
  hasScreen: boolean;
  /**
   * Lantern's own active safety Flag on the chart, found by its code among the Flags Lantern wrote (never another
   * author's safety flag, which stays untouched and gets Lantern's beside it).
   */
  lanternActiveFlag?: WithId<Flag> | undefined;
  /** Lantern may not read Flags here, so whether it already added one is unknown (said, never taken as "none"). */
  lanternFlagsUnchecked?: boolean | undefined;
  /** Said with the plan when nothing will be tied to a visit although one is in view (finished, or none chosen). */
  visitNote?: string | undefined;
  /** `Practitioner/123` from the id_token: a referral Task needs its requester. */
  fhirUser?: string | undefined;
}

const writableTypes: readonly WritableType[] = ['Flag', 'QuestionnaireResponse', 'Communication', 'ServiceRequest', 'Task'];

/**
 * Whether the token lets Lantern add anything at all to the record. False means read-only mode: the check-in says so
 * up front instead of letting the clinician discover it at the end. No scopes listed means the server did not say.
 */
export function writesGranted(grantedScopes: readonly string[]): boolean {
  return grantedScopes.length === 0 || writableTypes.some((type) => scopesGrant(grantedScopes, type, 'create'));
}

/**
 * Why Lantern cannot mark these types entered in error here (withdrawing is an update), or undefined when it can.
 * Said up front, so the clinician is not offered a withdrawal the EHR will refuse.
 */
export function withdrawalBlocked(capabilities: ServerCapabilities, grantedScopes: readonly string[], types: readonly WritableType[]): string | undefined {
  const unknownScopes = grantedScopes.length === 0;
  const blocked = types.filter((type) => !capabilities.canUpdate(type) || (!unknownScopes && !scopesGrant(grantedScopes, type, 'update')));
  if (blocked.length === 0) return undefined;
  const names = [...new Set(blocked.map(plural))];
  const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}` : (names[0] ?? '');
  return `This EHR does not let Lantern change the ${listed} it wrote. To withdraw them, mark them entered in error in the EHR itself.`;
}

export const flagsUncheckedNote =
  'This EHR does not let Lantern read safety flags, so it cannot tell whether it added one before: the chart may then show two.';

/** Shown before recording on a server where a retry cannot be guarded, so the clinician knows before it matters. */
export const unguardedNote =
  'This EHR cannot tell Lantern whether an interrupted save reached the record. If saving fails, Lantern asks you to check the chart before trying again.';

const patientChoseNothingReason =
  'The patient chose to keep this out of the record: nothing is written. Print the summary to hand over instead.';

const flagAlreadyThereReason =
  'Lantern’s safety flag from an earlier check-in is already on the chart, and the patient chose the flag only: nothing new is written.';

/** What records the concern when the Flag cannot be written. */
type FlagFallback = 'note' | 'screen' | 'none' | 'patient-chose-flag';

const nothingWritableReason =
  'This EHR does not let Lantern write any of this to the record. Print the discreet referral summary and hand over the hotline card instead.';

/** Decides what to write and how, from the decision, the server's capabilities and the granted scopes. Pure. */
export function planWrite(input: WritePlanInput): WritePlan {
  const { capabilities, decision } = input;
  const notes = [capabilities.note, input.visitNote].filter((note): note is string => note !== undefined);
  // One rule decides whether the decision may be recorded (outcome chosen, age confirmed, a minor's report, an
  // adult's agreement): the same the form shows beside the Record button.
  const readiness = canRecord(decision, input.isMinor);
  if (!readiness.ok) return { mode: 'refused', reason: readiness.reason, notWritten: [], notes };
  const wantsReferral = referralFollows(decision, input.isMinor);

  // The patient's say: nothing in the record (the printable summary instead), or the safety flag only.
  if (decision.recordChoice === 'nothing') return { mode: 'none', reason: patientChoseNothingReason, notWritten: [], notes };
  const flagOnly = decision.recordChoice === 'flag-only';

  const can = writeAbility(input);
  const steps: WriteStep[] = [];
  const notWritten: NotWritten[] = [];
  const outcome = decision.outcome;
  const noteBlocked = can.create('Communication');

  // A concern (or danger) is flagged; every attempt, whatever it found, gets the check-in note.
  if (writesFlag(outcome)) {
    const fallback = flagOnly ? 'patient-chose-flag' : noteBlocked === undefined ? 'note' : input.hasScreen && !can.create('QuestionnaireResponse') ? 'screen' : 'none';
    addSafetyFlag(steps, notWritten, notes, can, input, fallback);
  }
  if (flagOnly) {
    if (steps.some((step) => step.action === 'keep')) return { mode: 'none', reason: flagAlreadyThereReason, notWritten, notes };
    return finish(steps, notWritten, notes, capabilities);
  }
  if (input.hasScreen) addScreen(steps, notWritten, can);
  if (noteBlocked) {
    notWritten.push({ resourceType: 'Communication', reason: `${noteBlocked} The check-in note was not written: tell the care team what was tried, directly.` });
  } else {
    steps.push({
      role: 'check-in-note',
      resourceType: 'Communication',
      action: 'create',
      idempotency: can.idempotency('Communication'),
      declinedReferral: outcome === 'concern-declined-referral' || (outcome === 'immediate-danger' && !wantsReferral),
    });
  }

  if (wantsReferral) {
    const blocked = can.create('ServiceRequest');
    if (blocked) {
      notWritten.push({ resourceType: 'ServiceRequest', reason: `${blocked} Make the referral by phone, using the printable summary.` });
    } else {
      steps.push({
        role: 'referral',
        resourceType: 'ServiceRequest',
        action: 'create',
        idempotency: can.idempotency('ServiceRequest'),
        priority: outcome === 'immediate-danger' ? 'stat' : 'routine',
      });
      addReferralTask(steps, notWritten, can, input);
    }
  }
  return finish(steps, notWritten, notes, capabilities);
}

const untrackedReferral = 'The referral is recorded, but whether the service takes it up will not show in Lantern: follow it up by phone.';

/**
 * The Task that lets the receiving organisation answer the referral and the next launch see its answer. It needs an
 * organisation on the EHR to own it and a clinician to request it; where either is missing, or the EHR takes no
 * Tasks from apps, the referral is written untracked and the plan says so.
 */
function addReferralTask(steps: WriteStep[], notWritten: NotWritten[], can: WriteAbility, input: WritePlanInput): void {
  const task = taskOwner(can, input);
  if ('reason' in task) {
    notWritten.push({ resourceType: 'Task', reason: `${task.reason} ${untrackedReferral}` });
    return;
  }
  steps.push({ role: 'referral-task', resourceType: 'Task', action: 'create', idempotency: can.idempotency('Task'), owner: task.owner });
}

function taskOwner(can: WriteAbility, input: WritePlanInput): { owner: string } | { reason: string } {
  const blocked = can.create('Task');
  if (blocked) return { reason: blocked };
  const owner = input.decision.referralTarget?.ownerReference;
  if (owner === undefined) return { reason: 'This service has no organisation on the EHR to receive a tracked referral.' };
  if (clinicianReference(input.fhirUser) === undefined) {
    return { reason: 'The EHR did not say which clinician is signed in, and a tracked referral needs its requester.' };
  }
  return { owner };
}

interface WriteAbility {
  /** Why Lantern may not create this type here, or undefined when it may. */
  create(type: WritableType): string | undefined;
  idempotency(type: WritableType): Idempotency;
}

function writeAbility({ capabilities, grantedScopes }: WritePlanInput): WriteAbility {
  // No scopes listed means the server did not say: try, and let it answer (as mayRead does for reads).
  const unknownScopes = grantedScopes.length === 0;
  return {
    create(type) {
      if (!unknownScopes && !scopesGrant(grantedScopes, type, 'create')) return `The EHR did not give Lantern permission to add ${plural(type)}.`;
      if (!capabilities.canCreate(type)) return `This EHR does not accept ${plural(type)} from apps.`;
      return undefined;
    },
    idempotency(type) {
      if (capabilities.conditionalCreate(type)) return 'if-none-exist';
      if (capabilities.updateCreate(type) && (unknownScopes || scopesGrant(grantedScopes, type, 'update'))) return 'client-id';
      return unknownScopes || scopesGrant(grantedScopes, type, 'read') ? 'search-first' : 'unguarded';
    },
  };
}

/** Adds the Flag, or says which record of the concern this EHR accepts in its place (the check-in note, the answers). */
function addSafetyFlag(steps: WriteStep[], notWritten: NotWritten[], notes: string[], can: WriteAbility, input: WritePlanInput, fallback: FlagFallback): void {
  if (input.lanternActiveFlag) {
    steps.push({ role: 'safety-flag', resourceType: 'Flag', action: 'keep', existing: input.lanternActiveFlag });
    return;
  }
  const flagBlocked = can.create('Flag');
  if (!flagBlocked) {
    steps.push({ role: 'safety-flag', resourceType: 'Flag', action: 'create', idempotency: can.idempotency('Flag') });
    if (input.lanternFlagsUnchecked) notes.push(flagsUncheckedNote);
    return;
  }
  switch (fallback) {
    case 'note':
      notWritten.push({ resourceType: 'Flag', reason: `${flagBlocked} The concern is recorded in the restricted check-in note instead.` });
      return;
    case 'screen':
      notWritten.push({ resourceType: 'Flag', reason: `${flagBlocked} The concern is recorded only in the restricted check-in answers.` });
      return;
    case 'none':
      notWritten.push({ resourceType: 'Flag', reason: `${flagBlocked} Nothing else could record the concern; tell the care team directly.` });
      return;
    case 'patient-chose-flag':
      notWritten.push({ resourceType: 'Flag', reason: `${flagBlocked} The patient chose the flag only, so nothing records the concern; tell the care team directly.` });
      return;
  }
}

function addScreen(steps: WriteStep[], notWritten: NotWritten[], can: WriteAbility): void {
  const blocked = can.create('QuestionnaireResponse');
  if (blocked) {
    notWritten.push({ resourceType: 'QuestionnaireResponse', reason: `${blocked} The check-in answers were not saved.` });
    return;
  }
  steps.push({ role: 'screen', resourceType: 'QuestionnaireResponse', action: 'create', idempotency: can.idempotency('QuestionnaireResponse') });
}

function finish(steps: WriteStep[], notWritten: NotWritten[], notes: string[], capabilities: ServerCapabilities): WritePlan {
  const creates = steps.filter((step): step is CreateStep => step.action === 'create');
  if (creates.length === 0) return { mode: 'none', reason: nothingWritableReason, notWritten, notes };
  if (creates.some((step) => step.idempotency === 'unguarded')) {
    notes.push(unguardedNote);
  }
  return capabilities.transaction ? { mode: 'transaction', steps, notWritten, notes } : { mode: 'sequential', steps, notWritten, notes };
}

function plural(type: WritableType): string {
  switch (type) {
    case 'Flag':
      return 'safety flags';
    case 'QuestionnaireResponse':
      return 'check-in answers';
    case 'Communication':
      return 'notes';
    case 'ServiceRequest':
      return 'referrals';
    case 'Task':
      return 'referral tracking tasks';
  }
}
