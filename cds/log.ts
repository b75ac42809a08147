/** What one hook call leaves in the log: never anything from the request but its hook instance. */
export interface HookLogEntry {
  event: 'hook';
  /** The EHR's id for this call, or 'invalid' when it sent none that looks like one. */
  hookInstance: string;
  durationMs: number;
  status: number;
  cards: number;
  outcome: string;
}

export interface ServiceLogEntry {
  event: 'discovery' | 'feedback' | 'unauthorized' | 'listening' | 'failure';
  status?: number;
  /** Counts, endpoint paths and error class names only. */
  detail?: string | number;
}

export type LogEntry = HookLogEntry | ServiceLogEntry;

export type LogSink = (line: string) => void;

/** One JSON object per line, for the hospital's log collector. */
export function createLogger(sink: LogSink): (entry: LogEntry) => void {
  return (entry) => {
    sink(JSON.stringify({ time: new Date().toISOString(), service: 'lantern-cds', ...entry }));
  };
}

/** A hook instance is a UUID: anything else is not written to the log, so no request can smuggle a name into it. */
export function loggableHookInstance(value: unknown): string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : 'invalid';
}
