import type { ScopeStyle } from '../lib/smart/smart-configuration';
import type { LanternConfig } from './runtime-config';

/**
 * Every scope Lantern asks for, in one place, with the reason a reviewer can check it against.
 * Written in SMART v1 syntax (`.read`, `.write`); `requestedScopes` turns them into v2 (`.rs`, `.cu`) for servers
 * that advertise v2.
 */
const identityScopes = {
  openid: 'identify the signed-in clinician (OpenID Connect id_token)',
  fhirUser: 'learn which Practitioner is using Lantern, to credit what it writes',
  online_access: 'renew the access token while Lantern is open, without keeping access after it closes',
} as const;

/** An EHR launch receives its context through the opaque `launch` parameter. */
const ehrLaunchScopes = {
  launch: 'receive the patient and encounter open in the EHR',
} as const;

/** A standalone launch asks the authorization server to let the user pick the context. */
const standaloneLaunchScopes = {
  'launch/patient': 'let the user choose the patient when Lantern is opened outside the chart',
  'launch/encounter': 'receive the current encounter when the server can supply one',
} as const;

const chartReadScopes = {
  'user/Practitioner.read': 'read the signed-in clinician’s own record, named as author of what Lantern writes',
  'patient/Patient.read': 'show who the patient is and their age (adult or youth guidance)',
  'patient/Encounter.read': 'find the active encounter and count recent emergency visits',
  'patient/Condition.read': 'look for chart indicators such as infections and injuries',
  'patient/Observation.read': 'look for relevant results such as pregnancy tests',
  'patient/Procedure.read': 'look for procedures that can be indicators',
  'patient/Coverage.read': 'see whether the patient has active insurance',
  'patient/Flag.read': 'show an existing safety flag instead of adding a second one',
  'patient/ServiceRequest.read': 'show earlier referrals instead of repeating them',
  'patient/Task.read': 'show whether the services Lantern referred to took up its referrals',
} as const;

/** Write-back: only what docs/design.md "What is written" lists, each created with the patient's consent where needed. */
const writeBackScopes = {
  'patient/Flag.write': 'record the confidential safety flag the clinician decided on, and mark Lantern’s own entered-in-error when withdrawn',
  'patient/ServiceRequest.write': 'send the referral the patient agreed to',
  'patient/Task.write': 'let the receiving service answer the referral on a tracked task, and mark Lantern’s own entered-in-error when withdrawn',
  'patient/QuestionnaireResponse.write': 'keep the completed check-in with the record, labelled restricted',
  'patient/Communication.write': 'record the concern as a restricted note when the EHR does not accept a safety flag',
  // Read back only to find what an interrupted submission already wrote, on EHRs without conditional create.
  'patient/QuestionnaireResponse.read': 'find check-in answers an interrupted save already wrote, so a retry does not write them twice',
  'patient/Communication.read': 'find a concern note an interrupted save already wrote, so a retry does not write it twice',
} as const;

/** The referral directory: services and organisations are not patient data, so they need user-level access. */
const directoryScopes = {
  'user/HealthcareService.read': 'list the referral services the organisation has registered in the EHR',
  'user/Organization.read': 'show which organisation provides a referral service',
} as const;

/**
 * Only when `questionnaires` in lantern.config.json names one: the defaults ship with Lantern, and an app should not
 * ask for access it never uses. Questionnaires are not patient data, so the access is user-level.
 */
const organisationQuestionnaireScopes = {
  'user/Questionnaire.read': 'load the organisation’s own screening questionnaire, named in Lantern’s configuration',
} as const;

export type LaunchKind = 'ehr' | 'standalone';

/**
 * `read` asks for no write scope at all: the relaunch Lantern offers when an authorization server refuses the whole
 * request because of its writes (OAuth `invalid_scope`). The check-in then says it is read-only.
 */
export type LaunchAccess = 'read-write' | 'read';

/** The part of the configuration the scopes depend on. */
export type ScopeConfig = Pick<LanternConfig, 'questionnaires'>;

/** Every scope for this launch, in the server's syntax; `config` adds what the organisation's settings need. */
export function requestedScopes(
  kind: LaunchKind,
  style: ScopeStyle = 'v1',
  config: ScopeConfig = { questionnaires: {} },
  access: LaunchAccess = 'read-write',
): string {
  const launchScopes = kind === 'ehr' ? ehrLaunchScopes : standaloneLaunchScopes;
  const { adult, youth } = config.questionnaires;
  return [
    ...Object.keys(identityScopes),
    ...Object.keys(launchScopes),
    ...Object.keys(chartReadScopes),
    ...(access === 'read-write' ? Object.keys(writeBackScopes) : []),
    ...Object.keys(directoryScopes),
    ...(adult !== undefined || youth !== undefined ? Object.keys(organisationQuestionnaireScopes) : []),
  ]
    .map((scope) => (style === 'v2' ? asV2(scope) : scope))
    .join(' ');
}

/**
 * The v2 form of a v1 scope: reading is always by search (`rs`); writing only creates and updates (`cu`, the update
 * marks Lantern's own record entered in error), never deletes.
 */
function asV2(scope: string): string {
  return scope.replace(/\.read$/, '.rs').replace(/\.write$/, '.cu');
}
