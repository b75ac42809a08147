import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuickHideProvider, useQuickHide } from './quick-hide';

/** A screen with a hidden view, as App has: `withNote` decides whether a note field is rendered. */
function Probe({ withNote }: { withNote: boolean }): ReactNode {
  const { hidden, hide, resume } = useQuickHide();
  return (
    <main tabIndex={-1} aria-label="Screen">
      {hidden ? (
        <button type="button" onClick={resume}>
          Resume
        </button>
      ) : (
        <>
          <input aria-label="Words" />
          {withNote ? <textarea aria-label="Note" /> : null}
          <button type="button" onClick={hide}>
            Hide
          </button>
        </>
      )}
    </main>
  );
}

function renderProbe(hideAfterIdleSeconds = 0): { rerender: (withNote: boolean) => void } {
  const view = render(
    <QuickHideProvider hideAfterIdleSeconds={hideAfterIdleSeconds}>
      <Probe withNote />
    </QuickHideProvider>,
  );
  return {
    rerender: (note) => {
      view.rerender(
        <QuickHideProvider hideAfterIdleSeconds={hideAfterIdleSeconds}>
          <Probe withNote={note} />
        </QuickHideProvider>,
      );
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('quick-hide', () => {
  it('gives focus back to the element that had it on Resume', async () => {
    const user = userEvent.setup();
    renderProbe();
    await user.click(screen.getByRole('textbox', { name: 'Note' }));
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(screen.getByRole('textbox', { name: 'Note' })).toHaveFocus();
  });

  it('gives focus to the main landmark when that element is gone', async () => {
    const user = userEvent.setup();
    const probe = renderProbe();
    await user.click(screen.getByRole('textbox', { name: 'Note' }));
    await user.keyboard('{Escape}');
    probe.rerender(false);
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(screen.getByRole('main', { name: 'Screen' })).toHaveFocus();
  });

  it('hides after the idle period, and any interaction starts the period again', () => {
    vi.useFakeTimers();
    renderProbe(120);
    act(() => {
      vi.advanceTimersByTime(119_000);
    });
    fireEvent.pointerDown(screen.getByRole('textbox', { name: 'Words' }));
    act(() => {
      vi.advanceTimersByTime(119_000);
    });
    expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();
    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(screen.getByRole('button', { name: 'Resume' })).toBeVisible();
  });

  it('never hides by itself when the idle period is 0', () => {
    vi.useFakeTimers();
    renderProbe(0);
    act(() => {
      vi.advanceTimersByTime(3_600_000);
    });
    expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();
  });
});
