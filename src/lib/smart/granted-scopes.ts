/**
 * Reading the scopes the EHR granted, so Lantern skips what it may not read instead of collecting 403s.
 * Handles SMART v1 (`patient/Condition.read`, `.write`, `.*`) and v2 (`patient/Condition.rs`, `.cruds`, `?query`).
 */
export type ScopeAccess = 'read' | 'create' | 'update';

/** The v2 letters each access needs: the chart is read by searching, so reading needs `s` as well as `r`. */
const v2Letters: Record<ScopeAccess, readonly string[]> = { read: ['r', 's'], create: ['c'], update: ['u'] };

export function scopesGrant(grantedScopes: readonly string[], resourceType: string, access: ScopeAccess): boolean {
  return grantedScopes.some((scope) => {
    const match = /^(patient|user|system)\/([A-Za-z*]+)\.([a-z*]+)(\?.*)?$/.exec(scope);
    if (!match) return false;
    const [, , type, permission = ''] = match;
    if (type !== '*' && type !== resourceType) return false;
    if (permission === '*') return true;
    if (permission === 'read') return access === 'read';
    // v1 `.write` covers create and update alike.
    if (permission === 'write') return access !== 'read';
    return v2Letters[access].every((letter) => permission.includes(letter));
  });
}

/** When the token response listed no scopes at all, the server's word is unknown: try, and let it say no. */
export function mayRead(grantedScopes: readonly string[], resourceType: string): boolean {
  return grantedScopes.length === 0 || scopesGrant(grantedScopes, resourceType, 'read');
}
