import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

interface QuickHide {
  hidden: boolean;
  hide: () => void;
  resume: () => void;
}

const QuickHideContext = createContext<QuickHide | undefined>(undefined);

/**
 * One button or the Escape key swaps everything sensitive for a neutral view at once. Only the view changes:
 * what the clinician entered lives above this switch and comes back exactly as it was.
 */
export function QuickHideProvider({ children }: { children: ReactNode }): ReactNode {
  const [hidden, setHidden] = useState(false);
  const hide = useCallback(() => {
    setHidden(true);
  }, []);
  const resume = useCallback(() => {
    setHidden(false);
  }, []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !event.defaultPrevented) hide();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [hide]);

  const value = useMemo(() => ({ hidden, hide, resume }), [hidden, hide, resume]);
  return <QuickHideContext value={value}>{children}</QuickHideContext>;
}

export function useQuickHide(): QuickHide {
  const value = useContext(QuickHideContext);
  if (!value) throw new Error('useQuickHide must be used inside QuickHideProvider');
  return value;
}
