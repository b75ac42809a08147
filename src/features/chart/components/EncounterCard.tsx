import type { Encounter } from 'fhir/r4';
import type { ReactNode } from 'react';
import { codingText, conceptText, formatDateTime } from '../../../lib/fhir/format';
import { field, plainText, recordList, stringField } from '../../../lib/fhir/untrusted-json';
import { isVisitInProgress, type EncounterContext } from '../../../lib/smart/launch-context';
import { ErrorBoundary } from '../../../components/ErrorBoundary';
import { Problem } from '../../../components/Problem';

// A Map, not an object literal: a class code of "__proto__" must find nothing.
const encounterClassLabels: ReadonlyMap<string, string> = new Map([
  ['EMER', 'Emergency'],
  ['AMB', 'Ambulatory'],
  ['IMP', 'Inpatient'],
  ['ACUTE', 'Inpatient acute'],
  ['OBSENC', 'Observation'],
  ['HH', 'Home health'],
  ['VR', 'Virtual'],
  ['FLD', 'Field'],
]);

// The encounter is typed, but what the EHR sent is read as untrusted JSON: any element may be missing or mistyped.

function encounterClassLabel(encounter: Encounter): string {
  const encounterClass = field(encounter, 'class');
  const code = stringField(encounterClass, 'code')?.trim();
  return (code === undefined ? undefined : encounterClassLabels.get(code)) ?? codingText(encounterClass) ?? 'Visit';
}

function encounterReason(encounter: Encounter): string | undefined {
  return recordList(encounter, 'reasonCode').map(conceptText).find((text) => text !== undefined);
}

function encounterStart(encounter: Encounter): string | undefined {
  return formatDateTime(stringField(field(encounter, 'period'), 'start'));
}

function encounterLocation(encounter: Encounter): string | undefined {
  return recordList(encounter, 'location')
    .map((entry) => plainText(stringField(field(entry, 'location'), 'display')))
    .find((display) => display !== undefined);
}

function encounterSummary(encounter: Encounter): string {
  const start = encounterStart(encounter);
  return [encounterClassLabel(encounter), encounterReason(encounter), start ? `since ${start}` : undefined].filter(Boolean).join(' · ');
}

interface EncounterCardProps {
  context: EncounterContext;
  chosen: Encounter | undefined;
  onChoose: (encounter: Encounter) => void;
}

export function EncounterCard({ context, chosen, onChoose }: EncounterCardProps): ReactNode {
  return (
    <section className="card" aria-labelledby="encounter-heading">
      <h2 id="encounter-heading">{context.status === 'in-context' && !isVisitInProgress(context.encounter) ? finishedHeading(context.encounter) : 'Current visit'}</h2>
      <ErrorBoundary>
        <EncounterBody context={context} chosen={chosen} onChoose={onChoose} />
      </ErrorBoundary>
    </section>
  );
}

function EncounterBody({ context, chosen, onChoose }: EncounterCardProps): ReactNode {
  switch (context.status) {
    case 'in-context':
    case 'found':
      return <EncounterDetails encounter={context.encounter} />;
    case 'choose':
      return chosen ? (
        <EncounterDetails encounter={chosen} />
      ) : (
        <fieldset className="encounter-choice">
          <legend>This patient has more than one visit in progress. Which one is this?</legend>
          {context.encounters.map((encounter, index) => (
            // By position: an EHR's ids may be missing or repeated, and this list never reorders.
            <button key={index} type="button" className="choice" onClick={() => {
                onChoose(encounter);
              }}>
              {encounterSummary(encounter)}
            </button>
          ))}
        </fieldset>
      );
    case 'none':
      return <p>No visit is in progress for this patient. You can still use Lantern; anything it records will not be tied to a visit.</p>;
    case 'unavailable':
      return <Problem error={context.error} title="The current visit could not be read." />;
  }
}

function encounterEnd(encounter: Encounter): string | undefined {
  return formatDateTime(stringField(field(encounter, 'period'), 'end'));
}

/** A visit in context that is not going on: said in the heading, never shown as the current visit. */
function finishedHeading(encounter: Encounter): string {
  const end = encounterEnd(encounter);
  return `Visit in context — ${plainText(stringField(encounter, 'status')) ?? 'status not recorded'}${end ? `, ended ${end}` : ''}`;
}

function EncounterDetails({ encounter }: { encounter: Encounter }): ReactNode {
  return (
    <dl className="facts">
      <dt>Status</dt>
      <dd>{plainText(stringField(encounter, 'status')) ?? 'Not recorded'}</dd>
      <dt>Type</dt>
      <dd>{encounterClassLabel(encounter)}</dd>
      <dt>Reason</dt>
      <dd>{encounterReason(encounter) ?? 'Not recorded'}</dd>
      <dt>Started</dt>
      <dd>{encounterStart(encounter) ?? 'Not recorded'}</dd>
      {encounterEnd(encounter) ? (
        <>
          <dt>Ended</dt>
          <dd>{encounterEnd(encounter)}</dd>
        </>
      ) : null}
      <dt>Location</dt>
      <dd>{encounterLocation(encounter) ?? 'Not recorded'}</dd>
    </dl>
  );
}
