import { useId, type ReactNode } from 'react';
import type { ScreeningForm, ScreeningItem } from '../questionnaire-model';
import { answerLabels, answerValues, languageNames } from '../screening-labels';
import { languages, type AnswerValue, type Answers, type Language } from '../screening-types';
import './screening.css';

export interface ScreeningQuestionsProps {
  form: ScreeningForm;
  answers: Answers;
  onAnswer: (linkId: string, value: AnswerValue) => void;
  language: Language;
  onLanguageChange: (language: Language) => void;
}

/**
 * The questions, each a group of native radios (Yes / No / Declined to answer). Controlled: the answers live
 * with the caller, so hiding the screen (which unmounts this) loses nothing. Clinician-facing words stay in
 * English; the questions and their answers follow the chosen language.
 */
export function ScreeningQuestions({ form, answers, onAnswer, language, onLanguageChange }: ScreeningQuestionsProps): ReactNode {
  const groupName = useId();
  const answered = form.items.filter((item) => answers.has(item.linkId)).length;
  return (
    <div className="screening-questions">
      <h3 className="screening-title">{form.title}</h3>
      {form.validated ? null : (
        <p className="screening-note">
          A conversation aid written by the Lantern project, not a validated screening instrument. Let the answers
          guide your judgement; they are not a diagnosis.
        </p>
      )}
      <div className="screening-toolbar">
        <LanguageSwitch language={language} onLanguageChange={onLanguageChange} />
        <p className="screening-progress">
          {answered} of {form.items.length} answered
        </p>
      </div>
      <ol className="screening-items">
        {form.items.map((item, index) => (
          <li key={item.linkId}>
            <Question
              item={item}
              name={`${groupName}-${String(index)}`}
              answer={answers.get(item.linkId)}
              language={language}
              onAnswer={onAnswer}
            />
          </li>
        ))}
      </ol>
    </div>
  );
}

interface LanguageSwitchProps {
  language: Language;
  onLanguageChange: (language: Language) => void;
  /** The group's name: the clinician's words by default, the patient's in the patient's own view. */
  label?: string;
}

/** Each language named in itself, so a patient can find their own. */
export function LanguageSwitch({ language, onLanguageChange, label = 'Language of the questions' }: LanguageSwitchProps): ReactNode {
  return (
    <div role="group" aria-label={label} className="screening-languages">
      {languages.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={option === language}
          onClick={() => {
            if (option !== language) onLanguageChange(option);
          }}
        >
          {languageNames[option]}
        </button>
      ))}
    </div>
  );
}

interface QuestionProps {
  item: ScreeningItem;
  name: string;
  answer: AnswerValue | undefined;
  language: Language;
  onAnswer: (linkId: string, value: AnswerValue) => void;
}

function Question({ item, name, answer, language, onAnswer }: QuestionProps): ReactNode {
  const labels = answerLabels[language];
  return (
    // role=radiogroup keeps the legend as its name and tells screen readers one answer is picked.
    <fieldset role="radiogroup" className="screening-item" lang={language}>
      <legend lang={item.textLanguage ?? language}>{item.text}</legend>
      <div className="screening-options">
        {answerValues.map((value) => (
          <label key={value} className="screening-option">
            <input
              type="radio"
              name={name}
              value={value}
              checked={answer === value}
              onChange={() => {
                onAnswer(item.linkId, value);
              }}
            />
            <span>{labels[value]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
