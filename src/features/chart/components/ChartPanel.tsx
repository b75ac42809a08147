import type { Encounter } from 'fhir/r4';
import type { ReactNode } from 'react';
import { ErrorBoundary } from '../../../components/ErrorBoundary';
import { Problem } from '../../../components/Problem';
import type { Stored } from '../../../lib/fhir/fhir-client';
import { useLaunchContext, useLaunchPatient, useSmartSession } from '../../../lib/smart/session-context';
import { useChartSections } from '../chart-queries';
import { ChartSummary } from './ChartSummary';
import { EncounterCard } from './EncounterCard';
import { PatientBanner } from './PatientBanner';

interface ChartPanelProps {
  asOf: string;
  /** What the app shows beside the chart as soon as the patient is read: the safety check-in. */
  renderBesideChart?: (patient: Stored<'Patient'>) => ReactNode;
  /** The visit the clinician picked when several are in progress; held by the app, which writes against it. */
  chosenEncounter: Encounter | undefined;
  onChooseEncounter: (encounter: Encounter) => void;
}

/** The patient, the visit in progress and what was read: the ground the safety check-in stands on. */
export function ChartPanel({ asOf, renderBesideChart, chosenEncounter, onChooseEncounter }: ChartPanelProps): ReactNode {
  const session = useSmartSession();
  // The patient alone is enough for the check-in: it appears without waiting for the user and encounter reads.
  const patient = useLaunchPatient();
  const context = useLaunchContext();

  if (context.isError) {
    return <Problem error={context.error} title="Lantern could not open this patient’s chart." onRetry={() => void context.refetch()} urgent />;
  }
  // The chart reads start with the context reads, not after: the token response already names the patient.
  const patientId = session.context.patientId;
  return (
    <>
      {patient.data ? (
        <>
          {session.context.needPatientBanner ? <PatientBanner patient={patient.data} asOf={asOf} /> : null}
          {/* The check-in guards its own body; this keeps a failure in its header from taking the chart with it. */}
          <ErrorBoundary part="This part of the screen">{renderBesideChart?.(patient.data)}</ErrorBoundary>
        </>
      ) : null}
      {context.isPending ? (
        <p role="status" className="muted">
          Reading the chart…
        </p>
      ) : (
        <EncounterCard context={context.data.encounter} chosen={chosenEncounter} onChoose={onChooseEncounter} />
      )}
      {patientId ? <ChartSections key="chart-sections" patientId={patientId} asOf={asOf} /> : null}
    </>
  );
}

function ChartSections({ patientId, asOf }: { patientId: string; asOf: string }): ReactNode {
  const session = useSmartSession();
  const sections = useChartSections(session, patientId, asOf);
  return <ChartSummary sections={sections} />;
}
