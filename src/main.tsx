import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { LaunchFailure } from './app/LaunchFailure';
import { Shell } from './app/Shell';
import { defaultReportingNotice, defaultSafetyCardTitle, loadRuntimeConfig, type LanternConfig } from './config/runtime-config';
import { normalizeError } from './lib/fhir/outcomes';
import { ready } from './lib/fhir/smart-session';

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

/** Settings for the app page when the configuration cannot be read: the launch already used the client ids. */
const fallbackConfig: LanternConfig = { ehrs: [], openServers: [], safetyCardTitle: defaultSafetyCardTitle, reportingNotice: defaultReportingNotice, questionnaires: {}, directory: [], confidentiality: 'R' };

// ready() runs exactly once per page load: it exchanges the one-time authorization code.
Promise.all([ready(), loadRuntimeConfig(window.location.href).catch(() => fallbackConfig)]).then(
  ([session, config]) => {
    root.render(
      <StrictMode>
        <App session={session} config={config} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(<LaunchFailure error={normalizeError(error)} />);
  },
);
