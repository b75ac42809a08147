import { describe, expect, it } from 'vitest';
import { decodeLaunch, encodeLaunch } from './launch-context';
import type { LaunchContext } from './launch-context';

describe('launch context', () => {
  it('round-trips through the opaque launch value', () => {
    const context: LaunchContext = {
      patient: 'inés-garcía',
      encounter: 'enc-1',
      fhirUser: 'Practitioner/dr-lee',
      needPatientBanner: false,
      deniedScopes: ['patient/Condition.read'],
      accessTokenTtlSeconds: 20,
      refuseRefresh: true,
      dropsSecurityLabels: true,
    };
    const launch = encodeLaunch(context);
    expect(launch).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeLaunch(launch)).toEqual(context);
  });

  it('rejects values this sandbox did not issue', () => {
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(decodeLaunch('not a launch')).toBeUndefined();
    expect(decodeLaunch(encode('just a string'))).toBeUndefined();
    expect(decodeLaunch(encode({ patient: 'p1' }))).toBeUndefined();
    expect(decodeLaunch(encode({ fhirUser: 'Practitioner/x', deniedScopes: 'patient/Flag.read' }))).toBeUndefined();
    expect(decodeLaunch(encode({ fhirUser: 'Practitioner/x', patient: 7 }))).toBeUndefined();
    for (const accessTokenTtlSeconds of [0, -20, 1.5, '20']) {
      expect(decodeLaunch(encode({ fhirUser: 'Practitioner/x', accessTokenTtlSeconds }))).toBeUndefined();
    }
    expect(decodeLaunch(encode({ fhirUser: 'Practitioner/x', refuseRefresh: 'yes' }))).toBeUndefined();
    expect(decodeLaunch(encode({ fhirUser: 'Practitioner/x', dropsSecurityLabels: 'yes' }))).toBeUndefined();
    expect(decodeLaunch(encode({ fhirUser: 'Practitioner/x' }))).toEqual({ fhirUser: 'Practitioner/x' });
  });
});
