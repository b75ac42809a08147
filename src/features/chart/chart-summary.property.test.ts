import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { untrustedJson, untrustedResource } from '../../../tests/untrusted-fhir';
import type { ChartSectionResult } from './chart-queries';
import { chartSectionNames, chartSections, type ChartSectionName } from './chart-sections';
import { summarizeSection } from './chart-summary';

/** A search result whose resources are whatever the EHR sent: the one place the types are bypassed. */
function untrustedResult<N extends ChartSectionName>(json: unknown): ChartSectionResult<N> {
  return json as ChartSectionResult<N>;
}

const sectionResult = (name: ChartSectionName): fc.Arbitrary<unknown> =>
  fc.record({
    resources: fc.array(fc.oneof(untrustedResource(chartSections[name].resourceType), untrustedJson.filter((json) => typeof json === 'object' && json !== null)), {
      maxLength: 8,
    }),
    total: fc.option(fc.nat(), { nil: undefined }),
    complete: fc.boolean(),
  });

describe('summarizeSection with any resources the EHR sends', () => {
  it.each(chartSectionNames)('summarizes %s in one line without throwing', (name) => {
    fc.assert(
      fc.property(sectionResult(name), (result) => {
        const summary = summarizeSection(name, untrustedResult(result));
        expect(summary).toMatch(/^(\d+|\d+\+|\d+ most recent of \d+|None active|\d+ active)( \(\d+ (emergency|active)\))?$/);
      }),
    );
  });
});
