import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { ScreeningForm } from '../questionnaire-model';
import { answerValues, patientWords } from '../screening-labels';
import type { AnswerValue, Answers, Language } from '../screening-types';
import { LanguageSwitch } from './ScreeningQuestions';
import './screening.css';

export interface PatientViewProps {
  /** The same questions the clinician sees, in the chosen language. */
  form: ScreeningForm;
  /** The check-in's answers: the one home for them. This view reads and sets them, and keeps no copy. */
  answers: Answers;
  onAnswer: (linkId: string, value: AnswerValue) => void;
  language: Language;
  onLanguageChange: (language: Language) => void;
  /** Which question is shown; `form.items.length` is the closing "thank you". */
  position: number;
  onPositionChange: (position: number) => void;
  /** The clinician takes the screen back. */
  onReturn: () => void;
}

/**
 * The screen handed to the patient when speaking aloud is unsafe: one question at a time, large type, the patient's
 * language, every question declinable in the first person. Patient-facing words only: the questionnaire's title and
 * its clinician notes are not shown.
 */
export function PatientView({ form, answers, onAnswer, language, onLanguageChange, position, onPositionChange, onReturn }: PatientViewProps): ReactNode {
  const words = patientWords[language];
  const headingId = useId();
  const total = form.items.length;
  const item = form.items[position];
  const place = useRef<HTMLDivElement>(null);
  // Each new question takes focus, so a screen reader reads it and the keyboard starts there.
  useEffect(() => {
    place.current?.focus({ preventScroll: true });
  }, [position]);

  return (
    <section className="patient-view" lang={language} aria-labelledby={headingId}>
      <h2 id={headingId} className="patient-title">
        {words.title}
      </h2>
      <div className="patient-toolbar">
        <LanguageSwitch language={language} onLanguageChange={onLanguageChange} label={words.language} />
      </div>
      <p className="patient-intro">{words.intro}</p>
      <div ref={place} tabIndex={-1} className="patient-place">
        {item ? (
          <Question
            key={item.linkId}
            linkId={item.linkId}
            text={item.text}
            textLanguage={item.textLanguage}
            answer={answers.get(item.linkId)}
            language={language}
            onAnswer={onAnswer}
            progress={words.progress(position + 1, total)}
          />
        ) : (
          <div className="patient-done">
            <p>{words.done}</p>
            <p>{words.giveBack}</p>
          </div>
        )}
      </div>
      <div className="patient-nav">
        {position > 0 ? (
          <button
            type="button"
            onClick={() => {
              onPositionChange(position - 1);
            }}
          >
            {words.back}
          </button>
        ) : null}
        {position < total ? (
          <button
            type="button"
            className="patient-next"
            onClick={() => {
              onPositionChange(position + 1);
            }}
          >
            {words.next}
          </button>
        ) : null}
      </div>
      <p className="patient-hide-help">{words.hideHelp}</p>
      <p className="patient-return" lang="en">
        <button type="button" onClick={onReturn}>
          Clinician: back to the check-in
        </button>
      </p>
    </section>
  );
}

interface QuestionProps {
  linkId: string;
  text: string;
  textLanguage: string | undefined;
  answer: AnswerValue | undefined;
  language: Language;
  onAnswer: (linkId: string, value: AnswerValue) => void;
  progress: string;
}

function Question({ linkId, text, textLanguage, answer, language, onAnswer, progress }: QuestionProps): ReactNode {
  const name = useId();
  const labels = patientWords[language].answers;
  return (
    <>
      <p className="patient-progress">{progress}</p>
      <fieldset role="radiogroup" className="patient-question">
        <legend lang={textLanguage ?? language}>{text}</legend>
        {answerValues.map((value) => (
          <label key={value} className="patient-option">
            <input
              type="radio"
              name={name}
              value={value}
              checked={answer === value}
              onChange={() => {
                onAnswer(linkId, value);
              }}
            />
            <span>{labels[value]}</span>
          </label>
        ))}
      </fieldset>
    </>
  );
}
