import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { LaunchFailure } from './app/LaunchFailure';
import { Shell } from './app/Shell';
import { defaultSettings } from './config/default-settings';
import { loadRuntimeConfig, type LanternConfig } from './config/runtime-config';
import { normalizeError } from './lib/fhir/outcomes';
import { takeRelaunch } from './lib/fhir/relaunch';
import { pendingLaunch, ready } from './lib/fhir/smart-session';
import { authorizationErrorIn, withoutAuthorizationResponse } from './lib/smart/authorization-response';
import { launchingUserRefusal } from './lib/smart/launching-user';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
/** React's default report of a render error prints its message, which can quote what the EHR sent: report the kind only. */
function reportRenderError(error: unknown): void {
  // eslint-disable-next-line no-console -- the one report of a render failure, without patient data
  console.error(`Lantern: part of the screen could not be rendered (${error instanceof Error ? error.name : typeof error}).`);
}

const root = createRoot(container, { onCaughtError: reportRenderError, onUncaughtError: reportRenderError });

root.render(
  <Shell>
    <p role="status" className="muted">
      Connecting to the EHR…
    </p>
  </Shell>,
);

/** Settings for the app page when the configuration cannot be read: shown, never used to write. */
const fallbackConfig: LanternConfig = defaultSettings;

/** Without its settings Lantern cannot know the labels the organisation requires, so it writes nothing at all. */
const configUnreadable =
  'Lantern could not read its settings, so it will not write to the record from this window: it cannot be sure of the labels your organisation requires. Everything else works; a summary to print is offered at the end.';

// Read before ready(), which forgets the pending launch that makes an authorization server's refusal believable.
const launchState = new URL(window.location.href).searchParams.get('state');
const launching = pendingLaunch(launchState);
const authorizationRefusal = authorizationErrorIn(window.location.href, (state) => state === launchState && launching !== undefined);
const relaunchTarget = takeRelaunch(launchState);

/** Lantern's launch page for the same EHR and launch, asking to read only: offered when the EHR refused its writes. */
function readOnlyRelaunch(): string | undefined {
  if (relaunchTarget === undefined || relaunchTarget.readOnly) return undefined;
  const { iss, launch } = relaunchTarget;
  const query = new URLSearchParams({ iss, ...(launch === undefined ? {} : { launch }), access: 'read' });
  return `launch.html?${query.toString()}`;
}

/** Completed or refused, the authorization response has done its work: nothing of it stays in the address bar. */
function forgetAuthorizationResponse(): void {
  window.history.replaceState(null, '', withoutAuthorizationResponse(window.location.href));
}

// ready() runs exactly once per page load: it exchanges the one-time authorization code, or, after a refusal,
// forgets the launch; the refusal is then explained for what it is.
const launched = ready().then(
  (completed) => {
    forgetAuthorizationResponse();
    return completed;
  },
  (error: unknown) => {
    forgetAuthorizationResponse();
    throw authorizationRefusal ?? error;
  },
);

Promise.all([
  launched,
  loadRuntimeConfig(window.location.href).then(
    (config) => ({ config, readOnlyReason: undefined }),
    () => ({ config: fallbackConfig, readOnlyReason: configUnreadable }),
  ),
]).then(
  ([session, { config, readOnlyReason }]) => {
    // Before anything is read from the chart: the check-in and earlier flags are for clinicians only. A listed open
    // server's launch signs in nowhere, so there is no user to check.
    const refusal = launching?.signsIn === false ? undefined : launchingUserRefusal(session.context.fhirUser, config);
    if (refusal) {
      root.render(<LaunchFailure error={refusal} />);
      return;
    }
    root.render(
      <StrictMode>
        <App session={session} config={config} readOnlyReason={readOnlyReason} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    const failure = normalizeError(error);
    const relaunch = failure.kind === 'permissions-refused' ? readOnlyRelaunch() : undefined;
    root.render(<LaunchFailure error={failure} readOnlyRelaunch={relaunch} />);
  },
);
