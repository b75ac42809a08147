import { fetchRuntimeSettings, openServerFor, parseConfig, registrationFor, type LanternConfig } from './config/runtime-config';
import { requestedScopes, type LaunchAccess } from './config/scopes';
import { rememberRelaunch } from './lib/fhir/relaunch';
import { authorize, type CarriedReads } from './lib/fhir/smart-launch';
import { readCapabilityStatement } from './lib/smart/capability-statement';
import { discoverScopeStyle, type ScopeStyle } from './lib/smart/smart-configuration';
import { isSessionStorageUsable } from './lib/smart/storage-access';
import { trustedUrl } from './lib/smart/trusted-url';

async function launch(): Promise<void> {
  const query = new URLSearchParams(window.location.search);
  const iss = query.get('iss');
  const fhirServiceUrl = query.get('fhirServiceUrl');
  if (!iss && !fhirServiceUrl) {
    showStatus('Open Lantern from the patient’s chart in your EHR. This page was opened without saying which EHR to connect to.');
    return;
  }
  if (!isSessionStorageUsable()) {
    offerOwnWindow(query);
    return;
  }
  const settingsRead = fetchRuntimeSettings(window.location.href);
  // Discovery and the server's CapabilityStatement go alongside the configuration, not after it (authorize() reuses
  // the discovery answer and carries the statement to the app page); never to an address Lantern would not connect to.
  // An open server is asked nothing before the configuration lists it; the app page reads its statement.
  const trustedIss = iss && trustedUrl(iss, 'server').url ? iss : undefined;
  const scopeStyle = trustedIss ? discoverScopeStyle(trustedIss) : Promise.resolve<ScopeStyle>('v1');
  const capabilityStatement = trustedIss ? readCapabilityStatement(trustedIss) : undefined;
  const settings = await settingsRead;
  const config = parseConfig(settings);
  // fhirclient reads iss, launch, clientId, fhirServiceUrl and patientId from the page's URL before what it is given:
  // from here on it sees only what Lantern checked and passes, and the address bar no longer shows the patient.
  window.history.replaceState(null, '', window.location.pathname);
  if (iss) {
    // `access=read`: the relaunch Lantern offers when the EHR refused its write scopes.
    await launchSmart(config, { settings, capabilityStatement }, iss, query.get('launch'), query.get('access') === 'read' ? 'read' : 'read-write', scopeStyle);
  } else if (fhirServiceUrl) {
    await launchOpenServer(config, settings, fhirServiceUrl, query);
  }
}

/**
 * EHR launch (`iss` + `launch`) or standalone launch (`iss` alone), with the scope syntax the server advertises.
 * `carried`, the configuration file and the CapabilityStatement as read, goes with the launch so the app page reads
 * each once.
 */
async function launchSmart(
  config: LanternConfig,
  carried: CarriedReads,
  iss: string,
  launchToken: string | null,
  access: LaunchAccess,
  scopeStyle: Promise<ScopeStyle>,
): Promise<void> {
  const checked = trustedUrl(iss, 'server');
  if (!checked.url) {
    showStatus(`This link names an EHR address Lantern does not connect to. ${checked.reason} Open Lantern again from the patient’s chart.`);
    return;
  }
  const registration = registrationFor(config, iss, window.location.origin);
  if (!registration) {
    showStatus('Lantern is not registered with this EHR yet. Ask your EHR administrator to add it to Lantern’s configuration.');
    return;
  }
  await authorize(
    {
      iss,
      clientId: registration.clientId,
      scope: requestedScopes(launchToken ? 'ehr' : 'standalone', await scopeStyle, config, access),
      redirectUri: 'index.html',
      ...(launchToken ? { launch: launchToken } : {}),
      // EHRs embed apps in iframes: finish the authorization in the frame we were launched in.
      completeInTarget: true,
      // Always send an S256 challenge; servers that do not advertise PKCE ignore it.
      pkceMode: 'unsafeV1',
    },
    carried,
  );
  rememberRelaunch({ iss, launch: launchToken ?? undefined, readOnly: access === 'read' });
}

/** A server without sign-in (HAPI style): the link names the patient and, optionally, the encounter. */
async function launchOpenServer(config: LanternConfig, settings: unknown, fhirServiceUrl: string, query: URLSearchParams): Promise<void> {
  const checked = trustedUrl(fhirServiceUrl, 'server', window.location.origin);
  if (!checked.url) {
    showStatus(`This link names a FHIR server address Lantern does not connect to. ${checked.reason} Open Lantern again from the patient’s chart.`);
    return;
  }
  const serverUrl = checked.url.href;
  if (!openServerFor(config, serverUrl, window.location.origin)) {
    showStatus('Lantern is not set up to use this FHIR server without sign-in. Ask your administrator to list it in Lantern’s configuration.');
    return;
  }
  const patientId = query.get('patientId');
  if (!patientId) {
    showStatus('This link does not say which patient to open. Open Lantern again from the patient’s record.');
    return;
  }
  const encounterId = query.get('encounterId');
  await authorize(
    {
      fhirServiceUrl: serverUrl,
      patientId,
      ...(encounterId ? { encounterId } : {}),
      redirectUri: 'index.html',
    },
    { settings },
  );
}

/**
 * Embedded cross-site, a browser that blocks third-party storage leaves the launch nowhere to keep its state: the
 * same launch opened in a window of its own is first-party and works. A link, so the browser lets it open a window.
 */
function offerOwnWindow(query: URLSearchParams): void {
  const passed = new URLSearchParams();
  for (const name of ['iss', 'launch', 'access', 'fhirServiceUrl', 'patientId', 'encounterId']) {
    const value = query.get(name);
    if (value !== null) passed.set(name, value);
  }
  window.history.replaceState(null, '', window.location.pathname);
  showStatus(
    'This browser does not let Lantern keep its sign-in while it is shown inside the EHR’s page. Open Lantern in its own window to carry on; close that window when you are done.',
  );
  const link = document.createElement('a');
  link.href = `${window.location.pathname}?${passed.toString()}`;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = 'Open Lantern in its own window';
  const paragraph = document.createElement('p');
  paragraph.append(link);
  document.querySelector('main')?.append(paragraph);
}

function showStatus(message: string): void {
  const status = document.getElementById('launch-status');
  if (status) status.textContent = message;
}

launch().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : '';
  showStatus(`Lantern could not connect to the EHR. ${reason} Close Lantern and open it again from the chart.`.replace(/\s+/g, ' '));
});
