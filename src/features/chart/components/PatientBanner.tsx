import type { Patient } from 'fhir/r4';
import type { ReactNode } from 'react';
import { ageInYears, patientName, sexLabel } from '../../../lib/fhir/format';

export function PatientBanner({ patient, asOf }: { patient: Patient; asOf: string }): ReactNode {
  const age = ageInYears(patient.birthDate, asOf);
  return (
    <section className="card patient-banner" aria-label="Patient">
      <p className="patient-name">{patientName(patient)}</p>
      <p className="muted">
        {age === undefined ? 'Age not recorded' : `${age} years`} · {sexLabel(patient.gender)}
      </p>
    </section>
  );
}
