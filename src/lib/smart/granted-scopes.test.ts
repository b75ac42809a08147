import { describe, expect, it } from 'vitest';
import { mayRead, scopesGrant, type ScopeAccess } from './granted-scopes';

type Case = [scope: string, resourceType: string, access: ScopeAccess, granted: boolean];

describe('scopesGrant', () => {
  it.each<Case>([
    ['patient/Condition.read', 'Condition', 'read', true],
    ['patient/Condition.read', 'Condition', 'create', false],
    ['patient/Flag.write', 'Flag', 'create', true],
    ['patient/Flag.write', 'Flag', 'read', false],
    ['patient/Flag.*', 'Flag', 'read', true],
    ['patient/Flag.*', 'Flag', 'create', true],
    ['patient/*.read', 'Observation', 'read', true],
    ['patient/*.read', 'Observation', 'create', false],
    ['patient/*.*', 'ServiceRequest', 'create', true],
    ['patient/Flag.write', 'Flag', 'update', true],
    ['patient/Flag.read', 'Flag', 'update', false],
  ])('SMART v1: %s gives %s %s → %s', (scope, resourceType, access, granted) => {
    expect(scopesGrant([scope], resourceType, access)).toBe(granted);
  });

  it.each<Case>([
    ['patient/Condition.rs', 'Condition', 'read', true],
    ['patient/Condition.rs', 'Condition', 'create', false],
    ['patient/Condition.cruds', 'Condition', 'read', true],
    ['patient/Condition.cruds', 'Condition', 'create', true],
    ['patient/Flag.c', 'Flag', 'create', true],
    ['patient/Flag.c', 'Flag', 'read', false],
    ['patient/Flag.cu', 'Flag', 'create', true],
    // Read without search: the chart is read by searching, so this is not enough.
    ['patient/Condition.r', 'Condition', 'read', false],
    ['patient/Condition.s', 'Condition', 'read', false],
    ['patient/Condition.ud', 'Condition', 'create', false],
    ['patient/*.rs', 'Encounter', 'read', true],
    ['patient/*.cruds', 'Flag', 'create', true],
    ['patient/Flag.cu', 'Flag', 'update', true],
    ['patient/Flag.c', 'Flag', 'update', false],
    ['patient/Flag.rs', 'Flag', 'update', false],
  ])('SMART v2: %s gives %s %s → %s', (scope, resourceType, access, granted) => {
    expect(scopesGrant([scope], resourceType, access)).toBe(granted);
  });

  it('accepts a v2 scope narrowed by a query', () => {
    const vitalSigns = 'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs';
    expect(scopesGrant([vitalSigns], 'Observation', 'read')).toBe(true);
    expect(scopesGrant(['patient/Observation.rs?category=laboratory'], 'Condition', 'read')).toBe(false);
  });

  it('accepts user/ and system/ scopes as well as patient/', () => {
    expect(scopesGrant(['user/Encounter.read'], 'Encounter', 'read')).toBe(true);
    expect(scopesGrant(['system/Flag.c'], 'Flag', 'create')).toBe(true);
    expect(scopesGrant(['user/*.rs'], 'Coverage', 'read')).toBe(true);
  });

  it('only grants the resource type it names', () => {
    expect(scopesGrant(['patient/Condition.read'], 'Observation', 'read')).toBe(false);
    expect(scopesGrant(['patient/Conditions.read'], 'Condition', 'read')).toBe(false);
    expect(scopesGrant(['patient/Condition.read'], 'ConditionDefinition', 'read')).toBe(false);
  });

  it('ignores scopes that grant no resource access', () => {
    const launchScopes = ['openid', 'fhirUser', 'launch', 'launch/patient', 'offline_access', 'online_access'];
    expect(scopesGrant(launchScopes, 'Patient', 'read')).toBe(false);
    expect(scopesGrant(['Patient.read', 'patient/Patient', 'other/Patient.read', 'patient/Patient.READ'], 'Patient', 'read')).toBe(false);
  });

  it('grants when any one of several scopes does', () => {
    const granted = ['openid', 'fhirUser', 'patient/Patient.rs', 'patient/Encounter.rs', 'patient/Flag.c'];
    expect(scopesGrant(granted, 'Encounter', 'read')).toBe(true);
    expect(scopesGrant(granted, 'Flag', 'create')).toBe(true);
    expect(scopesGrant(granted, 'Flag', 'read')).toBe(false);
  });
});

describe('mayRead', () => {
  it('follows the granted scopes', () => {
    expect(mayRead(['patient/Condition.rs'], 'Condition')).toBe(true);
    expect(mayRead(['patient/Condition.rs'], 'Coverage')).toBe(false);
    expect(mayRead(['openid', 'fhirUser'], 'Coverage')).toBe(false);
  });

  it('lets the server decide when the token response listed no scopes', () => {
    expect(mayRead([], 'Coverage')).toBe(true);
  });
});
