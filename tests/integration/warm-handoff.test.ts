import type { Communication } from 'fhir/r4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSystemBase } from '../../src/config/runtime-config';
import { hasSafetySecurityLabels } from '../../src/features/referral/security-labels';
import { handoffBlocked, handoffMessage, handoffStatusOf, sendHandoff, type HandoffRequest } from '../../src/features/referral/warm-handoff';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import type { SandboxPatient } from '../../mocks/sandbox/synthetic/generate';
import { connectTestSandbox } from '../sandbox-harness';
import { capabilitiesOf, commitThenLose } from './write-back-support';

/** The warm handoff against the sandbox's real FHIR engine: sent once whatever happens to the answer, and read back. */

const sandbox = connectTestSandbox();

afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

let patient: SandboxPatient;
let session: SmartSession;
beforeAll(async () => {
  patient = await sandbox.freshPatient('indicator-adult');
  session = await sandbox.launch({ patient: patient.patientId, encounter: patient.activeEncounterIds[0] });
});

function request(where?: string): HandoffRequest {
  return {
    handoffId: crypto.randomUUID(),
    patientId: patient.patientId,
    encounterId: patient.activeEncounterIds[0],
    fhirUser: session.context.fhirUser,
    recipientReference: 'HealthcareService/hs-ed-social-work',
    where,
    sentAt: new Date().toISOString(),
    systemBase: defaultSystemBase,
  };
}

async function copiesOf(handoff: HandoffRequest): Promise<Communication[]> {
  const { resources } = await session.fhir.search('Communication', { patient: `Patient/${patient.patientId}`, identifier: `https://lantern.example/fhir/handoff|${handoff.handoffId}` });
  return resources;
}

describe('sendHandoff', () => {
  it('sends an urgent, restricted message to the on-call team, in neutral words', async () => {
    const handoff = request('Bay 4');
    const sent = await sendHandoff(session.fhir, await capabilitiesOf(session), session.context.grantedScopes, handoff);
    expect(sent).toMatchObject({
      status: 'in-progress',
      priority: 'urgent',
      recipient: [{ reference: 'HealthcareService/hs-ed-social-work' }],
      subject: { reference: `Patient/${patient.patientId}` },
      payload: [{ contentString: `${handoffMessage} Where: Bay 4.` }],
    });
    expect(hasSafetySecurityLabels(sent.meta?.security)).toBe(true);
    expect(handoffStatusOf(sent)).toEqual({ state: 'waiting' });
  });

  it('pages once when the answer is lost and the clinician tries again', async () => {
    const handoff = request();
    sandbox.server.use(commitThenLose(`${sandbox.fhirBaseUrl}/Communication`));
    const capabilities = await capabilitiesOf(session);
    await expect(sendHandoff(session.fhir, capabilities, session.context.grantedScopes, handoff)).rejects.toThrow();
    sandbox.server.resetHandlers();
    await sendHandoff(session.fhir, capabilities, session.context.grantedScopes, handoff);
    expect(await copiesOf(handoff)).toHaveLength(1);
  });

  it('sees the team’s receipt once the receiving side marks it received', async () => {
    const sent = await sendHandoff(session.fhir, await capabilitiesOf(session), session.context.grantedScopes, request());
    const received = '2026-12-06T10:03:00Z';
    const updated = await session.fhir.update({ ...sent, status: 'completed', received });
    expect(handoffStatusOf(await session.fhir.read('Communication', updated.id))).toEqual({ state: 'received', at: received });
  });

  it('says plainly when it may not send, before anything is tried', async () => {
    const capabilities = await capabilitiesOf(session);
    expect(handoffBlocked(capabilities, ['patient/Communication.read'])).toBe('The EHR did not give Lantern permission to send messages: page the on-call team by phone.');
    expect(handoffBlocked(capabilities, session.context.grantedScopes)).toBeUndefined();
  });
});
