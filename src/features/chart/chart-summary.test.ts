import type { Condition, Coverage, Encounter, Flag } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { ResourceType, SearchResult, Stored, WithId } from '../../lib/fhir/fhir-client';
import { summarizeSection } from './chart-summary';

const patient = { reference: 'Patient/ana-ruiz' };

const currentEdVisit: WithId<Encounter> = {
  resourceType: 'Encounter',
  id: 'enc-current',
  status: 'in-progress',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER', display: 'emergency' },
  subject: patient,
};
const priorEdVisit: WithId<Encounter> = { ...currentEdVisit, id: 'enc-prior-ed', status: 'finished' };
const clinicVisit: WithId<Encounter> = {
  ...currentEdVisit,
  id: 'enc-clinic',
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
};

const lapsedMedicaid: WithId<Coverage> = {
  resourceType: 'Coverage',
  id: 'cov-medicaid',
  status: 'cancelled',
  beneficiary: patient,
  payor: [{ reference: 'Organization/medicaid' }],
};
const healthPlan: WithId<Coverage> = { ...lapsedMedicaid, id: 'cov-health-plan', status: 'active' };
const draftPlan: WithId<Coverage> = { ...lapsedMedicaid, id: 'cov-draft', status: 'draft' };

const safetyFlag: WithId<Flag> = { resourceType: 'Flag', id: 'flag-safety', status: 'active', code: { text: 'Safety concern' }, subject: patient };
const oldFlag: WithId<Flag> = { ...safetyFlag, id: 'flag-old', status: 'inactive' };
const mistakenFlag: WithId<Flag> = { ...safetyFlag, id: 'flag-mistaken', status: 'entered-in-error' };

const toothFracture: WithId<Condition> = { resourceType: 'Condition', id: 'cond-tooth', subject: patient };

function complete<K extends ResourceType>(resources: Stored<K>[]): SearchResult<K> {
  return { resources, withoutId: 0, total: resources.length, complete: true };
}

function copies<T extends { id?: string }>(resource: T, count: number): T[] {
  return Array.from({ length: count }, (_, index) => ({ ...resource, id: `${resource.id ?? 'copy'}-${String(index)}` }));
}

describe('summarizeSection', () => {
  describe('recent visits', () => {
    it('counts the visits and how many were emergency visits', () => {
      expect(summarizeSection('recentEncounters', complete([currentEdVisit, priorEdVisit, clinicVisit]))).toBe('3 (2 emergency)');
    });

    it('says zero emergency visits rather than leaving it out', () => {
      expect(summarizeSection('recentEncounters', complete([clinicVisit]))).toBe('1 (0 emergency)');
      expect(summarizeSection('recentEncounters', complete<'Encounter'>([]))).toBe('0 (0 emergency)');
    });

    it('counts a visit the EHR sent without a class, as not an emergency', () => {
      const classless = { ...priorEdVisit, class: undefined } as unknown as WithId<Encounter>;
      const oddClass = { ...priorEdVisit, class: 'EMER' } as unknown as WithId<Encounter>;
      expect(summarizeSection('recentEncounters', complete([currentEdVisit, classless, oddClass]))).toBe('3 (1 emergency)');
    });

    it('says the count is partial when the read was cut short', () => {
      const result: SearchResult<'Encounter'> = { resources: copies(priorEdVisit, 200), withoutId: 0, total: 230, complete: false };
      expect(summarizeSection('recentEncounters', result)).toBe('200 most recent of 230 (200 emergency)');
    });
  });

  describe('coverage', () => {
    it('counts only active coverage', () => {
      expect(summarizeSection('coverage', complete([healthPlan, lapsedMedicaid, draftPlan]))).toBe('1 active');
      expect(summarizeSection('coverage', complete([healthPlan, { ...healthPlan, id: 'cov-second' }]))).toBe('2 active');
    });

    it('says none is active when coverage lapsed', () => {
      expect(summarizeSection('coverage', complete([lapsedMedicaid]))).toBe('None active');
    });

    it('says none is active when the chart has no coverage at all', () => {
      expect(summarizeSection('coverage', complete<'Coverage'>([]))).toBe('None active');
    });
  });

  describe('safety flags', () => {
    it('counts the flags and how many are active', () => {
      expect(summarizeSection('safetyFlags', complete([safetyFlag, oldFlag, mistakenFlag]))).toBe('3 (1 active)');
    });

    it('says zero active when every flag is closed', () => {
      expect(summarizeSection('safetyFlags', complete([oldFlag]))).toBe('1 (0 active)');
      expect(summarizeSection('safetyFlags', complete<'Flag'>([]))).toBe('0 (0 active)');
    });
  });

  describe('counted sections', () => {
    it('gives the plain count of a complete read', () => {
      expect(summarizeSection('conditions', complete([toothFracture]))).toBe('1');
      expect(summarizeSection('observations', complete<'Observation'>([]))).toBe('0');
      expect(summarizeSection('procedures', complete<'Procedure'>([]))).toBe('0');
      expect(summarizeSection('referrals', complete<'ServiceRequest'>([]))).toBe('0');
    });

    it('trusts the resources read over a total the server got wrong when the read is complete', () => {
      expect(summarizeSection('conditions', { resources: [toothFracture], withoutId: 0, total: 7, complete: true })).toBe('1');
    });

    it('says "N most recent of T" when more exist than were read and the server gave a total', () => {
      const result: SearchResult<'Condition'> = { resources: copies(toothFracture, 200), withoutId: 0, total: 512, complete: false };
      expect(summarizeSection('conditions', result)).toBe('200 most recent of 512');
    });

    it('says "N+" when more exist than were read and the server gave no total', () => {
      const result: SearchResult<'Condition'> = { resources: copies(toothFracture, 100), withoutId: 0, total: undefined, complete: false };
      expect(summarizeSection('conditions', result)).toBe('100+');
    });

    it('marks flags as partial too, so an active flag beyond the read is not ruled out', () => {
      const result: SearchResult<'Flag'> = { resources: [safetyFlag, ...copies(oldFlag, 49)], withoutId: 0, total: undefined, complete: false };
      expect(summarizeSection('safetyFlags', result)).toBe('50+ (1 active)');
    });
  });
});
