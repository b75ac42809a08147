import type { Encounter } from 'fhir/r4';
import type { ReactNode } from 'react';
import { codingText, conceptText, formatDateTime } from '../../../lib/fhir/format';
import type { EncounterContext } from '../../../lib/smart/launch-context';
import { Problem } from '../../../components/Problem';

const encounterClassLabels: Record<string, string> = {
  EMER: 'Emergency',
  AMB: 'Ambulatory',
  IMP: 'Inpatient',
  ACUTE: 'Inpatient acute',
  OBSENC: 'Observation',
  HH: 'Home health',
  VR: 'Virtual',
  FLD: 'Field',
};

function encounterClassLabel(encounter: Encounter): string {
  const code = encounter.class.code;
  return (code && encounterClassLabels[code]) ?? codingText(encounter.class) ?? 'Visit';
}

function encounterSummary(encounter: Encounter): string {
  const reason = encounter.reasonCode?.map((reason) => conceptText(reason)).find(Boolean);
  const start = formatDateTime(encounter.period?.start);
  return [encounterClassLabel(encounter), reason, start ? `since ${start}` : undefined].filter(Boolean).join(' · ');
}

interface EncounterCardProps {
  context: EncounterContext;
  chosen: Encounter | undefined;
  onChoose: (encounter: Encounter) => void;
}

export function EncounterCard({ context, chosen, onChoose }: EncounterCardProps): ReactNode {
  return (
    <section className="card" aria-labelledby="encounter-heading">
      <h2 id="encounter-heading">Current visit</h2>
      <EncounterBody context={context} chosen={chosen} onChoose={onChoose} />
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
          {context.encounters.map((encounter) => (
            <button key={encounter.id} type="button" className="choice" onClick={() => {
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

function EncounterDetails({ encounter }: { encounter: Encounter }): ReactNode {
  const reason = encounter.reasonCode?.map((reason) => conceptText(reason)).find(Boolean);
  const location = encounter.location?.map((entry) => entry.location.display).find(Boolean);
  return (
    <dl className="facts">
      <dt>Type</dt>
      <dd>{encounterClassLabel(encounter)}</dd>
      <dt>Reason</dt>
      <dd>{reason ?? 'Not recorded'}</dd>
      <dt>Started</dt>
      <dd>{formatDateTime(encounter.period?.start) ?? 'Not recorded'}</dd>
      <dt>Location</dt>
      <dd>{location ?? 'Not recorded'}</dd>
    </dl>
  );
}
