import type { Coding, HealthcareServiceAvailableTime } from 'fhir/r4';

/**
 * A referral goes to a service outside the visit; a warm handoff pages an on-call team inside the hospital (ED
 * social worker, advocate) with an urgent restricted Communication to `recipientReference`.
 */
export type DirectoryEntryKind = 'referral' | 'warm-handoff';

/** Who a service takes: adults only, young people only, or both. Unknown is left out, never guessed. */
export type AgesServed = 'adult' | 'youth' | 'all';

/** A place Lantern can refer to: from configuration, from HealthcareService on the server, or the national hotline. */
export interface DirectoryEntry {
  /** Stable within the directory: 'config:shelter-1', 'HealthcareService/abc', 'hotline'. */
  id: string;
  /** The service's real name, shown to the clinician on request; never written to the record. */
  name: string;
  /**
   * The neutral words the record shows for this service (ServiceRequest.performer.display), where portals and
   * printouts list referrals: the organisation's own choice in configuration, else `neutralRecordDisplay`.
   */
  recordDisplay?: string;
  /** What kind of help: 'Shelter', 'Legal aid', 'Victim advocate', 'Social work', 'Anti-trafficking coalition', 'Hotline'. */
  serviceType: string;
  /** 'referral' when absent. */
  kind?: DirectoryEntryKind;
  /** The FHIR reference written as ServiceRequest.performer, when the service exists on the server. */
  performerReference?: string;
  /** The server's HealthcareService this configured partner is (`HealthcareService/<id>`): its copy merges into this one. */
  healthcareServiceReference?: string;
  /**
   * Whom a warm handoff pages: `HealthcareService/<id>`, `PractitionerRole/<id>`, `CareTeam/<id>` or
   * `Organization/<id>`. Set on every warm-handoff entry, on no other.
   */
  recipientReference?: string;
  /** The `Organization/<id>` that would own a referral Task for this service (a HealthcareService's `providedBy`). */
  ownerReference?: string;
  /** The referral code written as ServiceRequest.code; SNOMED 306238000 (referral to social services) otherwise. */
  code?: Coding;
  languages: string[];
  /** Opening hours in FHIR's shape, read by `isOpenNow`; absent when the hours are not listed. */
  availableTime?: HealthcareServiceAvailableTime[];
  /** The IANA time zone `availableTime` is in (configuration only); the clinic's own otherwise. */
  timeZone?: string;
  /** The hours as the clinician reads them: "Mon–Fri 09:00–17:00 (Closed on public holidays)", "24/7". */
  hours?: string;
  agesServed?: AgesServed;
  /** YYYY-MM-DD: the day someone last confirmed these details; absent when nobody has said. */
  lastVerified?: string;
  /** Phone, text or address, as the clinician would hand it over. */
  contact: string;
  source: 'configuration' | 'server' | 'national';
}

export type ReferralOutcome =
  | 'no-concern'
  | 'concern-declined-referral'
  | 'concern-referral-agreed'
  | 'immediate-danger'
  | 'could-not-talk-privately'
  | 'declined-conversation';

/** A minor's report to the child protection agency: made (with who, when), or not yet and why. */
export type MinorReport =
  | { status: 'made'; agency: string; madeAt: string; reference?: string }
  | { status: 'not-yet'; why: string };

/** Why the conversation could not be held in private. */
export type NoPrivacyReason = 'companion-present' | 'no-interpreter' | 'no-time' | 'other';

export interface Interpreter {
  language: string;
  /** A professional interpreter, not a companion or relative. */
  professional: boolean;
}

export type LeavesWithCompanion = 'yes' | 'no' | 'unknown';

/** A short safety plan; written to the record only with the patient's agreement (`safetyPlanConsent`). */
export interface SafetyPlan {
  safePhone?: string;
  codeWord?: string;
  whereToGo?: string;
  safeTimeToCall?: string;
  dischargeTiming?: string;
  leavesWithCompanion?: LeavesWithCompanion;
}

/** What the patient agreed may go in the record; undefined until the patient has been asked. */
export type RecordChoice = 'everything' | 'flag-only' | 'nothing';

/** What the clinician decided with the patient; the input of the write plan. */
export interface ReferralDecision {
  /** Undefined until the clinician chooses: nothing is ever pre-chosen. */
  outcome: ReferralOutcome | undefined;
  /** The adult patient agreed to the referral (required before a referral is created for an adult). */
  consentRecorded: boolean;
  /** For a minor: the clinician acknowledged that the duty to report stands whatever the patient says. */
  minorNoticeAcknowledged: boolean;
  /** For a minor: the report made, or why not yet. */
  report?: MinorReport;
  /** Contacting the patient directly may be unsafe: sets the referral's "contacting subject prohibited" detail. */
  contactingPatientUnsafe: boolean;
  /** How to reach the patient safely, when contacting directly is unsafe; kept minimal. */
  safeContactNote?: string;
  referralTarget?: DirectoryEntry;
  /** With 'could-not-talk-privately': what stood in the way. */
  noPrivacyReason?: NoPrivacyReason;
  interpreter?: Interpreter;
  /** Whether the hotline card was given; undefined when not said. */
  hotlineCardGiven?: boolean;
  safetyPlan?: SafetyPlan;
  /** The patient agrees to have the safety plan written in the record. */
  safetyPlanConsent: boolean;
  recordChoice?: RecordChoice;
}

/** Why a record is marked entered in error: asked every time, so retracting is never a slip of the hand. */
export type RetractionReason = 'wrong-patient' | 'recorded-in-error' | 'decision-changed';
