/**
 * How the floor's app page reads the chart: `parallel`, one GET per read, all at once; or `batch`, the same reads
 * in one batch Bundle POST (the bench runs it only where the CapabilityStatement declares `batch`).
 */
export type FloorMode = 'parallel' | 'batch';

/** The launch page keeps the mode for the app page, which the OAuth redirect reaches without the launch's query. */
export const floorModeKey = 'lantern-bench-floor-mode';

export function floorModeFrom(value: string | null): FloorMode {
  return value === 'batch' ? 'batch' : 'parallel';
}
