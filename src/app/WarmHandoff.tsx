import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, type ReactNode } from 'react';
import type { LanternConfig } from '../config/runtime-config';
import { Problem } from '../components/Problem';
import { formatDateTime } from '../lib/fhir/format';
import { normalizeError } from '../lib/fhir/outcomes';
import { getCapabilitiesQueryOptions } from '../lib/smart/capabilities';
import { useSmartSession } from '../lib/smart/session-context';
import type { DirectoryEntry } from '../features/referral/referral-types';
import {
  handoffBlocked,
  handoffPolling,
  handoffStatusQueryOptions,
  keepsPolling,
  sendHandoff,
  type HandoffRequest,
} from '../features/referral/warm-handoff';
import { useCheckIn, type Handoff } from './check-in-state';
import { useRecordEncounterId } from './use-own-record';

interface WarmHandoffProps {
  /** Directory entries of kind `warm-handoff` that name a recipient on the EHR: at least one (without, the section is not shown). */
  teams: readonly DirectoryEntry[];
  patientId: string;
  config: Pick<LanternConfig, 'systemBase' | 'confidentiality' | 'sensitivityLabel'>;
}

/**
 * Pages the hospital's on-call team (the ED social worker, the advocate) with an urgent restricted message, and shows
 * within seconds whether it arrived: Lantern asks the EHR every few seconds while it is open and the message is still
 * on its way, for a bounded time, and not while it is hidden (the view is then not mounted).
 */
export function WarmHandoff({ teams, patientId, config }: WarmHandoffProps): ReactNode {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="subsection warm-handoff">
      <h3 id={headingId}>On-call team</h3>
      {teams.map((team) => (
        <HandoffTeam key={team.id} team={team} patientId={patientId} config={config} />
      ))}
    </section>
  );
}

function HandoffTeam({ team, patientId, config }: { team: DirectoryEntry; patientId: string; config: WarmHandoffProps['config'] }): ReactNode {
  const session = useSmartSession();
  const { state, dispatch } = useCheckIn();
  const capabilities = useQuery(getCapabilitiesQueryOptions(session.fhir));
  const encounterId = useRecordEncounterId();
  const inFlight = useRef(false);
  const whereId = useId();
  const handoff: Handoff | undefined = state.handoffs[team.id];
  const recipient = team.recipientReference;
  const blocked = capabilities.data ? handoffBlocked(capabilities.data, session.context.grantedScopes) : undefined;

  const send = (): void => {
    if (inFlight.current || !capabilities.data || recipient === undefined || handoff?.phase === 'sending' || handoff?.phase === 'sent') return;
    inFlight.current = true;
    const request: HandoffRequest = handoff?.request ?? {
      handoffId: crypto.randomUUID(),
      patientId,
      encounterId,
      fhirUser: session.context.fhirUser,
      recipientReference: recipient,
      where: handoff?.where,
      sentAt: new Date().toISOString(),
      systemBase: config.systemBase,
      confidentiality: config.confidentiality,
      sensitivityLabel: config.sensitivityLabel,
    };
    dispatch({ type: 'handoff-sending', entryId: team.id, request });
    sendHandoff(session.fhir, capabilities.data, session.context.grantedScopes, request)
      .then((message) => {
        dispatch({ type: 'handoff-sent', entryId: team.id, handoffId: request.handoffId, reference: `Communication/${message.id}` });
      })
      .catch((error: unknown) => {
        dispatch({ type: 'handoff-failed', entryId: team.id, handoffId: request.handoffId, failure: normalizeError(error) });
      })
      .finally(() => {
        inFlight.current = false;
      });
  };

  return (
    <div className="handoff-team">
      <p>
        <strong>{team.name}</strong> · {team.contact}
      </p>
      {blocked ? (
        <p className="muted small">{blocked}</p>
      ) : handoff?.phase === 'sent' && handoff.reference && handoff.request ? (
        <HandoffStatusLine reference={handoff.reference} sentAt={handoff.request.sentAt} contact={team.contact} />
      ) : (
        <>
          <label htmlFor={whereId}>Where to come (optional, e.g. a bay or room)</label>
          <input
            id={whereId}
            type="text"
            maxLength={40}
            autoComplete="off"
            value={handoff?.request?.where ?? handoff?.where ?? ''}
            readOnly={handoff?.request !== undefined}
            onChange={(event) => {
              dispatch({ type: 'handoff-where', entryId: team.id, where: event.target.value });
            }}
          />
          {handoff?.phase === 'failed' && handoff.failure ? (
            <Problem error={handoff.failure} title="The message was not sent." onRetry={send} />
          ) : (
            <button type="button" className="primary" disabled={handoff?.phase === 'sending' || !capabilities.data} onClick={send}>
              {handoff?.phase === 'sending' ? 'Sending…' : 'Send urgent message to the on-call team'}
            </button>
          )}
        </>
      )}
    </div>
  );
}

function HandoffStatusLine({ reference, sentAt, contact }: { reference: string; sentAt: string; contact: string }): ReactNode {
  const { fhir } = useSmartSession();
  const queryClient = useQueryClient();
  const options = handoffStatusQueryOptions(fhir, reference, sentAt);
  const status = useQuery(options);
  const sent = formatDateTime(sentAt) ?? 'just now';
  const checked = status.dataUpdatedAt > 0 ? formatDateTime(new Date(status.dataUpdatedAt).toISOString()) : undefined;
  const checkAgain = (): void => {
    void queryClient.refetchQueries({ queryKey: options.queryKey });
  };
  let line: ReactNode;
  if (status.data?.state === 'received') {
    line = `Received by the on-call team${status.data.at ? ` at ${formatDateTime(status.data.at) ?? status.data.at}` : ''}.`;
  } else if (status.data?.state === 'not-delivered') {
    line = `The EHR says the message was not delivered. Call the team: ${contact}.`;
  } else if (status.error) {
    return <Problem error={status.error} title={`Sent at ${sent}. Lantern could not check whether it arrived.`} onRetry={checkAgain} />;
  } else if (keepsPolling(status.data, sentAt, status.dataUpdatedAt)) {
    line = `Sent at ${sent}. Waiting for the on-call team to open it; checking every ${String(handoffPolling.everyMs / 1000)} seconds${checked ? ` (last checked ${checked})` : ''}.`;
  } else {
    line = (
      <>
        Sent at {sent}. Not opened after {String(handoffPolling.forMs / 60_000)} minutes: call the team directly, {contact}.{' '}
        <button type="button" onClick={checkAgain}>
          Check again
        </button>
      </>
    );
  }
  return (
    <p className="small" role="status">
      {line}
    </p>
  );
}
