import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { resolveLaunchContext } from '../../src/lib/smart/launch-context';
import { connectTestSandbox } from '../sandbox-harness';

const sandbox = connectTestSandbox();
afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

describe('resolveLaunchContext against the sandbox EHR', () => {
  it('reads the patient, the user and the encounter the EHR put in context', async () => {
    const adult = sandbox.patient('indicator-adult');
    const session = await sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0] });
    const context = await resolveLaunchContext(session);
    expect(context.patient.id).toBe(adult.patientId);
    expect(context.encounter).toMatchObject({ status: 'in-context', encounter: { id: adult.activeEncounterIds[0] } });
    expect(context.userReference).toMatch(/^Practitioner\//);
    expect(context.user?.resourceType).toBe('Practitioner');
    expect(context.needPatientBanner).toBe(true);
  });

  it('finds the in-progress encounter when the launch carries none', async () => {
    const adult = sandbox.patient('indicator-adult');
    const context = await resolveLaunchContext(await sandbox.launch({ patient: adult.patientId }));
    expect(context.encounter).toMatchObject({ status: 'found', encounter: { id: adult.activeEncounterIds[0], status: 'in-progress' } });
  });

  it('offers a choice when two encounters are in progress', async () => {
    const patient = sandbox.patient('two-active-encounters');
    const context = await resolveLaunchContext(await sandbox.launch({ patient: patient.patientId }));
    expect(context.encounter.status).toBe('choose');
    if (context.encounter.status !== 'choose') return;
    expect(context.encounter.encounters.map((encounter) => encounter.id).sort()).toEqual([...patient.activeEncounterIds].sort());
  });

  it('reports no active encounter calmly instead of failing', async () => {
    const patient = sandbox.patient('no-active-encounter');
    const context = await resolveLaunchContext(await sandbox.launch({ patient: patient.patientId }));
    expect(context.patient.id).toBe(patient.patientId);
    expect(context.encounter).toEqual({ status: 'none' });
  });

  it('passes on need_patient_banner: false from the EHR', async () => {
    const adult = sandbox.patient('indicator-adult');
    const context = await resolveLaunchContext(await sandbox.launch({ patient: adult.patientId, needPatientBanner: false }));
    expect(context.needPatientBanner).toBe(false);
  });

  it('keeps the launch going when the encounter cannot be read', async () => {
    const adult = sandbox.patient('indicator-adult');
    const session = await sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0] });
    sandbox.server.use(http.get(`${sandbox.fhirBaseUrl}/Encounter/:id`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 500 })));
    const context = await resolveLaunchContext(session);
    expect(context.patient.id).toBe(adult.patientId);
    expect(context.encounter).toMatchObject({ status: 'unavailable', error: { kind: 'server' } });
  });

  it('fails with forbidden when the EHR refused the patient scope', async () => {
    const adult = sandbox.patient('indicator-adult');
    const session = await sandbox.launch({ patient: adult.patientId, deniedScopes: ['patient/Patient.read'] });
    expect(session.context.grantedScopes).not.toContain('patient/Patient.read');
    await expect(resolveLaunchContext(session)).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
  });

  it('fails with a session error when the EHR gave no patient', async () => {
    const adult = sandbox.patient('indicator-adult');
    const session = await sandbox.launch({ patient: adult.patientId });
    const withoutPatient = { ...session, context: { ...session.context, patientId: undefined } };
    await expect(resolveLaunchContext(withoutPatient)).rejects.toMatchObject({ kind: 'session' });
  });

  it('refuses an encounter in context that belongs to another patient', async () => {
    const adult = sandbox.patient('indicator-adult');
    const other = sandbox.patient('no-indicators');
    sandbox.server.use(
      http.get(`${sandbox.fhirBaseUrl}/Encounter/:id`, () =>
        HttpResponse.json({ resourceType: 'Encounter', id: 'x', status: 'in-progress', class: { code: 'EMER' }, subject: { reference: `Patient/${other.patientId}` } }),
      ),
    );
    const context = await resolveLaunchContext(await sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0] }));
    expect(context.encounter).toMatchObject({ status: 'unavailable', error: { kind: 'invalid' } });
  });
});
