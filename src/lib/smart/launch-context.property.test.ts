import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { untrustedJson, untrustedResource, untrustedText } from '../../../tests/untrusted-fhir';
import { createFhirClient, type FhirAuthorization } from '../fhir/fhir-client';
import { OperationOutcomeError } from '../fhir/outcomes';
import type { SmartSession } from '../fhir/smart-session';
import { resolveLaunchContext } from './launch-context';

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
