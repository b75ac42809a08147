import type { Coding, Condition, Coverage, Encounter, Flag, Observation, Patient, Procedure, ServiceRequest } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { indicatorCatalog } from './catalog';
import { EVIDENCE_LIMIT, evaluateIndicators } from './engine';
import type { ChartSnapshot, IndicatorDefinition, IndicatorFinding } from './indicator-types';
import type { Population } from '../../lib/fhir/patient-age';

const AS_OF = '2026-03-12';

const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const CPT = 'http://www.ama-assn.org/go/cpt';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const FLAG_CATEGORY = 'http://terminology.hl7.org/CodeSystem/flag-category';
const SOPT = 'https://nahdo.org/sopt';

// Patients -------------------------------------------------------------------------------------------------

const ines: Patient = {
  resourceType: 'Patient',
  id: 'ines-adult',
  birthDate: '1991-07-04',
  address: [{ use: 'home', line: ['1 Example Road'], city: 'Sampleton' }],
};

const mia: Patient = { resourceType: 'Patient', id: 'mia-youth', birthDate: '2010-09-30' };

const subject = { reference: 'Patient/ines-adult' };

const activeHealthPlan: Coverage = {
  resourceType: 'Coverage',
  id: 'cov-health-plan',
  status: 'active',
  type: { coding: [{ system: SOPT, code: '5', display: 'PRIVATE HEALTH INSURANCE' }] },
  beneficiary: subject,
  payor: [{ reference: 'Organization/health-plan' }],
  period: { start: '2020-01-01' },
};

// Builders keep the fixtures short; each fixture is still a named, typed resource.

function coding(system: string, code: string, display?: string): Coding {
  return display === undefined ? { system, code } : { system, code, display };
}

function diagnosis(id: string, codings: Coding[], dates: Pick<Condition, 'recordedDate' | 'onsetDateTime' | 'abatementDateTime'>, extra: Partial<Condition> = {}): Condition {
  return { resourceType: 'Condition', id, subject, code: { coding: codings }, ...dates, ...extra };
}

function labResult(id: string, loinc: string, effectiveDateTime: string, result: Partial<Observation>): Observation {
  return { resourceType: 'Observation', id, status: 'final', code: { coding: [coding(LOINC, loinc)] }, subject, effectiveDateTime, ...result };
}

function emergencyVisit(id: string, start: string, extra: Partial<Encounter> = {}): Encounter {
  return { resourceType: 'Encounter', id, status: 'finished', class: coding(ACT_CODE, 'EMER', 'emergency'), subject, period: { start }, ...extra };
}

const positive = { valueCodeableConcept: { coding: [coding(SNOMED, '10828004', 'Positive')], text: 'Positive' } };
const negative = { valueCodeableConcept: { coding: [coding(SNOMED, '260385009', 'Negative')], text: 'Negative' } };

/** A chart with an insured adult and nothing else, so each test adds only what it is about. */
function chartOf(parts: Partial<ChartSnapshot> = {}): ChartSnapshot {
  return { patient: ines, encounters: [], conditions: [], observations: [], procedures: [], coverage: [activeHealthPlan], flags: [], serviceRequests: [], ...parts };
}

/** A chart as an EHR may really send it: any JSON in any section. The one place these tests bypass the types. */
function untrustedChart(sections: { [K in keyof ChartSnapshot]?: unknown }): ChartSnapshot {
  return { ...chartOf(), ...sections } as unknown as ChartSnapshot;
}

function definition(id: string): IndicatorDefinition {
  const found = indicatorCatalog.find((indicator) => indicator.id === id);
  if (found === undefined) throw new Error(`No indicator ${id} in the catalog`);
  return found;
}

function evaluateOne(id: string, chart: ChartSnapshot, population: Population = 'adult', asOf = AS_OF): IndicatorFinding | undefined {
  const findings = evaluateIndicators(chart, { asOf, population, catalog: [definition(id)] });
  expect(findings.length).toBeLessThanOrEqual(1);
  return findings[0];
}

function references(finding: IndicatorFinding | undefined): string[] {
  return finding?.evidence.map((evidence) => evidence.reference) ?? [];
}

// Fixtures shared by several describes -----------------------------------------------------------------------

const chlamydiaDiagnosis: Condition = diagnosis(
  'cond-chlamydia',
  [coding(ICD10CM, 'A56.09', 'Other chlamydial infection of lower genitourinary tract'), coding(SNOMED, '240589008', 'Chlamydia trachomatis infection')],
  { recordedDate: '2026-01-10T09:30:00Z', onsetDateTime: '2026-01-09' },
);

const malformedResources: unknown[] = [
  null,
  42,
  'Condition',
  [],
  { resourceType: 'Condition' },
  { resourceType: 'Condition', id: 'bad-coding', code: { coding: 'x' } },
  { resourceType: 'Condition', id: 'bad-code', code: 42 },
  { resourceType: 'Condition', id: 'null-codings', code: { coding: [null, 7, { code: 42, system: ICD10CM }, { system: ['x'], code: 'A56.09' }] } },
  { resourceType: 'Condition', id: 'bad-dates', code: { coding: [{ system: ICD10CM, code: 'S02.5XXA' }] }, recordedDate: 'yesterday', onsetDateTime: 20260101 },
  { resourceType: 'Condition', id: 'bad-status', verificationStatus: 'refuted', clinicalStatus: [null], code: { text: 42 } },
  { resourceType: 'Observation', status: 7, code: { coding: { system: LOINC, code: null } }, valueCodeableConcept: 'Positive', interpretation: 'POS' },
  { resourceType: 'Procedure', performedPeriod: 'last week', code: [[{}]] },
  { resourceType: 'Encounter', class: 'EMER', period: 'x', status: null },
  { resourceType: 'Encounter', class: [{ coding: 'EMER' }], period: { start: 12, end: {} } },
  { resourceType: 'Coverage', status: 'active', period: { start: 'soon' }, payor: 'me', type: { coding: [null] } },
  { resourceType: 'Flag', category: { coding: { code: 'safety' } }, period: [] },
  { resourceType: 'ServiceRequest', category: 'referral', code: { coding: [{ system: SNOMED, code: 306238000 }] } },
  { resourceType: 'Patient', address: [null, 'temp', { use: 7 }] },
  { resourceType: 'Condition', id: '../../Patient/evil', code: { coding: [{ system: ICD10CM, code: 'A54.03' }] }, recordedDate: '2026-02-01' },
];

function everySectionMalformed(): ChartSnapshot {
  return untrustedChart({
    patient: { resourceType: 'Patient', address: 'temp', birthDate: 2010 },
    encounters: malformedResources,
    conditions: malformedResources,
    observations: malformedResources,
    procedures: malformedResources,
    coverage: malformedResources,
    flags: malformedResources,
    serviceRequests: malformedResources,
  });
}

// ---------------------------------------------------------------------------------------------------------

describe('evaluateIndicators', () => {
  it('returns nothing for an unremarkable, insured adult', () => {
    const hypertension: Condition = diagnosis('cond-hypertension', [coding(ICD10CM, 'I10', 'Essential (primary) hypertension')], { recordedDate: '2025-12-01' });
    expect(evaluateIndicators(chartOf({ conditions: [hypertension] }), { asOf: AS_OF, population: 'adult' })).toEqual([]);
  });

  it('returns findings in catalog order, each with its definition', () => {
    const findings = evaluateIndicators(chartOf({ conditions: [chlamydiaDiagnosis], coverage: [] }), { asOf: AS_OF, population: 'adult' });
    const order = indicatorCatalog.map((indicator) => indicator.id);
    expect(findings.map((finding) => finding.indicator.id)).toEqual(['sexually-transmitted-infection', 'no-active-coverage']);
    expect(findings.map((finding) => order.indexOf(finding.indicator.id))).toEqual([...findings.map((finding) => order.indexOf(finding.indicator.id))].sort((a, b) => a - b));
    expect(findings[0]?.indicator).toBe(definition('sexually-transmitted-infection'));
  });

  it('returns nothing when asOf is not a calendar day', () => {
    const chart = chartOf({ conditions: [chlamydiaDiagnosis], coverage: [] });
    expect(evaluateIndicators(chart, { asOf: 'today', population: 'adult' })).toEqual([]);
    expect(evaluateIndicators(chart, { asOf: '2026-02-30', population: 'adult' })).toEqual([]);
  });

  it('accepts a full dateTime as asOf, reading its day', () => {
    const chart = chartOf({ conditions: [chlamydiaDiagnosis] });
    expect(evaluateIndicators(chart, { asOf: '2026-03-12T08:00:00-05:00', population: 'adult' })).toHaveLength(1);
  });

  it('never throws when every section is malformed', () => {
    expect(() => evaluateIndicators(everySectionMalformed(), { asOf: AS_OF, population: 'youth' })).not.toThrow();
    expect(() => evaluateIndicators(untrustedChart({ patient: null, encounters: null, conditions: 'x', observations: {}, coverage: 7 }), { asOf: AS_OF, population: 'adult' })).not.toThrow();
  });

  it('reads what it can from a malformed chart and builds references only from valid ids', () => {
    const findings = evaluateIndicators(everySectionMalformed(), { asOf: AS_OF, population: 'adult' });
    const sti = findings.find((finding) => finding.indicator.id === 'sexually-transmitted-infection');
    // The A54.03 condition with an unsafe id still counts, but is not given a reference built from that id.
    expect(references(sti)).toEqual(['']);
    // 'null-codings' has A56.09 only under a non-string system: not a match.
    expect(sti?.matchCount).toBe(1);
  });

  it('treats an unknown population as adult', () => {
    const pregnancy: Condition = diagnosis('cond-pregnancy', [coding(ICD10CM, 'Z33.1')], { recordedDate: '2026-03-01' });
    const chart = chartOf({ patient: mia, conditions: [pregnancy] });
    const options = { asOf: AS_OF, population: 'teen' as Population, catalog: [definition('pregnancy-in-minor')] };
    expect(evaluateIndicators(chart, options)).toEqual([]);
  });

  it('does not modify the chart', () => {
    const chart = chartOf({ conditions: [chlamydiaDiagnosis], coverage: [] });
    const before = structuredClone(chart);
    evaluateIndicators(chart, { asOf: AS_OF, population: 'adult' });
    expect(chart).toEqual(before);
  });
});

describe('code matching', () => {
  const toothFractureWithDot: Condition = diagnosis('cond-tooth-dot', [coding(ICD10CM, 'S02.5XXA')], { recordedDate: '2026-03-12' });
  const toothFractureWithoutDot: Condition = diagnosis('cond-tooth-nodot', [coding(ICD10CM, 'S025XXA')], { recordedDate: '2026-03-12' });
  const toothFractureLowerCase: Condition = diagnosis('cond-tooth-lower', [coding(ICD10CM, 's02.5')], { recordedDate: '2026-03-12' });
  const toothFractureWhoUri: Condition = diagnosis('cond-tooth-who', [coding('http://hl7.org/fhir/sid/icd-10', 'S02.5XXA')], { recordedDate: '2026-03-12' });
  const toothFractureOid: Condition = diagnosis('cond-tooth-oid', [coding('urn:oid:2.16.840.1.113883.6.90', 'S02.5XXA')], { recordedDate: '2026-03-12' });

  it.each([
    ['with its dot', toothFractureWithDot],
    ['without its dot', toothFractureWithoutDot],
    ['in lower case', toothFractureLowerCase],
    ['under the ICD-10 URI', toothFractureWhoUri],
    ['under the ICD-10-CM OID', toothFractureOid],
  ] as const)('matches a code written %s', (_, condition) => {
    expect(references(evaluateOne('dental-injury', chartOf({ conditions: [condition] })))).toEqual([`Condition/${condition.id ?? ''}`]);
  });

  it('requires the system: an ICD-10-CM code under SNOMED CT does not match', () => {
    const chlamydiaCodeUnderSnomed: Condition = diagnosis('cond-wrong-system', [coding(SNOMED, 'A56.09')], { recordedDate: '2026-03-01' });
    const chlamydiaCodeWithoutSystem: Condition = { ...diagnosis('cond-no-system', [], { recordedDate: '2026-03-01' }), code: { coding: [{ code: 'A56.09' }] } };
    expect(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [chlamydiaCodeUnderSnomed, chlamydiaCodeWithoutSystem] }))).toBeUndefined();
  });

  it('does not match text alone', () => {
    const textOnly: Condition = { ...diagnosis('cond-text', [], { recordedDate: '2026-03-01' }), code: { text: 'Chlamydia' } };
    expect(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [textOnly] }))).toBeUndefined();
  });

  it('matches a prefix only from the start of the code, never a shorter code', () => {
    const skullCategoryOnly: Condition = diagnosis('cond-s02', [coding(ICD10CM, 'S02')], { recordedDate: '2026-03-01' });
    const notAPrefix: Condition = diagnosis('cond-xs025', [coding(ICD10CM, 'XS02.5')], { recordedDate: '2026-03-01' });
    expect(evaluateOne('dental-injury', chartOf({ conditions: [skullCategoryOnly, notAPrefix] }))).toBeUndefined();
  });

  it('finds the matching coding among others', () => {
    const mixedCodings: Condition = diagnosis('cond-mixed', [coding('http://example.org/local', 'X1'), coding(SNOMED, '15628003', 'Gonorrhea')], { recordedDate: '2026-02-01' });
    const finding = evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [mixedCodings] }));
    expect(finding?.evidence[0]?.code).toEqual({ system: SNOMED, code: '15628003', display: 'Gonorrhea' });
    expect(finding?.evidence[0]?.description).toBe('Gonorrhea (SNOMED CT 15628003), recorded 1 Feb 2026');
  });

  it('excludes refuted and entered-in-error conditions', () => {
    const refuted: Condition = { ...chlamydiaDiagnosis, id: 'cond-refuted', verificationStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'refuted')] } };
    const enteredInError: Condition = { ...chlamydiaDiagnosis, id: 'cond-eie', verificationStatus: { coding: [{ code: 'entered-in-error' }] } };
    expect(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [refuted, enteredInError] }))).toBeUndefined();
  });
});

describe('time windows', () => {
  const sti = (id: string, dates: Pick<Condition, 'recordedDate' | 'onsetDateTime' | 'abatementDateTime'>, extra: Partial<Condition> = {}): Condition =>
    diagnosis(id, [coding(ICD10CM, 'A54.03')], dates, extra);

  it('includes the first day of a 12-month window and excludes the day before', () => {
    const onWindowStart: Condition = sti('cond-start', { recordedDate: '2025-03-12' });
    const dayBefore: Condition = sti('cond-before', { recordedDate: '2025-03-11T23:59:00Z' });
    expect(references(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [onWindowStart, dayBefore] })))).toEqual(['Condition/cond-start']);
  });

  it('uses the latest date a condition has (onset, recorded or abatement)', () => {
    const longStandingButRecent: Condition = sti('cond-abated', { onsetDateTime: '2023-01-01', recordedDate: '2023-01-02', abatementDateTime: '2026-02-01' });
    expect(references(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [longStandingButRecent] })))).toEqual(['Condition/cond-abated']);
  });

  it('counts an undated condition only while it is active', () => {
    const activeUndated: Condition = sti('cond-active', {}, { clinicalStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active')] } });
    const resolvedUndated: Condition = sti('cond-resolved', {}, { clinicalStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-clinical', 'resolved')] } });
    expect(references(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [activeUndated, resolvedUndated] })))).toEqual(['Condition/cond-active']);
  });

  it('reads a partial date as the latest day it can mean', () => {
    const yearOnly: Condition = sti('cond-year', { recordedDate: '2025' });
    const monthOnly: Condition = sti('cond-month', { recordedDate: '2025-02' });
    expect(references(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [yearOnly, monthOnly] })))).toEqual(['Condition/cond-year']);
  });

  it('ignores dates that are not dates', () => {
    const impossibleDay: Condition = sti('cond-feb-30', { recordedDate: '2026-02-30' });
    const words: Condition = sti('cond-words', { recordedDate: 'last Tuesday' });
    expect(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [impossibleDay, words] }))).toBeUndefined();
  });

  it('applies no window to codes already recorded', () => {
    const oldConfirmedCode: Condition = diagnosis('cond-old-t74', [coding(ICD10CM, 'T74.51XS')], { recordedDate: '2015-06-01' });
    expect(references(evaluateOne('related-code-recorded', chartOf({ conditions: [oldConfirmedCode] })))).toEqual(['Condition/cond-old-t74']);
  });
});

describe('evidence', () => {
  const monthly = Array.from({ length: 7 }, (_, index): Condition => diagnosis(`cond-sti-${index + 1}`, [coding(ICD10CM, 'A54.03', 'Gonococcal cervicitis, unspecified')], { recordedDate: `2025-0${index + 3}-15` }));

  it(`lists the newest first, at most ${EVIDENCE_LIMIT}, and counts them all`, () => {
    const finding = evaluateOne('sexually-transmitted-infection', chartOf({ conditions: monthly }));
    expect(references(finding)).toEqual(['Condition/cond-sti-7', 'Condition/cond-sti-6', 'Condition/cond-sti-5', 'Condition/cond-sti-4', 'Condition/cond-sti-3']);
    expect(finding?.matchCount).toBe(7);
  });

  it('lists a resource once however often it appears, and keeps id-less resources apart', () => {
    const withoutId: Condition = { resourceType: 'Condition', subject, code: { coding: [coding(ICD10CM, 'A54.03')] }, recordedDate: '2026-01-01' };
    const finding = evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [chlamydiaDiagnosis, chlamydiaDiagnosis, withoutId, withoutId] }));
    expect(references(finding)).toEqual(['Condition/cond-chlamydia', '', '']);
    expect(finding?.matchCount).toBe(3);
  });

  it('describes a condition in plain words with its code and date', () => {
    const evidence = evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [chlamydiaDiagnosis] }))?.evidence[0];
    expect(evidence).toEqual({
      reference: 'Condition/cond-chlamydia',
      resourceType: 'Condition',
      description: 'Other chlamydial infection of lower genitourinary tract (ICD-10-CM A56.09), recorded 10 Jan 2026',
      code: { system: ICD10CM, code: 'A56.09', display: 'Other chlamydial infection of lower genitourinary tract' },
      date: '2026-01-10T09:30:00Z',
    });
  });

  it('falls back to the concept text, then to the code set label', () => {
    const textNoDisplay: Condition = { ...diagnosis('cond-text', [coding(ICD10CM, 'A54.03')], { onsetDateTime: '2026-02-02' }), code: { coding: [coding(ICD10CM, 'A54.03')], text: 'Gonorrhoea' } };
    const bare: Condition = diagnosis('cond-bare', [coding(ICD10CM, 'A59.01')], {});
    const finding = evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [textNoDisplay, { ...bare, clinicalStatus: { coding: [{ code: 'active' }] } }] }));
    expect(finding?.evidence.map((evidence) => evidence.description)).toEqual([
      'Gonorrhoea (ICD-10-CM A54.03), onset 2 Feb 2026',
      'Sexually transmitted infection (ICD-10-CM A59.01)',
    ]);
  });

  it('keeps chart text plain: control and bidi characters removed, length capped', () => {
    const hostileDisplay = `Chlamydia\u0000\u202e<img src=x onerror=alert(1)>\n${'x'.repeat(300)}`;
    const hostile: Condition = diagnosis('cond-hostile', [coding(ICD10CM, 'A56.09', hostileDisplay)], { recordedDate: '2026-01-01' });
    const description = evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [hostile] }))?.evidence[0]?.description ?? '';
    expect(description).toMatch(/^Chlamydia <img src=x onerror=alert\(1\)> x+…/);
    // eslint-disable-next-line no-control-regex -- asserting that control characters are gone
    expect(description).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(description.length).toBeLessThan(200);
  });
});

describe('sexually-transmitted-infection', () => {
  const chlamydiaNaatPositive: Observation = labResult('obs-ct-pos', '43304-5', '2026-02-20T10:00:00Z', positive);
  const gonorrheaNaatNegative: Observation = labResult('obs-ng-neg', '43305-2', '2026-02-20T10:00:00Z', negative);
  const gonorrheaDnaInterpretedPositive: Observation = labResult('obs-ng-interp', '24111-7', '2026-02-21', {
    interpretation: [{ coding: [coding('http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', 'POS')] }],
  });
  const chlamydiaWrittenDetected: Observation = labResult('obs-ct-string', '21613-5', '2026-02-22', { valueString: 'Detected' });
  const chlamydiaWrittenNotDetected: Observation = labResult('obs-ct-nd', '21613-5', '2026-02-22', { valueString: 'Not detected' });
  const chlamydiaContradictory: Observation = labResult('obs-ct-contra', '43304-5', '2026-02-23', {
    ...negative,
    interpretation: [{ coding: [coding('http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', 'POS')] }],
  });
  const chlamydiaNoResultYet: Observation = labResult('obs-ct-pending', '43304-5', '2026-03-11', { status: 'registered' });
  const chlamydiaCancelled: Observation = labResult('obs-ct-cancelled', '43304-5', '2026-03-11', { ...positive, status: 'cancelled' });

  it('fires on a diagnosis', () => {
    expect(references(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [chlamydiaDiagnosis] })))).toEqual(['Condition/cond-chlamydia']);
  });

  it('fires on positive tests only, whatever way the result is written', () => {
    const finding = evaluateOne(
      'sexually-transmitted-infection',
      chartOf({
        observations: [chlamydiaNaatPositive, gonorrheaNaatNegative, gonorrheaDnaInterpretedPositive, chlamydiaWrittenDetected, chlamydiaWrittenNotDetected, chlamydiaContradictory, chlamydiaNoResultYet, chlamydiaCancelled],
      }),
    );
    expect(references(finding)).toEqual(['Observation/obs-ct-string', 'Observation/obs-ng-interp', 'Observation/obs-ct-pos']);
    expect(finding?.evidence[2]?.description).toBe(
      'Positive test for a sexually transmitted infection (LOINC 43304-5): Positive, on 20 Feb 2026',
    );
  });

  it('does not fire on negative tests or unrelated diagnoses', () => {
    const urinaryInfection: Condition = diagnosis('cond-uti', [coding(ICD10CM, 'N39.0')], { recordedDate: '2026-03-01' });
    expect(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [urinaryInfection], observations: [gonorrheaNaatNegative, chlamydiaWrittenNotDetected] }))).toBeUndefined();
  });

  it('survives malformed conditions and observations', () => {
    expect(evaluateOne('sexually-transmitted-infection', untrustedChart({ conditions: malformedResources.slice(0, 11), observations: malformedResources }))).toBeUndefined();
  });
});

describe('value sets: generic parent concepts and codes without a system', () => {
  const genericSti: Condition = diagnosis('cond-generic-sti', [coding(SNOMED, '8098009', 'Sexually transmitted infectious disease')], { recordedDate: '2026-02-02' });
  const genericStiWithoutSystem: Condition = { ...diagnosis('cond-generic-no-system', [], { recordedDate: '2026-02-03' }), code: { coding: [{ code: '8098009' }] } };

  it('gives a 16-year-old with only the generic SNOMED CT 8098009 the STI prompt', () => {
    const findings = evaluateIndicators(chartOf({ patient: mia, conditions: [genericSti] }), { asOf: AS_OF, population: 'youth' });
    const sti = findings.find((finding) => finding.indicator.id === 'sexually-transmitted-infection');
    expect(references(sti)).toEqual(['Condition/cond-generic-sti']);
    expect(sti?.evidence[0]?.description).toBe('Sexually transmitted infectious disease (SNOMED CT 8098009), recorded 2 Feb 2026');
    expect(sti?.uncountedCodes).toBeUndefined();
  });

  it('leaves a code without a system unmatched', () => {
    expect(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [genericStiWithoutSystem] }))).toBeUndefined();
  });

  it('names the codes it did not count, without a system, in the prompt that did fire', () => {
    const finding = evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [chlamydiaDiagnosis, genericStiWithoutSystem] }));
    expect(references(finding)).toEqual(['Condition/cond-chlamydia']);
    expect(finding?.uncountedCodes).toEqual(['8098009']);
  });

  it('does not name system-less codes that no set of the indicator lists', () => {
    const unrelatedWithoutSystem: Condition = { ...diagnosis('cond-unrelated', [], { recordedDate: '2026-02-03' }), code: { coding: [{ code: '38341003' }] } };
    expect(evaluateOne('sexually-transmitted-infection', chartOf({ conditions: [chlamydiaDiagnosis, unrelatedWithoutSystem] }))?.uncountedCodes).toBeUndefined();
  });
});

describe('mental-health prompts', () => {
  it('fires post-traumatic-stress on PTSD whenever recorded, by ICD-10-CM or SNOMED CT, describing it by code only', () => {
    const ptsdLongAgo: Condition = diagnosis('cond-ptsd', [coding(ICD10CM, 'F43.10', 'Post-traumatic stress disorder, unspecified')], { recordedDate: '2019-05-01' });
    const ptsdSnomed: Condition = diagnosis('cond-ptsd-sct', [coding(SNOMED, '47505003')], { recordedDate: '2026-01-01' });
    const finding = evaluateOne('post-traumatic-stress', chartOf({ conditions: [ptsdLongAgo, ptsdSnomed] }));
    expect(references(finding)).toEqual(['Condition/cond-ptsd-sct', 'Condition/cond-ptsd']);
    expect(finding?.evidence[1]?.description).toBe('Post-traumatic stress (ICD-10-CM F43.10), recorded 1 May 2019');
  });

  it('fires depression within 12 months only', () => {
    const recent: Condition = diagnosis('cond-mdd', [coding(ICD10CM, 'F33.1')], { recordedDate: '2025-06-01' });
    const old: Condition = diagnosis('cond-dep-old', [coding(SNOMED, '35489007')], { recordedDate: '2024-01-01', abatementDateTime: '2024-06-01' });
    expect(references(evaluateOne('depression', chartOf({ conditions: [recent, old] })))).toEqual(['Condition/cond-mdd']);
    expect(evaluateOne('depression', chartOf({ conditions: [old] }))).toBeUndefined();
  });

  it('fires self-harm on a suicide attempt or intentional self-harm, describing it by code only', () => {
    const attempt: Condition = diagnosis('cond-attempt', [coding(SNOMED, '82313006', 'Suicide attempt')], { recordedDate: '2025-08-01' });
    const selfHarm: Condition = diagnosis('cond-x78', [coding(ICD10CM, 'X78.9XXA')], { recordedDate: '2024-02-01' });
    const finding = evaluateOne('self-harm', chartOf({ conditions: [attempt, selfHarm] }));
    expect(references(finding)).toEqual(['Condition/cond-attempt', 'Condition/cond-x78']);
    expect(finding?.evidence[0]?.description).toBe('Earlier harm (SNOMED CT 82313006), recorded 1 Aug 2025');
  });
});

describe('untreated-long-term-condition', () => {
  const active = { clinicalStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active')] } };
  // AS_OF is 2026-03-12: exactly 12 months before is 2025-03-12.
  const diabetesExactlyTwelveMonths: Condition = diagnosis('cond-diabetes', [coding(ICD10CM, 'E11.9')], { recordedDate: '2025-03-12' }, active);
  const asthmaElevenMonths: Condition = diagnosis('cond-asthma', [coding(SNOMED, '195967001')], { recordedDate: '2025-04-12' }, active);
  const resolvedHypertension: Condition = diagnosis('cond-htn', [coding(ICD10CM, 'I10')], { recordedDate: '2020-01-01' }, {
    clinicalStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-clinical', 'resolved')] },
  });
  const undatedDiabetes: Condition = diagnosis('cond-undated', [coding(ICD10CM, 'E10.9')], {}, active);
  const emergencyInWindow: Encounter = emergencyVisit('enc-er', '2025-11-03');
  const emergencyAtWindowStart: Encounter = emergencyVisit('enc-er-edge', '2025-03-12');
  const clinicAtWindowStart: Encounter = { ...emergencyVisit('enc-clinic-edge', '2025-03-12'), class: coding(ACT_CODE, 'AMB', 'ambulatory') };
  const clinicBeforeWindow: Encounter = { ...emergencyVisit('enc-clinic-old', '2025-03-11'), class: coding(ACT_CODE, 'AMB', 'ambulatory') };
  const undatedClinic: Encounter = { resourceType: 'Encounter', id: 'enc-clinic-undated', status: 'finished', class: coding(ACT_CODE, 'AMB'), subject };

  it('fires on a condition recorded exactly 12 months ago when the only dated visits are emergency visits', () => {
    const finding = evaluateOne('untreated-long-term-condition', chartOf({ conditions: [diabetesExactlyTwelveMonths], encounters: [emergencyInWindow, emergencyAtWindowStart] }));
    expect(references(finding)).toEqual(['Condition/cond-diabetes']);
    expect(finding?.evidence[0]?.description).toBe('Long-term condition (ICD-10-CM E11.9), recorded 12 Mar 2025');
  });

  it('does not fire on a condition recorded less than 12 months ago, resolved, or undated', () => {
    const chart = chartOf({ conditions: [asthmaElevenMonths, resolvedHypertension, undatedDiabetes], encounters: [emergencyInWindow] });
    expect(evaluateOne('untreated-long-term-condition', chart)).toBeUndefined();
  });

  it('does not fire when there are no visits at all in the window', () => {
    expect(evaluateOne('untreated-long-term-condition', chartOf({ conditions: [diabetesExactlyTwelveMonths] }))).toBeUndefined();
  });

  it('does not fire when one ambulatory visit falls in the window, even on its first day', () => {
    const chart = chartOf({ conditions: [diabetesExactlyTwelveMonths], encounters: [emergencyInWindow, clinicAtWindowStart] });
    expect(evaluateOne('untreated-long-term-condition', chart)).toBeUndefined();
  });

  it('ignores ambulatory visits before the window and undated visits', () => {
    const chart = chartOf({ conditions: [diabetesExactlyTwelveMonths], encounters: [emergencyInWindow, clinicBeforeWindow, undatedClinic] });
    expect(references(evaluateOne('untreated-long-term-condition', chart))).toEqual(['Condition/cond-diabetes']);
  });

  it('does not fire when the only visits are undated', () => {
    const undatedEmergency: Encounter = { resourceType: 'Encounter', id: 'enc-er-undated', status: 'finished', class: coding(ACT_CODE, 'EMER'), subject };
    expect(evaluateOne('untreated-long-term-condition', chartOf({ conditions: [diabetesExactlyTwelveMonths], encounters: [undatedEmergency] }))).toBeUndefined();
  });

  it('survives malformed conditions and encounters', () => {
    expect(evaluateOne('untreated-long-term-condition', untrustedChart({ conditions: malformedResources, encounters: [emergencyInWindow, ...malformedResources] }))).toBeUndefined();
  });
});

describe('pregnancy-in-minor (youth only)', () => {
  const pregnantState: Condition = diagnosis('cond-pregnant', [coding(ICD10CM, 'Z33.1', 'Pregnant state, incidental')], { recordedDate: '2026-03-12T04:00:00Z' });
  const urineHcgPositive: Observation = labResult('obs-hcg-pos', '2106-3', '2026-03-12T03:00:00Z', positive);
  const urineHcgNegative: Observation = labResult('obs-hcg-neg', '2106-3', '2026-03-12T03:00:00Z', negative);
  const inducedAbortion: Procedure = { resourceType: 'Procedure', id: 'proc-d-and-c', status: 'completed', subject, code: { coding: [coding(CPT, '59840')] }, performedDateTime: '2025-11-02' };
  const abortionNotDone: Procedure = { ...inducedAbortion, id: 'proc-not-done', status: 'not-done' };
  const youthChart = chartOf({ patient: mia, conditions: [pregnantState], observations: [urineHcgPositive, urineHcgNegative], procedures: [inducedAbortion, abortionNotDone] });

  it('fires for a youth on a pregnancy diagnosis, positive test or termination', () => {
    expect(references(evaluateOne('pregnancy-in-minor', youthChart, 'youth'))).toEqual(['Condition/cond-pregnant', 'Observation/obs-hcg-pos', 'Procedure/proc-d-and-c']);
  });

  it('is never shown for an adult', () => {
    expect(evaluateOne('pregnancy-in-minor', youthChart, 'adult')).toBeUndefined();
    expect(evaluateIndicators(youthChart, { asOf: AS_OF, population: 'adult' }).map((finding) => finding.indicator.id)).not.toContain('pregnancy-in-minor');
  });

  it('does not fire on a negative test alone', () => {
    expect(evaluateOne('pregnancy-in-minor', chartOf({ patient: mia, observations: [urineHcgNegative] }), 'youth')).toBeUndefined();
  });

  it('survives malformed resources', () => {
    expect(evaluateOne('pregnancy-in-minor', everySectionMalformed(), 'youth')).toBeUndefined();
  });
});

describe('repeated-pregnancy-loss-or-termination', () => {
  const miscarriage: Condition = diagnosis('cond-miscarriage', [coding(ICD10CM, 'O03.9', 'Complete or unspecified spontaneous abortion without complication')], { onsetDateTime: '2025-01-10' });
  const termination: Condition = diagnosis('cond-termination', [coding(ICD10CM, 'Z33.2')], { onsetDateTime: '2025-09-01' });
  const followUpOfMiscarriage: Condition = diagnosis('cond-follow-up', [coding(ICD10CM, 'O03.4')], { onsetDateTime: '2025-01-30' });
  const longAgo: Condition = diagnosis('cond-long-ago', [coding(ICD10CM, 'O03.9')], { onsetDateTime: '2021-05-01' });

  it('fires on two episodes at least 60 days apart within 3 years', () => {
    const finding = evaluateOne('repeated-pregnancy-loss-or-termination', chartOf({ conditions: [miscarriage, termination] }));
    expect(references(finding)).toEqual(['Condition/cond-termination', 'Condition/cond-miscarriage']);
  });

  it('does not count records of one episode twice, nor episodes outside the window', () => {
    expect(evaluateOne('repeated-pregnancy-loss-or-termination', chartOf({ conditions: [miscarriage, followUpOfMiscarriage, longAgo] }))).toBeUndefined();
  });

  it('survives malformed dates (undated records are no episodes)', () => {
    const undated = untrustedChart({ conditions: [{ ...miscarriage, onsetDateTime: 'spring' }, { ...termination, onsetDateTime: null }] });
    expect(evaluateOne('repeated-pregnancy-loss-or-termination', undated)).toBeUndefined();
  });
});

describe('injury indicators', () => {
  const at = { recordedDate: '2026-03-10' };
  const cases: { id: string; positive: Coding; negative: Coding }[] = [
    { id: 'dental-injury', positive: coding(ICD10CM, 'S03.2XXA', 'Dislocation of tooth'), negative: coding(ICD10CM, 'S02.600A', 'Fracture of mandible') },
    { id: 'injury-fracture-contusion-burn', positive: coding(ICD10CM, 'S52.501A', 'Fracture of lower end of right radius'), negative: coding(ICD10CM, 'S00.86XA', 'Insect bite of other part of head') },
    { id: 'injury-fracture-contusion-burn', positive: coding(ICD10CM, 'T22.112A', 'Burn of first degree of left forearm'), negative: coding(ICD10CM, 'S02.5XXA', 'Fracture of tooth') },
    { id: 'genital-injury', positive: coding(ICD10CM, 'S31.41XA', 'Laceration without foreign body of vagina and vulva'), negative: coding(ICD10CM, 'S31.000A', 'Open wound of lower back and pelvis') },
    { id: 'assault-or-maltreatment', positive: coding(ICD10CM, 'Y04.0XXA', 'Assault by unarmed brawl or fight'), negative: coding(ICD10CM, 'Y07.6', 'Multiple perpetrators of maltreatment and neglect') },
    { id: 'assault-or-maltreatment', positive: coding(ICD10CM, 'T76.11XA', 'Adult physical abuse, suspected'), negative: coding(ICD10CM, 'T76.51XA', 'Adult forced sexual exploitation, suspected') },
  ];

  it.each(cases)('$id fires on $positive.code', ({ id, positive: code }) => {
    const injury: Condition = diagnosis('cond-injury', [code], at);
    expect(references(evaluateOne(id, chartOf({ conditions: [injury] })))).toEqual(['Condition/cond-injury']);
  });

  it.each(cases)('$id does not fire on $negative.code', ({ id, negative: code }) => {
    const otherInjury: Condition = diagnosis('cond-other', [code], at);
    expect(evaluateOne(id, chartOf({ conditions: [otherInjury] }))).toBeUndefined();
  });

  it.each(['dental-injury', 'injury-fracture-contusion-burn', 'genital-injury', 'assault-or-maltreatment'])('%s survives malformed conditions', (id) => {
    // 'bad-dates' (S02.5XXA with unusable dates and no clinical status) is outside any window.
    expect(evaluateOne(id, everySectionMalformed())).toBeUndefined();
  });
});

describe('related-code-recorded', () => {
  const confirmedSexualExploitation: Condition = diagnosis('cond-t74', [coding(ICD10CM, 'T74.51XA', 'Adult forced sexual exploitation, confirmed, initial encounter')], { recordedDate: '2024-04-01' });
  const historyCode: Condition = diagnosis('cond-z91', [coding(ICD10CM, 'Z91.42')], { recordedDate: '2019-02-01' });
  const snomedFinding: Condition = diagnosis('cond-snomed', [coding(SNOMED, '713834002', 'Victim of child sexual exploitation')], {});
  const physicalAbuse: Condition = diagnosis('cond-t74-1', [coding(ICD10CM, 'T74.11XA')], { recordedDate: '2026-01-01' });

  it('fires on any related code, at any time, and shows only the code', () => {
    const finding = evaluateOne('related-code-recorded', chartOf({ conditions: [confirmedSexualExploitation, historyCode, snomedFinding, physicalAbuse] }));
    expect(references(finding)).toEqual(['Condition/cond-t74', 'Condition/cond-z91', 'Condition/cond-snomed']);
    expect(finding?.evidence[0]).toEqual({
      reference: 'Condition/cond-t74',
      resourceType: 'Condition',
      description: 'Related ICD-10-CM code (ICD-10-CM T74.51XA), recorded 1 Apr 2024',
      code: { system: ICD10CM, code: 'T74.51XA' },
      date: '2024-04-01',
    });
    expect(finding?.evidence.map((evidence) => evidence.description).join(' ')).not.toMatch(/exploitation|victim/i);
  });

  it('does not fire on other maltreatment codes', () => {
    expect(evaluateOne('related-code-recorded', chartOf({ conditions: [physicalAbuse] }))).toBeUndefined();
  });

  it('survives malformed conditions', () => {
    expect(evaluateOne('related-code-recorded', everySectionMalformed())).toBeUndefined();
  });
});

describe('substance use, malnutrition, housing', () => {
  const at = { recordedDate: '2025-12-01' };
  const cases: { id: string; positive: Coding; negative: Coding }[] = [
    { id: 'substance-use', positive: coding(ICD10CM, 'F12.10', 'Cannabis abuse, uncomplicated'), negative: coding(ICD10CM, 'F17.210', 'Nicotine dependence, cigarettes, uncomplicated') },
    { id: 'malnutrition', positive: coding(ICD10CM, 'E44.0', 'Moderate protein-calorie malnutrition'), negative: coding(ICD10CM, 'E66.9', 'Obesity, unspecified') },
    { id: 'housing-instability', positive: coding(ICD10CM, 'Z59.01', 'Sheltered homelessness'), negative: coding(ICD10CM, 'Z59.41', 'Food insecurity') },
    { id: 'housing-instability', positive: coding(SNOMED, '32911000', 'Homeless'), negative: coding(ICD10CM, 'Z59.1', 'Inadequate housing') },
  ];

  it.each(cases)('$id fires on $positive.code', ({ id, positive: code }) => {
    const problem: Condition = diagnosis('cond-problem', [code], at);
    expect(references(evaluateOne(id, chartOf({ conditions: [problem] })))).toEqual(['Condition/cond-problem']);
  });

  it.each(cases)('$id does not fire on $negative.code', ({ id, negative: code }) => {
    const otherProblem: Condition = diagnosis('cond-other', [code], at);
    expect(evaluateOne(id, chartOf({ conditions: [otherProblem] }))).toBeUndefined();
  });

  it.each(['substance-use', 'malnutrition', 'housing-instability'])('%s survives malformed conditions', (id) => {
    expect(evaluateOne(id, everySectionMalformed())).toBeUndefined();
  });
});

describe('temporary-address-only', () => {
  const motel: Patient = { ...ines, address: [{ use: 'temp', line: ['Room 12'], period: { start: '2026-01-15' } }] };
  const motelAndOldHome: Patient = { ...ines, address: [{ use: 'old', line: ['Old Street'] }, { use: 'temp', line: ['Room 12'] }] };
  const homeAndMotel: Patient = { ...ines, address: [{ use: 'home', line: ['1 Example Road'] }, { use: 'temp', line: ['Room 12'] }] };
  const pastTemporaryStay: Patient = { ...ines, address: [{ use: 'temp', line: ['Shelter'], period: { start: '2024-01-01', end: '2024-06-01' } }] };
  const noAddress: Patient = { resourceType: 'Patient', id: 'no-address' };

  it('fires when every current address is temporary, without showing it', () => {
    expect(evaluateOne('temporary-address-only', chartOf({ patient: motel }))?.evidence).toEqual([
      { reference: 'Patient/ines-adult', resourceType: 'Patient', description: 'Only a temporary address is recorded, since 15 Jan 2026', date: '2026-01-15' },
    ]);
    expect(evaluateOne('temporary-address-only', chartOf({ patient: motelAndOldHome }))).toBeDefined();
  });

  it('does not fire with a home address, an ended stay, or no address at all', () => {
    for (const patient of [homeAndMotel, pastTemporaryStay, noAddress]) {
      expect(evaluateOne('temporary-address-only', chartOf({ patient }))).toBeUndefined();
    }
  });

  it('survives malformed addresses', () => {
    expect(evaluateOne('temporary-address-only', untrustedChart({ patient: { resourceType: 'Patient', address: [null, 'temp', { use: 7 }] } }))).toBeUndefined();
    expect(evaluateOne('temporary-address-only', untrustedChart({ patient: { resourceType: 'Observation', address: [{ use: 'temp' }] } }))).toBeUndefined();
  });
});

describe('repeat-emergency-visits', () => {
  const tonight: Encounter = emergencyVisit('enc-tonight', '2026-03-12T01:10:00Z', { status: 'in-progress' });
  const january: Encounter = emergencyVisit('enc-january', '2026-01-20T22:00:00Z', { serviceProvider: { reference: 'Organization/north', display: 'Northside Hospital' } });
  const lastSpring: Encounter = emergencyVisit('enc-spring', '2025-04-02T03:00:00Z', { period: { start: '2025-04-02T03:00:00Z', end: '2025-04-02T07:00:00Z' } });
  const thirteenMonthsAgo: Encounter = emergencyVisit('enc-old', '2025-02-01T03:00:00Z', { period: { start: '2025-02-01T03:00:00Z', end: '2025-02-01T07:00:00Z' } });
  const cancelled: Encounter = emergencyVisit('enc-cancelled', '2025-12-01', { status: 'cancelled' });
  const clinicVisit: Encounter = { ...emergencyVisit('enc-clinic', '2025-11-01'), class: coding(ACT_CODE, 'AMB', 'ambulatory') };
  const localEmergencyCode: Encounter = { ...emergencyVisit('enc-local', '2025-10-01'), class: coding('http://example.org/visit-class', 'EMER') };
  const r5StyleClass = { ...emergencyVisit('enc-r5', '2025-09-01'), class: [{ coding: [coding(ACT_CODE, 'EMER')] }] };

  it("fires on three emergency visits in 12 months, tonight's included", () => {
    const finding = evaluateOne('repeat-emergency-visits', chartOf({ encounters: [lastSpring, tonight, january] }));
    expect(finding?.matchCount).toBe(3);
    expect(finding?.evidence.map((evidence) => evidence.description)).toEqual([
      'Emergency visit, 12 Mar 2026 (in progress)',
      'Emergency visit, 20 Jan 2026 — Northside Hospital',
      'Emergency visit, 2 Apr 2025',
    ]);
  });

  it('does not count visits outside the window, cancelled ones, other classes, other systems or duplicates', () => {
    const chart = chartOf({ encounters: [tonight, tonight, january, thirteenMonthsAgo, cancelled, clinicVisit, localEmergencyCode] });
    expect(evaluateOne('repeat-emergency-visits', chart)).toBeUndefined();
  });

  it('reads an R5-style class list', () => {
    const chart = untrustedChart({ encounters: [tonight, january, r5StyleClass] });
    expect(evaluateOne('repeat-emergency-visits', chart)?.matchCount).toBe(3);
  });

  it('survives malformed encounters', () => {
    expect(evaluateOne('repeat-emergency-visits', untrustedChart({ encounters: [tonight, ...malformedResources] }))).toBeUndefined();
  });
});

describe('no-active-coverage', () => {
  const lapsedMedicaid: Coverage = {
    resourceType: 'Coverage',
    id: 'cov-medicaid',
    status: 'cancelled',
    type: { coding: [{ system: SOPT, code: '2', display: 'MEDICAID' }] },
    beneficiary: subject,
    payor: [{ reference: 'Organization/medicaid' }],
    period: { start: '2023-01-01', end: '2025-07-15' },
  };
  const expiredPlan: Coverage = { ...activeHealthPlan, id: 'cov-expired', period: { start: '2020-01-01', end: '2026-03-11' } };
  const futurePlan: Coverage = { ...activeHealthPlan, id: 'cov-future', period: { start: '2026-04-01' } };
  const selfPayBySopt: Coverage = { ...activeHealthPlan, id: 'cov-self-pay', type: { coding: [{ system: 'urn:oid:2.16.840.1.113883.3.221.5', code: '81', display: 'Self-pay' }] } };
  const selfPayByText: Coverage = { ...activeHealthPlan, id: 'cov-self-pay-text', type: { text: 'Self Pay' } };
  const patientPays: Coverage = { ...activeHealthPlan, id: 'cov-patient-pays', type: { text: 'Cash' }, payor: [{ reference: 'Patient/ines-adult' }] };
  const enteredInError: Coverage = { ...activeHealthPlan, id: 'cov-error', status: 'entered-in-error' };

  it('does not fire with an active plan in force today', () => {
    expect(evaluateOne('no-active-coverage', chartOf({ coverage: [lapsedMedicaid, activeHealthPlan] }))).toBeUndefined();
    expect(evaluateOne('no-active-coverage', chartOf({ coverage: [{ ...activeHealthPlan, period: { start: '2026-03-12', end: '2026-03-12' } }] }))).toBeUndefined();
  });

  it('fires with nothing on file, citing the patient', () => {
    expect(evaluateOne('no-active-coverage', chartOf({ coverage: [] }))?.evidence).toEqual([{ reference: 'Patient/ines-adult', resourceType: 'Patient', description: 'No coverage on file' }]);
  });

  it('fires on lapsed, expired and not-yet-started coverage, saying why', () => {
    const finding = evaluateOne('no-active-coverage', chartOf({ coverage: [lapsedMedicaid, expiredPlan, futurePlan, enteredInError] }));
    expect(finding?.evidence.map((evidence) => [evidence.reference, evidence.description])).toEqual([
      ['Coverage/cov-future', 'Coverage not yet in force (PRIVATE HEALTH INSURANCE), starts 1 Apr 2026'],
      ['Coverage/cov-expired', 'Coverage expired (PRIVATE HEALTH INSURANCE), ended 11 Mar 2026'],
      ['Coverage/cov-medicaid', 'Coverage cancelled (MEDICAID), ended 15 Jul 2025'],
    ]);
  });

  it.each([selfPayBySopt, selfPayByText, patientPays])('counts self-pay ($id) as no coverage', (coverage) => {
    expect(evaluateOne('no-active-coverage', chartOf({ coverage: [coverage] }))?.evidence[0]?.description).toBe('Self-pay recorded, since 1 Jan 2020');
  });

  it('survives malformed coverage', () => {
    const finding = evaluateOne('no-active-coverage', untrustedChart({ coverage: malformedResources }));
    // The one Coverage with status active has an unreadable period, so it is taken as in force.
    expect(finding).toBeUndefined();
    expect(evaluateOne('no-active-coverage', untrustedChart({ coverage: [null, 'Coverage', { resourceType: 'Coverage', status: ['active'] }] }))?.matchCount).toBe(1);
  });
});

describe('prior-safety-record', () => {
  const oldSafetyFlag: Flag = {
    resourceType: 'Flag',
    id: 'flag-safety-old',
    status: 'inactive',
    category: [{ coding: [coding(FLAG_CATEGORY, 'safety', 'Safety')] }],
    code: { text: 'Safety concern — restricted; see care team' },
    subject,
    period: { start: '2021-05-20T18:09:00Z', end: '2022-05-20' },
  };
  const activeSafetyFlag: Flag = { ...oldSafetyFlag, id: 'flag-safety-active', status: 'active', period: { start: '2026-02-01' } };
  const clinicalFlag: Flag = { ...oldSafetyFlag, id: 'flag-clinical', status: 'active', category: [{ coding: [coding(FLAG_CATEGORY, 'clinical')] }] };
  const erroneousFlag: Flag = { ...oldSafetyFlag, id: 'flag-error', status: 'entered-in-error' };
  const socialServicesReferral: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: 'sr-social',
    status: 'completed',
    intent: 'order',
    subject,
    code: { coding: [coding(SNOMED, '306238000', 'Referral to social services')] },
    authoredOn: '2023-08-09',
  };
  const socialServiceCategory: ServiceRequest = { ...socialServicesReferral, id: 'sr-category', status: 'active', code: { text: 'Community program' }, category: [{ coding: [coding(SNOMED, '410606002')] }], authoredOn: '2024-01-01' };
  const cardiologyReferral: ServiceRequest = { ...socialServicesReferral, id: 'sr-cardiology', category: [{ coding: [coding(SNOMED, '3457005', 'Patient referral')] }], code: { text: 'Cardiology' } };

  it('fires on safety flags of any status and on social-service referrals', () => {
    const finding = evaluateOne('prior-safety-record', chartOf({ flags: [oldSafetyFlag, activeSafetyFlag, clinicalFlag, erroneousFlag], serviceRequests: [socialServicesReferral, socialServiceCategory, cardiologyReferral] }));
    expect(finding?.evidence.map((evidence) => [evidence.reference, evidence.description])).toEqual([
      ['Flag/flag-safety-active', 'Safety flag (active), from 1 Feb 2026'],
      ['ServiceRequest/sr-category', 'Social service referral (active), ordered 1 Jan 2024'],
      ['ServiceRequest/sr-social', 'Referral to social services (completed), ordered 9 Aug 2023'],
      ['Flag/flag-safety-old', 'Safety flag (inactive), from 20 May 2021 to 20 May 2022'],
    ]);
  });

  it('does not fire on other flags or on a generic patient referral', () => {
    expect(evaluateOne('prior-safety-record', chartOf({ flags: [clinicalFlag, erroneousFlag], serviceRequests: [cardiologyReferral] }))).toBeUndefined();
  });

  it('survives malformed flags and requests', () => {
    expect(evaluateOne('prior-safety-record', untrustedChart({ flags: malformedResources, serviceRequests: malformedResources }))).toBeUndefined();
    const oddStatus = untrustedChart({ flags: [{ ...oldSafetyFlag, status: { value: 'active' }, period: 'always' }] });
    expect(evaluateOne('prior-safety-record', oddStatus)?.evidence[0]?.description).toBe('Safety flag (status not recorded)');
  });
});

