import type { Bundle, HealthcareService } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { directoryEntryFromHealthcareService } from '../../../src/features/referral/directory';
import { createFhirEngine } from '../fhir-engine-node';
import { buildDirectoryOrganizations, buildHealthcareServices, HEALTHCARE_SERVICE_ID } from './directory';
import { generateSandboxData } from './generate';

describe('the sandbox referral directory', () => {
  it('maps every service to a directory entry the referral picker can show', () => {
    const entries = buildHealthcareServices().map(directoryEntryFromHealthcareService);
    expect(entries.map((entry) => [entry?.serviceType, entry?.performerReference])).toEqual([
      ['Shelter', 'HealthcareService/hs-county-shelter'],
      ['Legal aid', 'HealthcareService/hs-legal-aid'],
      ['Victim advocate', 'HealthcareService/hs-victim-advocate'],
      ['Social work', 'HealthcareService/hs-ed-social-work'],
      ['Anti-trafficking coalition', 'HealthcareService/hs-anti-trafficking-coalition'],
      ['Mental health', 'HealthcareService/hs-mental-health'],
      ['Child advocacy center', 'HealthcareService/hs-child-advocacy-center'],
      ['Child protection intake', 'HealthcareService/hs-child-protection-intake'],
      ['Anti-trafficking victim services', 'HealthcareService/hs-direct-light'],
    ]);
    expect(entries[0]).toMatchObject({ languages: ['English', 'Spanish'], hours: '24/7', contact: 'Call 555-0142 · Text 555-0143' });
    expect(entries[1]).toMatchObject({ hours: 'Mon–Fri 09:00–17:00 (Closed on public holidays)' });
    expect(entries[2]).toMatchObject({ hours: 'Mon–Fri 08:00–20:00; Sat 10:00–16:00' });
  });

  it('uses only fictional 555-01xx numbers and marks partner names as sandbox data', () => {
    for (const service of buildHealthcareServices()) {
      for (const point of service.telecom ?? []) expect(point.value).toMatch(/^555-01\d\d$/);
    }
    for (const organization of buildDirectoryOrganizations()) expect(organization.name).toMatch(/\(sandbox\)$/);
  });

  it('is what the sandbox EHR answers to Lantern’s directory search', async () => {
    const engine = await createFhirEngine();
    await engine.load(generateSandboxData({ largeChart: false }).resources);
    const response = await engine.handle({
      method: 'GET',
      path: '/HealthcareService',
      search: new URLSearchParams({ active: 'true', _count: '50' }),
      headers: {},
      baseUrl: 'http://localhost:5173/sandbox/fhir',
    });
    expect(response.status).toBe(200);
    const bundle = response.body as Bundle<HealthcareService>;
    expect((bundle.entry ?? []).map((entry) => entry.resource?.id).sort()).toEqual(Object.values(HEALTHCARE_SERVICE_ID).sort());
  });
});
