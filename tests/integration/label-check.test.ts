import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkRecordedLabels, droppedLabelsText, type LabelCheck } from '../../src/features/referral/label-check';
import type { ConfidentialityLevel } from '../../src/features/referral/security-labels';
import { executeWrite, type WriteResult } from '../../src/features/referral/write-executor';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import type { VendorProfileName } from '../../mocks/sandbox/vendor-profiles';
import type { SandboxPatient } from '../../mocks/sandbox/synthetic/generate';
import { connectTestSandbox } from '../sandbox-harness';
import { adultReferralAgreed, planFor, submission } from './write-back-support';

const sandbox = connectTestSandbox();

afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

// A fresh copy of Ana Ruiz (adult, ED visit in progress), this file's own.
let adult: SandboxPatient;
beforeAll(async () => {
  adult = await sandbox.freshPatient('indicator-adult');
});

/** A launch of Ana's visit, through an EHR that keeps or silently drops security labels on write. */
function launch(dropsSecurityLabels: boolean, profile?: VendorProfileName): Promise<SmartSession> {
  return sandbox.launch(
    { patient: adult.patientId, encounter: adult.activeEncounterIds[0], ...(dropsSecurityLabels ? { dropsSecurityLabels: true } : {}) },
    undefined,
    profile ? { profile } : {},
  );
}

/** The agreed referral written through the real executor, then read back. */
async function writeThenCheck(session: SmartSession, confidentiality: ConfidentialityLevel): Promise<{ result: WriteResult; check: LabelCheck }> {
  const input = { ...submission(session, adultReferralAgreed), confidentiality };
  const result = await executeWrite(session.fhir, await planFor(session, input), input);
  return { result, check: await checkRecordedLabels(session.fhir, result.written, confidentiality) };
}

describe('reading back the labels of a real write-back', () => {
  it('finds them kept by an EHR that stores what it is sent', async () => {
    const { result, check } = await writeThenCheck(await launch(false), 'V');
    expect(result.written.map(({ resourceType }) => resourceType)).toEqual(['Flag', 'QuestionnaireResponse', 'Communication', 'ServiceRequest']);
    expect(check).toEqual({ status: 'kept' });
  });

  it('finds them dropped, on every resource, by an EHR that ignores them (201 all the same)', async () => {
    const { result, check } = await writeThenCheck(await launch(true), 'R');
    expect(result.written.map(({ action }) => action)).toEqual(['created', 'created', 'created', 'created']);
    expect(check).toEqual({
      status: 'dropped',
      missing: result.written.map(({ resourceType, reference }) => ({ resourceType, reference, labels: ['R', 'NOPAT', 'SDV'] })),
    });
    if (check.status !== 'dropped') throw new Error('expected dropped labels');
    expect(droppedLabelsText(check)).toBe(
      'The EHR did not keep the restricted labels on the safety flag, the check-in answers, the check-in note and the referral. ' +
        'They may be visible in the patient portal or on printouts; ask your EHR team to restrict them.',
    );
  });

  it('finds them dropped after one-by-one creates too (an Epic-style base with the option on)', async () => {
    const { result, check } = await writeThenCheck(await launch(true, 'epic'), 'R');
    expect(result.written.map(({ resourceType }) => resourceType)).toEqual(['QuestionnaireResponse', 'Communication', 'ServiceRequest']);
    expect(check).toMatchObject({ status: 'dropped' });
    if (check.status !== 'dropped') throw new Error('expected dropped labels');
    expect(droppedLabelsText(check)).toContain('on the check-in answers, the check-in note and the referral.');
  });

  it('does not vouch for labels it may not read back: unchecked', async () => {
    const session = await launch(true);
    const input = { ...submission(session, adultReferralAgreed), confidentiality: 'R' as const };
    const result = await executeWrite(session.fhir, await planFor(session, input), input);
    const withoutReads = await launchWithout(['patient/Flag.read', 'patient/ServiceRequest.read', 'patient/QuestionnaireResponse.read', 'patient/Communication.read']);
    const check = await checkRecordedLabels(withoutReads.fhir, result.written, 'R');
    expect(check).toMatchObject({ status: 'unchecked', reason: expect.stringContaining('does not let Lantern read back') as unknown });
  });
});

function launchWithout(deniedScopes: string[]): Promise<SmartSession> {
  return sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0], deniedScopes });
}
