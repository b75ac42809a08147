import { loadRuntimeConfig, registrationFor } from './config/runtime-config';
import { requestedScopes } from './config/scopes';
import { authorize } from './lib/fhir/smart-session';

async function launch(): Promise<void> {
  const query = new URLSearchParams(window.location.search);
  const iss = query.get('iss');
  const launchToken = query.get('launch');
  if (!iss) {
    showStatus('Open Lantern from the patient’s chart in your EHR. This page was opened without saying which EHR to connect to.');
    return;
  }
  const config = await loadRuntimeConfig(window.location.href);
  const registration = registrationFor(config, iss, window.location.origin);
  if (!registration) {
    showStatus('Lantern is not registered with this EHR yet. Ask your EHR administrator to add it to Lantern’s configuration.');
    return;
  }
  await authorize({
    iss,
    clientId: registration.clientId,
    scope: requestedScopes(launchToken ? 'ehr' : 'standalone'),
    redirectUri: 'index.html',
    ...(launchToken ? { launch: launchToken } : {}),
    // EHRs embed apps in iframes: finish the authorization in the frame we were launched in.
    completeInTarget: true,
    // Always send an S256 challenge; servers that do not advertise PKCE ignore it.
    pkceMode: 'unsafeV1',
  });
}

function showStatus(message: string): void {
  const status = document.getElementById('launch-status');
  if (status) status.textContent = message;
}

launch().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : '';
  showStatus(`Lantern could not connect to the EHR. ${reason} Close Lantern and open it again from the chart.`.replace(/\s+/g, ' '));
});
