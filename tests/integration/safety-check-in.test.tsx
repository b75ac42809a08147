import { QueryClient } from '@tanstack/react-query';
import type { Questionnaire } from 'fhir/r4';
import { bypass, http, HttpResponse } from 'msw';
import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/App';
import { sandboxConfig } from '../../mocks/sandbox/dev-config';
import { parseConfig } from '../../src/config/runtime-config';
import { requestedScopes } from '../../src/config/scopes';
import { calendarDay } from '../../src/lib/fhir/format';
import type { SmartSession } from '../../src/lib/fhir/smart-session';
import { connectTestSandbox } from '../sandbox-harness';

const sandbox = connectTestSandbox();
const config = parseConfig(sandboxConfig());
afterEach(() => {
  sandbox.server.resetHandlers();
});
afterAll(() => {
  sandbox.close();
});

function renderApp(session: SmartSession, appConfig = config): void {
  render(<App session={session} config={appConfig} asOf={calendarDay(new Date())} queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })} />);
}

async function openCheckIn(key: 'indicator-adult' | 'youth' | 'no-indicators' | 'two-active-encounters', appConfig = config): Promise<HTMLElement> {
  const patient = sandbox.patient(key);
  renderApp(await sandbox.launch({ patient: patient.patientId, encounter: patient.activeEncounterIds[0] }), appConfig);
  const toggle = await screen.findByRole('button', { name: /Safety check-in/ });
  await waitFor(() => {
    expect(toggle).toHaveTextContent(/\d+ items?/);
  });
  return toggle;
}

/** Opens the card. Its code loads apart from the first screen's: this waits for the card and its record section. */
async function expand(user: ReturnType<typeof userEvent.setup>, toggle: HTMLElement): Promise<void> {
  await user.click(toggle);
  await screen.findByRole('heading', { name: 'Record' });
}

function screeningQuestions(): HTMLElement[] {
  return within(screen.getByRole('region', { name: 'Screening questions' })).getAllByRole('radiogroup');
}

/** Words that must never be on screen while hidden: what a companion could read over a shoulder. */
const sensitiveText = /safety|screening|infection|injury|chart|conversation|declined|afraid|sexual|reporting|visit|ana|ruiz/i;

describe('the safety check-in beside the chart', () => {
  it('stays collapsed behind a neutral title with a count, and opens on the guide with the chart prompts closed under neutral headings', async () => {
    const user = userEvent.setup();
    const toggle = await openCheckIn('indicator-adult');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText(/Sexually transmitted infection/)).toBeNull();
    await expand(user, toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('heading', { name: 'Private conversation guide' })).toBeVisible();
    const prompts = screen.getByRole('list', { name: 'From the chart' });
    expect(prompts).not.toBeVisible();
    await user.click(screen.getByText(/^Chart prompts \(\d+\)$/));
    expect(within(prompts).getByText('Infection-related result')).toBeVisible();
    expect(within(prompts).getByText('Sexually transmitted infection')).not.toBeVisible();
    expect(within(prompts).getAllByText('Injury').length).toBeGreaterThan(0);

    await user.click(within(prompts).getByText('Infection-related result'));
    expect(within(prompts).getByText('Sexually transmitted infection')).toBeVisible();
    expect(within(prompts).getByText('Dental injury')).not.toBeVisible();
  });

  it('hides everything sensitive on Escape and brings back exactly what was entered on resume', async () => {
    const user = userEvent.setup();
    await expand(user, await openCheckIn('indicator-adult'));
    await user.click(screen.getByRole('checkbox', { name: /companion answers for the patient/ }));
    const firstQuestion = screeningQuestions()[0];
    if (!firstQuestion) throw new Error('no screening question');
    await user.click(within(firstQuestion).getByRole('radio', { name: 'Declined to answer' }));
    await user.click(screen.getByRole('button', { name: 'Español' }));

    await user.keyboard('{Escape}');
    expect(document.body.textContent).not.toMatch(sensitiveText);
    const resume = screen.getByRole('button', { name: 'Resume' });
    expect(resume).toHaveFocus();

    await user.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: /Safety check-in/ })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('checkbox', { name: /companion answers for the patient/ })).toBeChecked();
    const sameQuestion = screeningQuestions()[0];
    if (!sameQuestion) throw new Error('no screening question after resume');
    expect(within(sameQuestion).getByRole('radio', { name: 'Prefiere no responder' })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Español' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('keeps the outcome, consent and chosen service through quick-hide', async () => {
    const user = userEvent.setup();
    await expand(user, await openCheckIn('indicator-adult'));
    await user.click(screen.getByRole('radio', { name: 'Concern — patient agrees to referral' }));
    await user.click(screen.getByRole('checkbox', { name: 'The patient agreed to this referral' }));
    const services = screen.getByRole('group', { name: 'Refer to' });
    const hotline = await within(services).findByRole('radio', { name: 'Community support line' });
    await user.click(hotline);

    await user.keyboard('{Escape}');
    expect(document.body.textContent).not.toMatch(sensitiveText);
    await user.click(screen.getByRole('button', { name: 'Resume' }));

    expect(screen.getByRole('radio', { name: 'Concern — patient agrees to referral' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'The patient agreed to this referral' })).toBeChecked();
    expect(within(screen.getByRole('group', { name: 'Refer to' })).getByRole('radio', { name: 'Community support line' })).toBeChecked();
  });

  it('hides with the Hide button too', async () => {
    const user = userEvent.setup();
    await expand(user, await openCheckIn('indicator-adult'));
    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(document.body.textContent).not.toMatch(sensitiveText);
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(screen.getByRole('region', { name: 'Chart prompts' })).toBeVisible();
  });

  it('hands the questions to the patient and takes them back: one home for the answers, the same quick-hide', async () => {
    const user = userEvent.setup();
    await expand(user, await openCheckIn('indicator-adult'));
    const [first] = screeningQuestions();
    if (!first) throw new Error('no questions');
    await user.click(within(first).getByRole('radio', { name: 'No' }));
    await user.click(screen.getByRole('button', { name: 'Let the patient read the questions' }));

    // The patient sees the questions alone: not the chart, not the prompts, not the clinician's notes.
    expect(await screen.findByText('Question 1 of 6')).toBeVisible();
    expect(screen.queryByRole('region', { name: 'What Lantern read' })).toBeNull();
    expect(screen.queryByText(/Chart prompts/)).toBeNull();
    expect(screen.queryByText(/not a validated/)).toBeNull();
    expect(screen.getByRole('radio', { name: 'No' })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('radio', { name: 'I’d rather not answer' }));

    await user.keyboard('{Escape}');
    expect(document.body.textContent).not.toMatch(sensitiveText);
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(screen.getByText('Question 2 of 6')).toBeVisible();
    expect(screen.getByRole('radio', { name: 'I’d rather not answer' })).toBeChecked();

    await user.click(screen.getByRole('button', { name: 'Clinician: back to the check-in' }));
    const questions = screeningQuestions();
    expect(within(questions[0] ?? document.body).getByRole('radio', { name: 'No' })).toBeChecked();
    expect(within(questions[1] ?? document.body).getByRole('radio', { name: 'Declined to answer' })).toBeChecked();
    expect(screen.getByText('2 of 6 answered')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Let the patient read the questions' })).toHaveFocus();
  });

  it('switches the patient-facing questions to Spanish and back without losing answers', async () => {
    const user = userEvent.setup();
    await expand(user, await openCheckIn('indicator-adult'));
    const [first] = screeningQuestions();
    if (!first) throw new Error('no screening question');
    const english = first.querySelector('legend')?.textContent;
    await user.click(within(first).getByRole('radio', { name: 'No' }));
    await user.click(screen.getByRole('button', { name: 'Español' }));
    const [spanish] = screeningQuestions();
    if (!spanish) throw new Error('no screening question in Spanish');
    expect(spanish.querySelector('legend')?.textContent).not.toBe(english);
    expect(spanish).toHaveAttribute('lang', 'es');
    expect(within(spanish).getByRole('radio', { name: 'No' })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screeningQuestions()[0]?.querySelector('legend')?.textContent).toBe(english);
  });

  it('scores the answers: a yes on the safety question reads as immediate danger', async () => {
    const user = userEvent.setup();
    await expand(user, await openCheckIn('indicator-adult'));
    const questions = screeningQuestions();
    for (const question of questions.slice(0, -1)) await user.click(within(question).getByRole('radio', { name: 'No' }));
    expect(screen.queryByText(/may not be safe leaving today/)).toBeNull();
    const last = questions.at(-1);
    if (!last) throw new Error('no questions');
    await user.click(within(last).getByRole('radio', { name: 'Yes' }));
    expect(await screen.findByText(/may not be safe leaving today/)).toBeVisible();
  });

  it('gives a 15-year-old the youth questions and the reporting duty', async () => {
    const user = userEvent.setup();
    await expand(user, await openCheckIn('youth'));
    // Neutral at a glance; the duty itself once opened.
    expect(screen.getByRole('region', { name: /Reporting duty for patients under 18/ })).not.toBeVisible();
    await user.click(screen.getByText('Patient may be under 18 — see what applies'));
    expect(screen.getByRole('region', { name: /Reporting duty for patients under 18/ })).toBeVisible();
    expect(screen.getByText(/safe place to sleep/)).toBeVisible();
  });

  it('asks whether a patient without a birth date is an adult or a minor, and records nothing until answered', async () => {
    sandbox.server.use(
      http.get(`${sandbox.fhirBaseUrl}/Patient/:id`, async ({ request }) => {
        const patient = (await (await fetch(bypass(request))).json()) as Record<string, unknown>;
        return HttpResponse.json({ ...patient, birthDate: undefined });
      }),
    );
    const user = userEvent.setup();
    await expand(user, await openCheckIn('no-indicators'));
    const question = screen.getByRole('radiogroup', { name: /no usable birth date\. Is the patient an adult or a minor\?/ });
    expect(within(question).getByRole('radio', { name: 'Adult' })).not.toBeChecked();
    expect(within(question).getByRole('radio', { name: 'Minor' })).not.toBeChecked();
    // Possibly a minor: the reporting notice shows, and the plan refuses in words.
    expect(screen.getByText('Patient may be under 18 — see what applies')).toBeVisible();
    await user.click(screen.getByRole('radio', { name: /Concern — patient declines referral/ }));
    expect(await screen.findByText('Confirm whether the patient is an adult or a minor first.')).toBeVisible();

    await user.click(within(question).getByRole('radio', { name: 'Adult' }));
    expect(screen.queryByText('Patient may be under 18 — see what applies')).toBeNull();
    expect(screen.queryByText('Confirm whether the patient is an adult or a minor first.')).toBeNull();

    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(screen.getByRole('radio', { name: 'Adult' })).toBeChecked();
  });

  it('shows a quiet card with no chart prompts for a patient without indicators', async () => {
    const user = userEvent.setup();
    const toggle = await openCheckIn('no-indicators');
    expect(toggle).toHaveTextContent('0 items');
    await expand(user, toggle);
    expect(screen.getByText(/Nothing in the chart suggests a conversation/)).toBeVisible();
    expect(screen.queryByText('Patient may be under 18 — see what applies')).toBeNull();
  });

  describe("an organisation's own questionnaire", () => {
    const canonical = 'https://hospital.example/fhir/Questionnaire/adult-safety';
    const organisationConfig = { ...config, questionnaires: { adult: canonical } };
    const organisationTool: Questionnaire = {
      resourceType: 'Questionnaire',
      id: 'org-adult',
      url: canonical,
      version: '2',
      status: 'active',
      title: 'Hospital safety questions',
      item: [
        { linkId: 'q1', text: 'Do you feel safe where you live?', type: 'boolean' },
        { linkId: 'q2', text: 'Does someone else hold your documents?', type: 'boolean' },
      ],
    };

    it('is loaded from the FHIR server by canonical URL and asked instead of the default', async () => {
      sandbox.server.use(
        http.get(`${sandbox.fhirBaseUrl}/Questionnaire`, ({ request }) =>
          new URL(request.url).searchParams.get('url') === canonical
            ? HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: organisationTool }] })
            : HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' }),
        ),
      );
      const user = userEvent.setup();
      await expand(user, await openCheckIn('indicator-adult', organisationConfig));
      expect(await screen.findByText('Does someone else hold your documents?')).toBeVisible();
      expect(screeningQuestions()).toHaveLength(2);
    });

    it('with linkIds named like Object.prototype members counts them unanswered until answered', async () => {
      const prototypeNamed: Questionnaire = {
        ...organisationTool,
        item: ['constructor', 'toString', '__proto__'].map((linkId) => ({ linkId, text: `Asked as ${linkId}?`, type: 'boolean' as const })),
      };
      sandbox.server.use(
        http.get(`${sandbox.fhirBaseUrl}/Questionnaire`, () =>
          HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: prototypeNamed }] }),
        ),
      );
      const user = userEvent.setup();
      await expand(user, await openCheckIn('indicator-adult', organisationConfig));
      expect(await screen.findByText('0 of 3 answered')).toBeVisible();
      expect(screen.getByText('The result appears when every question has an answer.')).toBeVisible();
      for (const question of screeningQuestions()) await user.click(within(question).getByRole('radio', { name: 'No' }));
      expect(screen.getByText('3 of 3 answered')).toBeVisible();
      expect(screen.getByText('No concern came up in these answers.')).toBeVisible();
    });

    it('that Lantern cannot ask is explained, and the rest of the check-in stays usable', async () => {
      const unusable: Questionnaire = { ...organisationTool, item: [{ linkId: 'q1', text: 'Describe your situation', type: 'text' }] };
      sandbox.server.use(
        http.get(`${sandbox.fhirBaseUrl}/Questionnaire`, () =>
          HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: unusable }] }),
        ),
      );
      const user = userEvent.setup();
      await expand(user, await openCheckIn('indicator-adult', organisationConfig));
      expect(await screen.findByText(/screening questions cannot be shown/)).toBeVisible();
      // The sentence written for this questionnaire, not "The EHR did not accept Lantern’s request."
      expect(
        screen.getByText(
          'The questionnaire “Hospital safety questions” has a question that is not answered yes or no (“Describe your situation”); Lantern shows yes/no questions only, so Lantern cannot use it.',
        ),
      ).toBeVisible();
      expect(screen.queryByText('The EHR did not accept Lantern’s request.')).toBeNull();
      expect(screen.getByRole('region', { name: 'Chart prompts' })).toBeVisible();
    });
  });

  describe('recording the outcome', () => {
    const submissionSystem = 'https://lantern.example/fhir/submission';

    /**
     * Answers the screen (one yes), and decides a referral the adult agreed to, to a shelter, with the patient's
     * "Everything listed" (null: not asked, where nothing can be written).
     */
    async function decideReferral(user: ReturnType<typeof userEvent.setup>, recordChoice: string | null = 'Everything listed'): Promise<void> {
      await expand(user, await screen.findByRole('button', { name: /Safety check-in/ }));
      for (const question of await waitFor(() => screeningQuestions())) await user.click(within(question).getByRole('radio', { name: 'No' }));
      const firstQuestion = screeningQuestions()[0];
      if (!firstQuestion) throw new Error('no screening question');
      await user.click(within(firstQuestion).getByRole('radio', { name: 'Yes' }));
      await user.click(screen.getByRole('radio', { name: 'Concern — patient agrees to referral' }));
      await user.click(screen.getByRole('checkbox', { name: 'The patient agreed to this referral' }));
      await user.click(within(screen.getByRole('group', { name: 'Refer to' })).getByRole('button', { name: 'Show service names' }));
    await user.click(await within(screen.getByRole('group', { name: 'Refer to' })).findByRole('radio', { name: /shelter/i }));
      if (recordChoice !== null) await chooseForRecord(user, recordChoice);
    }

    async function chooseForRecord(user: ReturnType<typeof userEvent.setup>, choice: string): Promise<void> {
      await user.click(await within(await screen.findByRole('group', { name: 'What goes in the record' })).findByRole('radio', { name: choice }));
    }

    it('labels a finished visit in context and ties nothing to it until the clinician ticks the choice', async () => {
      const patient = sandbox.patient('no-active-encounter');
      const probe = await sandbox.launch({ patient: patient.patientId });
      const { resources } = await probe.fhir.search('Encounter', { patient: patient.patientId, status: 'finished', _sort: '-date' });
      const finished = resources[0];
      if (!finished?.id) throw new Error('no finished visit in the sandbox');
      renderApp(await sandbox.launch({ patient: patient.patientId, encounter: finished.id }));
      expect(await screen.findByRole('heading', { name: /^Visit in context — finished, ended / })).toBeVisible();
      expect(screen.queryByRole('heading', { name: 'Current visit' })).toBeNull();

      const user = userEvent.setup();
      await expand(user, await screen.findByRole('button', { name: /Safety check-in/ }));
      await user.click(screen.getByRole('radio', { name: /Concern — patient declines referral/ }));
      await chooseForRecord(user, 'Everything listed');
      const tie = screen.getByRole('checkbox', { name: /^Tie this record to the finished visit of / });
      expect(tie).not.toBeChecked();
      const untied = /This record will not be tied to a visit: the visit in context is finished/;
      expect(await screen.findByText(untied)).toBeVisible();

      await user.click(tie);
      await waitFor(() => {
        expect(screen.queryByText(untied)).toBeNull();
      });
    });

    it('offers the referral summary and the patient card when the EHR lets Lantern write nothing', async () => {
      const patient = sandbox.patient('no-active-encounter');
      const readOnly = requestedScopes('ehr')
        .split(' ')
        .filter((scope) => !scope.endsWith('.write'))
        .join(' ');
      renderApp(await sandbox.launch({ patient: patient.patientId }, readOnly));
      const user = userEvent.setup();
      await decideReferral(user, null);
      const summary = await screen.findByRole('region', { name: 'Confidential — phone referral summary' });
      expect(summary).toHaveTextContent(/shelter/i);
      const printables = screen.getByRole('region', { name: 'To print' });
      expect(within(printables).getByRole('region', { name: 'Health resources' })).toHaveTextContent('1-888-373-7888');
      expect(within(printables).getByRole('button', { name: 'Print the referral summary' })).toBeVisible();
      expect(within(printables).getByRole('button', { name: 'Print the patient card' })).toBeVisible();
      expect(screen.queryByRole('button', { name: 'Record in the chart' })).toBeNull();
      // Nothing can be written, so the patient is not asked what goes in the record.
      expect(screen.queryByRole('group', { name: 'What goes in the record' })).toBeNull();
    });

    it('writes against the visit the clinician picked when several are in progress', async () => {
      const patient = await sandbox.freshPatient('two-active-encounters');
      const session = await sandbox.launch({ patient: patient.patientId });
      renderApp(session);
      const user = userEvent.setup();
      // The observation-unit stay (Inpatient), not the emergency visit that is also in progress.
      const inProgress = await session.fhir.search('Encounter', { patient: patient.patientId, status: 'in-progress' });
      const pickedId = inProgress.resources.find((encounter) => encounter.class.code === 'IMP')?.id;
      const otherId = inProgress.resources.find((encounter) => encounter.class.code === 'EMER')?.id;
      if (!pickedId || !otherId) throw new Error('expected an emergency visit and an observation stay in progress');
      const visit = await screen.findByRole('region', { name: 'Current visit' });
      await user.click(await within(visit).findByRole('button', { name: /^Inpatient · / }));
      await decideReferral(user);
      await user.click(await screen.findByRole('button', { name: 'Record in the chart' }));
      const recorded = await screen.findByRole('region', { name: 'Recorded' });
      for (const type of ['Flag', 'QuestionnaireResponse', 'Communication', 'ServiceRequest'] as const) {
        const written = await session.fhir.readReference(type, within(recorded).getByText(new RegExp(`^${type}/`)).textContent);
        expect(written.encounter?.reference).toBe(`Encounter/${pickedId}`);
      }
      expect(session.context.encounterId).toBeUndefined();
    });

    it('writes a labelled flag, the screen and the referral once, even when the first attempt fails', async () => {
      const patient = await sandbox.freshPatient('two-active-encounters');
      const session = await sandbox.launch({ patient: patient.patientId, encounter: patient.activeEncounterIds[0] });
      renderApp(session);
      const user = userEvent.setup();
      await decideReferral(user);

      // The network drops the first write, whichever way this EHR takes it (one transaction or a create per resource).
      sandbox.server.use(
        http.post(sandbox.fhirBaseUrl, () => HttpResponse.error(), { once: true }),
        http.post(`${sandbox.fhirBaseUrl}/:type`, () => HttpResponse.error(), { once: true }),
      );
      await user.click(await screen.findByRole('button', { name: 'Record in the chart' }));
      expect(await screen.findByText(/The record was not completed/)).toBeVisible();
      expect(screen.getByRole('checkbox', { name: 'The patient agreed to this referral' })).toBeChecked();

      await user.click(screen.getByRole('button', { name: 'Try again' }));
      const recorded = await screen.findByRole('region', { name: 'Recorded' });
      expect(within(recorded).getByText(/^Referral to .*shelter.*, routine\.$/i)).toBeVisible();
      expect(within(recorded).getByText('Restricted safety flag added.')).toBeVisible();
      // The ids sit in the disclosure for the EHR team.
      const flagReference = within(recorded).getByText(/^Flag\//).textContent;
      const referralReference = within(recorded).getByText(/^ServiceRequest\//).textContent;

      // What the server holds: one of each for this submission, labelled, and linked.
      const written = await session.fhir.readReference('ServiceRequest', referralReference);
      const submissionId = written.identifier?.find((identifier) => identifier.system === submissionSystem)?.value?.replace(/-referral$/, '');
      if (!submissionId) throw new Error('the referral carries no submission identifier');
      const bySubmission = (part: string): string => `${submissionSystem}|${submissionId}-${part}`;
      const flags = await session.fhir.search('Flag', { patient: patient.patientId, identifier: bySubmission('flag') });
      const referrals = await session.fhir.search('ServiceRequest', { patient: patient.patientId, identifier: bySubmission('referral') });
      const screens = await session.fhir.search('QuestionnaireResponse', { patient: patient.patientId, identifier: bySubmission('screen') });
      const notes = await session.fhir.search('Communication', { patient: patient.patientId, identifier: bySubmission('check-in-note') });
      expect([flags.resources.length, referrals.resources.length, screens.resources.length, notes.resources.length]).toEqual([1, 1, 1, 1]);
      const [referral] = referrals.resources;
      expect(referral?.meta?.security?.map((label) => label.code).sort()).toEqual(['NOPAT', 'R', 'SDV']);
      expect(referral?.supportingInfo?.[0]?.reference).toBe(flagReference);
      expect(referral?.performer?.[0]).toEqual({ reference: 'HealthcareService/hs-county-shelter', display: 'Community support service' });
      // The answers without the questions' wording: the canonical Questionnaire carries it (recordQuestionText off).
      const [answers] = screens.resources;
      expect(answers?.item?.length).toBeGreaterThan(0);
      expect(answers?.item?.some((item) => item.text !== undefined)).toBe(false);

      await user.click(within(recorded).getByRole('button', { name: 'Change or withdraw the record…' }));
      const withdraw = screen.getByRole('region', { name: 'Mark as entered in error' });
      await user.click(within(withdraw).getByRole('radio', { name: 'Recorded by mistake' }));
      await user.click(within(withdraw).getByRole('button', { name: 'Mark as entered in error' }));
      expect(await screen.findByText('Marked as entered in error (recorded by mistake):')).toBeVisible();
      const retracted = await session.fhir.search('ServiceRequest', { patient: patient.patientId, identifier: bySubmission('referral') });
      expect(retracted.resources[0]?.status).toBe('entered-in-error');
    });
  });
});
