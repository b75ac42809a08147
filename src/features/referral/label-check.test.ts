import type { Coding, Flag, OperationOutcome, ServiceRequest } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createFhirClient, type FhirAuthorization, type FhirClient } from '../../lib/fhir/fhir-client';
import { checkRecordedLabels, droppedLabelsText, type LabelCheck, type LabelledWrite } from './label-check';
import { actCodeSystem, confidentialitySystem } from './referral-systems';
import { safetySecurityLabels } from './security-labels';
import { setupMswServer } from '../../../tests/msw-server';

const baseUrl = 'https://ehr.example/fhir';

const fakeAuthorization: FhirAuthorization = {
  serverUrl: baseUrl,
  authorizationHeader: () => 'Bearer t1',
  refreshIfNeeded: () => Promise.resolve(),
  refresh: () => Promise.resolve(false),
};

function fhirClient(): FhirClient {
  return createFhirClient(fakeAuthorization, { timeoutMs: 2_000 });
}

const flagWrite: LabelledWrite = { resourceType: 'Flag', reference: 'Flag/f1' };
const referralWrite: LabelledWrite = { resourceType: 'ServiceRequest', reference: 'ServiceRequest/s1' };

function safetyFlag(security: Coding[] | undefined): Flag {
  return {
    resourceType: 'Flag',
    id: 'f1',
    ...(security ? { meta: { security } } : {}),
    status: 'active',
    code: { text: 'Safety concern — restricted; see care team' },
    subject: { reference: 'Patient/p1' },
  };
}

function referral(security: Coding[] | undefined): ServiceRequest {
  return { resourceType: 'ServiceRequest', id: 's1', ...(security ? { meta: { security } } : {}), status: 'active', intent: 'order', subject: { reference: 'Patient/p1' } };
}

/** What a server says when it refuses (403) or fails (500) a read. */
function problem(status: number): OperationOutcome {
  return status === 403
    ? { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'No read scope.' }] }
    : { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'Database unavailable.' }] };
}

/** An EHR that stores the Flag and the referral as given here. */
function holding(flag: Flag | number, serviceRequest: ServiceRequest | number): ReturnType<typeof http.get>[] {
  const answer = (resource: Flag | ServiceRequest | number): Response =>
    typeof resource === 'number' ? HttpResponse.json(problem(resource), { status: resource }) : HttpResponse.json(resource);
  return [http.get(`${baseUrl}/Flag/f1`, () => answer(flag)), http.get(`${baseUrl}/ServiceRequest/s1`, () => answer(serviceRequest))];
}

const server = setupMswServer();

describe('checkRecordedLabels', () => {
  it('finds the labels kept when the EHR stored what Lantern sent', async () => {
    server.use(...holding(safetyFlag(safetySecurityLabels('R')), referral(safetySecurityLabels('R'))));
    await expect(checkRecordedLabels(fhirClient(), [flagWrite, referralWrite], 'R')).resolves.toEqual({ status: 'kept' });
  });

  it('counts a stricter confidentiality on the server as kept, and other labels it added as harmless', async () => {
    const stricter = [...safetySecurityLabels('V'), { system: actCodeSystem, code: 'PHY' }];
    server.use(...holding(safetyFlag(stricter), referral(stricter)));
    await expect(checkRecordedLabels(fhirClient(), [flagWrite, referralWrite], 'R')).resolves.toEqual({ status: 'kept' });
  });

  it('does not look for SDV when the organisation does not send it', async () => {
    server.use(...holding(safetyFlag(safetySecurityLabels('R', false)), referral(undefined)));
    const check = await checkRecordedLabels(fhirClient(), [flagWrite, referralWrite], 'R', { sensitivityLabel: false });
    expect(check).toEqual({
      status: 'dropped',
      missing: [{ resourceType: 'ServiceRequest', reference: 'ServiceRequest/s1', labels: ['R', 'NOPAT'] }],
    });
    if (check.status === 'dropped') expect(droppedLabelsText(check)).toMatch(/^The EHR did not keep the restricted labels on the referral\./);
  });

  it('reports every label dropped, per resource, when the EHR kept none', async () => {
    server.use(...holding(safetyFlag(undefined), referral(undefined)));
    const check = await checkRecordedLabels(fhirClient(), [flagWrite, referralWrite], 'R');
    expect(check).toEqual({
      status: 'dropped',
      missing: [
        { resourceType: 'Flag', reference: 'Flag/f1', labels: ['R', 'NOPAT', 'SDV'] },
        { resourceType: 'ServiceRequest', reference: 'ServiceRequest/s1', labels: ['R', 'NOPAT', 'SDV'] },
      ],
    });
  });

  it('reports a weaker confidentiality (R kept where V was sent, or N) as dropped, and only what is missing', async () => {
    const normal = [{ system: confidentialitySystem, code: 'N' }, ...safetySecurityLabels('R').slice(1)];
    server.use(...holding(safetyFlag(safetySecurityLabels('R')), referral(normal)));
    await expect(checkRecordedLabels(fhirClient(), [flagWrite, referralWrite], 'V')).resolves.toEqual({
      status: 'dropped',
      missing: [
        { resourceType: 'Flag', reference: 'Flag/f1', labels: ['V'] },
        { resourceType: 'ServiceRequest', reference: 'ServiceRequest/s1', labels: ['V'] },
      ],
    });
  });

  it('treats the right code from another system as missing', async () => {
    const lookalike = [...safetySecurityLabels('R').slice(0, 2), { system: 'https://ehr.example/local-labels', code: 'SDV' }];
    server.use(...holding(safetyFlag(lookalike), referral(safetySecurityLabels('R'))));
    await expect(checkRecordedLabels(fhirClient(), [flagWrite, referralWrite], 'R')).resolves.toMatchObject({
      status: 'dropped',
      missing: [{ reference: 'Flag/f1', labels: ['SDV'] }],
    });
  });

  it('never says kept when a read is refused: unchecked, with a plain reason', async () => {
    server.use(...holding(403, referral(safetySecurityLabels('R'))));
    const check = await checkRecordedLabels(fhirClient(), [flagWrite, referralWrite], 'R');
    expect(check).toEqual({
      status: 'unchecked',
      reason: 'This EHR does not let Lantern read back the safety flag, so it could not check that the restricted labels were kept.',
    });
  });

  it('is unchecked, with the server’s words, when a read fails otherwise', async () => {
    server.use(...holding(safetyFlag(safetySecurityLabels('R')), 500));
    const check = await checkRecordedLabels(fhirClient(), [flagWrite, referralWrite], 'R');
    expect(check.status).toBe('unchecked');
    expect(check).toMatchObject({ reason: 'Lantern could not read back the referral to check that the restricted labels were kept. Check them in the EHR.' });
  });

  it('still reports what it found dropped when another read failed', async () => {
    server.use(...holding(safetyFlag(undefined), 500));
    await expect(checkRecordedLabels(fhirClient(), [flagWrite, referralWrite], 'R')).resolves.toMatchObject({
      status: 'dropped',
      missing: [{ reference: 'Flag/f1' }],
    });
  });

  it('is unchecked when nothing was written, rather than vouching for nothing', async () => {
    await expect(checkRecordedLabels(fhirClient(), [], 'R')).resolves.toMatchObject({ status: 'unchecked' });
  });

  it('rejects when the caller aborts, instead of reporting on the record', async () => {
    server.use(...holding(safetyFlag(undefined), referral(undefined)));
    const controller = new AbortController();
    controller.abort(new DOMException('closed', 'AbortError'));
    await expect(checkRecordedLabels(fhirClient(), [flagWrite], 'R', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('droppedLabelsText', () => {
  const dropped = (missing: Extract<LabelCheck, { status: 'dropped' }>['missing']): Extract<LabelCheck, { status: 'dropped' }> => ({ status: 'dropped', missing });

  it('names what lost its labels in the clinician’s words, and what it may mean', () => {
    expect(
      droppedLabelsText(
        dropped([
          { resourceType: 'Flag', reference: 'Flag/f1', labels: ['R', 'NOPAT', 'SDV'] },
          { resourceType: 'ServiceRequest', reference: 'ServiceRequest/s1', labels: ['R', 'NOPAT', 'SDV'] },
        ]),
      ),
    ).toBe(
      'The EHR did not keep the restricted labels on the safety flag and the referral. ' +
        'They may be visible in the patient portal or on printouts; ask your EHR team to restrict them.',
    );
  });

  it('says “not all” when some labels were kept, and lists three kinds with commas', () => {
    const text = droppedLabelsText(
      dropped([
        { resourceType: 'Communication', reference: 'Communication/c1', labels: ['V'] },
        { resourceType: 'QuestionnaireResponse', reference: 'QuestionnaireResponse/q1', labels: ['R', 'NOPAT', 'SDV'] },
        { resourceType: 'ServiceRequest', reference: 'ServiceRequest/s1', labels: ['SDV'] },
      ]),
    );
    expect(text).toMatch(/^The EHR did not keep all the restricted labels on the check-in note, the check-in answers and the referral\. /);
  });
});
