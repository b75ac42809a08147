import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { LaunchFailure } from './app/LaunchFailure';
import { Shell } from './app/Shell';
import { normalizeError } from './lib/fhir/outcomes';
import { ready } from './lib/fhir/smart-session';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

root.render(
  <Shell>
    <p role="status" className="muted">
      Connecting to the EHR…
    </p>
  </Shell>,
);

// ready() runs exactly once per page load: it exchanges the one-time authorization code.
ready().then(
  (session) => {
    root.render(
      <StrictMode>
        <App session={session} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(<LaunchFailure error={normalizeError(error)} />);
  },
);
