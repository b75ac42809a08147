import type { ReactNode } from 'react';
import { defaultAdultQuestionnaire, defaultYouthQuestionnaire } from '../src/features/screening/default-questionnaires';
import type { AnswerValue } from '../src/features/screening/screening-types';
import type { PracticeCase, RoomActionId } from './cases';

const answerWords: Record<AnswerValue, string> = { yes: 'Yes', no: 'No', declined: 'Prefers not to say' };

/** The room actions a case offers: the companion and interpreter ones only where the case has them. */
function roomActions(practiceCase: PracticeCase): { id: RoomActionId; label: string }[] {
  return [
    ...(practiceCase.language ? [{ id: 'professional-interpreter' as const, label: `Call a professional ${practiceCase.language.name} interpreter (phone or video)` }] : []),
    ...(practiceCase.language && practiceCase.companion ? [{ id: 'companion-interprets' as const, label: 'Let the companion interpret' }] : []),
    ...(practiceCase.companion ? [{ id: 'see-alone' as const, label: 'Ask the companion to step out: patients are examined alone' }] : []),
    { id: 'explain-confidentiality', label: 'Explain what stays confidential, and what you must report' },
    { id: 'ask-questions', label: 'Ask the check-in questions' },
  ];
}

/** What the simulated room shows and lets the clinician do beside Lantern; it records nothing in Lantern. */
export function RoomPanel({ practiceCase, taken, onAction }: { practiceCase: PracticeCase; taken: readonly RoomActionId[]; onAction: (action: RoomActionId) => void }): ReactNode {
  const has = (action: RoomActionId): boolean => taken.includes(action);
  const companion = practiceCase.companion;
  const companionPresent = companion !== undefined && !(has('see-alone') && companion.leavesWhenAsked);
  return (
    <aside className="practice-room card" aria-label="In the room">
      <h2>In the room</h2>
      <p>{practiceCase.vignette}</p>
      {companion ? <p>With the patient: {companion.who}</p> : null}
      <ul>
        {practiceCase.room.map((event) => (
          <li key={event}>{event}</li>
        ))}
      </ul>
      <h3>What you do</h3>
      <ul className="practice-actions">
        {roomActions(practiceCase).map((action) => (
          <li key={action.id}>
            <button type="button" disabled={has(action.id)} onClick={() => {
              onAction(action.id);
            }}>
              {action.label}
            </button>
          </li>
        ))}
      </ul>
      <div aria-live="polite">
        {has('professional-interpreter') ? <p>A professional interpreter joins by video.</p> : null}
        {has('companion-interprets') ? <p>The companion interprets, and answers at length for the patient.</p> : null}
        {has('see-alone') && companion ? <p>{companion.whenAskedToLeave}</p> : null}
        {has('explain-confidentiality') ? <p>The patient listens, and asks who else will know.</p> : null}
        {has('ask-questions') ? <PatientAnswers practiceCase={practiceCase} companionPresent={companionPresent} understood={!practiceCase.language || has('professional-interpreter')} /> : null}
      </div>
    </aside>
  );
}

function PatientAnswers({ practiceCase, companionPresent, understood }: { practiceCase: PracticeCase; companionPresent: boolean; understood: boolean }): ReactNode {
  if (!understood) {
    return <p>The patient does not follow the questions in English{practiceCase.companion ? ', and the companion answers “no” for her' : ''}.</p>;
  }
  if (companionPresent) return <p>With the companion in the room, the patient looks at them before each answer, and answers “no” to every question.</p>;
  const questionnaire = practiceCase.expected.reportingDuty ? defaultYouthQuestionnaire : defaultAdultQuestionnaire;
  return (
    <section aria-label="The patient’s answers">
      <h3>The patient’s answers</h3>
      <p className="muted">Enter them in Lantern’s questions, as you would in the room.</p>
      <dl className="practice-answers">
        {(questionnaire.item ?? []).map((item) => {
          const answer = practiceCase.answers[item.linkId];
          return answer === undefined ? null : (
            <div key={item.linkId} data-link-id={item.linkId} data-answer={answer}>
              <dt>{item.text}</dt>
              <dd>{answerWords[answer]}</dd>
            </div>
          );
        })}
      </dl>
      <p>{practiceCase.disclosure}</p>
    </section>
  );
}
