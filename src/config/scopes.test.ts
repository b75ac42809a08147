import { describe, expect, it } from 'vitest';
import { scopesGrant } from '../lib/smart/granted-scopes';
import { requestedScopes } from './scopes';

const resourceScopes = (scope: string): string[] => scope.split(' ').filter((item) => item.includes('/') && item.includes('.'));

describe('requestedScopes', () => {
  it('asks an EHR launch for its context through `launch`, a standalone launch through launch/patient', () => {
    expect(requestedScopes('ehr').split(' ')).toContain('launch');
    expect(requestedScopes('ehr').split(' ')).not.toContain('launch/patient');
    expect(requestedScopes('standalone').split(' ')).toEqual(expect.arrayContaining(['launch/patient', 'launch/encounter']));
  });

  it('writes v1 scopes as .read and .write by default', () => {
    const scopes = resourceScopes(requestedScopes('ehr'));
    expect(scopes).toContain('patient/Condition.read');
    expect(scopes).toContain('patient/Flag.write');
    expect(scopes.every((scope) => /\.(read|write)$/.test(scope))).toBe(true);
  });

  it('writes v2 scopes that read by search and write without delete', () => {
    const scopes = resourceScopes(requestedScopes('ehr', 'v2'));
    expect(scopes).toContain('patient/Condition.rs');
    expect(scopes).toContain('patient/Flag.cu');
    expect(scopes).toContain('user/HealthcareService.rs');
    expect(scopes.every((scope) => /\.(rs|cu)$/.test(scope))).toBe(true);
  });

  it('asks for the same access in either syntax', () => {
    const v1 = resourceScopes(requestedScopes('ehr', 'v1'));
    const v2 = resourceScopes(requestedScopes('ehr', 'v2'));
    expect(v2).toHaveLength(v1.length);
    for (const type of ['Patient', 'Condition', 'Flag', 'ServiceRequest', 'QuestionnaireResponse', 'Communication', 'HealthcareService']) {
      for (const access of ['read', 'create', 'update'] as const) {
        expect(scopesGrant(v2, type, access), `${type} ${access}`).toBe(scopesGrant(v1, type, access));
      }
    }
  });

  it('keeps the identity scopes the same in both styles', () => {
    for (const style of ['v1', 'v2'] as const) {
      expect(requestedScopes('ehr', style).split(' ')).toEqual(expect.arrayContaining(['openid', 'fhirUser', 'online_access']));
    }
  });
});
