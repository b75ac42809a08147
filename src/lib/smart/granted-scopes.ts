/**
 * Reading the scopes the EHR granted, so Lantern skips what it may not read instead of collecting 403s.
 * Handles SMART v1 (`patient/Condition.read`, `.write`, `.*`) and v2 (`patient/Condition.rs`, `.cruds`, `?query`).
 */
export type ScopeAccess = 'read' | 'create';

export function scopesGrant(grantedScopes: readonly string[], resourceType: string, access: ScopeAccess): boolean {
  return grantedScopes.some((scope) => {
    const match = /^(patient|user|system)\/([A-Za-z*]+)\.([a-z*]+)(\?.*)?$/.exec(scope);
    if (!match) return false;
    const [, , type, permission = ''] = match;
    if (type !== '*' && type !== resourceType) return false;
    if (permission === '*') return true;
    if (permission === 'read') return access === 'read';
    if (permission === 'write') return access === 'create';
    // v2: read needs `r` (and we always search, so `s` too); create needs `c`.
    return access === 'read' ? permission.includes('r') && permission.includes('s') : permission.includes('c');
  });
}

/** When the token response listed no scopes at all, the server's word is unknown: try, and let it say no. */
export function mayRead(grantedScopes: readonly string[], resourceType: string): boolean {
  return grantedScopes.length === 0 || scopesGrant(grantedScopes, resourceType, 'read');
}
