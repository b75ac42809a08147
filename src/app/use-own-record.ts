import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { activeEncounterId, untiedVisitNote } from '../lib/smart/launch-context';
import { useLaunchContext, useSmartSession } from '../lib/smart/session-context';
import { earlierCheckIns, getLanternRecordQueryOptions, submissionsInVisit, type EarlierCheckIn, type LanternRecord } from '../features/referral/lantern-record';
import { useCheckIn } from './check-in-state';

/**
 * Reading Lantern's own record, apart from writing it (`use-record.ts`): the count on the first screen needs the
 * reading, and the code that writes loads only when the check-in is opened.
 */
export interface OwnRecord {
  lanternRecord: UseQueryResult<LanternRecord>;
  /** The visit this window writes against. */
  encounterId: string | undefined;
  /** What the plan says when nothing is tied to a visit. */
  visitNote: string | undefined;
}

/** Lantern's own record for the patient (under the organisation's `systemBase`), and the visit this window writes against. */
export function useOwnRecord(patientId: string, systemBase: string): OwnRecord {
  const session = useSmartSession();
  const { state } = useCheckIn();
  const lanternRecord = useQuery(getLanternRecordQueryOptions(session.fhir, session.context.grantedScopes, patientId, systemBase));
  const context = useLaunchContext();
  const encounterId = activeEncounterId(context.data?.encounter, state.chosenEncounterId, state.tieToFinishedVisit);
  return { lanternRecord, encounterId, visitNote: untiedVisitNote(context.data?.encounter, encounterId) };
}

/** The visit what this window writes is tied to: a record, or a message to the on-call team. */
export function useRecordEncounterId(): string | undefined {
  const { state } = useCheckIn();
  const context = useLaunchContext();
  return activeEncounterId(context.data?.encounter, state.chosenEncounterId, state.tieToFinishedVisit);
}

/** Lantern's earlier check-ins for the patient, this window's own record left out (it is shown as the record). */
export function useEarlierCheckIns(patientId: string, systemBase: string): EarlierCheckIn[] {
  const { state } = useCheckIn();
  const { lanternRecord } = useOwnRecord(patientId, systemBase);
  return lanternRecord.data ? earlierCheckIns(lanternRecord.data, systemBase).filter((checkIn) => checkIn.submissionId !== state.submission?.id) : [];
}

/**
 * References of what Lantern itself wrote in this visit, this window's record included: the chart prompts leave them
 * out, since the clinician's own record is not another clinician's earlier concern. `reading` while that is not known
 * yet, so a count on screen does not show one more and then one fewer.
 */
export function useOwnVisitReferences(patientId: string, systemBase: string): { references: ReadonlySet<string>; reading: boolean } {
  const { state } = useCheckIn();
  const { lanternRecord, encounterId } = useOwnRecord(patientId, systemBase);
  const inVisit = lanternRecord.data ? submissionsInVisit(lanternRecord.data, encounterId) : [];
  const references = new Set([
    ...(state.submission?.written ?? []).map((item) => item.reference),
    ...inVisit.flatMap((submission) => submission.entries.map((entry) => entry.reference)),
  ]);
  return { references, reading: lanternRecord.isPending };
}
