import fc from 'fast-check';
import type { Encounter } from 'fhir/r4';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { untrustedJson, untrustedResource } from '../../../../tests/untrusted-fhir';
import type { EncounterContext } from '../../../lib/smart/launch-context';
import { EncounterCard } from './EncounterCard';

/** What the EHR sent enters the card here, untyped: the one place the types are bypassed. */
function untrustedEncounter(json: unknown): Encounter {
  return json as Encounter;
}

const encounter = fc.oneof(untrustedResource('Encounter'), untrustedJson.filter((json) => typeof json === 'object' && json !== null)).map(untrustedEncounter);

const context: fc.Arbitrary<EncounterContext> = fc.oneof(
  encounter.map((visit): EncounterContext => ({ status: 'in-context', encounter: visit })),
  encounter.map((visit): EncounterContext => ({ status: 'found', encounter: visit })),
  fc.array(encounter, { minLength: 2, maxLength: 4 }).map((visits): EncounterContext => ({ status: 'choose', encounters: visits })),
);

afterEach(() => {
  cleanup();
});

describe('EncounterCard with any encounter the EHR sends', () => {
  it('renders the visit without throwing and without needing its fallback', () => {
    fc.assert(
      fc.property(context, fc.option(encounter, { nil: undefined }), (visitContext, chosen) => {
        render(<EncounterCard context={visitContext} chosen={chosen} onChoose={() => undefined} />);
        const card = screen.getByRole('region', { name: /^(Current visit|Visit in context — )/ });
        expect(within(card).queryByText(/could not be shown/)).toBeNull();
        expect(card.textContent).not.toMatch(/\[object |function /);
        cleanup();
      }),
      { numRuns: 150 },
    );
  });
});
