import { SMART_KEY } from 'fhirclient/lib/settings';
import { afterEach, describe, expect, it } from 'vitest';
import { rememberRelaunch, takeRelaunch } from './relaunch';

/** What fhirclient leaves in sessionStorage once authorize() has sent the browser on: the state, and the pointer to it. */
function pendingLaunch(state: string): void {
  sessionStorage.setItem(state, JSON.stringify({ serverUrl: 'https://ehr.example/fhir' }));
  sessionStorage.setItem(SMART_KEY, JSON.stringify(state));
}

afterEach(() => {
  sessionStorage.clear();
});

describe('rememberRelaunch and takeRelaunch', () => {
  it('hand the redirect page where its launch came from, once, and keep nothing after', () => {
    pendingLaunch('state-1');
    rememberRelaunch({ iss: 'https://ehr.example/fhir', launch: 'opaque-1', readOnly: false });
    expect(takeRelaunch('state-1')).toEqual({ iss: 'https://ehr.example/fhir', launch: 'opaque-1', readOnly: false });
    expect(takeRelaunch('state-1')).toBeUndefined();
    expect(Object.keys(sessionStorage).filter((key) => key.startsWith('lantern-relaunch'))).toEqual([]);
  });

  it('give a launch only its own origin, with two frames sharing the storage', () => {
    pendingLaunch('state-a');
    rememberRelaunch({ iss: 'https://ehr.example/fhir', launch: 'for-patient-a', readOnly: false });
    pendingLaunch('state-b');
    rememberRelaunch({ iss: 'https://ehr.example/fhir', launch: 'for-patient-b', readOnly: true });
    expect(takeRelaunch('state-b')?.launch).toBe('for-patient-b');
    expect(takeRelaunch('state-a')?.launch).toBe('for-patient-a');
    expect(takeRelaunch(null)).toBeUndefined();
  });

  it('drop what abandoned launches left behind at the next launch', () => {
    pendingLaunch('abandoned');
    rememberRelaunch({ iss: 'https://ehr.example/fhir', launch: 'old', readOnly: false });
    sessionStorage.removeItem('abandoned');
    pendingLaunch('next');
    rememberRelaunch({ iss: 'https://ehr.example/fhir', launch: 'new', readOnly: false });
    expect(sessionStorage.getItem('lantern-relaunch:abandoned')).toBeNull();
    expect(takeRelaunch('next')?.launch).toBe('new');
  });

  it('ignore what is not a relaunch record', () => {
    sessionStorage.setItem('lantern-relaunch:odd', '{"iss": 7}');
    expect(takeRelaunch('odd')).toBeUndefined();
  });
});
