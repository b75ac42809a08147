import type { Condition, Patient } from 'fhir/r4';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { IndicatorList } from './IndicatorList';
import { evaluateIndicators } from '../engine';
import type { ChartSnapshot } from '../indicator-types';

const maya: Patient = { resourceType: 'Patient', id: 'maya', birthDate: '2010-01-15' };
const subject = { reference: 'Patient/maya' };

const genericSti: Condition = {
  resourceType: 'Condition',
  id: 'cond-generic-sti',
  subject,
  code: { coding: [{ system: 'http://snomed.info/sct', code: '8098009', display: 'Sexually transmitted infectious disease' }] },
  recordedDate: '2026-02-02',
};

const gonorrheaWithoutSystem: Condition = { resourceType: 'Condition', id: 'cond-no-system', subject, code: { coding: [{ code: '15628003' }] }, recordedDate: '2026-02-03' };

function chartOf(conditions: Condition[]): ChartSnapshot {
  return { patient: maya, encounters: [], conditions, observations: [], procedures: [], coverage: [], flags: [], serviceRequests: [] };
}

function stiPrompt(conditions: Condition[]): HTMLElement {
  const findings = evaluateIndicators(chartOf(conditions), { asOf: '2026-03-12', population: 'youth' });
  render(<IndicatorList findings={findings} />);
  const label = within(screen.getByRole('list', { name: 'From the chart' })).getByText('Sexually transmitted infection');
  const item = label.closest('li');
  if (item === null) throw new Error('The prompt is not a list item');
  return item;
}

describe('IndicatorList', () => {
  it('says, in "why", which codes without a system were seen and not counted, and the rule', async () => {
    const prompt = stiPrompt([genericSti, gonorrheaWithoutSystem]);
    await userEvent.click(within(prompt).getByText('Why am I seeing this?'));
    expect(prompt).toHaveTextContent('A code counts only with its coding system');
    expect(prompt).toHaveTextContent('Seen without a system and not counted: 15628003.');
  });

  it('says nothing about system-less codes when none was seen', () => {
    expect(stiPrompt([genericSti])).not.toHaveTextContent('coding system');
  });
});

describe('IndicatorList at a glance', () => {
  const visits = Array.from({ length: 7 }, (_, index) => ({
    resourceType: 'Encounter' as const,
    id: `visit-${String(index)}`,
    status: 'finished' as const,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
    subject,
    period: { start: `2026-0${String(index + 1)}-10` },
  }));

  it('shows only "Chart prompts (N)" until opened, then neutral headings; the clinical label only inside an opened prompt', async () => {
    const findings = evaluateIndicators(chartOf([genericSti]), { asOf: '2026-03-12', population: 'youth' });
    render(<IndicatorList findings={findings} />);
    const prompts = screen.getByRole('list', { name: 'From the chart', hidden: true });
    expect(prompts).not.toBeVisible();
    await userEvent.click(screen.getByText(`Chart prompts (${String(findings.length)})`));
    expect(within(prompts).getByText('Infection-related result')).toBeVisible();
    expect(within(prompts).getByText('Sexually transmitted infection')).not.toBeVisible();
    await userEvent.click(within(prompts).getByText('Infection-related result'));
    expect(within(prompts).getByText('Sexually transmitted infection')).toBeVisible();
  });

  it('says "and M more" when the evidence stops short of every match', async () => {
    const findings = evaluateIndicators({ ...chartOf([]), encounters: visits }, { asOf: '2026-08-01', population: 'adult' });
    const repeat = findings.find((finding) => finding.indicator.id === 'repeat-emergency-visits');
    expect(repeat?.matchCount).toBe(7);
    render(<IndicatorList findings={findings} />);
    await userEvent.click(screen.getByText(/^Chart prompts/));
    await userEvent.click(screen.getByText('Visits'));
    const prompt = screen.getByText('Repeated emergency visits').closest('li');
    if (prompt === null) throw new Error('The prompt is not a list item');
    expect(within(prompt).getAllByRole('listitem')).toHaveLength(5);
    expect(within(prompt).getByText('and 2 more')).toBeVisible();
  });
});

describe('IndicatorList and Lantern’s own earlier records', () => {
  it('names an earlier referral of Lantern’s as Lantern’s, with what came of it, and no other', async () => {
    const referral = (id: string) => ({
      resourceType: 'ServiceRequest' as const,
      id,
      status: 'active' as const,
      intent: 'order' as const,
      subject,
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '410606002', display: 'Social service procedure' }] }],
      authoredOn: '2026-01-10',
    });
    const chart = { ...chartOf([]), serviceRequests: [referral('lantern-referral'), referral('other-referral')] };
    const findings = evaluateIndicators(chart, { asOf: '2026-03-12', population: 'adult' });
    const ownRecords = new Map([['ServiceRequest/lantern-referral', 'Lantern’s referral from an earlier check-in: Referral accepted — 12 Jan 2026']]);
    render(<IndicatorList findings={findings} ownRecords={ownRecords} />);
    await userEvent.click(screen.getByText('Earlier record'));
    const prompt = screen.getByText('Earlier safety flag or referral').closest('li');
    if (prompt === null) throw new Error('no prompt');
    for (const summary of within(prompt).getAllByText(/^Social service procedure/)) await userEvent.click(summary);
    expect(prompt).toHaveTextContent('Written byLantern’s referral from an earlier check-in: Referral accepted — 12 Jan 2026');
    expect(within(prompt).getAllByText('Written by')).toHaveLength(1);
  });
});
