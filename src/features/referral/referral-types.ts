import type { Coding } from 'fhir/r4';

/** A place Lantern can refer to: from configuration, from HealthcareService on the server, or the national hotline. */
export interface DirectoryEntry {
  /** Stable within the directory: 'config:shelter-1', 'HealthcareService/abc', 'hotline'. */
  id: string;
  name: string;
  /** What kind of help: 'Shelter', 'Legal aid', 'Victim advocate', 'Social work', 'Anti-trafficking coalition', 'Hotline'. */
  serviceType: string;
  /** The FHIR reference written as ServiceRequest.performer, when the service exists on the server. */
  performerReference?: string;
  /** The referral code written as ServiceRequest.code; SNOMED 306238000 (referral to social services) otherwise. */
  code?: Coding;
  languages: string[];
  hours?: string;
  /** Phone, text or address, as the clinician would hand it over. */
  contact: string;
  source: 'configuration' | 'server' | 'national';
}

export type ReferralOutcome = 'no-concern' | 'concern-declined-referral' | 'concern-referral-agreed' | 'immediate-danger';

/** What the clinician decided with the patient; the input of the write plan. */
export interface ReferralDecision {
  outcome: ReferralOutcome;
  /** The adult patient agreed to the referral (required before a referral is created for an adult). */
  consentRecorded: boolean;
  /** For a minor: the clinician acknowledged the mandated-reporting notice. */
  minorNoticeAcknowledged: boolean;
  /** Contacting the patient directly may be unsafe: sets the referral's "contacting subject prohibited" detail. */
  contactingPatientUnsafe: boolean;
  /** How to reach the patient safely, when contacting directly is unsafe; kept minimal. */
  safeContactNote?: string;
  referralTarget?: DirectoryEntry;
}

/** Why a record is marked entered in error: asked every time, so retracting is never a slip of the hand. */
export type RetractionReason = 'wrong-patient' | 'recorded-in-error' | 'decision-changed';
