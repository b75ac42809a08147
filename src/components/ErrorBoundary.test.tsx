import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EnteredCounter } from '../../tests/entered-counter';
import { ErrorBoundary } from './ErrorBoundary';

// What a render error can carry: words the EHR sent about the patient.
const revealingMessage = 'Cannot use in operator to search for x in Ana Ruiz';

let shouldThrow = true;

function FragileCard(): ReactNode {
  if (shouldThrow) throw new TypeError(revealingMessage);
  return <p>Ana Ruiz · 24 years</p>;
}

/** State held above the boundary, as the check-in's answers are. */
beforeEach(() => {
  shouldThrow = true;
  // React reports every caught render error on the console; the app's root reports the kind only (ui.tsx).
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('ErrorBoundary', () => {
  it('shows its children when they render', () => {
    shouldThrow = false;
    render(
      <ErrorBoundary>
        <FragileCard />
      </ErrorBoundary>,
    );
    expect(screen.getByText('Ana Ruiz · 24 years')).toBeVisible();
  });

  it('replaces only the part that failed with a calm sentence, never the error', () => {
    const { container } = render(
      <>
        <p>The rest of the screen</p>
        <ErrorBoundary>
          <FragileCard />
        </ErrorBoundary>
      </>,
    );
    expect(screen.getByText('The rest of the screen')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('This part of the chart could not be shown: something in it is not what Lantern can read.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeVisible();
    expect(container.textContent).not.toContain('Ana Ruiz');
    expect(container.textContent).not.toContain('TypeError');
  });

  it('names the part and adds its note', () => {
    render(
      <ErrorBoundary part="This part of the check-in" note="Nothing you entered is lost.">
        <FragileCard />
      </ErrorBoundary>,
    );
    expect(screen.getByText('This part of the check-in could not be shown: something in it is not what Lantern can read.')).toBeVisible();
    expect(screen.getByText('Nothing you entered is lost.')).toBeVisible();
  });

  it('tries again on request, keeping the state held above it', async () => {
    const user = userEvent.setup();
    render(
      <EnteredCounter>
        <ErrorBoundary>
          <FragileCard />
        </ErrorBoundary>
      </EnteredCounter>,
    );
    await user.click(screen.getByRole('button', { name: 'Entered 0' }));

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByRole('status')).toBeVisible();

    shouldThrow = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('Ana Ruiz · 24 years')).toBeVisible();
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByRole('button', { name: 'Entered 1' })).toBeVisible();
  });
});
