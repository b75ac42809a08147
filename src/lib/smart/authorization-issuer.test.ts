import { describe, expect, it } from 'vitest';
import { discoverIssuerExpectation, issuerExpectation, newOAuthState, responseIssuerProblem } from './authorization-issuer';

const issuer = 'https://ehr.example/auth';

describe('issuerExpectation', () => {
  it('requires the issuer when the server advertises RFC 9207', () => {
    expect(issuerExpectation({ issuer, authorization_response_iss_parameter_supported: true })).toEqual({ issuer, required: true });
  });

  it('compares a present iss, without requiring one, when the server names its issuer but does not advertise it', () => {
    expect(issuerExpectation({ issuer })).toEqual({ issuer, required: false });
    expect(issuerExpectation({ issuer, authorization_response_iss_parameter_supported: 'true' })).toEqual({ issuer, required: false });
  });

  it('expects nothing from a server that says nothing, or sends no configuration', () => {
    expect(issuerExpectation({ authorization_endpoint: `${issuer}/authorize` })).toBeUndefined();
    expect(issuerExpectation(undefined)).toBeUndefined();
    expect(issuerExpectation('issuer')).toBeUndefined();
  });

  it('refuses a server that promises an iss but names no issuer', () => {
    expect(issuerExpectation({ authorization_response_iss_parameter_supported: true })).toEqual({ refusal: expect.stringMatching(/name their sender/) as unknown });
    expect(issuerExpectation({ issuer: 7, authorization_response_iss_parameter_supported: true })).toHaveProperty('refusal');
  });
});

describe('responseIssuerProblem', () => {
  it('accepts the expected issuer, character for character', () => {
    expect(responseIssuerProblem({ issuer, required: true }, issuer)).toBeUndefined();
    expect(responseIssuerProblem({ issuer, required: true }, `${issuer}/`)).toMatch(/different sign-in server/);
    expect(responseIssuerProblem({ issuer, required: true }, 'https://EHR.example/auth')).toMatch(/different sign-in server/);
  });

  it('refuses a missing iss only where the server promised one', () => {
    expect(responseIssuerProblem({ issuer, required: true }, null)).toMatch(/did not say which sign-in server/);
    expect(responseIssuerProblem({ issuer, required: false }, null)).toBeUndefined();
    expect(responseIssuerProblem({ issuer, required: false }, 'https://other.example/auth')).toMatch(/different sign-in server/);
    expect(responseIssuerProblem(undefined, 'https://other.example/auth')).toBeUndefined();
  });
});

describe('newOAuthState', () => {
  it('is 32 bytes, base64url, and never repeats', () => {
    const states = Array.from({ length: 200 }, () => newOAuthState());
    for (const state of states) {
      expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(state, 'base64url')).toHaveLength(32);
    }
    expect(new Set(states).size).toBe(states.length);
  });
});

describe('discoverIssuerExpectation', () => {
  const asked: string[] = [];
  function serving(documents: Record<string, unknown>): typeof fetch {
    return (input) => {
      const url = input instanceof Request ? input.url : String(input);
      asked.push(url);
      return Promise.resolve(url in documents ? Response.json(documents[url]) : new Response('not found', { status: 404 }));
    };
  }

  it('takes smart-configuration’s word when it advertises RFC 9207, asking nothing more', async () => {
    asked.length = 0;
    const expectation = await discoverIssuerExpectation({ issuer, authorization_response_iss_parameter_supported: true }, serving({}));
    expect(expectation).toEqual({ issuer, required: true });
    expect(asked).toEqual([]);
  });

  it('reads the authorization server’s own metadata when smart-configuration does not say', async () => {
    const rfc8414 = 'https://ehr.example/.well-known/oauth-authorization-server/auth';
    const openId = 'https://ehr.example/auth/.well-known/openid-configuration';
    const advertised = { issuer, authorization_response_iss_parameter_supported: true };
    expect(await discoverIssuerExpectation({ issuer }, serving({ [rfc8414]: advertised }))).toEqual({ issuer, required: true });
    expect(await discoverIssuerExpectation({ issuer }, serving({ [openId]: advertised }))).toEqual({ issuer, required: true });
  });

  it('ignores metadata that names another issuer, or none can be read', async () => {
    const openId = 'https://ehr.example/auth/.well-known/openid-configuration';
    const other = { issuer: 'https://other.example/auth', authorization_response_iss_parameter_supported: true };
    expect(await discoverIssuerExpectation({ issuer }, serving({ [openId]: other }))).toEqual({ issuer, required: false });
    expect(await discoverIssuerExpectation({ issuer }, () => Promise.reject(new TypeError('offline')))).toEqual({ issuer, required: false });
  });
});
