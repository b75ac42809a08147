import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeLanternFlag, earlierCheckIns, getLanternRecordQueryOptions, submissionsInVisit, type LanternRecord } from '../../src/features/referral/lantern-record';
import { checkInOutcomeSystem, safetyConcernCode, safetyConcernSystem } from '../../src/features/referral/referral-systems';
import { defaultSystemBase } from '../../src/config/runtime-config';
import { executeWrite, type WriteInput } from '../../src/features/referral/write-executor';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import { connectTestSandbox } from '../sandbox-harness';
import { adultReferralAgreed, planFor, submission } from './write-back-support';

// Kayla Moreno (15, ED visit in progress): these tests add to her record and find their own submissions by id.
const sandbox = connectTestSandbox();
const kayla = sandbox.patient('youth');
const visit = kayla.activeEncounterIds[0] ?? '';

afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

let session: SmartSession;
let written: WriteInput;
let foreignFlagId: string;
beforeAll(async () => {
  session = await sandbox.launch({ patient: kayla.patientId, encounter: visit });
  // Another app's flag that even borrows Lantern's code: without Lantern's submission identifier it is not Lantern's.
  const foreign = await session.fhir.create<'Flag'>({
    resourceType: 'Flag',
    status: 'active',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety' }] }],
    code: { coding: [{ system: safetyConcernSystem(defaultSystemBase), code: safetyConcernCode }], text: 'Fall risk' },
    subject: { reference: `Patient/${kayla.patientId}` },
  });
  foreignFlagId = foreign.id;
  written = submission(session, { ...adultReferralAgreed, minorNoticeAcknowledged: true, report: { status: 'not-yet', why: 'Calling intake after the visit' } });
  await executeWrite(session.fhir, await planFor(session, written, { isMinor: true }), written);
});

async function readRecord(scopes = session.context.grantedScopes): Promise<LanternRecord> {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } }).query(getLanternRecordQueryOptions(session.fhir, scopes, kayla.patientId, defaultSystemBase));
}

describe('Lantern’s own record for a patient', () => {
  it('groups what one submission wrote, in the visit it was written against', async () => {
    const record = await readRecord();
    const mine = record.submissions.find((candidate) => candidate.submissionId === written.submissionId);
    expect(mine?.entries.map((entry) => entry.role)).toEqual(['safety-flag', 'check-in-note', 'screen', 'referral']);
    expect(mine?.encounterReference).toBe(`Encounter/${visit}`);
    expect(submissionsInVisit(record, visit).map((candidate) => candidate.submissionId)).toContain(written.submissionId);
    expect(submissionsInVisit(record, 'another-visit')).toEqual([]);
    expect(record.unchecked).toEqual([]);
  });

  it('finds Lantern’s active safety flag, never another author’s', async () => {
    const record = await readRecord();
    const flag = activeLanternFlag(record, defaultSystemBase);
    expect(flag?.id).not.toBe(foreignFlagId);
    expect(flag?.code.coding?.[0]?.code).toBe('safety-concern');
    expect(record.submissions.flatMap((candidate) => candidate.entries).some((entry) => entry.reference === `Flag/${foreignFlagId}`)).toBe(false);
  });

  it('asks for the patient’s resources instead when the server rejects the identifier search, and keeps only Lantern’s', async () => {
    sandbox.server.use(
      http.get(`${sandbox.fhirBaseUrl}/:type`, ({ request }) =>
        new URL(request.url).searchParams.has('identifier')
          ? HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', diagnostics: 'Unknown search parameter' }] }, { status: 400 })
          : undefined,
      ),
    );
    const record = await readRecord();
    expect(record.submissions.some((candidate) => candidate.submissionId === written.submissionId)).toBe(true);
    expect(activeLanternFlag(record, defaultSystemBase)?.id).not.toBe(foreignFlagId);
  });

  it('lists the types it may not read as unchecked, not as empty', async () => {
    const record = await readRecord(['patient/Flag.read', 'patient/Flag.write']);
    expect(record.unchecked).toEqual(['QuestionnaireResponse', 'Communication', 'ServiceRequest', 'Task']);
  });

  it('fails, rather than claim nothing, when the server fails', async () => {
    sandbox.server.use(http.get(`${sandbox.fhirBaseUrl}/Flag`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }, { status: 500 })));
    await expect(readRecord()).rejects.toMatchObject({ kind: 'server' });
  });

  it('fails when it could read only part of the record', async () => {
    sandbox.server.use(
      http.get(`${sandbox.fhirBaseUrl}/Flag`, ({ request }) =>
        HttpResponse.json({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [],
          link: [{ relation: 'next', url: `${sandbox.fhirBaseUrl}/Flag?${new URL(request.url).searchParams.toString()}&_offset=100` }],
        }),
      ),
    );
    await expect(readRecord()).rejects.toMatchObject({ kind: 'unknown', sentence: expect.stringMatching(/more from Lantern than it can read at once/) as unknown });
  });
});

describe('earlier check-ins', () => {
  it('lists Lantern’s own check-in notes by their coded outcome, and never another author’s note with the same code', async () => {
    const attempt = submission(
      session,
      { ...adultReferralAgreed, outcome: 'could-not-talk-privately', consentRecorded: false, minorNoticeAcknowledged: true, report: { status: 'not-yet', why: 'Companion present' } },
      false,
    );
    await executeWrite(session.fhir, await planFor(session, attempt, { isMinor: true }), attempt);
    await session.fhir.create<'Communication'>({
      resourceType: 'Communication',
      status: 'completed',
      topic: { coding: [{ system: checkInOutcomeSystem(defaultSystemBase), code: 'no-concern' }] },
      subject: { reference: `Patient/${kayla.patientId}` },
      sent: '2026-12-05T09:00:00Z',
    });
    const checkIns = earlierCheckIns(await readRecord(), defaultSystemBase);
    expect(checkIns.find((checkIn) => checkIn.submissionId === attempt.submissionId)).toMatchObject({ outcome: 'could-not-talk-privately', recordedAt: attempt.recordedAt });
    expect(checkIns.find((checkIn) => checkIn.submissionId === written.submissionId)?.outcome).toBe('concern-referral-agreed');
    expect(checkIns.map((checkIn) => checkIn.outcome)).not.toContain('no-concern');
  });
});
