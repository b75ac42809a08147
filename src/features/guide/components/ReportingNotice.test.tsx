import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ReportingNotice } from './ReportingNotice';

describe('ReportingNotice', () => {
  it('names the jurisdiction’s age of majority, neutral while closed and the duty in full once opened', async () => {
    const user = userEvent.setup();
    render(<ReportingNotice text="Report to child protective services." jurisdiction="Somewhere" ageOfMajority={16} />);
    const summary = screen.getByText('Patient may be under 16 — see what applies');
    expect(screen.getByRole('heading', { name: /Reporting duty/, hidden: true })).not.toBeVisible();
    await user.click(summary);
    expect(screen.getByRole('heading', { name: 'Reporting duty for patients under 16 (Somewhere)' })).toBeVisible();
    expect(screen.getByText('Report to child protective services.')).toBeVisible();
  });
});
