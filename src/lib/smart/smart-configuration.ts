/** Which SMART scope syntax to ask a server for. */
export type ScopeStyle = 'v1' | 'v2';

const discoveryTimeoutMs = 8_000;

/**
 * The scope syntax the server advertises in `.well-known/smart-configuration`: v2 when it lists `permission-v2`
 * (its finer letters let Lantern ask for create and update without delete), else v1, which every SMART server
 * understands — also when the document is missing or unreadable, as on servers that predate it.
 */
export async function discoverScopeStyle(iss: string, fetchImpl: typeof fetch = fetch): Promise<ScopeStyle> {
  const url = `${iss.replace(/\/+$/, '')}/.well-known/smart-configuration`;
  try {
    const response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(discoveryTimeoutMs) });
    if (!response.ok) return 'v1';
    return scopeStyleFor(await response.json());
  } catch {
    return 'v1';
  }
}

export function scopeStyleFor(configuration: unknown): ScopeStyle {
  const capabilities = typeof configuration === 'object' && configuration !== null ? (configuration as { capabilities?: unknown }).capabilities : undefined;
  return Array.isArray(capabilities) && capabilities.includes('permission-v2') ? 'v2' : 'v1';
}
