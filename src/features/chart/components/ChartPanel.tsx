import type { Encounter } from 'fhir/r4';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Problem } from '../../../components/Problem';
import { launchContextQueryOptions, type LaunchContext } from '../../../lib/smart/launch-context';
import { useSmartSession } from '../../../lib/smart/session-context';
import { useChartSections } from '../chart-queries';
import { ChartSummary } from './ChartSummary';
import { EncounterCard } from './EncounterCard';
import { PatientBanner } from './PatientBanner';

interface ChartPanelProps {
  asOf: string;
  /** What the app shows beside the chart once the patient is known: the safety check-in. */
  renderBesideChart?: (context: LaunchContext) => ReactNode;
}

/** The patient, the visit in progress and what was read: the ground the safety check-in stands on. */
export function ChartPanel({ asOf, renderBesideChart }: ChartPanelProps): ReactNode {
  const session = useSmartSession();
  const context = useQuery(launchContextQueryOptions(session));
  const [chosenEncounter, setChosenEncounter] = useState<Encounter>();

  // The chart reads start with the context reads, not after: the token response already names the patient.
  const patientId = session.context.patientId;
  const chart = patientId && !context.isError ? <ChartSections key="chart-sections" patientId={patientId} asOf={asOf} /> : null;

  if (context.isPending) {
    return (
      <>
        <p role="status" className="muted">
          Reading the chart…
        </p>
        {chart}
      </>
    );
  }
  if (context.isError) {
    return <Problem error={context.error} title="Lantern could not open this patient’s chart." onRetry={() => void context.refetch()} urgent />;
  }
  const { patient, encounter, needPatientBanner } = context.data;
  return (
    <>
      {needPatientBanner ? <PatientBanner patient={patient} asOf={asOf} /> : null}
      {renderBesideChart?.(context.data)}
      <EncounterCard context={encounter} chosen={chosenEncounter} onChoose={setChosenEncounter} />
      {chart}
    </>
  );
}

function ChartSections({ patientId, asOf }: { patientId: string; asOf: string }): ReactNode {
  const session = useSmartSession();
  const sections = useChartSections(session, patientId, asOf);
  return <ChartSummary sections={sections} />;
}
