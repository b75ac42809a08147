import { describe, expect, it } from 'vitest';
import { explainProblem } from '../../components/problem-text';
import { authorizationErrorIn, maxDescriptionLength, withoutAuthorizationResponse } from './authorization-response';

const redirect = 'https://lantern.example/index.html';
const pending = (state: string): boolean => state === 'launch-1';

function refusalFor(params: Record<string, string>): ReturnType<typeof authorizationErrorIn> {
  return authorizationErrorIn(`${redirect}?${new URLSearchParams({ state: 'launch-1', ...params }).toString()}`, pending);
}

describe('authorizationErrorIn', () => {
  it.each([
    ['invalid_scope', 'The EHR refused the access Lantern asked for.', 'Ask your EHR administrator to grant Lantern the access listed in its registration.'],
    ['invalid_client', 'The EHR does not recognise Lantern’s registration.', /^Ask your EHR administrator to check Lantern’s registration/],
    ['unauthorized_client', 'The EHR does not recognise Lantern’s registration.', /^Ask your EHR administrator to check Lantern’s registration/],
    ['unsupported_response_type', 'The EHR does not recognise Lantern’s registration.', /^Ask your EHR administrator/],
    ['invalid_request', 'The EHR did not accept the way Lantern asked to sign in.', /^Ask your EHR administrator/],
    ['invalid_target', 'The EHR did not accept the FHIR server Lantern asked to use.', /^Ask your EHR administrator/],
    ['access_denied', 'The sign-in to the EHR was declined, so Lantern was not given access.', 'Open Lantern again from the patient’s chart to try again.'],
    ['server_error', 'The EHR’s sign-in service had a problem and could not let Lantern in.', 'Try again in a moment.'],
    ['temporarily_unavailable', 'The EHR’s sign-in service is busy or down for the moment.', 'Try again in a moment.'],
    ['vendor_specific', 'The EHR refused to let Lantern in.', 'Close Lantern and open it again from the patient’s chart.'],
  ])('names %s for what it is, in a plain sentence with what to do', (error, message, action) => {
    const problem = explainProblem(refusalFor({ error }) ?? expect.fail('no refusal'));
    expect(problem.message).toBe(message);
    expect(problem.action).toEqual(typeof action === 'string' ? action : expect.stringMatching(action));
    expect(problem.message).not.toContain(error);
    expect(problem.serverSays).toBe(error);
  });

  it('keeps the server’s description for the administrator, as one plain line of bounded length', () => {
    const said = refusalFor({ error: 'invalid_scope', error_description: 'patient/Flag.write is not\nallowed\u202e for this client' });
    expect(explainProblem(said ?? expect.fail('no refusal')).serverSays).toBe('patient/Flag.write is not allowed for this client (invalid_scope)');

    const long = refusalFor({ error: 'invalid_client', error_description: 'x'.repeat(5000) });
    const { serverSays } = explainProblem(long ?? expect.fail('no refusal'));
    expect(Array.from(serverSays ?? '').length).toBeLessThanOrEqual(maxDescriptionLength + ' (invalid_client)'.length);
    expect(serverSays).toMatch(/x…\s\(invalid_client\)$/);
  });

  it('keeps HTML as the text it is', () => {
    const said = refusalFor({ error: 'access_denied', error_description: '<img src=x onerror=alert(1)>' });
    expect(said?.serverSays).toBe('<img src=x onerror=alert(1)> (access_denied)');
  });

  it('believes no error for a launch this window did not start, or without a state: anyone can craft such a link', () => {
    expect(authorizationErrorIn(`${redirect}?error=access_denied&error_description=Call+555-0199&state=forged`, pending)).toBeUndefined();
    expect(authorizationErrorIn(`${redirect}?error=access_denied&error_description=Call+555-0199`, pending)).toBeUndefined();
  });

  it('repeats no error code outside OAuth’s character set', () => {
    const odd = refusalFor({ error: 'bad"code\\', error_description: 'words' });
    expect(odd?.kind).toBe('session');
    expect(odd?.serverSays).toBeUndefined();
  });

  it('is undefined when the address carries no error', () => {
    expect(refusalFor({ code: 'abc' })).toBeUndefined();
  });
});

describe('withoutAuthorizationResponse', () => {
  it('removes the code, state, iss and error parameters and keeps the rest', () => {
    const href = `${redirect}?code=abc&state=launch-1&iss=https%3A%2F%2Fehr.example&error=invalid_scope&error_description=no&error_uri=https%3A%2F%2Fx&keep=1#top`;
    expect(withoutAuthorizationResponse(href)).toBe('/index.html?keep=1#top');
    expect(withoutAuthorizationResponse(`${redirect}?state=launch-1`)).toBe('/index.html');
  });
});
