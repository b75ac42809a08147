import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { App } from './app/App';
import { LaunchFailure } from './app/LaunchFailure';
import type { LanternConfig } from './config/runtime-config';
import { normalizeError } from './lib/fhir/outcomes';
import type { SmartSession } from './lib/fhir/smart-session';

/**
 * The app page's UI, loaded by the bootstrap (`main.ts`) while the token is exchanged and the first reads are made:
 * it renders Lantern, or why it could not start, into the page's root.
 */

/** React's default report of a render error prints its message, which can quote what the EHR sent: report the kind only. */
function reportRenderError(error: unknown): void {
  // eslint-disable-next-line no-console -- the one report of a render failure, without patient data
  console.error(`Lantern: part of the screen could not be rendered (${error instanceof Error ? error.name : typeof error}).`);
}

let root: Root | undefined;

function pageRoot(container: HTMLElement): Root {
  root ??= createRoot(container, { onCaughtError: reportRenderError, onUncaughtError: reportRenderError });
  return root;
}

export interface StartedApp {
  session: SmartSession;
  config: LanternConfig;
  readOnlyReason: string | undefined;
  /** The day the bootstrap's first reads were made for: the app's chart windows must be the same. */
  asOf: string;
}

export function showApp(container: HTMLElement, { session, config, readOnlyReason, asOf }: StartedApp): void {
  pageRoot(container).render(
    <StrictMode>
      <App session={session} config={config} readOnlyReason={readOnlyReason} asOf={asOf} />
    </StrictMode>,
  );
}

/**
 * Why Lantern could not start. `readOnlyRelaunch`, the launch page asking to read only, is offered when the EHR
 * refused the permissions Lantern asked for.
 */
export function showLaunchFailure(container: HTMLElement, error: unknown, readOnlyRelaunch?: string): void {
  const failure = normalizeError(error);
  const relaunch = failure.kind === 'permissions-refused' ? readOnlyRelaunch : undefined;
  pageRoot(container).render(<LaunchFailure error={failure} readOnlyRelaunch={relaunch} />);
}
