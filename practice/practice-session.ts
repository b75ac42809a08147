import type { Resource } from 'fhir/r4';
import { sessionFromTokenResponse, type SmartSession } from '../src/lib/fhir/smart-session';
import { practiceClinicianId } from './case-chart';
import type { PracticeCase } from './cases';

/** Practice grants Lantern everything it could ask for: every read and write on the practice store. */
const practiceScopes = 'openid fhirUser launch user/*.read user/*.write';

/** The types Lantern writes: what the debrief reads back from the store after Record. */
const WRITTEN_TYPES = ['Flag', 'Communication', 'ServiceRequest', 'Task', 'QuestionnaireResponse'] as const;

export interface PracticeSession {
  session: SmartSession;
  /** What Lantern wrote during the case, as the store now holds it. */
  recorded(): Promise<Resource[]>;
}

/**
 * A SMART session for one case, as `ready()` would give after an EHR launch: the practice clinician signed in, the
 * case's patient and visit in context, every read and write granted. Its FHIR server is a store in this page
 * (at `practice-fhir/` on the page's own origin, which nothing serves): no request leaves the page.
 */
export async function openPracticeSession(practiceCase: PracticeCase, asOf: string, pageUrl: string): Promise<PracticeSession> {
  const chart = practiceCase.chart(asOf);
  // The engine and its definitions load only now, in their own chunk: the case list and the clinical pages never fetch them.
  const { openPracticeStore } = await import('./practice-store');
  const store = await openPracticeStore(new URL('practice-fhir', pageUrl).href, chart);
  const chartIds = new Set(chart.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`));
  // What an EHR's token response carries, without an access token: fhirclient's path for a server that needs none.
  const launched = sessionFromTokenResponse(
    store.baseUrl,
    {
      patient: practiceCase.patientId,
      encounter: practiceCase.encounterId,
      scope: practiceScopes,
      need_patient_banner: true,
    },
    { fetch: store.fetch },
  );
  return {
    // No id_token in practice: the signed-in clinician is the practice clinician.
    session: { ...launched, context: { ...launched.context, fhirUser: `Practitioner/${practiceClinicianId}` } },
    async recorded() {
      const held = await Promise.all(WRITTEN_TYPES.map((type) => store.holdings(type)));
      return held.flat().filter((resource) => !chartIds.has(`${resource.resourceType}/${resource.id ?? ''}`));
    },
  };
}
