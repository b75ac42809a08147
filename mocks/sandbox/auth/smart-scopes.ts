export type FhirInteraction = 'create' | 'read' | 'update' | 'delete' | 'search';

/** The two SMART scope syntaxes, named as smart-configuration `capabilities` advertise them. */
export type SmartPermissionStyle = 'permission-v1' | 'permission-v2';

export interface ParsedScope {
  context: 'patient' | 'user' | 'system';
  /** A FHIR resource type, or '*' for all types. */
  resourceType: string;
  interactions: ReadonlySet<FhirInteraction>;
  style: SmartPermissionStyle;
  /** The granular-scope filter after '?', e.g. 'category=laboratory' (tolerated, not enforced here). */
  query?: string;
  raw: string;
}

const SCOPE_PATTERN = /^(patient|user|system)\/([A-Z][A-Za-z]*|\*)\.([^?]+)(?:\?(.*))?$/;
const V2_PERMISSIONS = /^c?r?u?d?s?$/;

const ALL_INTERACTIONS: readonly FhirInteraction[] = ['create', 'read', 'update', 'delete', 'search'];
const V1_PERMISSIONS: Readonly<Record<string, readonly FhirInteraction[]>> = {
  read: ['read', 'search'],
  write: ['create', 'update', 'delete'],
  '*': ALL_INTERACTIONS,
};
const V2_LETTERS: readonly (readonly [string, FhirInteraction])[] = [
  ['c', 'create'],
  ['r', 'read'],
  ['u', 'update'],
  ['d', 'delete'],
  ['s', 'search'],
];

function isContext(value: string | undefined): value is ParsedScope['context'] {
  return value === 'patient' || value === 'user' || value === 'system';
}

function permissionFor(permission: string): { style: SmartPermissionStyle; interactions: FhirInteraction[] } | undefined {
  // hasOwn: 'constructor' and friends are not v1 permissions.
  const v1 = Object.hasOwn(V1_PERMISSIONS, permission) ? V1_PERMISSIONS[permission] : undefined;
  if (v1) return { style: 'permission-v1', interactions: [...v1] };
  // v2 letters must be non-empty and in c-r-u-d-s order, per SMART App Launch 2.x.
  if (permission.length === 0 || !V2_PERMISSIONS.test(permission)) return undefined;
  return {
    style: 'permission-v2',
    interactions: V2_LETTERS.filter(([letter]) => permission.includes(letter)).map(([, interaction]) => interaction),
  };
}

/** Parses a SMART v1 (`patient/Flag.read`) or v2 (`patient/Flag.cruds`) resource scope; undefined for anything else. */
export function parseResourceScope(scope: string): ParsedScope | undefined {
  const match = SCOPE_PATTERN.exec(scope);
  if (!match) return undefined;
  const [, context, resourceType, permission, query] = match;
  if (!isContext(context) || resourceType === undefined || permission === undefined) return undefined;
  const parsed = permissionFor(permission);
  if (!parsed) return undefined;
  return {
    context,
    resourceType,
    interactions: new Set(parsed.interactions),
    style: parsed.style,
    ...(query ? { query } : {}),
    raw: scope,
  };
}

/** The resource scopes among `scopes` written in one of `styles`: what a server that speaks only those grants. */
export function resourceScopesIn(scopes: readonly string[], styles: readonly SmartPermissionStyle[]): string[] {
  return scopes.filter((scope) => {
    const parsed = parseResourceScope(scope);
    return parsed !== undefined && styles.includes(parsed.style);
  });
}

/** True when any scope grants `interaction` on `resourceType` (query filters are not enforced). */
export function scopesAllow(scopes: readonly string[], resourceType: string, interaction: FhirInteraction): boolean {
  return scopes.some((scope) => {
    const parsed = parseResourceScope(scope);
    return (
      parsed !== undefined &&
      (parsed.resourceType === '*' || parsed.resourceType === resourceType) &&
      parsed.interactions.has(interaction)
    );
  });
}

/**
 * True when `requested` asks for something the refusal `denied` covers: same context, same type
 * (or a denied wildcard) and at least one shared interaction, so `.read` and `.rs` match each other.
 */
export function scopeDeniedBy(requested: string, denied: readonly string[]): boolean {
  const wanted = parseResourceScope(requested);
  if (!wanted) return false;
  return denied.some((refusal) => {
    const parsed = parseResourceScope(refusal);
    return (
      parsed !== undefined &&
      parsed.context === wanted.context &&
      (parsed.resourceType === '*' || parsed.resourceType === wanted.resourceType) &&
      [...wanted.interactions].some((interaction) => parsed.interactions.has(interaction))
    );
  });
}
