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

  it('asks for no write at all when relaunched reading only, in either syntax, and for every read it otherwise asks', () => {
    for (const style of ['v1', 'v2'] as const) {
      const readOnly = resourceScopes(requestedScopes('ehr', style, undefined, 'read'));
      for (const type of ['Flag', 'ServiceRequest', 'QuestionnaireResponse', 'Communication']) {
        expect(scopesGrant(readOnly, type, 'create'), `${style} ${type}`).toBe(false);
        expect(scopesGrant(readOnly, type, 'update'), `${style} ${type}`).toBe(false);
      }
      for (const type of ['Patient', 'Encounter', 'Condition', 'Observation', 'Flag', 'ServiceRequest', 'HealthcareService']) {
        expect(scopesGrant(readOnly, type, 'read'), `${style} ${type}`).toBe(true);
      }
      expect(requestedScopes('ehr', style, undefined, 'read').split(' ')).toEqual(expect.arrayContaining(['openid', 'fhirUser', 'launch']));
    }
  });

  it('keeps the identity scopes the same in both styles', () => {
    for (const style of ['v1', 'v2'] as const) {
      expect(requestedScopes('ehr', style).split(' ')).toEqual(expect.arrayContaining(['openid', 'fhirUser', 'online_access']));
    }
  });

  describe('with the organisation’s own questionnaires configured', () => {
    const adultOnly = { questionnaires: { adult: 'https://hospital.example/fhir/Questionnaire/adult-safety' } };
    const youthOnly = { questionnaires: { youth: 'https://hospital.example/fhir/Questionnaire/youth-safety|2.0' } };

    it('asks to read Questionnaires, user-level, in the server’s syntax, for either population', () => {
      for (const config of [adultOnly, youthOnly]) {
        for (const kind of ['ehr', 'standalone'] as const) {
          expect(requestedScopes(kind, 'v1', config).split(' ')).toContain('user/Questionnaire.read');
          expect(requestedScopes(kind, 'v2', config).split(' ')).toContain('user/Questionnaire.rs');
        }
      }
      expect(scopesGrant(resourceScopes(requestedScopes('ehr', 'v2', adultOnly)), 'Questionnaire', 'read')).toBe(true);
    });

    it('asks for nothing more than that', () => {
      for (const style of ['v1', 'v2'] as const) {
        const added = requestedScopes('ehr', style, adultOnly).split(' ').filter((scope) => !requestedScopes('ehr', style).split(' ').includes(scope));
        expect(added).toEqual([style === 'v1' ? 'user/Questionnaire.read' : 'user/Questionnaire.rs']);
      }
    });

    it('does not ask for Questionnaires when none is configured: the defaults ship with Lantern', () => {
      for (const style of ['v1', 'v2'] as const) {
        for (const scopes of [requestedScopes('ehr', style), requestedScopes('ehr', style, { questionnaires: {} })]) {
          expect(scopes.split(' ').filter((scope) => scope.includes('/Questionnaire.'))).toEqual([]);
        }
      }
    });
  });
});
