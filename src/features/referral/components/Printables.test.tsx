import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { Patient } from 'fhir/r4';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listedTermsIn } from '../../../../tests/vocabulary';
import { emptyDecision, referralOutcomes } from '../decision-rules';
import { nationalHotline } from '../directory';
import type { DirectoryEntry, ReferralDecision } from '../referral-types';
import { Printables } from './Printables';

const ines: Patient = {
  resourceType: 'Patient',
  id: 'ines',
  name: [{ use: 'official', given: ['Inés'], family: 'Ortega' }],
  birthDate: '1998-04-12',
  identifier: [
    { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: 'MRN-40417' },
    { type: { text: 'Health plan' }, value: 'HP-5521' },
  ],
};

const coalition: DirectoryEntry = {
  id: 'config:coalition',
  name: 'Regional Anti-Trafficking Coalition',
  serviceType: 'Anti-trafficking coalition',
  languages: ['English', 'Spanish'],
  hours: '24/7',
  contact: 'Call 555-0177',
  source: 'configuration',
};

const agreed: ReferralDecision = {
  ...emptyDecision,
  outcome: 'concern-referral-agreed',
  consentRecorded: true,
  contactingPatientUnsafe: true,
  safeContactNote: 'Call the clinic nurse line, ask for Dana',
  referralTarget: coalition,
};

const outcomeLabels = referralOutcomes.map((outcome) => outcome.label);

function renderPrintables(decision: ReferralDecision, language: 'en' | 'es' = 'en', isMinor: boolean | undefined = false): void {
  const outcome = referralOutcomes.find((candidate) => candidate.value === decision.outcome)?.label ?? '';
  render(<Printables patient={ines} outcome={outcome} decision={decision} isMinor={isMinor} language={language} />);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the patient card', () => {
  it.each(['en', 'es'] as const)('in %s: general health numbers with the confidential line among them, no listed term, no outcome, no service', (language) => {
    renderPrintables(agreed, language);
    const card = screen.getByRole('region', { name: language === 'en' ? 'Health resources' : 'Recursos de salud' });
    expect(card).toHaveAttribute('lang', language);
    for (const number of ['911', '988', '211', '1-888-373-7888', '233733']) expect(card).toHaveTextContent(number);
    expect(listedTermsIn(card.textContent)).toEqual([]);
    for (const label of outcomeLabels) expect(card).not.toHaveTextContent(label);
    expect(card).not.toHaveTextContent(coalition.name);
    expect(card).not.toHaveTextContent(nationalHotline.name);
  });

  it('names the service only when the clinician ticks that the patient asked for it', async () => {
    const user = userEvent.setup();
    renderPrintables(agreed);
    const card = screen.getByRole('region', { name: 'Health resources' });
    const asked = screen.getByRole('checkbox', { name: 'The patient asked for the chosen service on the card' });
    expect(asked).not.toBeChecked();
    await user.click(asked);
    expect(card).toHaveTextContent(`${coalition.name}: Call 555-0177`);
  });

  it('is offered for a declined conversation too', () => {
    renderPrintables({ ...emptyDecision, outcome: 'declined-conversation' }, 'es');
    expect(screen.getByRole('region', { name: 'Recursos de salud' })).toHaveTextContent('Línea de apoyo confidencial');
    expect(screen.getByRole('button', { name: 'Print the patient card' })).toBeVisible();
  });
});

describe('the clinician’s phone-referral summary', () => {
  it('is marked confidential first and carries identifiers, outcome, consent, do-not-contact, the safe-contact note and the service', () => {
    renderPrintables(agreed);
    const summary = screen.getByRole('region', { name: 'Confidential — phone referral summary' });
    expect(summary.firstElementChild).toHaveTextContent(/^Confidential/);
    expect(summary).toHaveTextContent('Do not hand to the patient.');
    expect(summary).toHaveTextContent('Patient: Inés Ortega');
    expect(within(summary).getByText(/^Date of birth: /)).toHaveTextContent(/1998/);
    expect(summary).toHaveTextContent('Identifiers: MRN MRN-40417, Health plan HP-5521');
    expect(summary).toHaveTextContent('Outcome: Concern — patient agrees to referral');
    expect(summary).toHaveTextContent('Consent: the patient agreed to the referral.');
    expect(summary).toHaveTextContent('contacting the patient may be unsafe');
    expect(summary).toHaveTextContent('Safe contact: Call the clinic nurse line, ask for Dana');
    expect(summary).toHaveTextContent('Service: Regional Anti-Trafficking Coalition — Call 555-0177 (24/7)');
  });

  it('for a minor, gives the reporting duty and the report in place of consent', () => {
    renderPrintables({ ...agreed, minorNoticeAcknowledged: true, report: { status: 'not-yet', why: 'agency line busy' } }, 'en', true);
    expect(screen.getByRole('region', { name: 'Confidential — phone referral summary' })).toHaveTextContent(
      'Consent: a minor; reporting duty acknowledged; report not yet made (agency line busy).',
    );
  });
});

describe('printing', () => {
  it('marks the chosen sheet, alone, before the print dialog opens', async () => {
    const user = userEvent.setup();
    const chosen: (string | undefined)[] = [];
    vi.spyOn(window, 'print').mockImplementation(() => {
      chosen.push(screen.getByRole('region', { name: 'To print' }).dataset.print);
    });
    renderPrintables(agreed);
    expect(screen.getByRole('region', { name: 'To print' })).toHaveAttribute('data-print', 'patient-card');
    await user.click(screen.getByRole('button', { name: 'Print the referral summary' }));
    await user.click(screen.getByRole('button', { name: 'Print the patient card' }));
    expect(chosen).toEqual(['referral-summary', 'patient-card']);
  });
});
