import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { untrustedJson, untrustedResource, untrustedText } from '../../../tests/untrusted-fhir';
import { createFhirClient, type FhirAuthorization } from '../fhir/fhir-client';
import { OperationOutcomeError } from '../fhir/outcomes';
import type { SmartSession } from '../fhir/smart-session';
import type { Encounter } from 'fhir/r4';
import { activeEncounterId, isVisitInProgress, resolveLaunchContext, untiedVisitNote, type EncounterContext } from './launch-context';

const baseUrl = 'https://ehr.example/fhir';

const openAuthorization: FhirAuthorization = {
  serverUrl: baseUrl,
  authorizationHeader: () => null,
  refreshIfNeeded: () => Promise.resolve(),
  refresh: () => Promise.resolve(false),
};

/** What the EHR answers, per kind of request Lantern makes at launch. */
interface EhrAnswers {
  patient: unknown;
  encounter: unknown;
  inProgress: unknown;
  user: unknown;
}

function answering(answers: EhrAnswers): typeof fetch {
  return (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const path = url.pathname.slice('/fhir/'.length);
    const body = path.startsWith('Patient/')
      ? answers.patient
      : path.startsWith('Encounter/')
        ? answers.encounter
        : path === 'Encounter'
          ? answers.inProgress
          : answers.user;
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/fhir+json' } }));
  };
}

const bundleOf = (resourceType: string): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.array(fc.oneof(untrustedResource(resourceType), untrustedJson), { maxLength: 4 }).map((resources) => ({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: resources.map((resource) => ({ resource })),
    })),
    untrustedResource('Bundle'),
    untrustedJson,
  );

const ehrAnswers: fc.Arbitrary<EhrAnswers> = fc.record({
  patient: fc.oneof(untrustedResource('Patient'), untrustedJson),
  encounter: fc.oneof(
    untrustedResource('Encounter'),
    untrustedResource('Encounter').map((encounter) => ({ ...encounter, subject: { reference: 'Patient/ana' } })),
    untrustedJson,
  ),
  inProgress: bundleOf('Encounter'),
  user: fc.oneof(untrustedResource('Practitioner'), untrustedResource('PractitionerRole'), untrustedJson),
});

const launch = fc.record({
  patientId: fc.oneof(fc.constant('ana'), untrustedText),
  encounterId: fc.option(fc.oneof(fc.constant('ed-visit'), untrustedText), { nil: undefined }),
  fhirUser: fc.option(fc.oneof(fc.constantFrom('Practitioner/dr-lee', 'PractitionerRole/1', 'Patient/ana'), untrustedText), { nil: undefined }),
  needPatientBanner: fc.boolean(),
});

describe('resolveLaunchContext with whatever the EHR answers', () => {
  it('resolves to a context Lantern can show, or rejects with an OperationOutcomeError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(ehrAnswers, launch, async (answers, context) => {
        const session: SmartSession = {
          context: { ...context, grantedScopes: [] },
          fhir: createFhirClient(openAuthorization, { fetch: answering(answers), timeoutMs: 1_000 }),
        };
        const outcome = await resolveLaunchContext(session).then(
          (resolved) => ({ resolved }),
          (error: unknown) => ({ error }),
        );
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(OperationOutcomeError);
          return;
        }
        const { resolved } = outcome;
        expect(resolved.patient.resourceType).toBe('Patient');
        expect(['in-context', 'found', 'choose', 'none', 'unavailable']).toContain(resolved.encounter.status);
        if (resolved.encounter.status === 'unavailable') expect(resolved.encounter.error).toBeInstanceOf(OperationOutcomeError);
        if (resolved.encounter.status === 'in-context') expect(resolved.encounter.encounter.subject?.reference).toBe(`Patient/${context.patientId}`);
      }),
      { numRuns: 150 },
    );
  });
});

function visit(status: string, end?: string): Encounter {
  return {
    resourceType: 'Encounter',
    id: `enc-${status}`,
    status: status as Encounter['status'],
    class: { code: 'AMB' },
    period: { start: '2026-01-01T09:00:00Z', ...(end ? { end } : {}) },
  };
}

describe('a visit in context that is finished or old', () => {
  it.each(['in-progress', 'arrived', 'triaged', 'onleave'])('%s with no end is in progress', (status) => {
    expect(isVisitInProgress(visit(status))).toBe(true);
  });

  it.each(['finished', 'cancelled', 'planned', 'entered-in-error', 'unknown'])('%s is not in progress', (status) => {
    expect(isVisitInProgress(visit(status))).toBe(false);
  });

  it('is not in progress once its period has ended, whatever its status says', () => {
    expect(isVisitInProgress(visit('in-progress', '2026-01-01T10:00:00Z'))).toBe(false);
  });

  it('never throws on untrusted input and answers a boolean', () => {
    fc.assert(
      fc.property(untrustedJson, (encounter) => {
        expect(typeof isVisitInProgress(encounter as Encounter)).toBe('boolean');
      }),
    );
  });

  it('is tied to nothing, and the plan says so, unless the clinician ticks the choice', () => {
    const context: EncounterContext = { status: 'in-context', encounter: visit('finished', '2025-06-01T10:00:00Z') };
    expect(activeEncounterId(context, undefined)).toBeUndefined();
    expect(untiedVisitNote(context, undefined)).toMatch(/will not be tied to a visit: the visit in context is finished/);
    expect(activeEncounterId(context, undefined, true)).toBe('enc-finished');
    expect(untiedVisitNote(context, 'enc-finished')).toBeUndefined();
  });

  it('an in-progress visit in context is tied without asking', () => {
    const context: EncounterContext = { status: 'in-context', encounter: visit('in-progress') };
    expect(activeEncounterId(context, undefined)).toBe('enc-in-progress');
    expect(untiedVisitNote(context, 'enc-in-progress')).toBeUndefined();
  });

  it('several in progress and none chosen: the plan says nothing is tied to a visit', () => {
    const context: EncounterContext = { status: 'choose', encounters: [visit('in-progress'), visit('arrived')] };
    expect(activeEncounterId(context, undefined)).toBeUndefined();
    expect(untiedVisitNote(context, undefined)).toMatch(/several visits are in progress and none was chosen/);
    expect(activeEncounterId(context, 'enc-arrived')).toBe('enc-arrived');
  });
});
