import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The development configuration: the sandbox's own registrations (the `/sandbox/` prefix, the public SMART launcher,
 * the open HAPI-like base, made-up urgent numbers). The sandbox serves it as the app's `/lantern.config.json`, so
 * `npm start` and the browser tests launch against it; the build ships `public/lantern.config.json`, which registers
 * nothing, and never this file.
 */
export const sandboxConfigFile = path.join(import.meta.dirname, 'lantern.dev.config.json');

/** Where the app reads its configuration on its own origin (`runtimeConfigPath` beside the pages at the root). */
export const appConfigPath = '/lantern.config.json';

export function sandboxConfigText(): string {
  return readFileSync(sandboxConfigFile, 'utf8');
}

/** The development configuration as the app would fetch it, for tests that hand `parseConfig` what the sandbox serves. */
export function sandboxConfig(): unknown {
  return JSON.parse(sandboxConfigText()) as unknown;
}
