import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestedScopes } from '../../src/config/scopes';
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

async function launchAt(profile: VendorProfileName, style: ScopeStyle): Promise<string[]> {
  const { sandbox } = served;
  const patient = sandbox.data.patients.find((candidate) => candidate.key === 'indicator-adult');
  const context = { patient: patient?.patientId ?? '', fhirUser: `Practitioner/${sandbox.data.practitioners[0]?.id ?? ''}` };
  const token = await ehrLaunchToken(sandbox, context, requestedScopes('ehr', style), sandbox.fhirBaseUrls[profile]);
  return (token.scope ?? '').split(' ').filter(Boolean);
}

describe('the scope syntax Lantern asks each server for', () => {
  it.each<[VendorProfileName, string, ScopeStyle]>([
    ['smart-launcher', 'v1 and v2', 'v2'],
    ['epic', 'v1 only', 'v1'],
    ['meditech', 'v2 only', 'v2'],
  ])('%s (advertising %s): %s, and the token grants the chart and the writes', async (profile, _advertised, expected) => {
    const style = await discoverScopeStyle(served.sandbox.fhirBaseUrls[profile]);
    expect(style).toBe(expected);
    const granted = await launchAt(profile, style);
    for (const type of ['Patient', 'Encounter', 'Condition', 'Flag', 'HealthcareService']) expect(mayRead(granted, type), type).toBe(true);
    expect(writesGranted(granted)).toBe(true);
  });

  it('is v1 for an open server without smart-configuration', async () => {
    await expect(discoverScopeStyle(served.sandbox.fhirBaseUrls['hapi-open'])).resolves.toBe('v1');
  });

  it('matters: the wrong syntax at a v2-only server leaves a token that grants nothing to read or write', async () => {
    const granted = await launchAt('meditech', 'v1');
    expect(mayRead(granted, 'Patient')).toBe(false);
    expect(writesGranted(granted)).toBe(false);
  });
});
