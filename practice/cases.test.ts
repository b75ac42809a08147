import { describe, expect, it } from 'vitest';
import { observedIndicators } from '../src/features/guide/guide-content';
import { indicatorCatalog } from '../src/features/indicators/catalog';
import { raisedPrompts } from './case-snapshot';
import { practiceCases } from './cases';

const days = ['2026-12-06', '2027-02-28', '2028-02-29'];

describe('practice cases', () => {
  it('has at least six cases, with unique ids', () => {
    expect(practiceCases.length).toBeGreaterThanOrEqual(6);
    expect(new Set(practiceCases.map((practiceCase) => practiceCase.id)).size).toBe(practiceCases.length);
  });

  for (const practiceCase of practiceCases) {
    describe(practiceCase.id, () => {
      it.each(days)('raises exactly the expected chart prompts through the real engine on %s', (asOf) => {
        expect(raisedPrompts(practiceCase, asOf).sort()).toEqual([...practiceCase.expected.prompts].sort());
      });

      it('names only prompts and observations Lantern has', () => {
        const promptIds = new Set(indicatorCatalog.map((indicator) => indicator.id));
        const observationIds = new Set(observedIndicators.map((indicator) => indicator.id));
        for (const id of practiceCase.expected.prompts) expect(promptIds).toContain(id);
        for (const id of practiceCase.expected.observations) expect(observationIds).toContain(id);
      });

      it('has an encounter in progress, of class EMER, for its patient', () => {
        const visit = practiceCase.chart(days[0] ?? '').find((resource) => resource.resourceType === 'Encounter' && resource.id === practiceCase.encounterId);
        expect(visit).toMatchObject({ status: 'in-progress', class: { code: 'EMER' }, subject: { reference: `Patient/${practiceCase.patientId}` } });
      });

      it('cites its sources', () => {
        expect(practiceCase.sources.length).toBeGreaterThan(0);
      });
    });
  }
});
