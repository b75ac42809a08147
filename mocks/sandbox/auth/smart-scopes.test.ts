import { describe, expect, it } from 'vitest';
import { parseResourceScope, scopeDeniedBy, scopesAllow } from './smart-scopes';

describe('parseResourceScope', () => {
  it('reads SMART v1 permissions', () => {
    expect(parseResourceScope('patient/Flag.read')).toMatchObject({ context: 'patient', resourceType: 'Flag', raw: 'patient/Flag.read' });
    expect([...(parseResourceScope('patient/Flag.read')?.interactions ?? [])]).toEqual(['read', 'search']);
    expect([...(parseResourceScope('user/Flag.write')?.interactions ?? [])]).toEqual(['create', 'update', 'delete']);
    expect(parseResourceScope('system/*.*')?.interactions.size).toBe(5);
  });

  it('reads SMART v2 permissions in c-r-u-d-s order, with query filters tolerated', () => {
    expect([...(parseResourceScope('patient/Flag.cruds')?.interactions ?? [])]).toEqual(['create', 'read', 'update', 'delete', 'search']);
    expect([...(parseResourceScope('patient/Flag.c')?.interactions ?? [])]).toEqual(['create']);
    expect(parseResourceScope('patient/Observation.rs?category=laboratory')).toMatchObject({
      resourceType: 'Observation',
      query: 'category=laboratory',
    });
    expect(parseResourceScope('patient/Flag.sr')).toBeUndefined();
    expect(parseResourceScope('patient/Flag.rr')).toBeUndefined();
  });

  it('ignores anything that is not a resource scope', () => {
    for (const scope of ['openid', 'launch/patient', 'offline_access', 'patient/flag.read', 'clinic/Flag.read', 'patient/Flag.', 'patient/Flag.x']) {
      expect(parseResourceScope(scope)).toBeUndefined();
    }
  });
});

describe('scopesAllow', () => {
  it('allows by exact type or wildcard, per interaction', () => {
    const granted = ['launch', 'patient/Patient.read', 'patient/Flag.c', 'user/*.rs'];
    expect(scopesAllow(granted, 'Patient', 'search')).toBe(true);
    expect(scopesAllow(granted, 'Flag', 'create')).toBe(true);
    expect(scopesAllow(granted, 'Flag', 'update')).toBe(false);
    expect(scopesAllow(granted, 'Condition', 'read')).toBe(true);
    expect(scopesAllow(granted, 'Condition', 'create')).toBe(false);
    expect(scopesAllow([], 'Patient', 'read')).toBe(false);
  });
});

describe('scopeDeniedBy', () => {
  it('matches v1 and v2 forms of the same type and permission', () => {
    const denied = ['patient/Condition.read', 'patient/Flag.write'];
    expect(scopeDeniedBy('patient/Condition.rs', denied)).toBe(true);
    expect(scopeDeniedBy('patient/Condition.read', denied)).toBe(true);
    expect(scopeDeniedBy('patient/Flag.c', denied)).toBe(true);
    expect(scopeDeniedBy('patient/Flag.rs', denied)).toBe(false);
    expect(scopeDeniedBy('user/Condition.rs', denied)).toBe(false);
    expect(scopeDeniedBy('launch', denied)).toBe(false);
  });
});
