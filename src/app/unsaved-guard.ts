import { useEffect } from 'react';

/**
 * While `unsaved` is true, the browser asks before the page is reloaded, closed or left (Back included): answers
 * live only in this page's memory, so leaving loses them. Pass true from the first answer until the outcome is
 * recorded or the check-in is discarded; the browser shows its own wording, and only after the user has interacted.
 */
export function useUnsavedGuard(unsaved: boolean): void {
  useEffect(() => {
    if (!unsaved) return undefined;
    const askFirst = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- older browsers (Chrome before 119) ask only when it is set
      event.returnValue = true;
    };
    window.addEventListener('beforeunload', askFirst);
    return () => {
      window.removeEventListener('beforeunload', askFirst);
    };
  }, [unsaved]);
}
