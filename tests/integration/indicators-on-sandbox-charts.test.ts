import type { FhirResource, Reference } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSandboxData, type SandboxData, type SandboxPatientKey } from '../../mocks/sandbox/synthetic/generate';
import { evaluateIndicators } from '../../src/features/indicators/engine';
import type { ChartSnapshot, IndicatorFinding } from '../../src/features/indicators/indicator-types';
import { populationFor, type Population } from '../../src/lib/fhir/patient-age';

type ResourceOf<K extends FhirResource['resourceType']> = Extract<FhirResource, { resourceType: K }>;

function ofType<K extends FhirResource['resourceType']>(resources: readonly FhirResource[], resourceType: K): ResourceOf<K>[] {
  return resources.filter((resource): resource is ResourceOf<K> => resource.resourceType === resourceType);
}

function refersTo(reference: Reference | undefined, patientId: string): boolean {
  return reference?.reference === `Patient/${patientId}`;
}

/**
 * The start of the app's read windows. Mirrors monthsBefore in src/features/chart/chart-sections.ts, which
 * this feature may not import (features stay independent).
 */
function windowStart(asOf: string, months: number): string {
  const date = new Date(`${asOf}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
}

/** `_sort=-date&_count=…` with the app's page limits. */
function newestFirst<T>(items: T[], dateOf: (item: T) => string | undefined, limit: number): T[] {
  return [...items].sort((a, b) => (dateOf(b) ?? '').localeCompare(dateOf(a) ?? '')).slice(0, limit);
}

const READ_OBSERVATION_CATEGORIES = new Set(['laboratory', 'social-history', 'survey', 'exam']);

/** The chart as the app's chart sections read it: same filters, windows and page limits. */
function chartAsTheAppReadsIt(data: SandboxData, patientId: string, asOf: string): ChartSnapshot {
  const { resources } = data;
  const since12 = windowStart(asOf, 12);
  const since36 = windowStart(asOf, 36);
  const patient = ofType(resources, 'Patient').find((candidate) => candidate.id === patientId);
  if (patient === undefined) throw new Error(`No sandbox patient ${patientId}`);
  return {
    patient,
    // date=ge…: an encounter still open, or ended on or after the window start.
    encounters: newestFirst(
      ofType(resources, 'Encounter').filter((encounter) => refersTo(encounter.subject, patientId) && (encounter.period?.end ?? '9999') >= since12),
      (encounter) => encounter.period?.start,
      200,
    ),
    conditions: newestFirst(
      ofType(resources, 'Condition').filter((condition) => refersTo(condition.subject, patientId)),
      (condition) => condition.recordedDate,
      200,
    ),
    observations: newestFirst(
      ofType(resources, 'Observation').filter(
        (observation) =>
          refersTo(observation.subject, patientId) &&
          (observation.category ?? []).some((category) => (category.coding ?? []).some((coding) => READ_OBSERVATION_CATEGORIES.has(coding.code ?? ''))) &&
          (observation.effectiveDateTime ?? '') >= since12,
      ),
      (observation) => observation.effectiveDateTime,
      200,
    ),
    procedures: newestFirst(
      ofType(resources, 'Procedure').filter((procedure) => refersTo(procedure.subject, patientId) && (procedure.performedDateTime ?? '') >= since36),
      (procedure) => procedure.performedDateTime,
      100,
    ),
    coverage: ofType(resources, 'Coverage').filter((coverage) => refersTo(coverage.beneficiary, patientId)).slice(0, 20),
    flags: ofType(resources, 'Flag').filter((flag) => refersTo(flag.subject, patientId)).slice(0, 50),
    serviceRequests: newestFirst(
      ofType(resources, 'ServiceRequest').filter((request) => refersTo(request.subject, patientId)),
      (request) => request.authoredOn,
      50,
    ),
  };
}

/** Every resource of the patient, unwindowed and unbounded. */
function fullChart(data: SandboxData, patientId: string): ChartSnapshot {
  const { resources } = data;
  const patient = ofType(resources, 'Patient').find((candidate) => candidate.id === patientId);
  if (patient === undefined) throw new Error(`No sandbox patient ${patientId}`);
  return {
    patient,
    encounters: ofType(resources, 'Encounter').filter((encounter) => refersTo(encounter.subject, patientId)),
    conditions: ofType(resources, 'Condition').filter((condition) => refersTo(condition.subject, patientId)),
    observations: ofType(resources, 'Observation').filter((observation) => refersTo(observation.subject, patientId)),
    procedures: ofType(resources, 'Procedure').filter((procedure) => refersTo(procedure.subject, patientId)),
    coverage: ofType(resources, 'Coverage').filter((coverage) => refersTo(coverage.beneficiary, patientId)),
    flags: ofType(resources, 'Flag').filter((flag) => refersTo(flag.subject, patientId)),
    serviceRequests: ofType(resources, 'ServiceRequest').filter((request) => refersTo(request.subject, patientId)),
  };
}

/** What each sandbox chart must raise; a new sandbox patient must be added here (the key type requires it). */
const EXPECTED = {
  'indicator-adult': {
    population: 'adult',
    indicators: ['sexually-transmitted-infection', 'dental-injury', 'injury-fracture-contusion-burn', 'temporary-address-only', 'repeat-emergency-visits', 'no-active-coverage'],
  },
  youth: {
    population: 'youth',
    indicators: ['sexually-transmitted-infection', 'pregnancy-in-minor', 'substance-use', 'housing-instability', 'temporary-address-only', 'repeat-emergency-visits', 'no-active-coverage'],
  },
  // Only the generic SNOMED CT 8098009 on her chart: the parent concept must be enough.
  'generic-sti-youth': { population: 'youth', indicators: ['sexually-transmitted-infection'] },
  'no-indicators': { population: 'adult', indicators: [] },
  'no-active-encounter': { population: 'adult', indicators: [] },
  'two-active-encounters': { population: 'adult', indicators: [] },
  // No birth date: the youth population (the engine never assumes an adult) and the injury prompt.
  'unknown-age': { population: 'youth', indicators: ['injury-fracture-contusion-burn'] },
  // Her indicator diagnoses are years old; the old inactive safety Flag, frequent ED visits and self-pay remain.
  'large-chart': { population: 'adult', indicators: ['prior-safety-record', 'repeat-emergency-visits', 'no-active-coverage'] },
} as const satisfies Record<SandboxPatientKey, { population: Population; indicators: readonly string[] }>;

function findingById(findings: IndicatorFinding[], id: string): IndicatorFinding {
  const finding = findings.find((candidate) => candidate.indicator.id === id);
  if (finding === undefined) throw new Error(`Expected indicator ${id}`);
  return finding;
}

function references(finding: IndicatorFinding): string[] {
  return finding.evidence.map((evidence) => evidence.reference);
}

// Two reference instants: an ordinary afternoon, and 23:00 UTC on a leap day (windows ending 29 February).
describe.each(['2026-03-12T15:00:00.000Z', '2028-02-29T23:00:00.000Z'])('sandbox charts generated at %s', (now) => {
  let data: SandboxData;
  let asOf: string;

  beforeAll(() => {
    data = generateSandboxData({ now: new Date(now) });
    asOf = data.now.slice(0, 10);
  });

  function evaluate(chart: ChartSnapshot): { population: Population; findings: IndicatorFinding[] } {
    const population = populationFor(chart.patient.birthDate, asOf);
    return { population, findings: evaluateIndicators(chart, { asOf, population }) };
  }

  it('raises exactly the expected indicators for every sandbox patient', () => {
    for (const sandboxPatient of data.patients) {
      const expected = EXPECTED[sandboxPatient.key];
      const { population, findings } = evaluate(chartAsTheAppReadsIt(data, sandboxPatient.patientId, asOf));
      expect({ patient: sandboxPatient.patientId, population, indicators: findings.map((finding) => finding.indicator.id) }).toEqual({
        patient: sandboxPatient.patientId,
        population: expected.population,
        indicators: expected.indicators,
      });
    }
  });

  it('ana-ruiz: STIs, dental injury, contusion and burn, six emergency visits, lapsed Medicaid, motel address', () => {
    const { findings } = evaluate(chartAsTheAppReadsIt(data, 'ana-ruiz', asOf));
    expect(references(findingById(findings, 'sexually-transmitted-infection')).sort()).toEqual([
      'Condition/cond-ana-chlamydia',
      'Condition/cond-ana-gonorrhea',
      'Observation/obs-ana-chlamydia-naat',
      'Observation/obs-ana-gonorrhea-naat',
    ]);
    expect(references(findingById(findings, 'dental-injury'))).toEqual(['Condition/cond-ana-tooth-fracture']);
    expect(references(findingById(findings, 'injury-fracture-contusion-burn'))).toEqual(['Condition/cond-ana-face-contusion', 'Condition/cond-ana-forearm-burn']);
    const visits = findingById(findings, 'repeat-emergency-visits');
    expect(visits.matchCount).toBe(6);
    expect(visits.evidence[0]?.reference).toBe('Encounter/enc-ana-ed-current');
    expect(references(findingById(findings, 'no-active-coverage'))).toEqual(['Coverage/cov-ana-medicaid']);
  });

  it('maya-torres (16): the generic STI concept alone, described with its system and code', () => {
    const { findings } = evaluate(chartAsTheAppReadsIt(data, 'maya-torres', asOf));
    const sti = findingById(findings, 'sexually-transmitted-infection');
    expect(references(sti)).toEqual(['Condition/cond-maya-sti']);
    expect(sti.evidence[0]?.code).toEqual({ system: 'http://snomed.info/sct', code: '8098009', display: 'Sexually transmitted infectious disease' });
  });

  it('kayla-moreno (15): pregnancy, STIs, alcohol and cannabis, shelter, four emergency visits, no coverage', () => {
    const { findings } = evaluate(chartAsTheAppReadsIt(data, 'kayla-moreno', asOf));
    expect(references(findingById(findings, 'pregnancy-in-minor'))).toEqual(['Condition/cond-kayla-pregnancy', 'Observation/obs-kayla-urine-hcg']);
    expect(references(findingById(findings, 'substance-use')).sort()).toEqual(['Condition/cond-kayla-alcohol-intoxication', 'Condition/cond-kayla-cannabis-use']);
    expect(references(findingById(findings, 'housing-instability'))).toEqual(['Condition/cond-kayla-sheltered-homelessness']);
    expect(findingById(findings, 'sexually-transmitted-infection').matchCount).toBe(3);
    expect(findingById(findings, 'repeat-emergency-visits').matchCount).toBe(4);
    expect(findingById(findings, 'no-active-coverage').evidence).toEqual([{ reference: 'Patient/kayla-moreno', resourceType: 'Patient', description: 'No coverage on file' }]);
  });

  it('david-chen: nothing', () => {
    expect(evaluate(chartAsTheAppReadsIt(data, 'david-chen', asOf)).findings).toEqual([]);
  });

  it('rosa-delgado: the same findings from the windowed read and from the full ten-year chart', () => {
    const full = fullChart(data, 'rosa-delgado');
    expect(full.observations.length).toBeGreaterThan(5000);
    const windowed = evaluate(chartAsTheAppReadsIt(data, 'rosa-delgado', asOf)).findings;
    const unwindowed = evaluate(full).findings;
    expect(unwindowed.map((finding) => finding.indicator.id)).toEqual(windowed.map((finding) => finding.indicator.id));
    expect(findingById(unwindowed, 'prior-safety-record').evidence.map((evidence) => [evidence.reference, evidence.description.startsWith('Safety flag (inactive)')])).toEqual([
      ['Flag/flag-large-safety-old', true],
    ]);
    expect(findingById(unwindowed, 'no-active-coverage').evidence[0]?.description).toMatch(/^Self-pay recorded/);
  });
});
