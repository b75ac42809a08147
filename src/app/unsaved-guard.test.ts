import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useUnsavedGuard } from './unsaved-guard';

/** What the browser does before it leaves the page: a cancelable beforeunload; cancelled means "ask first". */
function browserWouldAsk(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('useUnsavedGuard', () => {
  it('asks before leaving only while something is unsaved', () => {
    const { rerender } = renderHook(({ unsaved }) => {
      useUnsavedGuard(unsaved);
    }, { initialProps: { unsaved: false } });
    expect(browserWouldAsk()).toBe(false);
    rerender({ unsaved: true });
    expect(browserWouldAsk()).toBe(true);
    rerender({ unsaved: false });
    expect(browserWouldAsk()).toBe(false);
  });

  it('stops asking once the component is gone', () => {
    const { unmount } = renderHook(() => {
      useUnsavedGuard(true);
    });
    expect(browserWouldAsk()).toBe(true);
    unmount();
    expect(browserWouldAsk()).toBe(false);
  });
});
