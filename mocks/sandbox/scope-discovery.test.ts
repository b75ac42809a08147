import type { Questionnaire } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestedScopes, type ScopeConfig } from '../../src/config/scopes';
import { fetchQuestionnaire } from '../../src/features/screening/questionnaire-source';
import { createFhirClient, type FhirClient } from '../../src/lib/fhir/fhir-client';
import { writesGranted } from '../../src/features/referral/write-plan';
import { mayRead } from '../../src/lib/smart/granted-scopes';
import { discoverScopeStyle, type ScopeStyle } from '../../src/lib/smart/smart-configuration';
import { ehrLaunchToken, serveSandbox, type ServedSandbox } from './test-sandbox';
import type { VendorProfileName } from './vendor-profiles';

/**
 * Lantern's scope request (src/config/scopes.ts, src/lib/smart/smart-configuration.ts) against the sandbox's real
 * authorization server, with one base that speaks only SMART v1 and one that speaks only v2.
 * Runs here, in Node: the authorization server cannot sign tokens inside jsdom.
 */
let served: ServedSandbox;
beforeAll(async () => {
  served = await serveSandbox({
    profileOverrides: { epic: { smartPermissions: ['permission-v1'] }, meditech: { smartPermissions: ['permission-v2'] } },
  });
});
afterAll(async () => {
  await served.close();
});

async function launchAt(profile: VendorProfileName, style: ScopeStyle, config?: ScopeConfig): Promise<{ granted: string[]; fhir: FhirClient }> {
  const { sandbox } = served;
  const patient = sandbox.data.patients.find((candidate) => candidate.key === 'indicator-adult');
  const context = { patient: patient?.patientId ?? '', fhirUser: `Practitioner/${sandbox.data.practitioners[0]?.id ?? ''}` };
  const fhirBaseUrl = sandbox.fhirBaseUrls[profile];
  const token = await ehrLaunchToken(sandbox, context, requestedScopes('ehr', style, config), fhirBaseUrl);
  // Lantern's own FHIR client with this token, reaching the sandbox without a network.
  const fhir = createFhirClient(
    {
      serverUrl: fhirBaseUrl,
      authorizationHeader: () => `Bearer ${token.access_token}`,
      refreshIfNeeded: () => Promise.resolve(),
      refresh: () => Promise.resolve(false),
    },
    { fetch: (input, init) => sandbox.handleFhir(new Request(input, init)) },
  );
  return { granted: (token.scope ?? '').split(' ').filter(Boolean), fhir };
}

describe('the scope syntax Lantern asks each server for', () => {
  it.each<[VendorProfileName, string, ScopeStyle]>([
    ['smart-launcher', 'v1 and v2', 'v2'],
    ['epic', 'v1 only', 'v1'],
    ['meditech', 'v2 only', 'v2'],
  ])('%s (advertising %s): %s, and the token grants the chart and the writes', async (profile, _advertised, expected) => {
    const style = await discoverScopeStyle(served.sandbox.fhirBaseUrls[profile]);
    expect(style).toBe(expected);
    const { granted } = await launchAt(profile, style);
    for (const type of ['Patient', 'Encounter', 'Condition', 'Flag', 'HealthcareService']) expect(mayRead(granted, type), type).toBe(true);
    expect(writesGranted(granted)).toBe(true);
  });

  it('is v1 for an open server without smart-configuration', async () => {
    await expect(discoverScopeStyle(served.sandbox.fhirBaseUrls['hapi-open'])).resolves.toBe('v1');
  });

  it('matters: the wrong syntax at a v2-only server leaves a token that grants nothing to read or write', async () => {
    const { granted } = await launchAt('meditech', 'v1');
    expect(mayRead(granted, 'Patient')).toBe(false);
    expect(writesGranted(granted)).toBe(false);
  });
});

describe('the organisation’s own questionnaire, on servers that enforce scopes', () => {
  const canonical = 'https://hospital.example/fhir/Questionnaire/adult-safety';
  const organisationTool: Questionnaire = {
    resourceType: 'Questionnaire',
    id: 'hospital-adult-safety',
    url: canonical,
    version: '1.0',
    status: 'active',
    title: 'Hospital adult safety questions',
    item: [{ linkId: 'q1', type: 'boolean', text: 'Do you feel safe?' }],
  };
  const configured: ScopeConfig = { questionnaires: { adult: canonical } };

  beforeAll(async () => {
    await served.sandbox.engine.load([organisationTool]);
  });

  it.each<[VendorProfileName, ScopeStyle]>([
    ['epic', 'v1'],
    ['meditech', 'v2'],
  ])('loads at %s (SMART %s) when configured: the token grants Questionnaire read', async (profile, style) => {
    const { granted, fhir } = await launchAt(profile, style, configured);
    expect(mayRead(granted, 'Questionnaire')).toBe(true);
    await expect(fetchQuestionnaire(fhir, canonical)).resolves.toMatchObject({ id: organisationTool.id, title: organisationTool.title });
  });

  it('is refused without the scope, which is why it is asked for', async () => {
    const { granted, fhir } = await launchAt('epic', 'v1');
    expect(mayRead(granted, 'Questionnaire')).toBe(false);
    await expect(fetchQuestionnaire(fhir, canonical)).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
