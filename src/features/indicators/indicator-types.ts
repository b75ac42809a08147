import type { Condition, Coverage, Encounter, Flag, Observation, Patient, Procedure, ServiceRequest } from 'fhir/r4';
import type { Population } from '../../lib/fhir/patient-age';

/**
 * What the engine reads. The types say what a conformant server sends; the engine still treats every value
 * as untrusted JSON (see lib/fhir/untrusted-json.ts), because real EHR payloads are not always conformant.
 */
export interface ChartSnapshot {
  patient: Patient;
  /** Recent encounters (last 12 months); may include the current one. */
  encounters: Encounter[];
  conditions: Condition[];
  /** Laboratory, social-history, survey and exam results of the last 12 months. */
  observations: Observation[];
  procedures: Procedure[];
  coverage: Coverage[];
  flags: Flag[];
  serviceRequests: ServiceRequest[];
}


export interface Evidence {
  /** Relative reference, e.g. 'Condition/abc'; empty string when the resource has no valid id. */
  reference: string;
  resourceType: string;
  /** Plain words built from untrusted chart text, e.g. 'Chlamydia (ICD-10-CM A56.09), recorded 12 Mar 2026'. */
  description: string;
  code?: { system: string; code: string; display?: string };
  /** The FHIR date/dateTime exactly as found (onset/recorded/effective/period.start/authoredOn). */
  date?: string;
}

/** Shown as a citation the clinician can copy (src/components/Citation.tsx), never as a link. */
export interface IndicatorSource {
  title: string;
  /** Who published it: a journal, a school, an agency. */
  publisher: string;
  /** Only when the address is known to be right; never guessed. */
  url?: string;
}

export interface IndicatorDefinition {
  /** Kebab-case and stable: the UI and any stored dismissals key on it. */
  id: string;
  /**
   * Neutral, short, the only words shown before the clinician opens the prompt: readable over a shoulder without
   * naming the concern ("Infection-related result"). No term of the vocabulary rule (docs/design.md).
   */
  heading: string;
  /** The clinical label ("Sexually transmitted infection"), shown only once the clinician opens the prompt. */
  label: string;
  /** "Why am I seeing this": 1–3 sentences; a prompt for a private conversation, not a finding. */
  explanation: string;
  source: IndicatorSource;
  population: Population | 'all';
  matcher: IndicatorMatcher;
}

export type CodedResourceType = 'Condition' | 'Observation' | 'Procedure';

/** How an indicator is recognised, as data; the engine interprets it. */
export type IndicatorMatcher =
  | CodedMatcher
  | RepeatEmergencyVisitsMatcher
  | NoActiveCoverageMatcher
  | PriorSafetyRecordMatcher
  | TemporaryAddressOnlyMatcher
  | UntreatedLongTermConditionMatcher;

export interface CodedMatcher {
  kind: 'coded';
  resourceTypes: readonly CodedResourceType[];
  codes: readonly CodeSet[];
  /**
   * Only resources whose latest date (Condition: onset, recorded or abatement) falls on or after the same day
   * this many months before `asOf`. A Condition with no usable date still counts while its clinical status is
   * active; other undated resources do not. No upper bound: a result stamped later today in another time zone
   * must still count. Omit for "any time".
   */
  withinMonths?: number;
  /** Observations count only with a positive/detected/abnormal result (value or interpretation). */
  requirePositive?: boolean;
  /** Count separate episodes: at least `count` matching dates, each `daysApart` after the previous one. */
  minimumEpisodes?: { count: number; daysApart: number };
}

export interface RepeatEmergencyVisitsMatcher {
  kind: 'repeat-emergency-visits';
  /** Emergency encounters in the window, the current visit included. */
  minimumVisits: number;
  withinMonths: number;
}

/**
 * An active long-term condition first dated on or before `withinMonths` before `asOf`, while every dated visit in
 * that window was an emergency visit (at least one). Undated visits cannot be placed in the window and are ignored;
 * with no dated visit at all the chart says nothing about care, and nothing is shown.
 */
export interface UntreatedLongTermConditionMatcher {
  kind: 'untreated-long-term-condition';
  conditions: readonly CodeSet[];
  withinMonths: number;
}

export interface NoActiveCoverageMatcher {
  kind: 'no-active-coverage';
}

export interface PriorSafetyRecordMatcher {
  kind: 'prior-safety-record';
  /** ServiceRequest codes (in `category` or `code`) that mark a social-service referral. */
  referralCodes: readonly CodeSet[];
}

export interface TemporaryAddressOnlyMatcher {
  kind: 'temporary-address-only';
}

export interface CodeSet {
  /** Canonical system URI; known aliases (OIDs, older URIs) are accepted when matching. */
  system: string;
  /** Whole codes, compared without dots, spaces or case. */
  codes?: readonly string[];
  /** Code prefixes ('S02.5' matches S02.5XXA and S025XXA), compared without dots, spaces or case. */
  prefixes?: readonly string[];
  /** Plain words for the set, used when the chart gives no display text. */
  label: string;
  /** Describe evidence by code only: some displays name the concern outright and must not be shown on screen. */
  codeOnlyEvidence?: boolean;
}

export interface IndicatorFinding {
  indicator: IndicatorDefinition;
  /**
   * Matching resources, newest first (undated last), de-duplicated by reference, at most EVIDENCE_LIMIT (5);
   * never empty. Where the finding is an absence (no coverage on file, temporary address) the Patient is cited.
   */
  evidence: Evidence[];
  /** How many matching resources there were before the cap (≥ evidence.length). */
  matchCount: number;
  /** Codes seen without a coding system that this indicator's sets list: not counted (SYSTEMLESS_CODE_RULE). */
  uncountedCodes?: string[];
}

/** Why a code without a `system` never matches; shown in a prompt's "why" when such a code was seen. */
export const SYSTEMLESS_CODE_RULE =
  'A code counts only with its coding system (SNOMED CT, ICD-10-CM, LOINC): the same characters can mean something else in another system.';
