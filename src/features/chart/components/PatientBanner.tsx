import type { Patient } from 'fhir/r4';
import type { ReactNode } from 'react';
import { ErrorBoundary } from '../../../components/ErrorBoundary';
import { patientName, sexLabel } from '../../../lib/fhir/format';
import { ageInYears } from '../../../lib/fhir/patient-age';

export function PatientBanner({ patient, asOf }: { patient: Patient; asOf: string }): ReactNode {
  return (
    <section className="card patient-banner" aria-label="Patient">
      <ErrorBoundary>
        <PatientFacts patient={patient} asOf={asOf} />
      </ErrorBoundary>
    </section>
  );
}

function PatientFacts({ patient, asOf }: { patient: Patient; asOf: string }): ReactNode {
  const age = ageInYears(patient.birthDate, asOf);
  return (
    <>
      <p className="patient-name">{patientName(patient)}</p>
      <p className="muted">
        {age === undefined ? 'Age not recorded' : `${age} years`} · {sexLabel(patient.gender)}
      </p>
    </>
  );
}
