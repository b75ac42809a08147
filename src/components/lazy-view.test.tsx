import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { Suspense, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EnteredCounter } from '../../tests/entered-counter';
import { ErrorBoundary } from './ErrorBoundary';
import { lazyView, LoadingView } from './lazy-view';

function Notes({ label }: { label: string }): ReactNode {
  return <p>{label}: Ana Ruiz</p>;
}

/** What the browser's `import()` gives when the chunk cannot be fetched. */
const chunkMissing = (): TypeError => new TypeError('Failed to fetch dynamically imported module: https://lantern.example/assets/Notes-1a2b.js');

/** A loader that fails `failures` times, then gives the component; counts its calls. */
function flakyLoader(failures: number): { load: () => Promise<typeof Notes>; calls: () => number } {
  let calls = 0;
  return {
    load: () => {
      calls += 1;
      return calls <= failures ? Promise.reject(chunkMissing()) : Promise.resolve(Notes);
    },
    calls: () => calls,
  };
}

/** State held above the boundary, as the check-in's answers are. */
beforeEach(() => {
  // React reports every caught error on the console; the app's root reports the kind only (main.tsx).
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('lazyView', () => {
  it('shows a quiet "Loading…" while the code loads, then the view', async () => {
    const notes = lazyView(flakyLoader(0).load);
    render(
      <Suspense fallback={<LoadingView />}>
        <notes.View label="Notes" />
      </Suspense>,
    );
    expect(screen.getByRole('status')).toHaveTextContent(/^Loading…$/);
    expect(await screen.findByText('Notes: Ana Ruiz')).toBeVisible();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('renders at once, without "Loading…", once preloaded', async () => {
    const loader = flakyLoader(0);
    const notes = lazyView(loader.load);
    notes.preload();
    await vi.waitFor(() => {
      expect(loader.calls()).toBe(1);
    });
    // The loader's promise has settled: the view is known.
    await Promise.resolve();
    render(
      <Suspense fallback={<LoadingView />}>
        <notes.View label="Notes" />
      </Suspense>,
    );
    expect(screen.getByText('Notes: Ana Ruiz')).toBeVisible();
    expect(screen.queryByRole('status')).toBeNull();
    expect(loader.calls()).toBe(1);
  });

  it('says a failed load in a plain sentence, keeps what was entered above it, and loads again on "Try again"', async () => {
    const user = userEvent.setup();
    const loader = flakyLoader(1);
    const notes = lazyView(loader.load);
    const { container } = render(
      <EnteredCounter>
        <ErrorBoundary part="This part of the check-in" note="Nothing you entered is lost.">
          <Suspense fallback={<LoadingView />}>
            <notes.View label="Notes" />
          </Suspense>
        </ErrorBoundary>
      </EnteredCounter>,
    );
    await user.click(screen.getByRole('button', { name: 'Entered 0' }));

    expect(await screen.findByText('This part of the check-in could not be loaded: the connection to Lantern’s server may have dropped.')).toBeVisible();
    expect(screen.getByText('Nothing you entered is lost.')).toBeVisible();
    expect(container.textContent).not.toContain('Failed to fetch');
    // The failure is shown, not retried behind the clinician's back.
    expect(loader.calls()).toBe(1);

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Notes: Ana Ruiz')).toBeVisible();
    expect(loader.calls()).toBe(2);
    expect(screen.getByRole('button', { name: 'Entered 1' })).toBeVisible();
    expect(screen.queryByText(/could not be loaded/)).toBeNull();
  });

  it('keeps saying so while the code still cannot be fetched, and offers the way on it was given', async () => {
    const user = userEvent.setup();
    const notes = lazyView(flakyLoader(2).load);
    render(
      <ErrorBoundary part="This view" otherwise={<button type="button">Back to the check-in</button>}>
        <Suspense fallback={<LoadingView />}>
          <notes.View label="Notes" />
        </Suspense>
      </ErrorBoundary>,
    );
    expect(await screen.findByText(/^This view could not be loaded/)).toBeVisible();
    expect(screen.getByRole('button', { name: 'Back to the check-in' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/^This view could not be loaded/)).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Notes: Ana Ruiz')).toBeVisible();
  });

  it('leaves a failed preload to the view, which loads again when shown', async () => {
    const loader = flakyLoader(1);
    const notes = lazyView(loader.load);
    notes.preload();
    await vi.waitFor(() => {
      expect(loader.calls()).toBe(1);
    });
    render(
      <ErrorBoundary>
        <Suspense fallback={<LoadingView />}>
          <notes.View label="Notes" />
        </Suspense>
      </ErrorBoundary>,
    );
    expect(await screen.findByText('Notes: Ana Ruiz')).toBeVisible();
    expect(loader.calls()).toBe(2);
  });
});
