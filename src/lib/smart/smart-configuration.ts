import { fetchSmartConfiguration } from '../fhir/smart-launch';

/** Which SMART scope syntax to ask a server for. */
export type ScopeStyle = 'v1' | 'v2';

const discoveryTimeoutMs = 8_000;

/**
 * The scope syntax the server advertises in `.well-known/smart-configuration`: v2 when it lists `permission-v2`
 * (its finer letters let Lantern ask for create and update without delete), else v1, which every SMART server
 * understands — also when the document is missing, unreadable or slow, as on servers that predate it.
 */
export async function discoverScopeStyle(iss: string, fetchConfiguration = fetchSmartConfiguration): Promise<ScopeStyle> {
  // Not aborted when slow: authorize() goes on to use the same request.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, discoveryTimeoutMs, undefined);
  });
  try {
    return scopeStyleFor(await Promise.race([fetchConfiguration(iss), timeout]));
  } catch {
    return 'v1';
  } finally {
    clearTimeout(timer);
  }
}

export function scopeStyleFor(configuration: unknown): ScopeStyle {
  const capabilities = typeof configuration === 'object' && configuration !== null ? (configuration as { capabilities?: unknown }).capabilities : undefined;
  return Array.isArray(capabilities) && capabilities.includes('permission-v2') ? 'v2' : 'v1';
}
