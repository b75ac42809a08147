import type { OperationOutcome } from 'fhir/r4';
import type { AccessTokenFormat, EncounterContext } from './auth/auth-server';
import type { FhirInteraction, SmartPermissionStyle } from './auth/smart-scopes';
import {
  DEFAULT_TYPE_INTERACTIONS,
  LANTERN_RESOURCE_TYPES,
  type CapabilityStatementOptions,
  type LanternResourceType,
  type TypeInteraction,
} from './capability-statement';

export const VENDOR_PROFILE_NAMES = ['smart-launcher', 'hapi-open', 'epic', 'oracle-health', 'meditech', 'athenahealth'] as const;
export type VendorProfileName = (typeof VENDOR_PROFILE_NAMES)[number];
export const DEFAULT_VENDOR_PROFILE: VendorProfileName = 'smart-launcher';

export interface VendorRefusal {
  status: 403 | 405;
  code: 'forbidden' | 'not-supported';
}

export interface VendorProfile {
  /** Shown in the simulated EHR: "Behaving like: Epic". */
  label: string;
  capabilityStatement: CapabilityStatementOptions;
  /**
   * When set, the FHIR endpoint refuses what its CapabilityStatement does not declare, like the vendor's server:
   * undeclared types answer 404, undeclared interactions and system interactions answer with this status.
   */
  refusal?: VendorRefusal;
  /** Unset: the auth server's default (3600 s). */
  accessTokenTtlSeconds?: number;
  /** Unset: JWT access tokens. */
  accessTokenFormat?: AccessTokenFormat;
  /** The scope syntaxes advertised as `capabilities` in smart-configuration, and the only ones its tokens grant. */
  smartPermissions: readonly SmartPermissionStyle[];
  /** When its token responses carry the launch's encounter. */
  encounterContext: EncounterContext;
  /** 'open': no sign-in at all, like a public HAPI server (no token needed, no smart-configuration). */
  authorization: 'smart' | 'open';
}

const READ_SEARCH: readonly TypeInteraction[] = ['read', 'search-type'];
const READ_SEARCH_CREATE: readonly TypeInteraction[] = ['read', 'search-type', 'create'];
const V1_AND_V2: readonly SmartPermissionStyle[] = ['permission-v1', 'permission-v2'];

/**
 * Task, for the referral Task Lantern writes with each ServiceRequest (SDOH Clinical Care): the SMART launcher and
 * HAPI take create, read, update, search and conditional create, as for every type; the vendors below read and
 * search Tasks at most, since none publishes an app-created referral Task (Epic's is not established, Oracle Health
 * lists no Task at all, MEDITECH's published write surface is Communication and QuestionnaireResponse only,
 * athenahealth's is unknown here, so no create).
 */
export const vendorProfiles: Readonly<Record<VendorProfileName, VendorProfile>> = {
  'smart-launcher': {
    label: 'SMART Health IT launcher',
    capabilityStatement: {},
    smartPermissions: V1_AND_V2,
    encounterContext: 'if-requested',
    authorization: 'smart',
  },
  'hapi-open': {
    label: 'HAPI public server',
    capabilityStatement: {
      software: { name: 'HAPI FHIR Server' },
      defaultInteractions: ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type', 'history-type'],
    },
    smartPermissions: V1_AND_V2,
    encounterContext: 'never',
    authorization: 'open',
  },
  epic: {
    label: 'Epic',
    capabilityStatement: {
      software: { name: 'Epic' },
      defaultInteractions: READ_SEARCH,
      interactions: {
        ServiceRequest: READ_SEARCH_CREATE,
        Communication: READ_SEARCH_CREATE,
        QuestionnaireResponse: READ_SEARCH_CREATE,
        Task: READ_SEARCH,
      },
      transaction: false,
      batch: false,
    },
    refusal: { status: 403, code: 'forbidden' },
    // Epic's access tokens are not JWTs, so an app that decodes them breaks there.
    accessTokenFormat: 'opaque',
    smartPermissions: V1_AND_V2,
    encounterContext: 'always',
    authorization: 'smart',
  },
  'oracle-health': {
    label: 'Oracle Health (Cerner)',
    capabilityStatement: {
      software: { name: 'Oracle Health Millennium Platform' },
      resourceTypes: LANTERN_RESOURCE_TYPES.filter((type) => type !== 'Flag' && type !== 'Task'),
      defaultInteractions: READ_SEARCH,
      interactions: { QuestionnaireResponse: ['read', 'search-type', 'update'] },
      transaction: false,
      batch: true,
    },
    refusal: { status: 405, code: 'not-supported' },
    accessTokenTtlSeconds: 570,
    smartPermissions: V1_AND_V2,
    encounterContext: 'always',
    authorization: 'smart',
  },
  meditech: {
    label: 'MEDITECH Greenfield',
    capabilityStatement: {
      software: { name: 'MEDITECH Greenfield' },
      defaultInteractions: READ_SEARCH,
      interactions: { Communication: READ_SEARCH_CREATE, QuestionnaireResponse: READ_SEARCH_CREATE, Task: READ_SEARCH },
      transaction: false,
      batch: false,
    },
    refusal: { status: 405, code: 'not-supported' },
    smartPermissions: V1_AND_V2,
    encounterContext: 'always',
    authorization: 'smart',
  },
  athenahealth: {
    label: 'athenahealth',
    capabilityStatement: {
      software: { name: 'athenahealth' },
      defaultInteractions: READ_SEARCH,
      interactions: { QuestionnaireResponse: READ_SEARCH_CREATE, Task: READ_SEARCH },
      transaction: false,
      batch: false,
    },
    refusal: { status: 403, code: 'forbidden' },
    smartPermissions: V1_AND_V2,
    encounterContext: 'always',
    authorization: 'smart',
  },
};

/** One value per profile, e.g. each profile's FHIR base. */
export function mapVendorProfiles<T>(valueFor: (name: VendorProfileName) => T): Record<VendorProfileName, T> {
  // Object.fromEntries cannot know that VENDOR_PROFILE_NAMES is every name.
  return Object.fromEntries(VENDOR_PROFILE_NAMES.map((name) => [name, valueFor(name)])) as Record<VendorProfileName, T>;
}

export function isVendorProfileName(value: string): value is VendorProfileName {
  return (VENDOR_PROFILE_NAMES as readonly string[]).includes(value);
}

/** Reads `LANTERN_SANDBOX_PROFILE`-style input; unset means the default, an unknown name is a startup error. */
export function parseVendorProfileName(value: string | undefined): VendorProfileName {
  if (value === undefined || value === '') return DEFAULT_VENDOR_PROFILE;
  if (isVendorProfileName(value)) return value;
  throw new Error(`Unknown sandbox vendor profile "${value}". Valid profiles: ${VENDOR_PROFILE_NAMES.join(', ')}.`);
}

export interface VendorRejection {
  status: 403 | 404 | 405;
  outcome: OperationOutcome;
}

/** What the vendor's server answers before the request reaches the FHIR engine, or undefined when it accepts it. */
export function vendorRejection(profile: VendorProfile, method: string, path: string, body: string | undefined): VendorRejection | undefined {
  const { refusal } = profile;
  if (!refusal) return undefined;
  const [resourceType = '', id] = path.split('/');
  if (resourceType === '') return method === 'POST' ? bundleRejection(profile, refusal, body) : undefined;
  if (resourceType === 'metadata' || resourceType.startsWith('$')) return undefined;
  if (!isDeclaredType(profile, resourceType)) {
    return { status: 404, outcome: outcome('not-supported', `This server does not support the resource type ${resourceType}.`) };
  }
  const interaction = interactionFor(method, id);
  if (!interaction) return undefined;
  const declared = declaredInteractions(profile, resourceType);
  const asDeclared: TypeInteraction = interaction === 'search' ? 'search-type' : interaction;
  if (declared.includes(asDeclared)) return undefined;
  return {
    status: refusal.status,
    outcome: outcome(refusal.code, `The ${asDeclared} interaction is not supported for ${resourceType} on this server.`),
  };
}

/** The HTTP method and path as the FHIR interaction the scopes and the CapabilityStatement speak of. */
export function interactionFor(method: string, id: string | undefined): FhirInteraction | undefined {
  switch (method) {
    case 'GET':
      return id ? 'read' : 'search';
    case 'POST':
      return id === '_search' ? 'search' : 'create';
    case 'PUT':
    case 'PATCH':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return undefined;
  }
}

interface BundleRequest {
  type?: unknown;
  entry?: { request?: { method?: string; url?: string } }[];
}

/** Refuses undeclared transactions and batches, and, like a transaction, the whole Bundle when one entry is refused. */
function bundleRejection(profile: VendorProfile, refusal: VendorRefusal, body: string | undefined): VendorRejection | undefined {
  const bundle = parseBundle(body);
  if (bundle?.type !== 'transaction' && bundle?.type !== 'batch') return undefined;
  if (!(profile.capabilityStatement[bundle.type] ?? true)) {
    return { status: refusal.status, outcome: outcome(refusal.code, `This server does not support ${bundle.type} Bundles.`) };
  }
  for (const entry of Array.isArray(bundle.entry) ? bundle.entry : []) {
    const path = (entry.request?.url ?? '').split('?')[0] ?? '';
    const rejection = path === '' ? undefined : vendorRejection(profile, entry.request?.method ?? '', path, undefined);
    if (rejection) return rejection;
  }
  return undefined;
}

function parseBundle(body: string | undefined): BundleRequest | undefined {
  try {
    return JSON.parse(body ?? '{}') as BundleRequest;
  } catch {
    return undefined; // The engine answers malformed JSON with its own 400.
  }
}

function isDeclaredType(profile: VendorProfile, resourceType: string): resourceType is LanternResourceType {
  const declaredTypes: readonly string[] = profile.capabilityStatement.resourceTypes ?? LANTERN_RESOURCE_TYPES;
  return declaredTypes.includes(resourceType);
}

function declaredInteractions(profile: VendorProfile, resourceType: LanternResourceType): readonly TypeInteraction[] {
  const options = profile.capabilityStatement;
  return options.interactions?.[resourceType] ?? options.defaultInteractions ?? DEFAULT_TYPE_INTERACTIONS;
}

function outcome(code: VendorRefusal['code'], diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics, details: { text: diagnostics } }] };
}
