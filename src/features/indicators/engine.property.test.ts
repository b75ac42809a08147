import fc from 'fast-check';
import type { Condition, Coverage, Encounter, Patient } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { indicatorCatalog } from './catalog';
import { EVIDENCE_LIMIT, evaluateIndicators, type EvaluateOptions } from './engine';
import { populationFor } from '../../lib/fhir/patient-age';
import { parseFhirDate } from '../../lib/fhir/fhir-dates';
import type { ChartSnapshot, IndicatorFinding } from './indicator-types';

/** FHIR JSON as an EHR may really send it enters the engine here, untyped: the one place the types are bypassed. */
function untrustedChart(json: unknown): ChartSnapshot {
  return json as ChartSnapshot;
}

function untrustedOptions(json: unknown): EvaluateOptions {
  return json as EvaluateOptions;
}

/** Frozen input: any write by the engine would throw (modules run in strict mode). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

// Arbitraries: FHIR-shaped resources of the eight types the engine reads, where any element may instead be
// anything at all (fc.anything: null, numbers, strings, arrays, objects with odd keys or no prototype).

const junk = fc.anything();

// Chart text, including control and bidirectional-override characters and overlong values.
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 150 }), fc.constantFrom('Positive\u202e', 'a\u0000b\nc', 'x'.repeat(500)));

function sometimesJunk<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary }, { weight: 1, arbitrary: junk });
}

const systems = fc.constantFrom(
  'http://hl7.org/fhir/sid/icd-10-cm',
  'http://hl7.org/fhir/sid/icd-10',
  'urn:oid:2.16.840.1.113883.6.90',
  'http://snomed.info/sct',
  'http://loinc.org',
  'http://www.ama-assn.org/go/cpt',
  'http://www.cms.gov/Medicare/Coding/ICD10',
  'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  'http://terminology.hl7.org/CodeSystem/flag-category',
  'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  'http://terminology.hl7.org/CodeSystem/condition-clinical',
  'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  'https://nahdo.org/sopt',
  'http://example.org/local',
);

// Codes the catalog knows (in several spellings) and codes it must ignore, so matching paths are exercised.
const codes = fc.oneof(
  fc.constantFrom('A56.09', 'a5409', 'S02.5XXA', 'S025XXA', 'S52.501A', 'T22.112A', 'T74.51XA', 'Z33.1', 'O03.9', 'Z33.2', 'F12.10', 'F17.210'),
  fc.constantFrom('E44.0', 'Z59.01', 'I10', '32911000', '15628003', '713834002', '43304-5', '2106-3', '10828004', '260385009', '59840', '10A07ZZ'),
  fc.constantFrom('EMER', 'AMB', 'safety', 'clinical', '306238000', '410606002', '3457005', '81', '5', 'active', 'resolved', 'refuted', 'POS', 'NEG'),
  fc.string({ maxLength: 12 }),
);

// Mostly within the year before the default asOf, so that windowed indicators fire and evidence is built.
const dates = fc.oneof(
  { weight: 3, arbitrary: fc.date({ min: new Date('2025-03-01T00:00:00Z'), max: new Date('2026-03-13T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString()) },
  { weight: 2, arbitrary: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom('2026', '2025-02', '2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31', 'yesterday', '', '2026-03-12T25:99Z') },
  { weight: 1, arbitrary: junk },
);

// Pairs the catalog matches, so a good share of runs raise coded indicators and build their evidence.
const matchingCoding = fc
  .constantFrom(
    ['http://hl7.org/fhir/sid/icd-10-cm', 'A56.09'],
    ['urn:oid:2.16.840.1.113883.6.90', 's025xxa'],
    ['http://hl7.org/fhir/sid/icd-10', 'T22.112A'],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'T76.52XD'],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'Z33.1'],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'O03.9'],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'F10.120'],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'E43'],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'Z59.01'],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'S31.41XA'],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'Y04.0XXA'],
    ['http://snomed.info/sct', '15628003'],
    ['http://loinc.org', '43304-5'],
    ['http://loinc.org', '2106-3'],
    ['http://www.ama-assn.org/go/cpt', '59840'],
    ['http://snomed.info/sct', '10828004'],
    ['http://terminology.hl7.org/CodeSystem/v3-ActCode', 'EMER'],
    ['http://terminology.hl7.org/CodeSystem/flag-category', 'safety'],
    ['http://snomed.info/sct', '306238000'],
    ['https://nahdo.org/sopt', '81'],
  )
  .chain(([system, code]) => fc.record({ system: fc.constant(system), code: fc.constant(code), display: sometimesJunk(text) }, { requiredKeys: ['system', 'code'] }));
const coding = fc.oneof(
  { weight: 3, arbitrary: matchingCoding },
  { weight: 3, arbitrary: fc.record({ system: sometimesJunk(systems), code: sometimesJunk(codes), display: sometimesJunk(text) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: junk },
);
const concept = sometimesJunk(fc.record({ coding: fc.oneof(fc.array(coding, { maxLength: 3 }), coding), text: sometimesJunk(text) }, { requiredKeys: [] }));
const concepts = fc.oneof(fc.array(concept, { maxLength: 3 }), concept);
const period = sometimesJunk(fc.record({ start: dates, end: dates }, { requiredKeys: [] }));
const reference = sometimesJunk(fc.record({ reference: sometimesJunk(fc.constantFrom('Patient/p1', 'Patient/p2', 'Organization/o1')), display: sometimesJunk(text) }, { requiredKeys: [] }));
// A few repeated ids, so de-duplication by reference is exercised; sometimes an invalid one.
const id = sometimesJunk(fc.oneof(fc.constantFrom('a', 'b', 'c', 'p1'), fc.string({ maxLength: 70 })));
const status = sometimesJunk(
  fc.constantFrom('active', 'inactive', 'final', 'registered', 'cancelled', 'entered-in-error', 'in-progress', 'finished', 'planned', 'completed', 'not-done', 'draft'),
);

function resource(resourceType: string, fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return sometimesJunk(
    fc.record({ resourceType: fc.oneof({ weight: 6, arbitrary: fc.constant(resourceType) }, { weight: 1, arbitrary: junk }), id, status, ...fields }, { requiredKeys: [] }),
  );
}

const patient = resource('Patient', {
  birthDate: dates,
  address: fc.oneof(fc.array(sometimesJunk(fc.record({ use: sometimesJunk(fc.constantFrom('home', 'temp', 'old', 'work')), period }, { requiredKeys: [] })), { maxLength: 3 }), junk),
});
const encounter = resource('Encounter', { class: fc.oneof(coding, concepts), period, serviceProvider: reference });
const condition = resource('Condition', {
  code: concept,
  verificationStatus: concept,
  clinicalStatus: concept,
  onsetDateTime: dates,
  onsetPeriod: period,
  recordedDate: dates,
  abatementDateTime: dates,
});
const observation = resource('Observation', {
  code: concept,
  valueCodeableConcept: concept,
  valueString: sometimesJunk(fc.constantFrom('Positive', 'negative', 'Detected', 'Not detected', 'reactive')),
  interpretation: concepts,
  effectiveDateTime: dates,
  effectivePeriod: period,
  issued: dates,
});
const procedure = resource('Procedure', { code: concept, performedDateTime: dates, performedPeriod: period });
const coverage = resource('Coverage', { type: concept, period, payor: fc.oneof(fc.array(reference, { maxLength: 2 }), reference) });
const flag = resource('Flag', { category: concepts, code: concept, period });
const serviceRequest = resource('ServiceRequest', { category: concepts, code: concept, authoredOn: dates, occurrenceDateTime: dates });

function section(arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary: fc.array(arbitrary, { maxLength: 8 }) }, { weight: 1, arbitrary: junk });
}

const chartJson = fc.record(
  {
    patient,
    encounters: section(encounter),
    conditions: section(condition),
    observations: section(observation),
    procedures: section(procedure),
    coverage: section(coverage),
    flags: section(flag),
    serviceRequests: section(serviceRequest),
  },
  { requiredKeys: [] },
);

const optionsJson = fc.record({
  asOf: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('2026-03-12', '2024-02-29', '2026-01-01T08:00:00Z') }, { weight: 1, arbitrary: dates }),
  population: sometimesJunk(fc.constantFrom('adult', 'youth')),
});

// ---------------------------------------------------------------------------------------------------------

const RESOURCE_TYPES = ['Patient', 'Encounter', 'Condition', 'Observation', 'Procedure', 'Coverage', 'Flag', 'ServiceRequest'];
const catalogIndex = new Map(indicatorCatalog.map((indicator, index) => [indicator, index]));

function expectWellFormed(findings: IndicatorFinding[], population: unknown): void {
  expect(Array.isArray(findings)).toBe(true);
  const positions = findings.map((finding) => catalogIndex.get(finding.indicator) ?? -1);
  // Each finding is a catalog entry (the same object), at most once, in catalog order.
  expect(positions.every((position) => position >= 0)).toBe(true);
  expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));

  for (const finding of findings) {
    if (population !== 'youth') expect(finding.indicator.population).not.toBe('youth');
    expect(finding.evidence.length).toBeGreaterThanOrEqual(1);
    expect(finding.evidence.length).toBeLessThanOrEqual(EVIDENCE_LIMIT);
    expect(Number.isInteger(finding.matchCount) && finding.matchCount >= finding.evidence.length).toBe(true);

    const references = finding.evidence.map((evidence) => evidence.reference).filter((reference) => reference !== '');
    expect(new Set(references).size).toBe(references.length);

    for (const evidence of finding.evidence) {
      expect(evidence.reference).toMatch(/^(?:|[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/);
      expect(RESOURCE_TYPES).toContain(evidence.resourceType);
      expect(typeof evidence.description).toBe('string');
      expect(evidence.description.trim()).not.toBe('');
      // eslint-disable-next-line no-control-regex -- evidence text must be free of control characters
      expect(evidence.description).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
      if (evidence.date !== undefined) expect(parseFhirDate(evidence.date)).toBeDefined();
      if (evidence.code !== undefined) {
        expect(typeof evidence.code.system).toBe('string');
        expect(typeof evidence.code.code).toBe('string');
        if (evidence.code.display !== undefined) expect(typeof evidence.code.display).toBe('string');
      }
    }
  }
}

describe('evaluateIndicators on untrusted input', () => {
  it('never throws, never writes to its input, and always returns well-formed findings', () => {
    fc.assert(
      fc.property(chartJson, optionsJson, (json, options) => {
        const chart = untrustedChart(deepFreeze(json));
        const findings = evaluateIndicators(chart, untrustedOptions(options));
        expectWellFormed(findings, options.population);
        // Pure: the same input gives the same answer.
        expect(evaluateIndicators(chart, untrustedOptions(options))).toEqual(findings);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on anything at all in place of the chart or its sections', () => {
    fc.assert(
      fc.property(fc.oneof(junk, fc.dictionary(fc.constantFrom('patient', 'encounters', 'conditions', 'observations', 'coverage', 'flags'), junk)), (json) => {
        const findings = evaluateIndicators(untrustedChart(deepFreeze(json)), { asOf: '2026-03-12', population: 'youth' });
        expectWellFormed(findings, 'youth');
      }),
      { numRuns: 300 },
    );
  });

  it('ignores entries that are not resources: adding them changes nothing', () => {
    const ines: Patient = { resourceType: 'Patient', id: 'p1', birthDate: '1990-01-01', address: [{ use: 'temp' }] };
    const visit = (encounterId: string, start: string): Encounter => ({
      resourceType: 'Encounter',
      id: encounterId,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
      period: { start },
    });
    const chlamydia: Condition = { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'A56.09' }] }, recordedDate: '2026-01-01' };
    const lapsed: Coverage = { resourceType: 'Coverage', id: 'cov1', status: 'cancelled', beneficiary: { reference: 'Patient/p1' }, payor: [{ reference: 'Organization/o1' }] };
    const chart: ChartSnapshot = {
      patient: ines,
      encounters: [visit('e1', '2026-03-12'), visit('e2', '2026-01-05'), visit('e3', '2025-06-01')],
      conditions: [chlamydia],
      observations: [],
      procedures: [],
      coverage: [lapsed],
      flags: [],
      serviceRequests: [],
    };
    const expected = evaluateIndicators(chart, { asOf: '2026-03-12', population: 'adult' });
    expect(expected.map((finding) => finding.indicator.id)).toEqual(['sexually-transmitted-infection', 'temporary-address-only', 'repeat-emergency-visits', 'no-active-coverage']);

    const notAResource = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.array(junk, { maxLength: 3 }));
    const sprinkle = (resources: readonly unknown[]): fc.Arbitrary<unknown[]> =>
      fc.array(notAResource, { maxLength: 4 }).chain((extra) => fc.shuffledSubarray([...resources, ...extra], { minLength: resources.length + extra.length }));

    fc.assert(
      fc.property(sprinkle(chart.encounters), sprinkle(chart.conditions), sprinkle(chart.coverage), (encounters, conditions, coverageList) => {
        const noisy = untrustedChart({ ...chart, encounters, conditions, coverage: coverageList, flags: [null, 1], serviceRequests: ['x'] });
        expect(evaluateIndicators(noisy, { asOf: '2026-03-12', population: 'adult' })).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('populationFor on untrusted input', () => {
  it('never throws and always answers adult or youth', () => {
    fc.assert(
      fc.property(fc.oneof(dates, junk), fc.oneof(dates, junk), (birthDate, asOf) => {
        // Birth dates come straight from Patient.birthDate: typed, but not to be trusted.
        const result = populationFor(birthDate, asOf as string);
        expect(['adult', 'youth']).toContain(result);
      }),
      { numRuns: 500 },
    );
  });
});
