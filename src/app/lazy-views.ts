import { lazyView } from '../components/lazy-view';

/*
 * Views whose code is not part of the first screen (the chart and the closed check-in card with its count). Each
 * loads, in a chunk of its own, when first shown, or ahead of that once the first screen is up. The opened card
 * itself is `checkInBody` in SafetyCheckIn.tsx, which imports this module; the patient's view, opened only from the
 * opened card, is in the card's chunk (`patientHandover` in App.tsx).
 */

/** The record section: the write plan, the executor, the resource builders, the withdrawal and the printables. */
export const recordOutcome = lazyView(() => import('./RecordOutcome').then((module) => module.RecordOutcome));

/** The on-call team's section, shown only where the directory lists one. */
export const warmHandoff = lazyView(() => import('./WarmHandoff').then((module) => module.WarmHandoff));
