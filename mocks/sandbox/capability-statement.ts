import type {
  CapabilityStatement,
  CapabilityStatementRestInteraction,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceInteraction,
  CapabilityStatementRestResourceSearchParam,
  CapabilityStatementRestSecurity,
} from 'fhir/r4';

export type TypeInteraction = CapabilityStatementRestResourceInteraction['code'];
export type SearchParamType = CapabilityStatementRestResourceSearchParam['type'];

/** The resource types Lantern reads or writes, in the order a CapabilityStatement lists them. */
export const LANTERN_RESOURCE_TYPES = [
  'Patient',
  'Encounter',
  'Condition',
  'Observation',
  'Procedure',
  'Coverage',
  'Flag',
  'ServiceRequest',
  'QuestionnaireResponse',
  'Questionnaire',
  'HealthcareService',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Communication',
  'DocumentReference',
  'Provenance',
  'Consent',
  'Task',
] as const satisfies readonly CapabilityStatementRestResource['type'][];

export type LanternResourceType = (typeof LANTERN_RESOURCE_TYPES)[number];

export const DEFAULT_TYPE_INTERACTIONS: readonly TypeInteraction[] = ['read', 'search-type', 'create', 'update'];

type SearchParamSpec = readonly [code: string, type: SearchParamType];

const COMMON_SEARCH_PARAMS: readonly SearchParamSpec[] = [
  ['_id', 'token'],
  ['_lastUpdated', 'date'],
];

/** R4 search parameters the sandbox engine answers, per type (codes as in the R4 spec, plus Medplum's Flag status/category). */
export const SEARCH_PARAMS: Readonly<Record<LanternResourceType, readonly SearchParamSpec[]>> = {
  Patient: [
    ['identifier', 'token'],
    ['name', 'string'],
    ['family', 'string'],
    ['given', 'string'],
    ['birthdate', 'date'],
    ['gender', 'token'],
  ],
  Encounter: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['status', 'token'],
    ['class', 'token'],
    ['type', 'token'],
    ['date', 'date'],
    ['identifier', 'token'],
    ['location', 'reference'],
  ],
  Condition: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['encounter', 'reference'],
    ['category', 'token'],
    ['clinical-status', 'token'],
    ['verification-status', 'token'],
    ['code', 'token'],
    ['onset-date', 'date'],
    ['recorded-date', 'date'],
  ],
  Observation: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['encounter', 'reference'],
    ['category', 'token'],
    ['code', 'token'],
    ['date', 'date'],
    ['status', 'token'],
  ],
  Procedure: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['encounter', 'reference'],
    ['code', 'token'],
    ['date', 'date'],
    ['status', 'token'],
  ],
  Coverage: [
    ['patient', 'reference'],
    ['beneficiary', 'reference'],
    ['status', 'token'],
    ['payor', 'reference'],
  ],
  Flag: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['encounter', 'reference'],
    ['identifier', 'token'],
    ['date', 'date'],
    ['status', 'token'],
    ['category', 'token'],
  ],
  ServiceRequest: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['encounter', 'reference'],
    ['identifier', 'token'],
    ['status', 'token'],
    ['intent', 'token'],
    ['category', 'token'],
    ['code', 'token'],
    ['authored', 'date'],
  ],
  QuestionnaireResponse: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['encounter', 'reference'],
    ['identifier', 'token'],
    ['questionnaire', 'reference'],
    ['status', 'token'],
    ['authored', 'date'],
  ],
  Questionnaire: [
    ['url', 'uri'],
    ['identifier', 'token'],
    ['name', 'string'],
    ['title', 'string'],
    ['status', 'token'],
    ['version', 'token'],
  ],
  HealthcareService: [
    ['identifier', 'token'],
    ['name', 'string'],
    ['active', 'token'],
    ['service-type', 'token'],
    ['organization', 'reference'],
    ['location', 'reference'],
  ],
  Practitioner: [
    ['identifier', 'token'],
    ['name', 'string'],
    ['family', 'string'],
    ['given', 'string'],
  ],
  PractitionerRole: [
    ['identifier', 'token'],
    ['practitioner', 'reference'],
    ['organization', 'reference'],
    ['role', 'token'],
    ['specialty', 'token'],
  ],
  Organization: [
    ['identifier', 'token'],
    ['name', 'string'],
    ['type', 'token'],
    ['active', 'token'],
  ],
  Location: [
    ['identifier', 'token'],
    ['name', 'string'],
    ['type', 'token'],
    ['organization', 'reference'],
  ],
  Communication: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['encounter', 'reference'],
    ['identifier', 'token'],
    ['status', 'token'],
    ['category', 'token'],
    ['sent', 'date'],
  ],
  DocumentReference: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['encounter', 'reference'],
    ['identifier', 'token'],
    ['status', 'token'],
    ['category', 'token'],
    ['type', 'token'],
    ['date', 'date'],
  ],
  Provenance: [
    ['patient', 'reference'],
    ['target', 'reference'],
    ['agent', 'reference'],
    ['recorded', 'date'],
  ],
  Consent: [
    ['patient', 'reference'],
    ['identifier', 'token'],
    ['status', 'token'],
    ['category', 'token'],
    ['date', 'date'],
  ],
  Task: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['encounter', 'reference'],
    ['identifier', 'token'],
    ['status', 'token'],
    ['intent', 'token'],
    ['code', 'token'],
    ['focus', 'reference'],
    ['owner', 'reference'],
    ['authored-on', 'date'],
  ],
};

export interface CapabilityStatementOptions {
  /** Types to declare (default: all of LANTERN_RESOURCE_TYPES). */
  resourceTypes?: readonly LanternResourceType[];
  /** Interactions for every declared type (default: read, search-type, create, update). */
  defaultInteractions?: readonly TypeInteraction[];
  /** Per-type override of the interactions, e.g. `{ Flag: ['read', 'search-type'] }` for a server without Flag create. */
  interactions?: Partial<Record<LanternResourceType, readonly TypeInteraction[]>>;
  /** Declare `If-None-Exist` support on types that allow create (default true). */
  conditionalCreate?: boolean;
  /** Declare that a PUT to a new id creates the resource, on types that allow update (default true). */
  updateCreate?: boolean;
  /** Declare the system-level `transaction` interaction (default true). */
  transaction?: boolean;
  /** Declare the system-level `batch` interaction (default true). */
  batch?: boolean;
  /** rest.security, e.g. the SMART oauth-uris extension (built elsewhere). */
  security?: CapabilityStatementRestSecurity;
  software?: { name: string; version?: string };
  /** implementation.url: the FHIR base URL, when known. */
  implementationUrl?: string;
  implementationDescription?: string;
  /** ISO date of the statement (default: a fixed date, so the output is stable across runs). */
  date?: string;
}

const DEFAULT_DATE = '2025-01-01';

export function buildCapabilityStatement(options: CapabilityStatementOptions = {}): CapabilityStatement {
  const systemInteractions: CapabilityStatementRestInteraction[] = [];
  if (options.transaction ?? true) {
    systemInteractions.push({ code: 'transaction' });
  }
  if (options.batch ?? true) {
    systemInteractions.push({ code: 'batch' });
  }
  const software = options.software ?? { name: 'Lantern sandbox FHIR server' };
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: options.date ?? DEFAULT_DATE,
    kind: 'instance',
    software: { name: software.name, ...(software.version ? { version: software.version } : {}) },
    implementation: {
      description: options.implementationDescription ?? 'Lantern sandbox EHR (in-memory, synthetic data)',
      ...(options.implementationUrl ? { url: options.implementationUrl } : {}),
    },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        ...(options.security ? { security: options.security } : {}),
        resource: (options.resourceTypes ?? LANTERN_RESOURCE_TYPES).map((type) =>
          buildResourceCapability(type, options),
        ),
        ...(systemInteractions.length > 0 ? { interaction: systemInteractions } : {}),
      },
    ],
  };
}

function buildResourceCapability(
  type: LanternResourceType,
  options: CapabilityStatementOptions,
): CapabilityStatementRestResource {
  const interactions = options.interactions?.[type] ?? options.defaultInteractions ?? DEFAULT_TYPE_INTERACTIONS;
  const canCreate = interactions.includes('create');
  return {
    type,
    interaction: interactions.map((code) => ({ code })),
    versioning: 'versioned',
    ...(canCreate ? { conditionalCreate: options.conditionalCreate ?? true } : {}),
    ...(interactions.includes('update') ? { updateCreate: options.updateCreate ?? true } : {}),
    ...(interactions.includes('search-type')
      ? { searchParam: [...COMMON_SEARCH_PARAMS, ...SEARCH_PARAMS[type]].map(([name, paramType]) => ({ name, type: paramType })) }
      : {}),
  };
}
