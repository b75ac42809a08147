import type { Bundle, Flag } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { createFhirClient } from '../src/lib/fhir/fhir-client';
import { practiceCases } from './cases';
import { openPracticeStore } from './practice-store';

const asOf = '2026-12-06';
const base = 'http://localhost:4197/practice-fhir';
const [firstCase] = practiceCases;

async function clientFor(chart = firstCase?.chart(asOf) ?? []) {
  const store = await openPracticeStore(base, chart);
  const fhir = createFhirClient(
    { serverUrl: store.baseUrl, authorizationHeader: () => null, refreshIfNeeded: () => Promise.resolve(), refresh: () => Promise.resolve(false) },
    { fetch: store.fetch },
  );
  return { store, fhir };
}

describe('the practice store', () => {
  it('answers Lantern’s FHIR client from the case chart, searches included', async () => {
    const { fhir } = await clientFor();
    const patient = await fhir.read('Patient', 'practice-maya');
    expect(patient.name?.[0]?.text).toBe('Maya Lind');
    const visits = await fhir.search('Encounter', { patient: 'Patient/practice-maya', date: 'ge2026-01-01', _sort: '-date' });
    expect(visits.resources.map((visit) => visit.id)).toEqual(['practice-maya-visit', 'practice-maya-earlier']);
  });

  it('validates and keeps what is written, and a conditional create does not duplicate', async () => {
    const { fhir, store } = await clientFor();
    const flag: Flag = {
      resourceType: 'Flag',
      status: 'active',
      identifier: [{ system: 'https://lantern.example/practice-test', value: 'one' }],
      meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] },
      code: { text: 'Safety concern — restricted; see care team' },
      subject: { reference: 'Patient/practice-maya' },
    };
    const first = await fhir.conditionalCreate(flag, 'identifier=https://lantern.example/practice-test|one');
    const second = await fhir.conditionalCreate(flag, 'identifier=https://lantern.example/practice-test|one');
    expect([first.created, second.created]).toEqual([true, false]);
    const held = await store.holdings('Flag');
    expect(held).toHaveLength(1);
    expect(held[0]?.meta?.security?.[0]?.code).toBe('R');
    await expect(fhir.create({ resourceType: 'Flag', status: 'not-a-status', code: {}, subject: {} } as unknown as Flag)).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('runs a transaction', async () => {
    const transactionFlag: Flag = { resourceType: 'Flag', status: 'active', code: { text: 'x' }, subject: { reference: 'Patient/practice-maya' } };
    const { fhir, store } = await clientFor();
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: transactionFlag, request: { method: 'POST', url: 'Flag' } }],
    };
    const response = await fhir.transaction(bundle);
    expect(response.type).toBe('transaction-response');
    expect(await store.holdings('Flag')).toHaveLength(1);
  });

  it('refuses any address outside its base', async () => {
    const { store } = await clientFor();
    await expect(store.fetch('https://ehr.example/fhir/Patient')).rejects.toThrow(/nothing outside/);
    await expect(store.fetch('http://localhost:4197/practice-fhirx/Patient')).rejects.toThrow(/nothing outside/);
  });
});
