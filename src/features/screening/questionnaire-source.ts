import type { Questionnaire } from 'fhir/r4';
import { queryOptions, type UseQueryOptions } from '@tanstack/react-query';
import type { FhirClient } from '../../lib/fhir/fhir-client';
import { failure, type OperationOutcomeError } from '../../lib/fhir/outcomes';

export const screeningKeys = {
  all: ['screening'] as const,
  questionnaire: (serverUrl: string, canonicalUrl: string) => [...screeningKeys.all, 'questionnaire', serverUrl, canonicalUrl] as const,
};

type QuestionnaireKey = ReturnType<typeof screeningKeys.questionnaire>;

/** More versions of one questionnaire than this on a server would be a data problem, not a reason to page. */
const versionLimit = 50;

/** An organisation's questionnaire by canonical URL (`url` or `url|version`), from the FHIR server. */
export function getQuestionnaireQueryOptions(
  fhir: FhirClient,
  canonicalUrl: string,
): UseQueryOptions<Questionnaire, OperationOutcomeError, Questionnaire, QuestionnaireKey> {
  return queryOptions({
    queryKey: screeningKeys.questionnaire(fhir.baseUrl, canonicalUrl),
    queryFn: ({ signal }) => fetchQuestionnaire(fhir, canonicalUrl, signal),
    // Questionnaires change between releases, not during a visit.
    staleTime: 30 * 60_000,
  });
}

/**
 * The newest active Questionnaire with that canonical URL (and version, when given).
 * Throws an OperationOutcomeError 'not-found' with a plain sentence when there is none.
 */
export async function fetchQuestionnaire(fhir: FhirClient, canonicalUrl: string, signal?: AbortSignal): Promise<Questionnaire> {
  const [url = '', version] = canonicalUrl.trim().split('|');
  if (!url) throw failure('invalid', 'Lantern’s settings give no address for the organisation’s questionnaire.');
  // `version` is its own search parameter; the `|version` suffix is only defined for canonical references.
  const { resources } = await fhir.search('Questionnaire', { url, version: version || undefined, _count: versionLimit }, { signal });
  // Filter again: a server that ignores a search parameter returns more than was asked for.
  const matches = resources.filter(
    (questionnaire) => questionnaire.url === url && questionnaire.status === 'active' && (!version || questionnaire.version === version),
  );
  const [newest] = matches.sort(newestFirst);
  if (!newest) {
    throw failure(
      'not-found',
      `The EHR has no active questionnaire at ${version ? `${url} (version ${version})` : url}; the address in Lantern’s settings may be wrong.`,
    );
  }
  return newest;
}

/** By publication date, then version number, then when the server last changed it. */
function newestFirst(a: Questionnaire, b: Questionnaire): number {
  return (
    compareText(b.date, a.date) ||
    compareVersions(b.version, a.version) ||
    compareText(b.meta?.lastUpdated, a.meta?.lastUpdated)
  );
}

function compareText(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  // FHIR dates of the same precision compare as text; mixed precision is close enough to order versions.
  return a < b ? -1 : 1;
}

/** Numeric where both parts are numbers (1.10 > 1.9), text otherwise. */
function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const left = a.split('.');
  const right = b.split('.');
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const x = left[index] ?? '';
    const y = right[index] ?? '';
    if (x === y) continue;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    return numeric ? Number(x) - Number(y) : x < y ? -1 : 1;
  }
  return 0;
}
