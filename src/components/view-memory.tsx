import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/**
 * What the clinician opened or typed that only shapes the view (an open disclosure, search words) and is no part of
 * the check-in's answers. Held above the quick-hide switch, so Resume shows the screen exactly as it was left.
 * Memory only: nothing here reaches browser storage.
 */
interface ViewMemory {
  flags: ReadonlyMap<string, boolean>;
  texts: ReadonlyMap<string, string>;
  setFlag: (key: string, value: boolean) => void;
  setText: (key: string, value: string) => void;
}

const ViewMemoryContext = createContext<ViewMemory | undefined>(undefined);

export function ViewMemoryProvider({ children }: { children: ReactNode }): ReactNode {
  const [flags, setFlags] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [texts, setTexts] = useState<ReadonlyMap<string, string>>(new Map());
  const setFlag = useCallback((key: string, value: boolean) => {
    setFlags((current) => (current.get(key) === value ? current : new Map(current).set(key, value)));
  }, []);
  const setText = useCallback((key: string, value: string) => {
    setTexts((current) => (current.get(key) === value ? current : new Map(current).set(key, value)));
  }, []);
  const value = useMemo(() => ({ flags, texts, setFlag, setText }), [flags, texts, setFlag, setText]);
  return <ViewMemoryContext value={value}>{children}</ViewMemoryContext>;
}

/**
 * A yes/no view state remembered under `key` (unique on the screen). Outside a ViewMemoryProvider (a component
 * rendered on its own) it is ordinary component state.
 */
export function useRememberedFlag(key: string, initial: boolean): [boolean, (value: boolean) => void] {
  const memory = useContext(ViewMemoryContext);
  const [local, setLocal] = useState(initial);
  if (!memory) return [local, setLocal];
  return [memory.flags.get(key) ?? initial, (value) => {
    memory.setFlag(key, value);
  }];
}

/** Every remembered yes/no view state (open disclosures), for a page that watches the check-in (the practice page). */
export function useRememberedFlags(): ReadonlyMap<string, boolean> {
  return useContext(ViewMemoryContext)?.flags ?? noFlags;
}

const noFlags: ReadonlyMap<string, boolean> = new Map();

/** Text typed only to shape the view (search words), remembered under `key`; see useRememberedFlag. */
export function useRememberedText(key: string, initial: string): [string, (value: string) => void] {
  const memory = useContext(ViewMemoryContext);
  const [local, setLocal] = useState(initial);
  if (!memory) return [local, setLocal];
  return [memory.texts.get(key) ?? initial, (value) => {
    memory.setText(key, value);
  }];
}
