import type { OperationOutcome, Patient } from 'fhir/r4';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within, type RenderResult } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app/App';
import { defaultAllowedUserTypes, defaultDirectoryStaleAfterDays, defaultReportingNotice, defaultSafetyCardTitle, defaultSystemBase, type LanternConfig } from '../../src/config/runtime-config';
import { calendarDay } from '../../src/lib/fhir/format';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import { connectTestSandbox } from '../sandbox-harness';

const sandbox = connectTestSandbox();
const asOf = calendarDay(new Date());
const adult = sandbox.patient('indicator-adult');
const patientUrl = `${sandbox.fhirBaseUrl}/Patient/:id`;
const config: LanternConfig = {
  ehrs: [{ label: 'Sandbox EHR', iss: sandbox.fhirBaseUrl, clientId: 'lantern-sandbox' }],
  openServers: [],
  safetyCardTitle: defaultSafetyCardTitle,
  reportingNotice: defaultReportingNotice,
  questionnaires: {},
  directory: [],
  directoryStaleAfterDays: defaultDirectoryStaleAfterDays,
  confidentiality: 'R',
  urgentContacts: [],
  ageOfMajority: 18,
  hideAfterIdleSeconds: 0,
  recordQuestionText: false,
  sensitivityLabel: true,
  systemBase: defaultSystemBase,
  allowedUserTypes: [...defaultAllowedUserTypes],
  allowUnidentifiedUsers: false,
};

// One EHR launch for the many tests that only need Ana's chart open; each test still gets its own query cache.
let adultSession: SmartSession;
beforeAll(async () => {
  adultSession = await sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0] });
});

let queryClient: QueryClient | undefined;
afterEach(() => {
  cleanup();
  queryClient?.clear();
  queryClient = undefined;
  sandbox.server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => {
  sandbox.close();
});

function renderApp(session: SmartSession): RenderResult {
  queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
  return render(<App session={session} config={config} asOf={asOf} queryClient={queryClient} />);
}

function chartSummary(): HTMLElement {
  return screen.getByRole('region', { name: 'What Lantern read' });
}

/** The "What Lantern read" card once the page has settled and every section has answered. */
async function loadedChartSummary(): Promise<HTMLElement> {
  await waitFor(() => {
    expect(screen.queryByText('Reading the chart…')).toBeNull();
    expect(chartSummary().getAttribute('aria-busy')).toBe('false');
  });
  return chartSummary();
}

/** What a row of a facts list says, found by the label the clinician reads. */
function fact(container: HTMLElement, label: string): HTMLElement {
  const terms = within(container).getAllByRole('term').filter((element) => element.textContent === label);
  const [only] = terms;
  if (terms.length !== 1 || !only) throw new Error(`Expected one "${label}" row, found ${String(terms.length)}`);
  const definition = only.nextElementSibling;
  if (!(definition instanceof HTMLElement) || definition.tagName !== 'DD') throw new Error(`The "${label}" row has no value`);
  return definition;
}

function operationOutcome(text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: text }] };
}

describe('Lantern beside the chart', () => {
  it('shows who the patient is', async () => {
    renderApp(adultSession);
    const banner = await screen.findByRole('region', { name: 'Patient' });
    expect(within(banner).getByText('Ana Ruiz')).toBeTruthy();
    expect(within(banner).getByText(/\b24 years\b/)).toBeTruthy();
    expect(within(banner).getByText(/\bFemale\b/)).toBeTruthy();
  });

  it('shows the visit in progress: an emergency visit for a face injury, in Bay 4', async () => {
    renderApp(adultSession);
    const visit = await screen.findByRole('region', { name: 'Current visit' });
    await waitFor(() => {
      expect(fact(visit, 'Type').textContent).toBe('Emergency');
    });
    expect(fact(visit, 'Reason').textContent).toBe('Unspecified injury of face, initial encounter');
    expect(fact(visit, 'Location').textContent).toMatch(/Bay 4$/);
    expect(fact(visit, 'Started').textContent).not.toBe('Not recorded');
  });

  it('says what it read from the chart once every section has answered', async () => {
    renderApp(adultSession);
    const summary = await loadedChartSummary();
    expect(fact(summary, 'Visits in the last 12 months').textContent).toBe('6 (6 emergency)');
    expect(fact(summary, 'Conditions').textContent).toBe('5');
    expect(fact(summary, 'Results in the last 12 months').textContent).toBe('4');
    expect(fact(summary, 'Procedures in the last 3 years').textContent).toBe('0');
    expect(fact(summary, 'Coverage').textContent).toBe('None active');
    // Other suites may write flags and referrals to the shared sandbox: the shape is what matters here.
    expect(fact(summary, 'Flags').textContent).toMatch(/^\d+ \(\d+ active\)$/);
    expect(fact(summary, 'Referrals and orders').textContent).toMatch(/^\d+$/);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says it is reading the chart until the visit has loaded', async () => {
    renderApp(adultSession);
    expect(screen.getByText('Reading the chart…').getAttribute('role')).toBe('status');
    await screen.findByRole('region', { name: 'Current visit' });
    expect(screen.queryByText('Reading the chart…')).toBeNull();
  });

  it('leaves the patient banner out when the EHR already shows one', async () => {
    renderApp(await sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0], needPatientBanner: false }));
    await screen.findByRole('region', { name: 'Current visit' });
    await loadedChartSummary();
    expect(screen.queryByRole('region', { name: 'Patient' })).toBeNull();
    expect(screen.queryByText('Ana Ruiz')).toBeNull();
  });

  it('shows a calm notice when no visit is in progress, and still reads the chart', async () => {
    const patient = sandbox.patient('no-active-encounter');
    renderApp(await sandbox.launch({ patient: patient.patientId }));
    const visit = await screen.findByRole('region', { name: 'Current visit' });
    expect(within(visit).getByText(/No visit is in progress/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    const summary = await loadedChartSummary();
    expect(fact(summary, 'Visits in the last 12 months').textContent).toBe('2 (0 emergency)');
    expect(fact(summary, 'Coverage').textContent).toBe('1 active');
  });

  describe('when two visits are in progress', () => {
    const patient = sandbox.patient('two-active-encounters');

    it('asks which visit this is', async () => {
      renderApp(await sandbox.launch({ patient: patient.patientId }));
      const visit = await screen.findByRole('region', { name: 'Current visit' });
      const choice = within(visit).getByRole('group', { name: /more than one visit in progress/ });
      const options = within(choice).getAllByRole('button');
      expect(options).toHaveLength(2);
      expect(within(choice).getByRole('button', { name: /^Emergency · Syncope/ })).toBeTruthy();
      expect(within(choice).getByRole('button', { name: /^Inpatient · Syncope/ })).toBeTruthy();
    });

    it('shows the visit the clinician picks with the keyboard', async () => {
      const user = userEvent.setup();
      renderApp(await sandbox.launch({ patient: patient.patientId }));
      const visit = await screen.findByRole('region', { name: 'Current visit' });
      const emergency = within(visit).getByRole('button', { name: /^Emergency/ });
      for (let presses = 0; presses < 10 && document.activeElement !== emergency; presses += 1) {
        await user.tab();
      }
      expect(document.activeElement).toBe(emergency);
      await user.keyboard('{Enter}');

      expect(within(visit).queryByRole('group')).toBeNull();
      expect(fact(visit, 'Type').textContent).toBe('Emergency');
      expect(fact(visit, 'Reason').textContent).toBe('Syncope');
      expect(fact(visit, 'Location').textContent).toMatch(/Bay 9$/);
    });

    it('shows the visit the clinician clicks', async () => {
      const user = userEvent.setup();
      renderApp(await sandbox.launch({ patient: patient.patientId }));
      const visit = await screen.findByRole('region', { name: 'Current visit' });
      await user.click(within(visit).getByRole('button', { name: /^Inpatient/ }));

      expect(within(visit).queryByRole('button')).toBeNull();
      expect(fact(visit, 'Type').textContent).toBe('Inpatient');
      expect(fact(visit, 'Location').textContent).toBe('Observation Unit — Room 2');
    });
  });

  describe('when the visit in context belongs to another patient', () => {
    it('says so in its own words, and shows nothing of that visit', async () => {
      const other = sandbox.patient('no-indicators');
      sandbox.server.use(
        http.get(`${sandbox.fhirBaseUrl}/Encounter/:id`, () =>
          HttpResponse.json({
            resourceType: 'Encounter',
            id: 'elsewhere',
            status: 'in-progress',
            class: { code: 'IMP' },
            reasonCode: [{ text: 'Another patient’s reason' }],
            subject: { reference: `Patient/${other.patientId}` },
          }),
        ),
      );
      renderApp(adultSession);

      const visit = await screen.findByRole('region', { name: 'Current visit' });
      const problem = await within(visit).findByRole('status');
      expect(within(problem).getByText('The current visit could not be read.')).toBeTruthy();
      expect(within(problem).getByText('The visit the EHR opened Lantern with belongs to another patient, so Lantern does not show it.')).toBeTruthy();
      expect(problem).not.toHaveTextContent('The EHR did not accept Lantern’s request.');
      expect(problem).not.toHaveTextContent('The EHR said');
      expect(visit).not.toHaveTextContent('Another patient’s reason');
    });
  });

  describe('when the patient cannot be read', () => {
    it.each([
      {
        // The test session has a refresh token but no token endpoint, so the refresh after the 401 fails.
        failure: 'the session has expired and cannot be refreshed (401)',
        answer: () => HttpResponse.json(operationOutcome('Access token expired'), { status: 401 }),
        sentence: 'The EHR session has expired or was not accepted.',
        action: 'Close Lantern and open it again from the patient’s chart.',
      },
      {
        failure: 'the EHR refuses access (403)',
        answer: () => HttpResponse.json(operationOutcome('Break-the-glass required for this record'), { status: 403 }),
        sentence: 'The EHR did not give Lantern permission for this.',
        action: 'Ask your EHR administrator to grant Lantern the access listed in its registration.',
        serverSays: 'The EHR said: “Break-the-glass required for this record”',
      },
      {
        failure: 'the record is gone (404)',
        answer: () => HttpResponse.json(operationOutcome('Resource Patient/ana-ruiz is not known'), { status: 404 }),
        sentence: 'The EHR could not find this record.',
        action: 'Check that the chart is still open, then open Lantern again.',
      },
      {
        failure: 'the network is down',
        answer: () => HttpResponse.error(),
        sentence: 'Lantern could not reach the EHR.',
        action: 'Check the network connection, then try again.',
      },
      {
        failure: 'the answer is not FHIR JSON',
        answer: () => new HttpResponse('<html>Gateway login</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
        sentence: 'The EHR sent data Lantern could not read.',
        action: 'Try again; if it keeps happening, tell your EHR support team.',
      },
      {
        failure: 'the EHR has an internal error (500)',
        answer: () => HttpResponse.json(operationOutcome('Database unavailable'), { status: 500 }),
        sentence: 'The EHR had a problem answering.',
        action: 'Try again in a moment.',
        serverSays: 'The EHR said: “Database unavailable”',
      },
    ])('explains it when $failure, and recovers on "Try again"', async ({ answer, sentence, action, serverSays }) => {
      const user = userEvent.setup();
            sandbox.server.use(http.get(patientUrl, answer));
      renderApp(adultSession);

      const alert = await screen.findByRole('alert');
      expect(within(alert).getByText('Lantern could not open this patient’s chart.')).toBeTruthy();
      expect(within(alert).getByText(sentence)).toBeTruthy();
      expect(within(alert).getByText(action)).toBeTruthy();
      if (serverSays) expect(within(alert).getByText(serverSays)).toBeTruthy();
      expect(screen.queryByRole('region', { name: 'Patient' })).toBeNull();

      sandbox.server.resetHandlers();
      await user.click(within(alert).getByRole('button', { name: 'Try again' }));

      const banner = await screen.findByRole('region', { name: 'Patient' });
      expect(within(banner).getByText('Ana Ruiz')).toBeTruthy();
      expect(screen.queryByRole('alert')).toBeNull();
    });
  });

  describe('when one chart section cannot be read', () => {
    it('shows the problem in that row and keeps the others', async () => {
      const user = userEvent.setup();
            sandbox.server.use(http.get(`${sandbox.fhirBaseUrl}/Condition`, () => HttpResponse.json(operationOutcome('Condition index rebuilding'), { status: 503 })));
      renderApp(adultSession);

      const summary = await loadedChartSummary();
      const conditions = fact(summary, 'Conditions');
      const problem = within(conditions).getByRole('status');
      expect(within(problem).getByText('The EHR had a problem answering.')).toBeTruthy();
      expect(within(problem).getByText('The EHR said: “Condition index rebuilding”')).toBeTruthy();
      expect(within(problem).getByText('Try again in a moment.')).toBeTruthy();

      expect(fact(summary, 'Visits in the last 12 months').textContent).toBe('6 (6 emergency)');
      expect(fact(summary, 'Results in the last 12 months').textContent).toBe('4');
      expect(fact(summary, 'Coverage').textContent).toBe('None active');
      expect(screen.getByRole('region', { name: 'Patient' })).toBeTruthy();
      expect(screen.getByRole('region', { name: 'Current visit' })).toBeTruthy();
      // A section problem informs; it does not interrupt like a page-level alert.
      expect(screen.queryByRole('alert')).toBeNull();

      sandbox.server.resetHandlers();
      await user.click(within(conditions).getByRole('button', { name: 'Try again' }));
      await waitFor(() => {
        expect(fact(summary, 'Conditions').textContent).toBe('5');
      });
    });

    it('says permission is missing when the EHR did not grant the section', async () => {
      renderApp(await sandbox.launch({ patient: adult.patientId, encounter: adult.activeEncounterIds[0], deniedScopes: ['patient/Condition.read'] }));
      const summary = await loadedChartSummary();
      expect(within(fact(summary, 'Conditions')).getByText('The EHR did not give Lantern permission to read this part of the chart.')).toBeTruthy();
      expect(fact(summary, 'Visits in the last 12 months').textContent).toBe('6 (6 emergency)');
    });
  });

  describe('with untrusted text from the EHR', () => {
    it('shows markup in a FHIR name as text, never as an element', async () => {
      const markup = '<img src=x onerror=alert(1)>';
      const hostile: Patient = { resourceType: 'Patient', id: adult.patientId, gender: 'female', name: [{ use: 'official', text: markup }] };
            sandbox.server.use(http.get(patientUrl, () => HttpResponse.json(hostile)));
      const { container } = renderApp(adultSession);

      const banner = await screen.findByRole('region', { name: 'Patient' });
      expect(within(banner).getByText(markup)).toBeTruthy();
      expect(container.querySelector('img')).toBeNull();
      expect(document.querySelector('img, [onerror]')).toBeNull();
    });
  });
});

describe('privacy during a full render', () => {
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;

  it.each([
    { chart: 'the whole chart reads', failing: false },
    { chart: 'a section fails', failing: true },
  ])('logs nothing about the patient and stores nothing in localStorage when $chart', async ({ failing }) => {
    localStorage.clear();
    const spies = consoleMethods.map((method) => vi.spyOn(console, method));
    if (failing) {
      sandbox.server.use(http.get(`${sandbox.fhirBaseUrl}/Condition`, () => HttpResponse.json(operationOutcome('Condition store offline'), { status: 500 })));
    }
    const user = userEvent.setup();
    renderApp(adultSession);

    await screen.findByRole('region', { name: 'Patient' });
    // Open the check-in too, so everything the chart read feeds is on screen.
    await user.click(screen.getByRole('button', { name: new RegExp(`^${config.safetyCardTitle}`) }));
    const summary = await loadedChartSummary();
    expect(fact(summary, 'Coverage').textContent).toBe('None active');

    const logged = spies.flatMap((spy): unknown[] => spy.mock.calls.flat()).map((argument) => (typeof argument === 'string' ? argument : inspect(argument, { depth: 6 })));
    for (const identifier of ['Ana Ruiz', 'Ruiz', adult.patientId, 'SBX-100101']) {
      expect(logged.filter((line) => line.includes(identifier)), identifier).toEqual([]);
    }
    expect(localStorage.length).toBe(0);
  });
});
