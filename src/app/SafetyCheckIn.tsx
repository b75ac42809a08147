import { Suspense, type ReactNode } from 'react';
import type { LanternConfig } from '../config/runtime-config';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { lazyView, LoadingView, preloadEach, usePreloadWhenIdle } from '../components/lazy-view';
import type { Stored } from '../lib/fhir/fhir-client';
import { isMinorFor, populationOf, type AgeGroup } from '../lib/fhir/patient-age';
import { useCheckIn } from './check-in-state';
import { recordOutcome } from './lazy-views';
import { useIndicatorFindings } from './use-indicator-findings';
import { useOrganisationQuestionnaire } from './use-organisation-questionnaire';
import { useOwnVisitReferences } from './use-own-record';

/** The opened card, in a chunk of its own: the closed card with its count is all the first screen shows of the check-in. */
const checkInBody = lazyView(() => import('./CheckInBody').then((module) => module.CheckInBody));
/** What opening the card shows at once: fetched once the count is on screen, or when the pointer or focus reaches the card. */
const shownOnOpening = [checkInBody, recordOutcome];
const preloadOpening = (): void => {
  preloadEach(shownOnOpening);
};

interface SafetyCheckInProps {
  patient: Stored<'Patient'>;
  /** From the birth date; 'unknown' asks the clinician to confirm adult or minor before anything is written. */
  ageGroup: AgeGroup;
  asOf: string;
  config: LanternConfig;
  /** Why Lantern must not write from this window, when its settings could not be read. */
  readOnlyReason: string | undefined;
}

/**
 * The discreet card. Collapsed it reads like any other sidebar card — a neutral title and a count; expanded it
 * opens on the private-conversation guide, with the chart prompts under a closed, neutral disclosure, then the
 * observed checklist, the screening questions and the outcome (the vocabulary rule, docs/design.md).
 */
export function SafetyCheckIn({ patient, ageGroup, asOf, config, readOnlyReason }: SafetyCheckInProps): ReactNode {
  const { state, dispatch } = useCheckIn();
  const isMinor = isMinorFor(ageGroup, state.confirmedAge);
  // Until the patient is known to be an adult, the youth wording and reporting notice apply (the safer side).
  const population = populationOf(isMinor);
  const own = useOwnVisitReferences(patient.id, config.systemBase);
  const { findings, reading: readingChart, unread } = useIndicatorFindings(patient, population, asOf, own.references);
  const reading = readingChart || own.reading;
  // Read with the chart, not when the card opens: the questions are then there when it does.
  useOrganisationQuestionnaire(population, config);
  const count = findings.length + state.observed.length;
  // Until Lantern's own record is known, a count could include it and then drop by one.
  const counting = own.reading || (reading && count === 0);
  usePreloadWhenIdle(!counting, shownOnOpening);

  return (
    <section className="card check-in" aria-labelledby="check-in-heading">
      <h2 id="check-in-heading" className="card-toggle-heading">
        <button
          type="button"
          className="card-toggle"
          aria-expanded={state.expanded}
          aria-controls="check-in-body"
          onClick={() => {
            dispatch({ type: 'toggle-expanded' });
          }}
          onPointerEnter={counting ? undefined : preloadOpening}
          onFocus={counting ? undefined : preloadOpening}
        >
          <span>{config.safetyCardTitle}</span>
          <span className="count" aria-live="polite">
            {counting ? '…' : `${String(count)} ${count === 1 ? 'item' : 'items'}`}
          </span>
        </button>
      </h2>
      {state.expanded ? (
        <div id="check-in-body">
          {/* The answers live in CheckInStateProvider above, so "Try again" here (after a failure to render, or to load
              this part's code) loses nothing entered. */}
          <ErrorBoundary part="This part of the check-in" note="Nothing you entered is lost.">
            <Suspense fallback={<LoadingView />}>
              <checkInBody.View
                patient={patient}
                ageGroup={ageGroup}
                isMinor={isMinor}
                config={config}
                readOnlyReason={readOnlyReason}
                findings={findings}
                reading={reading}
                unread={unread}
              />
            </Suspense>
          </ErrorBoundary>
        </div>
      ) : null}
    </section>
  );
}
