import { describe, expect, it } from 'vitest';
import { calendarDayMonthsBefore } from '../../lib/fhir/fhir-dates';
import { chartSectionNames, chartSections, type ChartSectionDefinition, type ChartSectionName } from './chart-sections';

const patientId = 'ana-ruiz';
const asOf = '2025-06-15';

function sectionNamed(name: ChartSectionName): ChartSectionDefinition {
  return chartSections[name];
}

/** The window a section promises the clinician in its label, in months; undefined when the label promises none. */
function promisedWindowMonths(label: string): number | undefined {
  const match = /in the last (\d+) (months|years)$/.exec(label);
  if (!match) return undefined;
  const [, amount = '', unit] = match;
  return unit === 'years' ? Number(amount) * 12 : Number(amount);
}

describe('calendarDayMonthsBefore (the chart windows)', () => {
  it('goes back the same day of the month', () => {
    expect(calendarDayMonthsBefore('2025-06-15', 12)).toBe('2024-06-15');
    expect(calendarDayMonthsBefore('2025-06-15', 36)).toBe('2022-06-15');
    expect(calendarDayMonthsBefore('2025-06-15', 1)).toBe('2025-05-15');
  });

  it('crosses year boundaries', () => {
    expect(calendarDayMonthsBefore('2025-01-15', 1)).toBe('2024-12-15');
    expect(calendarDayMonthsBefore('2025-02-10', 3)).toBe('2024-11-10');
    expect(calendarDayMonthsBefore('2024-12-31', 12)).toBe('2023-12-31');
    expect(calendarDayMonthsBefore('2025-01-01', 12)).toBe('2024-01-01');
  });

  it('stops at the end of a shorter month instead of rolling into the next one', () => {
    // A window that rolled forward would start days late and silently drop the chart's oldest entries.
    expect(calendarDayMonthsBefore('2025-03-31', 1)).toBe('2025-02-28');
    expect(calendarDayMonthsBefore('2025-05-31', 1)).toBe('2025-04-30');
    expect(calendarDayMonthsBefore('2025-12-31', 3)).toBe('2025-09-30');
  });

  it('handles leap years', () => {
    expect(calendarDayMonthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    expect(calendarDayMonthsBefore('2024-02-29', 12)).toBe('2023-02-28');
    expect(calendarDayMonthsBefore('2024-02-29', 36)).toBe('2021-02-28');
    expect(calendarDayMonthsBefore('2025-02-28', 12)).toBe('2024-02-28');
    expect(calendarDayMonthsBefore('2028-02-29', 48)).toBe('2024-02-29');
  });

  it('returns a FHIR date', () => {
    expect(calendarDayMonthsBefore('2025-06-15', 12)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('chart sections', () => {
  it.each(chartSectionNames)('%s searches only the patient in context', (name: ChartSectionName) => {
    expect(sectionNamed(name).params(patientId, asOf)).toMatchObject({ patient: patientId });
  });

  it.each(chartSectionNames)('%s reads a bounded number of resources', (name: ChartSectionName) => {
    const section = sectionNamed(name);
    const count = section.params(patientId, asOf)['_count'];
    expect(typeof count).toBe('number');
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(100);
    expect(section.maxPages).toBeGreaterThanOrEqual(1);
    // However long the chart, a section never reads more than a few hundred resources.
    expect(Number(count) * section.maxPages).toBeLessThanOrEqual(200);
  });

  it.each(chartSectionNames)('%s searches exactly the window its label promises', (name: ChartSectionName) => {
    const section = sectionNamed(name);
    const months = promisedWindowMonths(section.label);
    const { date } = section.params(patientId, asOf);
    if (months === undefined) {
      expect(date).toBeUndefined();
    } else {
      expect(date).toBe(`ge${calendarDayMonthsBefore(asOf, months)}`);
    }
  });

  it('declares the windows the indicators need', () => {
    expect(promisedWindowMonths(chartSections.recentEncounters.label)).toBe(12);
    expect(promisedWindowMonths(chartSections.observations.label)).toBe(12);
    expect(promisedWindowMonths(chartSections.procedures.label)).toBe(36);
    expect(chartSections.recentEncounters.params(patientId, asOf)['date']).toBe('ge2024-06-15');
    expect(chartSections.observations.params(patientId, asOf)['date']).toBe('ge2024-06-15');
    expect(chartSections.procedures.params(patientId, asOf)['date']).toBe('ge2022-06-15');
  });

  it('moves the windows with the day it is read for', () => {
    expect(chartSections.recentEncounters.params(patientId, '2026-01-10')['date']).toBe('ge2025-01-10');
  });

  it('leaves vital signs out of the results it reads', () => {
    const { category } = chartSections.observations.params(patientId, asOf);
    expect(typeof category).toBe('string');
    const categories = category.split(',');
    expect(categories).not.toContain('vital-signs');
    expect(categories).toEqual(expect.arrayContaining(['laboratory', 'social-history']));
  });

  it('reads the newest entries first where a section can be cut short', () => {
    for (const name of chartSectionNames) {
      const section = sectionNamed(name);
      const params = section.params(patientId, asOf);
      if (promisedWindowMonths(section.label) !== undefined) {
        expect(params['_sort'], name).toBe('-date');
      }
    }
  });

  it('names every resource type Lantern reads once', () => {
    const types = chartSectionNames.map((name) => chartSections[name].resourceType);
    expect(new Set(types).size).toBe(types.length);
    expect(types.sort()).toEqual(['Condition', 'Coverage', 'Encounter', 'Flag', 'Observation', 'Procedure', 'ServiceRequest']);
  });
});
