import type { Encounter } from 'fhir/r4';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Problem } from '../../../components/Problem';
import { launchContextQueryOptions } from '../../../lib/smart/launch-context';
import { useSmartSession } from '../../../lib/smart/session-context';
import { useChartSections } from '../chart-queries';
import { ChartSummary } from './ChartSummary';
import { EncounterCard } from './EncounterCard';
import { PatientBanner } from './PatientBanner';

/** The patient, the visit in progress and what was read: the ground the safety check-in stands on. */
export function ChartPanel({ asOf }: { asOf: string }): ReactNode {
  const session = useSmartSession();
  const context = useQuery(launchContextQueryOptions(session));
  const [chosenEncounter, setChosenEncounter] = useState<Encounter>();

  if (context.isPending) {
    return (
      <p role="status" className="muted">
        Reading the chart…
      </p>
    );
  }
  if (context.isError) {
    return <Problem error={context.error} title="Lantern could not open this patient’s chart." onRetry={() => void context.refetch()} urgent />;
  }
  const { patient, encounter, needPatientBanner } = context.data;
  return (
    <>
      {needPatientBanner ? <PatientBanner patient={patient} asOf={asOf} /> : null}
      <EncounterCard context={encounter} chosen={chosenEncounter} onChoose={setChosenEncounter} />
      {patient.id ? <ChartSections patientId={patient.id} asOf={asOf} /> : null}
    </>
  );
}

function ChartSections({ patientId, asOf }: { patientId: string; asOf: string }): ReactNode {
  const session = useSmartSession();
  const sections = useChartSections(session, patientId, asOf);
  return <ChartSummary sections={sections} />;
}
