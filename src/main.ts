import { defaultSettings } from './config/default-settings';
import { fetchRuntimeSettings, parseConfig, type LanternConfig } from './config/runtime-config';
import { firstReads } from './first-reads';
import { calendarDay, prepareDateFormats } from './lib/fhir/format';
import { takeRelaunch } from './lib/fhir/relaunch';
import { pendingLaunch } from './lib/fhir/smart-launch';
import { ready } from './lib/fhir/smart-session';
import { authorizationErrorIn, withoutAuthorizationResponse } from './lib/smart/authorization-response';
import { readCapabilityStatement } from './lib/smart/capability-statement';
import { launchingUserRefusal } from './lib/smart/launching-user';

/**
 * The app page's bootstrap: small, and free of UI code, so the token exchange and the first FHIR reads start before
 * React and the app are even parsed. It loads the UI (`ui.tsx`) at the same time and hands it the session, whose
 * FHIR client already holds the reads in flight.
 */

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = container;

const ui = import('./ui');

/** How long, once the token is in hand, the first reads wait for the server's CapabilityStatement to say whether it takes a batch. */
const capabilityGraceMs = 300;

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
const asOf = calendarDay(new Date());

// The configuration the launch page read travels with the launch; it is fetched again only when it did not.
const configured = (launching?.settings === undefined ? fetchRuntimeSettings(window.location.href) : Promise.resolve(launching.settings))
  .then(parseConfig)
  .then(
    (config) => ({ config, readOnlyReason: undefined }),
    () => ({ config: fallbackConfig, readOnlyReason: configUnreadable }),
  );
// The CapabilityStatement the launch page read travels with the launch too; without it, it is read alongside the token.
const capabilityStatement =
  launching?.capabilityStatement !== undefined
    ? Promise.resolve(launching.capabilityStatement)
    : launching?.serverUrl === undefined
      ? Promise.resolve(undefined)
      : readCapabilityStatement(launching.serverUrl);

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

/** The CapabilityStatement if it has come, or comes within the grace period; undefined otherwise. */
function capabilitiesWithinGrace(): Promise<unknown> {
  return Promise.race([capabilityStatement, new Promise((resolve) => setTimeout(resolve, capabilityGraceMs, undefined))]);
}

/** Where the UI itself could not be loaded there is no React to say so: the page's status line does. */
function uiUnavailable(): void {
  root.textContent = 'Lantern could not load. Close it and open it again from the chart.';
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

Promise.all([launched, configured])
  .then(
    async ([session, { config, readOnlyReason }]) => {
      // Before anything is read from the chart: the check-in and earlier flags are for clinicians only. A listed open
      // server's launch signs in nowhere, so there is no user to check.
      const refusal = launching?.signsIn === false ? undefined : launchingUserRefusal(session.context.fhirUser, config);
      if (refusal) {
        (await ui).showLaunchFailure(root, refusal);
        return;
      }
      session.fhir.readAhead(firstReads(session.context, config.systemBase, asOf, await capabilitiesWithinGrace()));
      // While the first reads are out (the longest wait of the launch), the date formats the chart needs are built:
      // not after the chart has come, and not before the reads are sent.
      setTimeout(prepareDateFormats, 0);
      (await ui).showApp(root, { session, config, readOnlyReason, asOf });
    },
    async (error: unknown) => {
      (await ui).showLaunchFailure(root, error, readOnlyRelaunch());
    },
  )
  .catch(uiUnavailable);
