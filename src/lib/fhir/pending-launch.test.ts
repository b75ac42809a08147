import { afterEach, describe, expect, it } from 'vitest';
import { pendingLaunch } from './smart-launch';

afterEach(() => {
  sessionStorage.clear();
});

describe('pendingLaunch', () => {
  it('finds the launch this window started, whether it signs in at an authorization server, and the settings it read', () => {
    sessionStorage.setItem('ehr-launch', JSON.stringify({ serverUrl: 'https://ehr.example/fhir', tokenUri: 'https://ehr.example/token' }));
    sessionStorage.setItem('open-launch', JSON.stringify({ serverUrl: 'https://hapi.example/fhir', tokenResponse: { patient: 'p1' } }));
    sessionStorage.setItem('lantern.pending-launch.ehr-launch', JSON.stringify({ startedAt: 1, settings: { ehrs: [] } }));
    expect(pendingLaunch('ehr-launch')).toEqual({ signsIn: true, serverUrl: 'https://ehr.example/fhir', settings: { ehrs: [] }, capabilityStatement: undefined });
    expect(pendingLaunch('open-launch')).toEqual({ signsIn: false, serverUrl: 'https://hapi.example/fhir', settings: undefined, capabilityStatement: undefined });
  });

  it('gives the CapabilityStatement the launch page kept, and nothing else stored in its place', () => {
    const statement = { resourceType: 'CapabilityStatement', rest: [{ mode: 'server', interaction: [{ code: 'batch' }] }] };
    sessionStorage.setItem('ehr-launch', JSON.stringify({ serverUrl: 'https://ehr.example/fhir', tokenUri: 'https://ehr.example/token' }));
    sessionStorage.setItem('lantern.pending-launch.ehr-launch', JSON.stringify({ startedAt: 1, capabilityStatement: statement }));
    expect(pendingLaunch('ehr-launch')?.capabilityStatement).toEqual(statement);
    sessionStorage.setItem('lantern.pending-launch.ehr-launch', JSON.stringify({ startedAt: 1, capabilityStatement: { resourceType: 'Bundle' } }));
    expect(pendingLaunch('ehr-launch')?.capabilityStatement).toBeUndefined();
    sessionStorage.setItem('lantern.pending-launch.ehr-launch', JSON.stringify({ startedAt: 1, capabilityStatement: 'CapabilityStatement' }));
    expect(pendingLaunch('ehr-launch')?.capabilityStatement).toBeUndefined();
  });

  it('finds none for a state this window did not start, or no state', () => {
    sessionStorage.setItem('broken', '{');
    expect(pendingLaunch('forged')).toBeUndefined();
    expect(pendingLaunch('broken')).toBeUndefined();
    expect(pendingLaunch(null)).toBeUndefined();
  });
});
