import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { listedTermsIn } from '../../../../tests/vocabulary';
import { defaultAdultQuestionnaire, defaultYouthQuestionnaire } from '../default-questionnaires';
import { screeningForm } from '../questionnaire-model';
import { patientWords } from '../screening-labels';
import type { AnswerValue, Answers, Language } from '../screening-types';
import { PatientView } from './PatientView';

/** The caller's side: the answers, language and position live here, as they live in the check-in state. */
function Harness({ onReturn = vi.fn(), youth = false }: { onReturn?: () => void; youth?: boolean }): ReactNode {
  const [answers, setAnswers] = useState<Answers>(new Map());
  const [language, setLanguage] = useState<Language>('en');
  const [position, setPosition] = useState(0);
  return (
    <>
      <PatientView
        form={screeningForm(youth ? defaultYouthQuestionnaire : defaultAdultQuestionnaire, language)}
        answers={answers}
        onAnswer={(linkId: string, value: AnswerValue) => {
          setAnswers(new Map(answers).set(linkId, value));
        }}
        language={language}
        onLanguageChange={setLanguage}
        position={position}
        onPositionChange={setPosition}
        onReturn={onReturn}
      />
      <output aria-label="answers held by the caller">{[...answers].map(([linkId, value]) => `${linkId}=${value}`).join(' ')}</output>
    </>
  );
}

describe('PatientView', () => {
  it('shows one question at a time, declinable in the first person, and hands each answer to the caller', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(screen.getByText('Question 1 of 6')).toBeVisible();
    expect(screen.getAllByRole('radiogroup')).toHaveLength(1);
    await user.click(screen.getByRole('radio', { name: 'I’d rather not answer' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Question 2 of 6')).toBeVisible();
    await user.click(screen.getByRole('radio', { name: 'Yes' }));
    expect(screen.getByRole('status', { name: 'answers held by the caller' })).toHaveTextContent('work-living-control=declined free-to-leave=yes');
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('radio', { name: 'I’d rather not answer' })).toBeChecked();
  });

  it('speaks Spanish when the patient picks it, with no clinician note in the title', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Español' }));
    const view = screen.getByRole('region', { name: patientWords.es.title });
    expect(view).toHaveAttribute('lang', 'es');
    expect(within(view).getByText('Pregunta 1 de 6')).toBeVisible();
    expect(within(view).getByRole('radio', { name: 'Prefiero no responder' })).toBeVisible();
    expect(view).not.toHaveTextContent(/validad|validated|Lantern/);
    expect(within(view).getByRole('radiogroup')).toHaveAccessibleName('¿Otra persona controla dónde trabaja usted o dónde vive?');
  });

  it('ends with a thank-you, and the clinician takes the screen back', async () => {
    const user = userEvent.setup();
    const onReturn = vi.fn();
    render(<Harness onReturn={onReturn} youth />);
    for (let question = 0; question < 6; question += 1) await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText(patientWords.en.done)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Next' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Clinician: back to the check-in' }));
    expect(onReturn).toHaveBeenCalledOnce();
  });

  it.each(['en', 'es'] as const)('uses no listed term of the vocabulary rule in its own words (%s)', (language) => {
    const words = patientWords[language];
    const text = [words.title, words.intro, words.hideHelp, words.language, words.progress(1, 6), ...Object.values(words.answers), words.back, words.next, words.done, words.giveBack, words.hide];
    expect(text.flatMap(listedTermsIn)).toEqual([]);
  });
});
