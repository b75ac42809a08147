import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HotlineCard } from './HotlineCard';

describe('HotlineCard', () => {
  it('gives the call, text and TTY numbers', () => {
    render(<HotlineCard />);
    const card = screen.getByRole('region', { name: 'National hotline' });
    expect(within(card).getByRole('link', { name: '1-888-373-7888' })).toHaveAttribute('href', 'tel:+18883737888');
    expect(within(card).getByRole('link', { name: '233733' })).toHaveAttribute('href', 'sms:233733');
    expect(within(card).getByText('TTY').nextElementSibling).toHaveTextContent('711');
  });

  it('says what the hotline is in neutral words a companion could read', () => {
    render(<HotlineCard />);
    const card = screen.getByRole('region', { name: 'National hotline' });
    expect(card).toHaveTextContent('Confidential, 24/7, 200+ languages, not law enforcement.');
    expect(card.textContent).not.toMatch(/traffick|abuse|victim|danger/i);
  });
});
