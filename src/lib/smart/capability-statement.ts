import { trustedUrl } from './trusted-url';

/**
 * The FHIR server's CapabilityStatement as read without sign-in (SMART servers publish `/metadata` openly): read by
 * the launch page alongside discovery, and carried with the launch, so the app page knows at once whether the server
 * takes its first reads as one batch. What it says is parsed by `capabilities.ts`.
 */

const capabilityTimeoutMs = 10_000;

/** `value` when it is a CapabilityStatement, else undefined: what comes from the server or from storage is untrusted. */
export function asCapabilityStatement(value: unknown): object | undefined {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'CapabilityStatement' ? value : undefined;
}

/**
 * The statement at `serverUrl`/metadata; undefined when it cannot be had that way (the app's capabilities query then
 * asks with the token). Never from an address Lantern would not connect to.
 */
export async function readCapabilityStatement(serverUrl: string): Promise<object | undefined> {
  if (!trustedUrl(serverUrl, 'server').url) return undefined;
  try {
    const response = await fetch(`${serverUrl.replace(/\/+$/, '')}/metadata`, {
      headers: { accept: 'application/fhir+json' },
      signal: AbortSignal.timeout(capabilityTimeoutMs),
    });
    return response.ok ? asCapabilityStatement(await response.json()) : undefined;
  } catch {
    return undefined;
  }
}
