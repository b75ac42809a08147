import { lazy, useEffect, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';

/**
 * The code of a view could not be loaded (the network dropped, or Lantern was deployed anew and the old file is
 * gone). The error boundary around the view says so and offers `retry`, which loads it again.
 */
export class ViewLoadError extends Error {
  constructor(
    readonly retry: () => void,
    options: ErrorOptions,
  ) {
    super('The code for this part of the screen could not be loaded.', options);
    this.name = 'ViewLoadError';
  }
}

/** Something whose code can be fetched ahead of being shown. */
export interface Preloadable {
  preload: () => void;
}

/** A view whose code is loaded apart from the first screen's: when it is first shown, or ahead of that. */
export interface LazyView<Props extends object> extends Preloadable {
  /** Renders the view; the first time, it suspends until the code arrives (put it inside `<Suspense>` and an error boundary). */
  View: (props: Props) => ReactNode;
}

/**
 * `load` imports the module and returns the component, e.g. `() => import('./RecordOutcome').then((module) => module.RecordOutcome)`.
 * Unlike `React.lazy` alone, a view whose code arrived ahead (`preload`) renders at once, with no "Loading…" in
 * between, and a failed load is tried again when its error boundary's "Try again" is pressed.
 */
export function lazyView<Props extends object>(load: () => Promise<ComponentType<Props>>): LazyView<Props> {
  let loaded: ComponentType<Props> | undefined;
  /** What was rendered before the code arrived. It stays what is rendered: switching to `loaded` would remount the view. */
  let loading: LazyExoticComponent<ComponentType<Props>> | undefined;
  const arrived = (component: ComponentType<Props>): ComponentType<Props> => {
    loaded = component;
    return component;
  };
  // A failure is kept, so the boundary shows it rather than the view loading again and again, until "Try again" forgets it.
  const rendered = (): ComponentType<Props> | LazyExoticComponent<ComponentType<Props>> => {
    const known = loading ?? loaded;
    if (known) return known;
    const attempt = lazy(() =>
      load().then(
        (component) => ({ default: arrived(component) }),
        (cause: unknown) => {
          throw new ViewLoadError(() => {
            if (loading === attempt) loading = undefined;
          }, { cause });
        },
      ),
    );
    loading = attempt;
    return attempt;
  };

  function View(props: Props): ReactNode {
    const Component = rendered();
    // eslint-disable-next-line react-hooks/static-components -- not created here: the loaded module's component, or the lazy one standing for it, the same on every render
    return <Component {...props} />;
  }

  return {
    View,
    // A failed preload is not the clinician's concern: showing the view loads it again, and explains a failure then.
    preload: () => {
      if (!loaded) load().then(arrived, () => undefined);
    },
  };
}

/**
 * Fetches the views' code once the browser is idle after `ready` (the first screen is on screen), so opening them
 * later does not wait for the network. Never before: the first screen comes first.
 */
export function usePreloadWhenIdle(ready: boolean, views: readonly Preloadable[]): void {
  useEffect(() => {
    if (!ready) return undefined;
    const preload = (): void => {
      preloadEach(views);
    };
    if ('requestIdleCallback' in window) {
      const idle = window.requestIdleCallback(preload, { timeout: 2000 });
      return () => {
        window.cancelIdleCallback(idle);
      };
    }
    // Where the browser cannot say when it is idle (Safari), a moment after the first screen is soon enough.
    const timer = setTimeout(preload, 200);
    return () => {
      clearTimeout(timer);
    };
  }, [ready, views]);
}

export function preloadEach(views: readonly Preloadable[]): void {
  for (const view of views) view.preload();
}

/** What a view shows while its code loads: quiet, and nothing of the patient's. */
export function LoadingView(): ReactNode {
  return (
    <p role="status" className="muted">
      Loading…
    </p>
  );
}
