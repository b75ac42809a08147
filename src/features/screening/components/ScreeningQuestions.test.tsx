import type { Questionnaire } from 'fhir/r4';
import { cleanup, render, screen, within, type RenderResult } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useMemo, useState, type ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdultQuestionnaire, defaultYouthQuestionnaire } from '../default-questionnaires';
import { scoreScreening, screeningForm } from '../questionnaire-model';
import type { Answers, Language } from '../screening-types';
import { ScreeningQuestions } from './ScreeningQuestions';
import { ScreeningResultNote } from './ScreeningResultNote';

beforeAll(() => {
  // jsdom has no CSS.escape, which user-event needs to walk a radio group with the arrow keys.
  if (typeof (window as { CSS?: unknown }).CSS !== 'object') {
    Object.defineProperty(window, 'CSS', { configurable: true, value: { escape: (value: string) => value.replace(/[^\w-]/g, '\\$&') } });
  }
});
afterEach(() => {
  cleanup();
});

const firstAdultQuestion = 'Does someone else control where you work or where you live?';
const firstAdultQuestionEs = '¿Otra persona controla dónde trabaja usted o dónde vive?';

/** The state the panel keeps above the questions, so hiding them loses nothing. */
function Conversation({ questionnaire, initialAnswers = new Map() }: { questionnaire: Questionnaire; initialAnswers?: Answers }): ReactNode {
  const [answers, setAnswers] = useState<Answers>(initialAnswers);
  const [language, setLanguage] = useState<Language>('en');
  const [hidden, setHidden] = useState(false);
  const form = useMemo(() => screeningForm(questionnaire, language), [questionnaire, language]);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setHidden((value) => !value);
        }}
      >
        {hidden ? 'Show' : 'Hide'}
      </button>
      {hidden ? null : (
        <ScreeningQuestions
          form={form}
          answers={answers}
          onAnswer={(linkId, value) => {
            setAnswers((previous) => new Map(previous).set(linkId, value));
          }}
          language={language}
          onLanguageChange={setLanguage}
        />
      )}
      <ScreeningResultNote result={scoreScreening(form, answers)} />
    </>
  );
}

function renderConversation(questionnaire: Questionnaire = defaultAdultQuestionnaire, initialAnswers?: Answers): RenderResult {
  return render(<Conversation questionnaire={questionnaire} initialAnswers={initialAnswers ?? new Map()} />);
}

function radio(question: string, answer: string): HTMLInputElement {
  const element = within(screen.getByRole('radiogroup', { name: question })).getByRole('radio', { name: answer });
  if (!(element instanceof HTMLInputElement)) throw new Error('Expected a native radio');
  return element;
}

describe('ScreeningQuestions', () => {
  it('shows every question as a radio group with Yes, No and Declined to answer', () => {
    renderConversation();
    const groups = screen.getAllByRole('radiogroup');
    expect(groups).toHaveLength(6);
    for (const group of groups) {
      expect(within(group).getAllByRole('radio').map((option) => option.getAttribute('value'))).toEqual(['yes', 'no', 'declined']);
      expect(within(group).getByRole('radio', { name: 'Yes' })).toBeTruthy();
      expect(within(group).getByRole('radio', { name: 'No' })).toBeTruthy();
      expect(within(group).getByRole('radio', { name: 'Declined to answer' })).toBeTruthy();
    }
    expect(screen.getByRole('radiogroup', { name: firstAdultQuestion })).toBeTruthy();
  });

  it('says when the questionnaire is not a validated instrument', () => {
    renderConversation();
    expect(screen.getByText(/not a validated screening instrument\. Let the answers guide your judgement/)).toBeTruthy();
  });

  it('shows no such note for an organisation’s own instrument', () => {
    const countyTool: Questionnaire = {
      resourceType: 'Questionnaire',
      url: 'https://county-health.example/fhir/Questionnaire/safety-questions',
      status: 'active',
      title: 'County safety questions',
      item: [{ linkId: 'q1', type: 'boolean', text: 'Do you sleep at your workplace?' }],
    };
    renderConversation(countyTool);
    expect(screen.getByRole('heading', { name: 'County safety questions' })).toBeTruthy();
    expect(screen.queryByText(/not a validated/)).toBeNull();
  });

  it('shows questions whose linkIds are constructor, toString and __proto__ as unanswered until answered', async () => {
    const user = userEvent.setup();
    const serverTool: Questionnaire = {
      resourceType: 'Questionnaire',
      url: 'https://county-health.example/fhir/Questionnaire/prototype-names',
      status: 'active',
      title: 'County safety questions',
      item: ['constructor', 'toString', '__proto__'].map((linkId) => ({ linkId, type: 'boolean', text: `Asked as ${linkId}?` })),
    };
    renderConversation(serverTool);
    expect(screen.getByText('0 of 3 answered')).toBeTruthy();
    expect(screen.getAllByRole('radio').filter((option) => option instanceof HTMLInputElement && option.checked)).toEqual([]);
    expect(screen.getByText('The result appears when every question has an answer.')).toBeTruthy();

    await user.click(radio('Asked as constructor?', 'No'));
    await user.click(radio('Asked as toString?', 'No'));
    expect(screen.getByText('2 of 3 answered')).toBeTruthy();
    expect(radio('Asked as __proto__?', 'No').checked).toBe(false);
    expect(screen.getByText('The result appears when every question has an answer.')).toBeTruthy();

    await user.click(radio('Asked as __proto__?', 'No'));
    expect(screen.getByText('3 of 3 answered')).toBeTruthy();
    expect(screen.getByText('No concern came up in these answers.')).toBeTruthy();
  });

  it('can be answered from the keyboard: Tab to a question, Space to choose, arrows to change, Tab to the next', async () => {
    const user = userEvent.setup();
    renderConversation();
    // Hide, English, Español, then the first question.
    await user.tab();
    await user.tab();
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(radio(firstAdultQuestion, 'Yes'));
    await user.keyboard(' ');
    expect(radio(firstAdultQuestion, 'Yes').checked).toBe(true);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(radio(firstAdultQuestion, 'No'));
    expect(radio(firstAdultQuestion, 'No').checked).toBe(true);
    expect(radio(firstAdultQuestion, 'Yes').checked).toBe(false);
    await user.keyboard('{ArrowDown}');
    expect(radio(firstAdultQuestion, 'Declined to answer').checked).toBe(true);
    await user.keyboard('{ArrowUp}');
    expect(radio(firstAdultQuestion, 'No').checked).toBe(true);
    // One tab stop per question: Tab skips the rest of this question's answers.
    await user.tab();
    const second = 'Is anyone stopping you from leaving your job or the place where you live?';
    expect(document.activeElement).toBe(radio(second, 'Yes'));
    await user.keyboard(' ');
    expect(radio(second, 'Yes').checked).toBe(true);
    expect(screen.getByText('2 of 6 answered')).toBeTruthy();
    // Back to the first question lands on its chosen answer.
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(radio(firstAdultQuestion, 'No'));
  });

  it('switches the questions and answers to Spanish and keeps what was answered', async () => {
    const user = userEvent.setup();
    renderConversation();
    await user.click(radio(firstAdultQuestion, 'Yes'));
    await user.click(radio('Are you afraid to go back to the place where you are staying today?', 'Declined to answer'));

    const english = screen.getByRole('button', { name: 'English' });
    const spanish = screen.getByRole('button', { name: 'Español' });
    expect(english.getAttribute('aria-pressed')).toBe('true');
    await user.click(spanish);
    expect(spanish.getAttribute('aria-pressed')).toBe('true');
    expect(english.getAttribute('aria-pressed')).toBe('false');

    expect(screen.queryByRole('radiogroup', { name: firstAdultQuestion })).toBeNull();
    expect(radio(firstAdultQuestionEs, 'Sí').checked).toBe(true);
    expect(radio('¿Tiene miedo de regresar hoy al lugar donde se está quedando?', 'Prefiere no responder').checked).toBe(true);
    for (const group of screen.getAllByRole('radiogroup')) {
      expect(within(group).getAllByRole('radio').map((option) => option.getAttribute('value'))).toEqual(['yes', 'no', 'declined']);
      expect(within(group).getByRole('radio', { name: 'Prefiere no responder' })).toBeTruthy();
      expect(group.getAttribute('lang')).toBe('es');
    }
    // Clinician-facing words stay in English.
    expect(screen.getByRole('group', { name: 'Language of the questions' })).toBeTruthy();
    expect(screen.getByText('2 of 6 answered')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(radio(firstAdultQuestion, 'Yes').checked).toBe(true);
  });

  it('switches language from the keyboard', async () => {
    const user = userEvent.setup();
    renderConversation(defaultYouthQuestionnaire);
    await user.tab();
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Español' }));
    await user.keyboard('{Enter}');
    expect(screen.getByRole('radiogroup', { name: '¿Hay noches en que no tienes un lugar seguro donde dormir?' })).toBeTruthy();
  });

  it('loses nothing when hidden and shown again (the answers live above it)', async () => {
    const user = userEvent.setup();
    renderConversation();
    await user.click(radio(firstAdultQuestion, 'No'));
    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(screen.queryByRole('radiogroup')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(radio(firstAdultQuestion, 'No').checked).toBe(true);
  });

  it('shows the result in neutral words once every question is answered', async () => {
    const user = userEvent.setup();
    renderConversation(defaultYouthQuestionnaire);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('The result appears when every question has an answer.');
    const groups = screen.getAllByRole('radiogroup');
    for (const group of groups) await user.click(within(group).getByRole('radio', { name: 'No' }));
    expect(status.textContent).toMatch(/^No concern came up in these answers\./);
    const [first, second] = groups;
    if (!first || !second) throw new Error('Expected questions');
    await user.click(within(first).getByRole('radio', { name: 'Yes' }));
    await user.click(within(second).getByRole('radio', { name: 'Yes' }));
    expect(status.textContent).toMatch(/^These answers suggest talking further, in private\./);
  });
});

describe('ScreeningResultNote', () => {
  it.each([
    ['declined', /^Some questions were not answered, so the answers give no result\./],
    ['immediate-danger', /^The patient may not be safe leaving today\./],
  ] as const)('words %s neutrally', (result, words) => {
    render(<ScreeningResultNote result={result} />);
    expect(screen.getByRole('status').textContent).toMatch(words);
  });
});
