import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { LanternConfig } from '../config/runtime-config';
import { calendarDay } from '../lib/fhir/format';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { lazyView, LoadingView } from '../components/lazy-view';
import { useRememberedFlags, ViewMemoryProvider } from '../components/view-memory';
import { normalizeError } from '../lib/fhir/outcomes';
import type { SmartSession } from '../lib/fhir/smart-session';
import { SmartSessionProvider, useLaunchContext } from '../lib/smart/session-context';
import { ChartPanel } from '../features/chart/components/ChartPanel';
import { ageGroupFor } from '../lib/fhir/patient-age';
import { CheckInStateProvider, hasUnsavedEntries, useCheckIn, type CheckInState } from './check-in-state';
import { patientWords } from '../features/screening/screening-labels';
import { QuickHideProvider, quickHideControl, restorePlace, useQuickHide, type ViewPlace } from './quick-hide';
import { SessionOverNotice, useEhrSessionOver } from './session-end';
import { SafetyCheckIn } from './SafetyCheckIn';
import { Shell } from './Shell';
import { useUnsavedGuard } from './unsaved-guard';

/** The patient's read-it-yourself view: in the opened card's chunk, since only the opened card opens it. */
const patientHandover = lazyView(() => import('./CheckInBody').then((module) => module.PatientHandover));

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Clinical data: never refetch behind the clinician's back on focus; retry once, quickly.
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => failureCount < 1 && ['network', 'timeout', 'server'].includes(normalizeError(error).kind),
      },
    },
  });
}

interface AppProps {
  session: SmartSession;
  config: LanternConfig;
  /** Set when Lantern's settings could not be read: the check-in works, but nothing is written (no weaker labels). */
  readOnlyReason?: string | undefined;
  /** The day indicators and chart windows are computed for; injectable so tests are stable. */
  asOf?: string;
  queryClient?: QueryClient;
  /** Told of every change to the check-in and the open disclosures: the practice page's debrief reads them. */
  onCheckInChange?: ((view: CheckInView) => void) | undefined;
}

/** The check-in as a watching page sees it: what was entered, and which disclosures are open. */
export interface CheckInView {
  state: CheckInState;
  openFlags: ReadonlyMap<string, boolean>;
}

export function App({ session, config, readOnlyReason, asOf, queryClient, onCheckInChange }: AppProps): ReactNode {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const [day] = useState(() => asOf ?? calendarDay(new Date()));
  return (
    <QueryClientProvider client={client}>
      <SmartSessionProvider session={session}>
        <QuickHideProvider hideAfterIdleSeconds={config.hideAfterIdleSeconds}>
          <CheckInStateProvider>
            <ViewMemoryProvider>
              {onCheckInChange ? <CheckInWatcher onChange={onCheckInChange} /> : null}
              <Screen config={config} readOnlyReason={readOnlyReason} asOf={day} />
            </ViewMemoryProvider>
          </CheckInStateProvider>
        </QuickHideProvider>
      </SmartSessionProvider>
    </QueryClientProvider>
  );
}

function CheckInWatcher({ onChange }: { onChange: (view: CheckInView) => void }): ReactNode {
  const { state } = useCheckIn();
  const openFlags = useRememberedFlags();
  useEffect(() => {
    onChange({ state, openFlags });
  }, [onChange, state, openFlags]);
  return null;
}

function Screen({
  config,
  readOnlyReason,
  asOf,
}: {
  config: LanternConfig;
  readOnlyReason: string | undefined;
  asOf: string;
}): ReactNode {
  const { hidden, resume } = useQuickHide();
  const { state, dispatch } = useCheckIn();
  const context = useLaunchContext();
  const encounters = context.data?.encounter.status === 'choose' ? context.data.encounter.encounters : [];
  const chosenEncounter = encounters.find((encounter) => encounter.id === state.chosenEncounterId);
  const sessionOver = useEhrSessionOver();
  useUnsavedGuard(hasUnsavedEntries(state));
  // Taking the screen back from the patient puts the clinician where they were, as Resume does.
  const handedOverFrom = state.patientView?.returnTo;
  const takeBackTo = useRef<ViewPlace | undefined>(undefined);
  useLayoutEffect(() => {
    if (handedOverFrom) {
      // The patient's view starts at its top, with Hide in sight.
      if (!takeBackTo.current) window.scrollTo(0, 0);
      takeBackTo.current = handedOverFrom;
      return;
    }
    if (takeBackTo.current) restorePlace(takeBackTo.current);
    takeBackTo.current = undefined;
  }, [handedOverFrom]);
  if (hidden) {
    return (
      <Shell quickHide="hidden">
        <section className="card" aria-label="Notes">
          <p className="muted">No notes to show.</p>
          <button type="button" onClick={resume} autoFocus {...quickHideControl}>
            Resume
          </button>
        </section>
      </Shell>
    );
  }
  if (state.patientView) {
    return (
      <Shell quickHide="available" hideLabel={patientWords[state.language].hide}>
        {/* The answers are in the check-in state above: a view that fails to load loses none of them, and the way back stays. */}
        <ErrorBoundary
          part="This view"
          note="Nothing entered is lost."
          otherwise={
            <button
              type="button"
              onClick={() => {
                dispatch({ type: 'patient-view-closed' });
              }}
            >
              Back to the check-in
            </button>
          }
        >
          <Suspense fallback={<LoadingView />}>
            <patientHandover.View config={config} asOf={asOf} />
          </Suspense>
        </ErrorBoundary>
      </Shell>
    );
  }
  return (
    <Shell quickHide="available">
      {sessionOver ? <SessionOverNotice state={state} /> : null}
      <ChartPanel
        asOf={asOf}
        chosenEncounter={chosenEncounter}
        onChooseEncounter={(encounter) => {
          dispatch({ type: 'choose-encounter', encounterId: encounter.id });
        }}
        renderBesideChart={(patient) => (
          <SafetyCheckIn
            patient={patient}
            ageGroup={ageGroupFor(patient.birthDate, asOf, config.ageOfMajority)}
            asOf={asOf}
            config={config}
            readOnlyReason={readOnlyReason}
          />
        )}
      />
    </Shell>
  );
}
