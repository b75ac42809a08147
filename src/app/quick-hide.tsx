import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';

interface QuickHide {
  hidden: boolean;
  hide: () => void;
  resume: () => void;
  /** Seconds without interaction after which Lantern hides itself; 0 when that is off. */
  hideAfterIdleSeconds: number;
}

/** Marks the quick-hide controls themselves: focusing them is not where the clinician was working. */
export const quickHideControl = { 'data-quick-hide': '' } as const;

/** Where the clinician was when the view was swapped out: the scroll position and where focus was, as a selector. */
export interface ViewPlace {
  scrollX: number;
  scrollY: number;
  focus: string | undefined;
}

/** The place to come back to, with focus on `focused` (the element that last had it). */
export function capturePlace(focused: Element | null): ViewPlace {
  return { scrollX: window.scrollX, scrollY: window.scrollY, focus: selectorFor(focused) };
}

/** Call once the view is rendered again: scroll back, and focus the same element, or <main> when it is gone. */
export function restorePlace(place: ViewPlace): void {
  window.scrollTo(place.scrollX, place.scrollY);
  const target = place.focus ? document.querySelector(place.focus) : null;
  const fallback = document.querySelector('main');
  (target instanceof HTMLElement ? target : fallback)?.focus({ preventScroll: true });
}

/** Interaction in Lantern's window that counts as use; anything else for the idle period hides Lantern. */
const interactionEvents = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll', 'input', 'focusin', 'touchstart'] as const;

/**
 * One button, the Escape key (while focus is in Lantern's window: the EHR's own page never passes its keys to an
 * embedded app) or a period without interaction swaps everything sensitive for a neutral view at once. Only the view
 * changes: what the clinician entered lives above this switch, and Resume puts back the scroll position and focus
 * (open disclosures and search words are remembered in view-memory).
 */
export function QuickHideProvider({ children, hideAfterIdleSeconds }: { children: ReactNode; hideAfterIdleSeconds: number }): ReactNode {
  const [hidden, setHidden] = useState(false);
  // The switch as of the last event, so a second Escape or the idle timer never overwrites where the clinician was.
  const hiddenNow = useRef(false);
  const place = useRef<ViewPlace | undefined>(undefined);
  const lastFocus = useRef<Element | null>(null);

  const hide = useCallback(() => {
    if (hiddenNow.current) return;
    hiddenNow.current = true;
    place.current = capturePlace(lastFocus.current);
    setHidden(true);
  }, []);
  const resume = useCallback(() => {
    hiddenNow.current = false;
    setHidden(false);
  }, []);

  useEffect(() => {
    const onFocusIn = (event: FocusEvent): void => {
      if (event.target instanceof Element && !event.target.closest('[data-quick-hide]')) lastFocus.current = event.target;
    };
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !event.defaultPrevented) hide();
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [hide]);

  useEffect(() => {
    if (hidden || hideAfterIdleSeconds === 0) return undefined;
    let timer = window.setTimeout(hide, hideAfterIdleSeconds * 1000);
    const onInteraction = (): void => {
      window.clearTimeout(timer);
      timer = window.setTimeout(hide, hideAfterIdleSeconds * 1000);
    };
    for (const type of interactionEvents) document.addEventListener(type, onInteraction, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const type of interactionEvents) document.removeEventListener(type, onInteraction, { capture: true });
    };
  }, [hidden, hideAfterIdleSeconds, hide]);

  // After Resume the children have just been rendered again from the state above: put the clinician back where they were.
  useLayoutEffect(() => {
    const left = place.current;
    if (hidden || !left) return;
    place.current = undefined;
    restorePlace(left);
  }, [hidden]);

  const value = useMemo(() => ({ hidden, hide, resume, hideAfterIdleSeconds }), [hidden, hide, resume, hideAfterIdleSeconds]);
  return <QuickHideContext value={value}>{children}</QuickHideContext>;
}

/**
 * A selector that finds the same element once the view is rendered again: its place (nth of its type) on the path
 * from <body>. Not its id: React's useId gives a remounted element a new one. Undefined when it has left the page.
 */
function selectorFor(element: Element | null): string | undefined {
  if (!element?.isConnected || element === document.body) return undefined;
  const steps: string[] = [];
  for (let current: Element | null = element; current && current !== document.body; current = current.parentElement) {
    steps.unshift(`${current.tagName.toLowerCase()}:nth-of-type(${String(positionAmongSameTag(current))})`);
  }
  return `body > ${steps.join(' > ')}`;
}

function positionAmongSameTag(element: Element): number {
  const siblings = element.parentElement ? [...element.parentElement.children] : [element];
  return siblings.filter((sibling) => sibling.tagName === element.tagName).indexOf(element) + 1;
}

const QuickHideContext = createContext<QuickHide | undefined>(undefined);

export function useQuickHide(): QuickHide {
  const value = useContext(QuickHideContext);
  if (!value) throw new Error('useQuickHide must be used inside QuickHideProvider');
  return value;
}
