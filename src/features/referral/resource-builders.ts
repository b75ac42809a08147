import type { CodeableConcept, Coding, Communication, Flag, QuestionnaireResponse, Reference, ServiceRequest, Task } from 'fhir/r4';
import { referralOutcomes } from './decision-rules';
import { recordDisplayOf } from './directory';
import type { LeavesWithCompanion, NoPrivacyReason, ReferralDecision } from './referral-types';
import {
  checkInOutcomeSystem,
  flagCategorySystem,
  safetyConcernCode,
  safetyConcernDisplay,
  safetyConcernSystem,
  sdohccTemporaryCodesSystem,
  snomedSystem,
} from './referral-systems';
import { submissionIdentifier } from './submission-identifiers';
import { withSecurityLabels, type ConfidentialityLevel } from './security-labels';
import { isRelativeReference } from '../../lib/fhir/fhir-ids';

/** Who, where and when of one submission: the same for every resource it writes, and for every retry of it. */
export interface SubmissionContext {
  /** Client-generated (crypto.randomUUID()) once per submission; retries reuse it, which is what makes them safe. */
  submissionId: string;
  patientId: string;
  encounterId?: string | undefined;
  /** `Practitioner/123` from the id_token, when the EHR sent one. */
  fhirUser?: string | undefined;
  /** FHIR instant of the clinician's decision, fixed with the submission id so a retry writes the same thing. */
  recordedAt: string;
  confidentiality?: ConfidentialityLevel | undefined;
  /** Whether the SDV sensitivity label is sent (`sensitivityLabel` in the configuration); true when left out. */
  sensitivityLabel?: boolean | undefined;
  /** The organisation's base for Lantern's identifier and code systems (`systemBase` in the configuration). */
  systemBase: string;
}

export function safetyConcernCoding(systemBase: string): Coding {
  return { system: safetyConcernSystem(systemBase), code: safetyConcernCode, display: safetyConcernDisplay };
}

const safetyCategory: CodeableConcept = { coding: [{ system: flagCategorySystem, code: 'safety', display: 'Safety' }] };

export const referralCategories: readonly CodeableConcept[] = [
  { coding: [{ system: snomedSystem, code: '3457005', display: 'Patient referral' }] },
  { coding: [{ system: snomedSystem, code: '410606002', display: 'Social service procedure' }] },
];

export const socialServicesReferralCoding: Coding = { system: snomedSystem, code: '306238000', display: 'Referral to social services' };

export const contactingSubjectProhibited: CodeableConcept = {
  coding: [{ system: sdohccTemporaryCodesSystem, code: 'contacting-subject-prohibited', display: 'Contacting subject prohibited' }],
};

/** The author of what Lantern writes: only a Practitioner or PractitionerRole fhirUser is a clinician to credit. */
export function clinicianReference(fhirUser: string | undefined): Reference | undefined {
  return isRelativeReference(fhirUser, ['Practitioner', 'PractitionerRole']) ? { reference: fhirUser } : undefined;
}

function patientReference(context: SubmissionContext): Reference {
  return { reference: `Patient/${context.patientId}` };
}

function encounterReference(context: SubmissionContext): { encounter?: Reference } {
  return context.encounterId ? { encounter: { reference: `Encounter/${context.encounterId}` } } : {};
}

/** The confidential safety Flag: neutral words, Lantern's code, and labels that keep it from the patient's companions. */
export function buildSafetyFlag(context: SubmissionContext): Flag {
  const author = clinicianReference(context.fhirUser);
  return {
    resourceType: 'Flag',
    meta: withSecurityLabels(undefined, context.confidentiality, context.sensitivityLabel),
    identifier: [submissionIdentifier(context.systemBase, context.submissionId, 'flag')],
    status: 'active',
    category: [safetyCategory],
    code: { coding: [safetyConcernCoding(context.systemBase)], text: safetyConcernDisplay },
    subject: patientReference(context),
    period: { start: context.recordedAt },
    ...encounterReference(context),
    ...(author ? { author } : {}),
  };
}

/** What the referral points at: the Flag it is for, and the screen and concern note that support it. */
export interface ReferralLinks {
  /** `Flag/123`, or a transaction's `urn:uuid:…`. */
  flag?: string | undefined;
  questionnaireResponse?: string | undefined;
  checkInNote?: string | undefined;
  /** The referral a tracking Task is for: `ServiceRequest/123`, or a transaction's `urn:uuid:…`. */
  referral?: string | undefined;
}

/**
 * The referral (SDOH Clinical Care style): an active order to the chosen service, `stat` in immediate danger,
 * "contacting subject prohibited" when reaching the patient directly may be unsafe. Free text is only the safe
 * contact note the clinician typed; there is deliberately no patientInstruction, which patient portals display.
 *
 * The reason is the safety-concern code. The Flag goes in `supportingInfo` (any resource) with the screen and the
 * note, not in `reasonReference`: R4 allows only Condition, Observation, DiagnosticReport and DocumentReference
 * there, and EHRs that validate references (Epic's US Core ServiceRequest) reject a Flag.
 */
export function buildReferralRequest(context: SubmissionContext, decision: ReferralDecision, links: ReferralLinks): ServiceRequest {
  const requester = clinicianReference(context.fhirUser);
  const target = decision.referralTarget;
  const safeContactNote = decision.contactingPatientUnsafe ? decision.safeContactNote?.trim() : undefined;
  const supportingInfo = [links.flag, links.questionnaireResponse, links.checkInNote].flatMap((reference) => (reference ? [{ reference }] : []));
  // Referral lists are what portals and printouts show most: the display is the service's neutral one, never its name.
  const performer: Reference | undefined = target
    ? target.performerReference
      ? { reference: target.performerReference, display: recordDisplayOf(target) }
      : { display: recordDisplayOf(target) }
    : undefined;
  return {
    resourceType: 'ServiceRequest',
    meta: withSecurityLabels(undefined, context.confidentiality, context.sensitivityLabel),
    identifier: [submissionIdentifier(context.systemBase, context.submissionId, 'referral')],
    status: 'active',
    intent: 'order',
    category: referralCategories.map((category) => structuredClone(category)),
    priority: decision.outcome === 'immediate-danger' ? 'stat' : 'routine',
    code: { coding: [target?.code ?? socialServicesReferralCoding] },
    ...(decision.contactingPatientUnsafe ? { orderDetail: [contactingSubjectProhibited] } : {}),
    subject: patientReference(context),
    ...encounterReference(context),
    authoredOn: context.recordedAt,
    ...(requester ? { requester } : {}),
    ...(performer ? { performer: [performer] } : {}),
    reasonCode: [{ coding: [safetyConcernCoding(context.systemBase)], text: safetyConcernDisplay }],
    ...(supportingInfo.length > 0 ? { supportingInfo } : {}),
    ...(safeContactNote ? { note: [{ text: safeContactNote, time: context.recordedAt }] } : {}),
  };
}

export const referralTaskProfile = 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement';

const fulfillCode: CodeableConcept = { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill', display: 'Fulfill the focal request' }] };

/**
 * The referral's tracking Task (SDOH Clinical Care TaskForReferralManagement): `requested`, an order to fulfil the
 * ServiceRequest, owned by the receiving organisation, which moves it on (accepted, rejected with a reason,
 * in progress, completed …). Labelled like the referral; no description or note, since the receiving organisation
 * reads it and the referral carries what it needs.
 */
export function buildReferralTask(context: SubmissionContext, owner: string, links: ReferralLinks): Task {
  const requester = clinicianReference(context.fhirUser);
  if (!links.referral) throw new Error('A referral Task needs the referral it is for.');
  if (!requester) throw new Error('A referral Task needs the clinician who requests it.');
  return {
    resourceType: 'Task',
    meta: withSecurityLabels({ profile: [referralTaskProfile] }, context.confidentiality, context.sensitivityLabel),
    identifier: [submissionIdentifier(context.systemBase, context.submissionId, 'referral-task')],
    status: 'requested',
    intent: 'order',
    code: structuredClone(fulfillCode),
    focus: { reference: links.referral },
    for: patientReference(context),
    ...encounterReference(context),
    authoredOn: context.recordedAt,
    lastModified: context.recordedAt,
    requester,
    owner: { reference: owner },
  };
}

/** The screening QuestionnaireResponse as written: Lantern's labels and this submission's identifier added. */
export function labelQuestionnaireResponse(response: QuestionnaireResponse, context: SubmissionContext): QuestionnaireResponse {
  return {
    ...response,
    meta: withSecurityLabels(response.meta, context.confidentiality, context.sensitivityLabel),
    identifier: submissionIdentifier(context.systemBase, context.submissionId, 'screen'),
  };
}

/** What the check-in note says beyond the decision: the in-room signs the guide counted, in the guide's words. */
export interface CheckInNoteInput extends SubmissionContext {
  decision: ReferralDecision;
  observedSigns?: readonly string[] | undefined;
  /** The patient declined a referral (said so in the note); decided by the write plan. */
  declinedReferral?: boolean | undefined;
}

/**
 * One short restricted note of the check-in, written for every outcome so the next clinician knows an attempt was
 * made: the outcome (also as a coded topic, read back by the next launch), why privacy was not possible, the signs
 * observed, the interpreter, the hotline card, a minor's report, the safety plan only with the patient's agreement,
 * and "Patient declined referral" where so. Plain lines, no story. For EHRs without Flag create it also carries
 * Lantern's safety-concern code (as reasonCode) on concern outcomes, so it reads and is found like the Flag.
 */
export function buildCheckInNote(input: CheckInNoteInput): Communication {
  const sender = clinicianReference(input.fhirUser);
  const outcome = referralOutcomes.find((option) => option.value === input.decision.outcome);
  return {
    resourceType: 'Communication',
    meta: withSecurityLabels(undefined, input.confidentiality, input.sensitivityLabel),
    identifier: [submissionIdentifier(input.systemBase, input.submissionId, 'check-in-note')],
    status: 'completed',
    ...(outcome ? { topic: { coding: [{ system: checkInOutcomeSystem(input.systemBase), code: outcome.value, display: outcome.label }], text: outcome.label } } : {}),
    ...(isConcernOutcome(input.decision.outcome) ? { reasonCode: [{ coding: [safetyConcernCoding(input.systemBase)], text: safetyConcernDisplay }] } : {}),
    subject: patientReference(input),
    ...encounterReference(input),
    sent: input.recordedAt,
    ...(sender ? { sender } : {}),
    payload: [{ contentString: checkInNoteLines(input).join('\n') }],
  };
}

function isConcernOutcome(outcome: ReferralDecision['outcome']): boolean {
  return outcome === 'concern-declined-referral' || outcome === 'concern-referral-agreed' || outcome === 'immediate-danger';
}

const noPrivacyWords: Readonly<Record<NoPrivacyReason, string>> = {
  'companion-present': 'a companion was present',
  'no-interpreter': 'no interpreter',
  'no-time': 'no time',
  other: 'other',
};

const leavesWithCompanionWords: Readonly<Record<LeavesWithCompanion, string>> = { yes: 'yes', no: 'no', unknown: 'not known' };

/** The note's lines, in a fixed order; each only when there is something to say. */
export function checkInNoteLines({ decision, observedSigns = [], declinedReferral = false }: CheckInNoteInput): string[] {
  const outcome = referralOutcomes.find((option) => option.value === decision.outcome);
  const lines = [`Outcome: ${outcome?.label ?? 'not chosen'}`];
  if (decision.outcome === 'could-not-talk-privately' && decision.noPrivacyReason) {
    lines.push(`Privacy not possible: ${noPrivacyWords[decision.noPrivacyReason]}`);
  }
  if (observedSigns.length > 0) lines.push(`Observed: ${observedSigns.join('; ')}`);
  if (decision.interpreter) {
    lines.push(`Interpreter: ${decision.interpreter.language}, ${decision.interpreter.professional ? 'professional' : 'not a professional interpreter'}`);
  }
  if (decision.hotlineCardGiven !== undefined) lines.push(`Hotline card given: ${decision.hotlineCardGiven ? 'yes' : 'no'}`);
  const report = decision.report;
  if (report?.status === 'made') {
    lines.push(`Report made: ${report.agency}, ${report.madeAt}${report.reference ? `, reference ${report.reference}` : ''}`);
  } else if (report?.status === 'not-yet') {
    lines.push(`Report not yet made: ${report.why}`);
  }
  if (decision.outcome === 'immediate-danger' && decision.safetyPlanConsent && decision.safetyPlan) {
    const plan = decision.safetyPlan;
    const parts = [
      plan.safePhone ? `safe phone or number ${plan.safePhone}` : undefined,
      plan.codeWord ? `code word ${plan.codeWord}` : undefined,
      plan.whereToGo ? `where to go ${plan.whereToGo}` : undefined,
      plan.safeTimeToCall ? `safe time to call ${plan.safeTimeToCall}` : undefined,
      plan.dischargeTiming ? `discharge timing ${plan.dischargeTiming}` : undefined,
      plan.leavesWithCompanion ? `leaves with companion ${leavesWithCompanionWords[plan.leavesWithCompanion]}` : undefined,
    ].filter((part): part is string => part !== undefined);
    if (parts.length > 0) lines.push(`Safety plan (patient agreed to record): ${parts.join('; ')}`);
  }
  if (declinedReferral) lines.push('Patient declined referral');
  return lines;
}
