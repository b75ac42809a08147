// fhirclient's own module, not its documented API: pinned to 2.6.3 in package.json, as smart-session.ts notes.
import { SMART_KEY } from 'fhirclient/lib/settings';

/** Where a launch came from: enough to start it again from Lantern's launch page. */
export interface RelaunchTarget {
  iss: string;
  launch: string | undefined;
  /** Whether that launch already asked to read only: then there is nothing less to ask for. */
  readOnly: boolean;
}

const keyPrefix = 'lantern-relaunch:';

/**
 * Called once `authorize()` has sent the browser to the authorization server: remembers, under this launch's state,
 * where it came from, so that a refusal of its write scopes can offer to launch again reading only. The redirect page
 * takes it back at once ({@link takeRelaunch}). Records of launches whose state fhirclient no longer holds (abandoned
 * at the authorization server) are removed here; a window whose storage is blocked keeps nothing.
 */
export function rememberRelaunch(target: RelaunchTarget): void {
  try {
    for (const key of Object.keys(sessionStorage)) {
      if (key.startsWith(keyPrefix) && sessionStorage.getItem(key.slice(keyPrefix.length)) === null) sessionStorage.removeItem(key);
    }
    const state = parseJson(sessionStorage.getItem(SMART_KEY));
    if (typeof state === 'string' && state !== '') sessionStorage.setItem(keyPrefix + state, JSON.stringify(target));
  } catch {
    // Without storage there is only no relaunch offer.
  }
}

/** On the redirect page, before `ready()`: where the launch named by `state` came from, removed from storage whatever follows. */
export function takeRelaunch(state: string | null): RelaunchTarget | undefined {
  if (state === null) return undefined;
  try {
    const stored = parseJson(sessionStorage.getItem(keyPrefix + state));
    sessionStorage.removeItem(keyPrefix + state);
    return isRelaunchTarget(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRelaunchTarget(value: unknown): value is RelaunchTarget {
  if (typeof value !== 'object' || value === null) return false;
  const { iss, launch, readOnly } = value as Record<string, unknown>;
  return typeof iss === 'string' && (launch === undefined || typeof launch === 'string') && typeof readOnly === 'boolean';
}
