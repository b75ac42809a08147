/**
 * Runtime configuration, read from `lantern.config.json` next to the app, so an organisation deploys the same
 * static build everywhere and registers it with each EHR by editing one file.
 */
export interface EhrRegistration {
  /** Shown to people configuring Lantern, never to patients. */
  label: string;
  /** FHIR base URL (`iss`) this registration is for. A path (`/sandbox/fhir`) means on Lantern's own origin. */
  iss?: string;
  /** Matches every `iss` starting with this, for launchers that put the session in the URL. */
  issPrefix?: string;
  /** The client id this EHR issued to Lantern. */
  clientId: string;
}

export interface LanternConfig {
  ehrs: EhrRegistration[];
}

export const runtimeConfigPath = 'lantern.config.json';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export async function loadRuntimeConfig(baseUrl: string): Promise<LanternConfig> {
  const url = new URL(runtimeConfigPath, baseUrl);
  let body: unknown;
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) throw new ConfigError(`Lantern's configuration file could not be loaded (${response.status}).`);
    body = await response.json();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError("Lantern's configuration file could not be loaded.", { cause: error });
  }
  return parseConfig(body);
}

export function parseConfig(body: unknown): LanternConfig {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { ehrs?: unknown }).ehrs)) {
    throw new ConfigError("Lantern's configuration file has no list of EHR registrations (`ehrs`).");
  }
  const ehrs = (body as { ehrs: unknown[] }).ehrs.map((entry, index): EhrRegistration => {
    const candidate = entry as Partial<Record<keyof EhrRegistration, unknown>>;
    const iss = optionalString(candidate.iss);
    const issPrefix = optionalString(candidate.issPrefix);
    if (typeof candidate.clientId !== 'string' || candidate.clientId === '' || (!iss && !issPrefix)) {
      throw new ConfigError(`EHR registration ${index + 1} in Lantern's configuration needs a clientId and an iss or issPrefix.`);
    }
    return {
      label: optionalString(candidate.label) ?? `EHR ${index + 1}`,
      clientId: candidate.clientId,
      ...(iss ? { iss } : {}),
      ...(issPrefix ? { issPrefix } : {}),
    };
  });
  return { ehrs };
}

/** The registration for the EHR that launched us; exact `iss` matches win over prefixes. */
export function registrationFor(config: LanternConfig, iss: string, appOrigin: string): EhrRegistration | undefined {
  const launched = withoutTrailingSlash(iss);
  const exact = config.ehrs.find((ehr) => ehr.iss !== undefined && withoutTrailingSlash(new URL(ehr.iss, appOrigin).href) === launched);
  return exact ?? config.ehrs.find((ehr) => ehr.issPrefix !== undefined && launched.startsWith(ehr.issPrefix));
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
