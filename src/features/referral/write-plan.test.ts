import type { Flag } from 'fhir/r4';
import type { WithId } from '../../lib/fhir/fhir-client';
import { describe, expect, it } from 'vitest';
import { parseCapabilities, undeclaredCapabilities, type ServerCapabilities } from '../../lib/smart/capabilities';
import type { DirectoryEntry, MinorReport, ReferralDecision } from './referral-types';
import { planWrite, unguardedNote, withdrawalBlocked, writesGranted, type WritePlan, type WritePlanInput, type WriteStep } from './write-plan';

type Interaction = 'read' | 'search-type' | 'create' | 'update';

/** A CapabilityStatement like the sandbox's, with per-type interactions and switches for the optional features. */
function server(
  options: { transaction?: boolean; conditionalCreate?: boolean; updateCreate?: boolean; interactions?: Partial<Record<string, Interaction[]>> } = {},
): ServerCapabilities {
  const types = ['Flag', 'QuestionnaireResponse', 'Communication', 'ServiceRequest', 'Task'];
  return parseCapabilities({
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2025-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        interaction: options.transaction === false ? [{ code: 'batch' }] : [{ code: 'transaction' }, { code: 'batch' }],
        resource: types.map((type) => {
          const codes = options.interactions?.[type] ?? ['read', 'search-type', 'create', 'update'];
          return {
            type,
            interaction: codes.map((code) => ({ code })),
            conditionalCreate: (options.conditionalCreate ?? true) && codes.includes('create'),
            updateCreate: options.updateCreate === true,
          };
        }),
      },
    ],
  });
}

const allWriteScopes = [
  'patient/Flag.read',
  'patient/Flag.write',
  'patient/ServiceRequest.read',
  'patient/ServiceRequest.write',
  'patient/QuestionnaireResponse.read',
  'patient/QuestionnaireResponse.write',
  'patient/Communication.read',
  'patient/Communication.write',
  'patient/Task.read',
  'patient/Task.write',
];
const readOnlyScopes = ['patient/Flag.read', 'patient/ServiceRequest.read', 'patient/Patient.read'];

const safeHarbor: DirectoryEntry = {
  id: 'config:safe-harbor',
  name: 'Safe Harbor shelter',
  serviceType: 'Shelter',
  languages: ['English'],
  contact: '555-0100',
  ownerReference: 'Organization/safe-harbor',
  source: 'configuration',
};

const referralAgreed: ReferralDecision = {
  outcome: 'concern-referral-agreed',
  consentRecorded: true,
  minorNoticeAcknowledged: false,
  contactingPatientUnsafe: false,
  safetyPlanConsent: false,
  referralTarget: safeHarbor,
  recordChoice: 'everything',
};
const declinedReferral: ReferralDecision = { ...referralAgreed, outcome: 'concern-declined-referral', consentRecorded: false };
const immediateDanger: ReferralDecision = { ...referralAgreed, outcome: 'immediate-danger' };
const reportNotYet: MinorReport = { status: 'not-yet', why: 'Calling intake after the exam' };
const noConcern: ReferralDecision = { ...referralAgreed, outcome: 'no-concern', consentRecorded: false };

const lanternsEarlierFlag: WithId<Flag> = {
  resourceType: 'Flag',
  id: 'flag-earlier',
  meta: { versionId: '3' },
  status: 'active',
  code: { text: 'Safety concern — restricted; see care team' },
  subject: { reference: 'Patient/ana' },
};

function plan(overrides: Partial<WritePlanInput> = {}): WritePlan {
  return planWrite({ capabilities: server(), grantedScopes: allWriteScopes, decision: referralAgreed, isMinor: false, hasScreen: true, fhirUser: 'Practitioner/dr-lee', ...overrides });
}

function stepsOf(result: WritePlan): WriteStep[] {
  if (result.mode !== 'transaction' && result.mode !== 'sequential') throw new Error(`Expected writes, got mode ${result.mode}`);
  return result.steps;
}

/** `Flag:create`, `Flag:update`… in order. */
function summary(result: WritePlan): string[] {
  return stepsOf(result).map((step) => `${step.resourceType}:${step.action}`);
}

describe('planWrite: what is written for each outcome', () => {
  it('writes Flag, screen and referral in one transaction when the adult agreed to the referral', () => {
    const result = plan();
    expect(result.mode).toBe('transaction');
    expect(summary(result)).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
    expect(stepsOf(result).every((step) => step.action !== 'create' || step.idempotency === 'if-none-exist')).toBe(true);
    expect(result.notWritten).toEqual([]);
  });

  it('writes the Flag and screen but no referral when the patient declines it', () => {
    const result = plan({ decision: declinedReferral });
    expect(summary(result)).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create']);
  });

  it('does not need consent when no referral is made', () => {
    expect(plan({ decision: { ...declinedReferral, consentRecorded: false } }).mode).toBe('transaction');
  });

  it('makes an immediate-danger referral stat', () => {
    const result = plan({ decision: immediateDanger });
    const referral = stepsOf(result).find((step) => step.role === 'referral');
    expect(referral).toMatchObject({ resourceType: 'ServiceRequest', priority: 'stat' });
    expect(summary(result)).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
  });

  it('gives an agreed referral routine priority', () => {
    expect(stepsOf(plan()).find((step) => step.role === 'referral')).toMatchObject({ priority: 'routine' });
  });

  it('leaves the screen out when there is none', () => {
    expect(summary(plan({ hasScreen: false }))).toEqual(['Flag:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
  });

  it('records a no-concern check-in: the answers and the check-in note, no flag', () => {
    expect(summary(plan({ decision: noConcern }))).toEqual(['QuestionnaireResponse:create', 'Communication:create']);
    expect(summary(plan({ decision: noConcern, hasScreen: false }))).toEqual(['Communication:create']);
  });

  it('says "Patient declined referral" in the note only where the patient declined one', () => {
    const declinedFlags = (decision: ReferralDecision): boolean[] =>
      stepsOf(plan({ decision })).flatMap((step) => (step.role === 'check-in-note' ? [step.declinedReferral] : []));
    expect(declinedFlags(declinedReferral)).toEqual([true]);
    expect(declinedFlags({ ...immediateDanger, consentRecorded: false })).toEqual([true]);
    expect(declinedFlags(immediateDanger)).toEqual([false]);
    expect(declinedFlags(referralAgreed)).toEqual([false]);
    expect(declinedFlags(noConcern)).toEqual([false]);
  });
});

describe('planWrite: consent and minors', () => {
  it('refuses a referral for an adult without recorded consent', () => {
    const result = plan({ decision: { ...referralAgreed, consentRecorded: false } });
    expect(result).toMatchObject({ mode: 'refused', reason: 'Record that the patient agreed to this referral first.' });
  });

  it('records an adult’s immediate danger without consent: the flag and answers, no referral', () => {
    expect(summary(plan({ decision: { ...immediateDanger, consentRecorded: false } }))).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create']);
  });

  it('refuses while no outcome is chosen', () => {
    expect(plan({ decision: { ...referralAgreed, outcome: undefined } })).toMatchObject({ mode: 'refused', reason: 'Choose the outcome of the conversation first.' });
  });

  it.each([referralAgreed, immediateDanger, declinedReferral])('refuses a minor’s $outcome before the duty is acknowledged and the report documented', (decision) => {
    // A minor's own "consent" or refusal does not stand in for the duty to report.
    const unacknowledged = plan({ isMinor: true, decision: { ...decision, consentRecorded: true, minorNoticeAcknowledged: false } });
    expect(unacknowledged).toMatchObject({ mode: 'refused', reason: 'Acknowledge that the duty to report stands first.' });
    const unreported = plan({ isMinor: true, decision: { ...decision, minorNoticeAcknowledged: true } });
    expect(unreported).toMatchObject({ mode: 'refused', reason: 'Record whether the report was made.' });
  });

  it.each([referralAgreed, immediateDanger])('refuses a referral with no service chosen: the same rule the form shows ($outcome)', (decision) => {
    const result = plan({ decision: { ...decision, referralTarget: undefined } });
    expect(result).toMatchObject({ mode: 'refused', reason: 'Choose a service to refer to.' });
  });

  it('refers a minor once the duty is acknowledged and the report documented, without asking for adult consent', () => {
    const result = plan({ isMinor: true, decision: { ...referralAgreed, consentRecorded: false, minorNoticeAcknowledged: true, report: reportNotYet } });
    expect(summary(result)).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
  });

  it('records a minor’s declined referral once the report is documented', () => {
    const result = plan({ isMinor: true, decision: { ...declinedReferral, minorNoticeAcknowledged: true, report: reportNotYet } });
    expect(summary(result)).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create']);
  });

  it.each([referralAgreed, declinedReferral, immediateDanger, noConcern])(
    'refuses anything while the age is unknown and not confirmed, even with consent and the notice ($outcome)',
    (decision) => {
      const result = plan({
        isMinor: undefined,
        decision: { ...decision, consentRecorded: true, minorNoticeAcknowledged: true },
      });
      expect(result).toMatchObject({ mode: 'refused', reason: 'Confirm whether the patient is an adult or a minor first.', notWritten: [] });
    },
  );

  it('refuses before looking at the server: a read-only EHR still says consent is missing', () => {
    expect(plan({ grantedScopes: readOnlyScopes, decision: { ...referralAgreed, consentRecorded: false } }).mode).toBe('refused');
  });
});

describe('planWrite: how it is written', () => {
  it('writes one resource at a time, with If-None-Exist, when the server has no transactions', () => {
    const result = plan({ capabilities: server({ transaction: false }) });
    expect(result.mode).toBe('sequential');
    expect(summary(result)).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
    expect(stepsOf(result).map((step) => (step.action === 'create' ? step.idempotency : step.action))).toEqual(['if-none-exist', 'if-none-exist', 'if-none-exist', 'if-none-exist', 'if-none-exist']);
  });

  it('searches before creating when the server has no conditional create', () => {
    const result = plan({ capabilities: server({ conditionalCreate: false }) });
    expect(result.mode).toBe('transaction');
    expect(stepsOf(result).map((step) => (step.action === 'create' ? step.idempotency : step.action))).toEqual(['search-first', 'search-first', 'search-first', 'search-first', 'search-first']);
  });

  it('warns when a retry cannot be guarded (no conditional create, no read scope)', () => {
    const result = plan({
      capabilities: server({ conditionalCreate: false }),
      grantedScopes: ['patient/Flag.write', 'patient/ServiceRequest.write', 'patient/QuestionnaireResponse.write'],
    });
    expect(stepsOf(result).map((step) => (step.action === 'create' ? step.idempotency : step.action))).toEqual(['unguarded', 'unguarded', 'unguarded']);
    expect(result.notes).toContain(unguardedNote);
  });

  it('puts each resource at an id of its own choosing where the server creates on PUT and has no conditional create', () => {
    const result = plan({ capabilities: server({ conditionalCreate: false, updateCreate: true }) });
    expect(stepsOf(result).map((step) => (step.action === 'create' ? step.idempotency : step.action))).toEqual(['client-id', 'client-id', 'client-id', 'client-id', 'client-id']);
    expect(result.notes).toEqual([]);
  });

  it('rescues a server without read scopes by update-as-create, so no warning is needed', () => {
    const result = plan({
      capabilities: server({ conditionalCreate: false, updateCreate: true }),
      grantedScopes: ['patient/Flag.write', 'patient/ServiceRequest.write', 'patient/QuestionnaireResponse.write'],
    });
    expect(stepsOf(result).map((step) => (step.action === 'create' ? step.idempotency : step.action))).toEqual(['client-id', 'client-id', 'client-id']);
  });

  it('does not choose ids without the update permission', () => {
    const result = plan({ capabilities: server({ conditionalCreate: false, updateCreate: true }), grantedScopes: ['patient/Flag.c', 'patient/Flag.rs', 'patient/ServiceRequest.c', 'patient/QuestionnaireResponse.c'] });
    expect(stepsOf(result).map((step) => (step.action === 'create' ? step.idempotency : step.action))).toEqual(['search-first', 'unguarded', 'unguarded']);
  });

  it('with no CapabilityStatement: no transaction, search first, creates left to the scopes, and a note', () => {
    const result = plan({ capabilities: undeclaredCapabilities('The EHR did not describe what it supports.') });
    expect(result.mode).toBe('sequential');
    expect(stepsOf(result).map((step) => (step.action === 'create' ? step.idempotency : step.action))).toEqual(['search-first', 'search-first', 'search-first', 'search-first', 'search-first']);
    expect(result.notes).toEqual(['The EHR did not describe what it supports.']);
  });

  it('trusts the server when the token response listed no scopes', () => {
    expect(summary(plan({ grantedScopes: [] }))).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
  });

  it('reads SMART v2 scopes', () => {
    const result = plan({ grantedScopes: ['patient/Flag.cruds', 'patient/ServiceRequest.c', 'patient/QuestionnaireResponse.cu', 'patient/Communication.c', 'patient/Task.cu'] });
    expect(summary(result)).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
  });
});

describe('planWrite: the referral’s tracking Task', () => {
  const untracked = 'The referral is recorded, but whether the service takes it up will not show in Lantern: follow it up by phone.';

  it('follows the referral, owned by the service’s organisation, with the same idempotency', () => {
    const steps = stepsOf(plan());
    expect(steps.at(-1)).toEqual({ role: 'referral-task', resourceType: 'Task', action: 'create', idempotency: 'if-none-exist', owner: 'Organization/safe-harbor' });
    expect(steps.findIndex((step) => step.role === 'referral')).toBe(steps.length - 2);
  });

  it('is not written without a referral', () => {
    expect(summary(plan({ decision: declinedReferral }))).not.toContain('Task:create');
    expect(plan({ decision: declinedReferral }).notWritten).toEqual([]);
  });

  it.each([
    ['the EHR takes no Task', { capabilities: server({ interactions: { Task: ['read', 'search-type'] } }) }, 'This EHR does not accept referral tracking tasks from apps.'],
    ['the token grants no Task create', { grantedScopes: allWriteScopes.filter((scope) => !scope.startsWith('patient/Task')) }, 'The EHR did not give Lantern permission to add referral tracking tasks.'],
    ['the service has no organisation on the EHR', { decision: { ...referralAgreed, referralTarget: { ...safeHarbor, ownerReference: undefined } } }, 'This service has no organisation on the EHR to receive a tracked referral.'],
    ['no clinician is named', { fhirUser: undefined }, 'The EHR did not say which clinician is signed in, and a tracked referral needs its requester.'],
    ['the user is not a clinician', { fhirUser: 'Patient/ana' }, 'The EHR did not say which clinician is signed in, and a tracked referral needs its requester.'],
  ])('writes the referral untracked, and says so, when %s', (_case, overrides: Partial<WritePlanInput>, reason) => {
    const result = plan(overrides);
    expect(summary(result)).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create', 'ServiceRequest:create']);
    expect(result.notWritten).toEqual([{ resourceType: 'Task', reason: `${reason} ${untracked}` }]);
  });
});

describe('planWrite: Lantern’s own active safety Flag already on the chart', () => {
  it('keeps it exactly as it is and points the new record at it: no second flag, no change to it', () => {
    const result = plan({ lanternActiveFlag: lanternsEarlierFlag });
    expect(summary(result)).toEqual(['Flag:keep', 'QuestionnaireResponse:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
    expect(stepsOf(result)[0]).toMatchObject({ action: 'keep', existing: lanternsEarlierFlag });
    expect(result.mode).toBe('transaction');
  });

  it('never plans an update of a Flag, whatever the server allows', () => {
    for (const lanternActiveFlag of [undefined, lanternsEarlierFlag]) {
      expect(stepsOf(plan({ lanternActiveFlag })).map((step) => step.action)).not.toContain('update');
    }
  });
});

describe('planWrite: fallbacks', () => {
  it('records the concern as a Communication when the server takes no Flag', () => {
    const result = plan({ capabilities: server({ interactions: { Flag: ['read', 'search-type'] } }) });
    expect(summary(result)).toEqual(['QuestionnaireResponse:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
    expect(result.notWritten).toEqual([{ resourceType: 'Flag', reason: 'This EHR does not accept safety flags from apps. The concern is recorded in the restricted check-in note instead.' }]);
  });

  it('says the screen carries the concern when neither Flag nor Communication can be written', () => {
    const result = plan({ capabilities: server({ interactions: { Flag: ['read'], Communication: ['read'] } }) });
    expect(summary(result)).toEqual(['QuestionnaireResponse:create', 'ServiceRequest:create', 'Task:create']);
    expect(result.notWritten.map((item) => item.resourceType)).toEqual(['Flag', 'Communication']);
    expect(result.notWritten[0]?.reason).toMatch(/recorded only in the restricted check-in answers/);
  });

  it('says to tell the care team when nothing can record the concern', () => {
    const result = plan({ hasScreen: false, capabilities: server({ interactions: { Flag: ['read'], Communication: ['read'] } }) });
    expect(summary(result)).toEqual(['ServiceRequest:create', 'Task:create']);
    expect(result.notWritten[0]?.reason).toMatch(/tell the care team directly/);
  });

  it('says plainly that the referral was not sent when the server takes no ServiceRequest', () => {
    const result = plan({ capabilities: server({ interactions: { ServiceRequest: ['read', 'search-type'] } }) });
    expect(summary(result)).toEqual(['Flag:create', 'QuestionnaireResponse:create', 'Communication:create']);
    expect(result.notWritten).toEqual([
      { resourceType: 'ServiceRequest', reason: 'This EHR does not accept referrals from apps. Make the referral by phone, using the printable summary.' },
    ]);
  });

  it('blames the missing permission rather than the server when the scope was not granted', () => {
    const result = plan({ grantedScopes: allWriteScopes.filter((scope) => scope !== 'patient/ServiceRequest.write') });
    expect(result.notWritten[0]?.reason).toMatch(/^The EHR did not give Lantern permission to add referrals\./);
  });

  it('says the screen was not saved when it cannot be', () => {
    const result = plan({ capabilities: server({ interactions: { QuestionnaireResponse: ['read'] } }) });
    expect(summary(result)).toEqual(['Flag:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
    expect(result.notWritten).toEqual([{ resourceType: 'QuestionnaireResponse', reason: 'This EHR does not accept check-in answers from apps. The check-in answers were not saved.' }]);
  });

  it('offers the printable summary when nothing can be written (read-only)', () => {
    const result = plan({ grantedScopes: readOnlyScopes });
    expect(result.mode).toBe('none');
    expect(result.notWritten.map((item) => item.resourceType)).toEqual(['Flag', 'QuestionnaireResponse', 'Communication', 'ServiceRequest']);
    expect(result).toMatchObject({ reason: expect.stringMatching(/Print the discreet referral summary/) as unknown });
  });

  it('offers the printable summary when the only thing left is keeping an existing Flag', () => {
    const result = plan({ grantedScopes: readOnlyScopes, lanternActiveFlag: lanternsEarlierFlag, hasScreen: false });
    expect(result.mode).toBe('none');
  });

  it('uses ordered creates when the server has no transaction, even with fallbacks', () => {
    const result = plan({ capabilities: server({ transaction: false, interactions: { Flag: ['read'] } }) });
    expect(result.mode).toBe('sequential');
    expect(summary(result)).toEqual(['QuestionnaireResponse:create', 'Communication:create', 'ServiceRequest:create', 'Task:create']);
  });
});

describe('writesGranted: read-only mode', () => {
  it.each<[string, string[], boolean]>([
    ['read scopes only (v1)', ['openid', 'launch', 'patient/Patient.read', 'patient/Flag.read'], false],
    ['read scopes only (v2)', ['patient/*.rs', 'user/HealthcareService.rs'], false],
    ['one write scope for what Lantern writes', ['patient/Patient.read', 'patient/QuestionnaireResponse.write'], true],
    ['a v2 create scope', ['patient/ServiceRequest.c'], true],
    ['write access only to types Lantern never writes', ['patient/Observation.cruds', 'patient/Condition.write'], false],
    ['no scopes listed (the server did not say)', [], true],
  ])('%s → %s', (_label, scopes, granted) => {
    expect(writesGranted(scopes)).toBe(granted);
  });
});

describe('withdrawalBlocked: withdrawing is an update', () => {
  it('is allowed where the server updates the types and the scopes allow it', () => {
    expect(withdrawalBlocked(server(), allWriteScopes, ['Flag', 'ServiceRequest'])).toBeUndefined();
  });

  it('names what cannot be changed and where to withdraw it instead (an EHR that only creates)', () => {
    const createOnly = server({ interactions: { Communication: ['read', 'search-type', 'create'], ServiceRequest: ['read', 'search-type', 'create'] } });
    expect(withdrawalBlocked(createOnly, allWriteScopes, ['Communication', 'QuestionnaireResponse', 'ServiceRequest'])).toBe(
      'This EHR does not let Lantern change the notes or referrals it wrote. To withdraw them, mark them entered in error in the EHR itself.',
    );
  });

  it('is blocked when only create was granted (SMART v2 .c)', () => {
    expect(withdrawalBlocked(server(), ['patient/Flag.c'], ['Flag'])).toMatch(/safety flags/);
  });
});

describe('planWrite: attempts without a conversation', () => {
  it.each(['could-not-talk-privately', 'declined-conversation'] as const)('records the attempt for %s: the note, the answers if any, no flag', (outcome) => {
    expect(summary(plan({ decision: { ...noConcern, outcome } }))).toEqual(['QuestionnaireResponse:create', 'Communication:create']);
    expect(summary(plan({ decision: { ...noConcern, outcome }, hasScreen: false }))).toEqual(['Communication:create']);
  });

  it('says plainly when the EHR refuses the note', () => {
    const result = plan({ decision: { ...noConcern, outcome: 'could-not-talk-privately' }, hasScreen: false, capabilities: server({ interactions: { Communication: ['read'] } }) });
    expect(result.mode).toBe('none');
    expect(result.notWritten.map((item) => item.resourceType)).toEqual(['Communication']);
  });
});

describe('planWrite: the patient’s say over the record', () => {
  it('writes nothing when the patient chooses nothing in the record, and says to print the summary', () => {
    const result = plan({ decision: { ...declinedReferral, recordChoice: 'nothing' } });
    expect(result).toMatchObject({ mode: 'none', notWritten: [], reason: expect.stringMatching(/nothing is written\. Print the summary/) as unknown });
  });

  it('writes the safety flag only: no answers, no note, no referral', () => {
    expect(summary(plan({ decision: { ...referralAgreed, recordChoice: 'flag-only' } }))).toEqual(['Flag:create']);
    expect(summary(plan({ decision: { ...immediateDanger, consentRecorded: false, recordChoice: 'flag-only' } }))).toEqual(['Flag:create']);
  });

  it('says so when the patient chose the flag only and the EHR refuses flags: no note stands in for it', () => {
    const result = plan({ decision: { ...declinedReferral, recordChoice: 'flag-only' }, capabilities: server({ interactions: { Flag: ['read'] } }) });
    expect(result.mode).toBe('none');
    expect(result.notWritten[0]?.reason).toMatch(/The patient chose the flag only/);
  });

  it('adds nothing when the patient chose the flag only and Lantern’s flag is already on the chart', () => {
    const result = plan({ decision: { ...declinedReferral, recordChoice: 'flag-only' }, lanternActiveFlag: lanternsEarlierFlag });
    expect(result).toMatchObject({ mode: 'none', reason: expect.stringMatching(/already on the chart/) as unknown });
  });

  it('refuses until the patient has been asked', () => {
    const unasked: ReferralDecision = { ...declinedReferral };
    delete unasked.recordChoice;
    expect(plan({ decision: unasked })).toMatchObject({ mode: 'refused', reason: 'Ask the patient what goes in the record first.' });
  });
});
