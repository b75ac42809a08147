import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideCard } from './card-policy';
import { defaultSystemBase } from '../src/config/runtime-config';
import { ChartUnavailableError, prefetchTemplates, readChart } from './chart-read';
import { untrustedJson, untrustedResource } from '../tests/untrusted-fhir';

/** Untrusted prefetch never makes the service throw anything but "chart unavailable" (412). */

const resourceTypeOf: Record<string, string> = {
  patient: 'Patient',
  recentEncounters: 'Encounter',
  conditions: 'Condition',
  observations: 'Observation',
  procedures: 'Procedure',
  coverage: 'Coverage',
  safetyFlags: 'Flag',
  referrals: 'ServiceRequest',
  lanternScreens: 'QuestionnaireResponse',
  lanternNotes: 'Communication',
};

const bundleOf = (resourceType: string): fc.Arbitrary<unknown> =>
  fc.record({
    resourceType: fc.constant('Bundle'),
    type: fc.constant('searchset'),
    entry: fc.array(fc.oneof(fc.record({ resource: untrustedResource(resourceType) }), untrustedJson), { maxLength: 6 }),
  });

const prefetch: fc.Arbitrary<Record<string, unknown>> = fc.record(
  Object.fromEntries(
    Object.keys(prefetchTemplates).map((key) => {
      const resourceType = resourceTypeOf[key] ?? 'Basic';
      const value = key === 'patient' ? untrustedResource('Patient').map((patient) => ({ ...patient, id: 'p1' })) : bundleOf(resourceType);
      return [key, fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: untrustedJson })];
    }),
  ),
);

describe('readChart + decideCard over untrusted prefetch', () => {
  it('decide or say the chart is unavailable, and never throw otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(prefetch, fc.constantFrom('indicators', 'every-emergency-visit' as const), async (given, mode) => {
        try {
          const read = await readChart('p1', '2026-03-01', given, undefined);
          const decision = decideCard({ patientId: 'p1', userId: 'Practitioner/dr', encounterId: undefined }, read, { mode, systemBase: defaultSystemBase }, '2026-03-01');
          expect(typeof decision.card).toBe('boolean');
        } catch (error) {
          expect(error).toBeInstanceOf(ChartUnavailableError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
