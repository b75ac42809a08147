import { describe, expect, it } from 'vitest';
import { explainProblem } from '../../components/problem-text';
import { launchingUserRefusal, type LaunchingUserConfig } from './launching-user';

const clinicians: LaunchingUserConfig = { allowedUserTypes: ['Practitioner', 'PractitionerRole'], allowUnidentifiedUsers: false };

describe('launchingUserRefusal', () => {
  it.each(['Practitioner/dr-lee', 'PractitionerRole/ed-nurse'])('lets a clinician (%s) in', (fhirUser) => {
    expect(launchingUserRefusal(fhirUser, clinicians)).toBeUndefined();
  });

  it.each([
    ['Patient/ana', 'the EHR says a patient is signed in'],
    ['RelatedPerson/brother', 'the EHR says a patient’s relative or carer is signed in'],
    ['Person/p1', 'the EHR did not say that the person signed in is one'],
    [undefined, 'the EHR did not say who is signed in'],
  ])('refuses %s with a plain sentence', (fhirUser, reason) => {
    const refusal = launchingUserRefusal(fhirUser, clinicians);
    expect(refusal?.kind).toBe('user-not-allowed');
    const { message, action } = explainProblem(refusal ?? expect.fail('no refusal'));
    expect(message).toBe(`Lantern is for the clinicians caring for the patient, and ${reason}.`);
    expect(action).toMatch(/^If you are a clinician, ask your EHR administrator/);
  });

  it('follows an organisation that lets other user types and unidentified users launch', () => {
    const config: LaunchingUserConfig = { allowedUserTypes: ['Practitioner', 'RelatedPerson'], allowUnidentifiedUsers: true };
    expect(launchingUserRefusal('RelatedPerson/brother', config)).toBeUndefined();
    expect(launchingUserRefusal(undefined, config)).toBeUndefined();
    expect(launchingUserRefusal('Patient/ana', config)?.kind).toBe('user-not-allowed');
  });
});
