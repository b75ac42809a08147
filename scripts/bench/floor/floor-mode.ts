/**
 * How the floor's app page reads the chart: `parallel`, one GET per read, all at once; or `batch`, the same reads
 * in one batch Bundle POST (the bench runs it only where the CapabilityStatement declares `batch`). `react` is the
 * React floor (react.html): the parallel reads made by TanStack Query's queries and their count rendered by React 19,
 * the framework cost Lantern's first screen pays before any code of its own.
 */
export type FloorMode = 'parallel' | 'batch' | 'react';

/** The launch page keeps the mode for the app page, which the OAuth redirect reaches without the launch's query. */
export const floorModeKey = 'lantern-bench-floor-mode';

export function floorModeFrom(value: string | null): FloorMode {
  return value === 'batch' || value === 'react' ? value : 'parallel';
}

/** The floor's app page for a mode: the React floor has its own. */
export function floorAppPage(mode: FloorMode): string {
  return mode === 'react' ? 'react.html' : 'index.html';
}
