import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { listedTermsIn } from '../../../../tests/vocabulary';
import { HotlineCard } from './HotlineCard';

describe('HotlineCard', () => {
  it('gives the call, text and TTY numbers', () => {
    render(<HotlineCard language="en" />);
    const card = screen.getByRole('region', { name: 'National hotline' });
    expect(within(card).getByRole('link', { name: '1-888-373-7888' })).toHaveAttribute('href', 'tel:+18883737888');
    expect(within(card).getByRole('link', { name: '233733' })).toHaveAttribute('href', 'sms:233733');
    expect(within(card).getByText('TTY').nextElementSibling).toHaveTextContent('711');
  });

  it('says what the hotline is in neutral words a companion could read', () => {
    render(<HotlineCard language="en" />);
    const card = screen.getByRole('region', { name: 'National hotline' });
    expect(card).toHaveTextContent('Confidential, 24/7, 200+ languages, not law enforcement.');
    expect(card.textContent).not.toMatch(/traffick|abuse|victim|danger/i);
  });

  it('speaks Spanish when the questions are asked in Spanish, with the same numbers', () => {
    render(<HotlineCard language="es" />);
    const card = screen.getByRole('region', { name: 'Línea nacional' });
    expect(card).toHaveAttribute('lang', 'es');
    expect(card).toHaveTextContent('Confidencial, 24/7, más de 200 idiomas, no es la policía.');
    expect(within(card).getByText('Llamar').nextElementSibling).toHaveTextContent('1-888-373-7888');
    expect(within(card).getByText('Mensaje de texto').nextElementSibling).toHaveTextContent('233733');
    expect(listedTermsIn(card.textContent)).toEqual([]);
  });
});
