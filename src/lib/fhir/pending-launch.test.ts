import { afterEach, describe, expect, it } from 'vitest';
import { pendingLaunch } from './smart-session';

afterEach(() => {
  sessionStorage.clear();
});

describe('pendingLaunch', () => {
  it('finds the launch this window started, and whether it signs in at an authorization server', () => {
    sessionStorage.setItem('ehr-launch', JSON.stringify({ serverUrl: 'https://ehr.example/fhir', tokenUri: 'https://ehr.example/token' }));
    sessionStorage.setItem('open-launch', JSON.stringify({ serverUrl: 'https://hapi.example/fhir', tokenResponse: { patient: 'p1' } }));
    expect(pendingLaunch('ehr-launch')).toEqual({ signsIn: true });
    expect(pendingLaunch('open-launch')).toEqual({ signsIn: false });
  });

  it('finds none for a state this window did not start, or no state', () => {
    sessionStorage.setItem('broken', '{');
    expect(pendingLaunch('forged')).toBeUndefined();
    expect(pendingLaunch('broken')).toBeUndefined();
    expect(pendingLaunch(null)).toBeUndefined();
  });
});
