import type { ReactNode } from 'react';
import type { LanternConfig } from '../config/runtime-config';
import { Problem } from '../components/Problem';
import { ageGroupFor, isMinorFor, populationOf } from '../lib/fhir/patient-age';
import { useLaunchPatient } from '../lib/smart/session-context';
import { PatientView } from '../features/screening/components/PatientView';
import { useCheckIn } from './check-in-state';
import { useScreeningForm } from './use-screening-form';

/**
 * The read-it-yourself view, in place of everything else on screen: the same questions as the check-in (same
 * population rule, same language), answered into the check-in's own state.
 */
export function PatientHandover({ config, asOf }: { config: LanternConfig; asOf: string }): ReactNode {
  const { state, dispatch } = useCheckIn();
  const patient = useLaunchPatient();
  const population = populationOf(isMinorFor(ageGroupFor(patient.data?.birthDate, asOf), state.confirmedAge));
  const screening = useScreeningForm(population, config, state.language);
  const back = (): void => {
    dispatch({ type: 'patient-view-closed' });
  };
  if (screening.status === 'loading') return <p className="muted">…</p>;
  if (screening.status !== 'ready') {
    return (
      <>
        <Problem error={screening.error} title="Your organisation’s screening questions cannot be shown." />
        <button type="button" onClick={back}>
          Back to the check-in
        </button>
      </>
    );
  }
  return (
    <PatientView
      form={screening.form}
      answers={state.answers}
      onAnswer={(linkId, value) => {
        dispatch({ type: 'answer', linkId, value });
      }}
      language={state.language}
      onLanguageChange={(language) => {
        dispatch({ type: 'set-language', language });
      }}
      position={state.patientView?.position ?? 0}
      onPositionChange={(position) => {
        dispatch({ type: 'patient-view-moved', position });
      }}
      onReturn={back}
    />
  );
}
