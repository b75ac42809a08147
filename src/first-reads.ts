import { chartSectionNames, chartSections } from './features/chart/chart-sections';
import { lanternTypes, ownIdentifierSearch, ownRecordParams } from './features/referral/lantern-record-search';
import { searchPath, type ReadAheadPlan, type ResourceType } from './lib/fhir/fhir-client';
import type { SmartContext } from './lib/fhir/smart-session';
import { parseCapabilities } from './lib/smart/capabilities';
import { mayRead } from './lib/smart/granted-scopes';
import { launchContextPaths } from './lib/smart/launch-reads';

/**
 * What the app page reads first, started by the bootstrap as soon as the token is in hand, before the app's own code
 * has loaded: the launch context (patient, visit, user), every chart section, and Lantern's own earlier record. The
 * paths are built by the same functions the app's queries use, so each query finds its answer waiting.
 */
export function firstReads(context: SmartContext, systemBase: string, asOf: string, capabilityStatement: unknown): ReadAheadPlan {
  const { patientId, grantedScopes } = context;
  if (!patientId) return { paths: [], batch: false };
  const capabilities = parseCapabilities(capabilityStatement);
  const readable = (type: ResourceType): boolean => mayRead(grantedScopes, type) && capabilities.supportsType(type);
  const paths = [
    ...launchContextPaths(context),
    ...chartSectionNames
      .map((name) => chartSections[name])
      .filter((section) => readable(section.resourceType))
      .map((section) => searchPath(section.resourceType, section.params(patientId, asOf))),
    ...lanternTypes.filter(readable).map((type) => searchPath(type, ownRecordParams(patientId, ownIdentifierSearch(systemBase)))),
  ];
  return {
    paths: [...new Set(paths)],
    // Only a server whose statement declares batch is sent one; any other gets the reads in parallel. Types the
    // statement leaves out are not read ahead, so a batch holds nothing the server would refuse it for.
    batch: capabilities.batch,
    ...(capabilityStatement === undefined ? {} : { answered: new Map([['metadata', capabilityStatement]]) }),
  };
}
