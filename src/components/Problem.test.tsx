import type { OperationOutcome } from 'fhir/r4';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { failure, httpError, technicalFailure } from '../lib/fhir/outcomes';
import { Problem } from './Problem';

const refusal: OperationOutcome = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'processing', diagnostics: 'Encounter is locked for billing' }],
};

describe('Problem', () => {
  it('shows the sentence Lantern wrote for the failure, then what to do', () => {
    render(<Problem error={failure('invalid', 'Lantern’s settings give no address for the organisation’s questionnaire.')} />);
    const problem = screen.getByRole('status');
    expect(problem).toHaveTextContent('Lantern’s settings give no address for the organisation’s questionnaire.');
    expect(problem).toHaveTextContent('Try again; if it keeps happening, tell your EHR support team.');
    expect(problem).not.toHaveTextContent('The EHR did not accept Lantern’s request.');
    expect(problem).not.toHaveTextContent('The EHR said');
  });

  it('shows the server’s words apart, as the EHR’s, beside the kind’s own sentence', () => {
    render(<Problem error={httpError(422, refusal, 'The FHIR server answered 422 Unprocessable Entity.')} />);
    const problem = screen.getByRole('status');
    expect(problem).toHaveTextContent('The EHR did not accept Lantern’s request.');
    expect(screen.getByText('The EHR said: “Encounter is locked for billing”')).toBeVisible();
    expect(problem).not.toHaveTextContent('422');
  });

  it('keeps protocol and browser text off the screen', () => {
    render(<Problem error={technicalFailure('malformed', 'Expected a Patient from the FHIR server but received a Bundle.')} />);
    const problem = screen.getByRole('status');
    expect(problem).toHaveTextContent('The EHR sent data Lantern could not read.');
    expect(problem).not.toHaveTextContent(/Bundle|FHIR/);
  });
});
