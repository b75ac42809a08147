import { calendarDayMonthsBefore } from '../../lib/fhir/fhir-dates';
import type { SearchParams } from '../../lib/fhir/fhir-client';

/**
 * What Lantern reads from the chart, as data: each section is one server-side filtered, bounded search.
 * Windows keep the read proportional to what the indicators need, however long the chart is.
 */
export const chartSections = {
  recentEncounters: {
    resourceType: 'Encounter',
    label: 'Visits in the last 12 months',
    maxPages: 2,
    params: (patientId, asOf) => ({ patient: patientId, date: `ge${calendarDayMonthsBefore(asOf, 12)}`, _sort: '-date', _count: 100 }),
  },
  conditions: {
    resourceType: 'Condition',
    label: 'Conditions',
    maxPages: 2,
    params: (patientId) => ({ patient: patientId, _sort: '-recorded-date', _count: 100 }),
  },
  observations: {
    resourceType: 'Observation',
    label: 'Results in the last 12 months',
    maxPages: 2,
    // Vital signs are the bulk of most charts and carry no indicator.
    params: (patientId, asOf) => ({
      patient: patientId,
      category: 'laboratory,social-history,survey,exam',
      date: `ge${calendarDayMonthsBefore(asOf, 12)}`,
      _sort: '-date',
      _count: 100,
    }),
  },
  procedures: {
    resourceType: 'Procedure',
    label: 'Procedures in the last 3 years',
    maxPages: 1,
    params: (patientId, asOf) => ({ patient: patientId, date: `ge${calendarDayMonthsBefore(asOf, 36)}`, _sort: '-date', _count: 100 }),
  },
  coverage: {
    resourceType: 'Coverage',
    label: 'Coverage',
    maxPages: 1,
    params: (patientId) => ({ patient: patientId, _count: 20 }),
  },
  safetyFlags: {
    resourceType: 'Flag',
    label: 'Flags',
    maxPages: 1,
    params: (patientId) => ({ patient: patientId, _count: 50 }),
  },
  referrals: {
    resourceType: 'ServiceRequest',
    label: 'Referrals and orders',
    maxPages: 1,
    params: (patientId) => ({ patient: patientId, _sort: '-authored', _count: 50 }),
  },
} as const satisfies Record<string, ChartSectionDefinition>;

export interface ChartSectionDefinition {
  resourceType: 'Encounter' | 'Condition' | 'Observation' | 'Procedure' | 'Coverage' | 'Flag' | 'ServiceRequest';
  label: string;
  maxPages: number;
  params: (patientId: string, asOf: string) => SearchParams;
}

export type ChartSectionName = keyof typeof chartSections;

export const chartSectionNames = Object.keys(chartSections) as ChartSectionName[];
