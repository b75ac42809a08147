import type { CdsConfig } from './config';
import type { ChartRead } from './chart-read';
import { evaluateIndicators } from '../src/features/indicators/engine';
import { NOT_A_VISIT } from '../src/features/indicators/matchers/repeat-emergency-visits';
import { submissionPartOf } from '../src/features/referral/submission-identifiers';
import { populationFor } from '../src/lib/fhir/patient-age';
import { CODE_SYSTEM, isCode } from '../src/lib/fhir/terminology';
import { codingsIn, field, recordList, recordsOf, stringField, type JsonRecord } from '../src/lib/fhir/untrusted-json';

/**
 * Which catalog indicators speak of circumstances rather than of the patient's health. Alone they never raise a
 * card: they would flag poverty, not risk, and feed alert fatigue. Every catalog indicator is listed here
 * (card-policy.test.ts checks it), so a new one is classified on purpose.
 */
export const indicatorKinds = {
  'related-code-recorded': 'clinical',
  'prior-safety-record': 'clinical',
  'sexually-transmitted-infection': 'clinical',
  'pregnancy-in-minor': 'clinical',
  'repeated-pregnancy-loss-or-termination': 'clinical',
  'genital-injury': 'clinical',
  'dental-injury': 'clinical',
  'injury-fracture-contusion-burn': 'clinical',
  'assault-or-maltreatment': 'clinical',
  'substance-use': 'clinical',
  malnutrition: 'clinical',
  'housing-instability': 'socioeconomic',
  'temporary-address-only': 'socioeconomic',
  'post-traumatic-stress': 'clinical',
  depression: 'clinical',
  'self-harm': 'clinical',
  'untreated-long-term-condition': 'clinical',
  'repeat-emergency-visits': 'clinical',
  'no-active-coverage': 'socioeconomic',
} as const satisfies Record<string, 'clinical' | 'socioeconomic'>;

export interface HookContext {
  patientId: string;
  /** `Practitioner/123`; patient-view also fires for patients and their proxies. */
  userId: string | undefined;
  encounterId: string | undefined;
}

/** Why the service answered as it did: logged (no patient data in it) and tested. */
export type CardDecision =
  | { card: true; reason: 'clinical-indicator' | 'emergency-visit' }
  | { card: false; reason: 'not-a-clinician' | 'lantern-record-exists' | 'no-clinical-indicator' };

/**
 * 1. Only clinicians see the card: a user that is not a Practitioner or PractitionerRole (a patient or a proxy in a
 *    portal, or no user at all) gets none.
 * 2. Once Lantern's own record of this visit is in the chart (a Flag, referral, check-in answers or check-in note
 *    carrying one of Lantern's submission identifiers under `systemBase` and this encounter), no second card.
 * 3. `every-emergency-visit`: a card whenever this visit is an emergency visit.
 * 4. Otherwise a card only when the chart holds at least one clinical indicator.
 */
export function decideCard(context: HookContext, read: ChartRead, policy: Pick<CdsConfig, 'mode' | 'systemBase'>, asOf: string): CardDecision {
  const userType = context.userId?.split('/')[0];
  if (userType !== 'Practitioner' && userType !== 'PractitionerRole') return { card: false, reason: 'not-a-clinician' };

  const visits = currentVisits(context, read);
  const visitReferences = new Set(visits.map((visit) => `Encounter/${stringField(visit, 'id') ?? ''}`));
  if (visits.length > 0 && hasLanternRecord(read, visitReferences, policy.systemBase)) {
    return { card: false, reason: 'lantern-record-exists' };
  }
  if (policy.mode === 'every-emergency-visit' && visits.some(isEmergencyVisit)) return { card: true, reason: 'emergency-visit' };

  const population = populationFor(field(read.chart.patient, 'birthDate'), asOf);
  const findings = evaluateIndicators(read.chart, { asOf, population });
  const clinical = findings.some(({ indicator }) => kindOf(indicator.id) === 'clinical');
  return clinical ? { card: true, reason: 'clinical-indicator' } : { card: false, reason: 'no-clinical-indicator' };
}

/** An indicator missing from the list counts as clinical: a card too many is safer than a silent one. */
function kindOf(id: string): 'clinical' | 'socioeconomic' {
  return Object.hasOwn(indicatorKinds, id) ? indicatorKinds[id as keyof typeof indicatorKinds] : 'clinical';
}

/** The encounter in context; without one, the visits in progress, as the app looks for them. */
function currentVisits(context: HookContext, read: ChartRead): JsonRecord[] {
  const encounters = recordsOf(read.chart.encounters).filter((encounter) => stringField(encounter, 'id') !== undefined);
  if (context.encounterId !== undefined) {
    const inContext = encounters.find((encounter) => stringField(encounter, 'id') === context.encounterId);
    // Not among the recent visits read: still this visit, for finding Lantern's record of it.
    return [inContext ?? { resourceType: 'Encounter', id: context.encounterId }];
  }
  return encounters.filter((encounter) => stringField(encounter, 'status') === 'in-progress');
}

function isEmergencyVisit(encounter: JsonRecord): boolean {
  const status = stringField(encounter, 'status');
  if (status !== undefined && NOT_A_VISIT.has(status)) return false;
  return codingsIn(encounter, 'class').some((coding) => isCode(coding, CODE_SYSTEM.actCode, 'EMER'));
}

function hasLanternRecord(read: ChartRead, visits: ReadonlySet<string>, systemBase: string): boolean {
  const resources = [...recordsOf(read.chart.flags), ...recordsOf(read.chart.serviceRequests), ...recordsOf(read.screens), ...recordsOf(read.notes)];
  return resources.some((resource) => {
    const encounter = stringField(field(resource, 'encounter'), 'reference');
    return encounter !== undefined && visits.has(encounter) && isLanterns(resource, systemBase);
  });
}

/**
 * Carries one of Lantern's submission identifiers under this `systemBase`, recognised as the app recognises its own
 * record (a list on Flag, ServiceRequest and Communication, a single one on QuestionnaireResponse).
 */
function isLanterns(resource: JsonRecord, systemBase: string): boolean {
  return recordList(resource, 'identifier').some((identifier) => {
    const system = stringField(identifier, 'system');
    const value = stringField(identifier, 'value');
    return system !== undefined && value !== undefined && submissionPartOf(systemBase, { system, value }) !== undefined;
  });
}
