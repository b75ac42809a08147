import type { Encounter } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLaunch, type LaunchContext } from './auth/launch-context';
import { scopeRestrictions } from './ehr-page';
import type { Sandbox } from './sandbox';
import type { SandboxPatient } from './synthetic/chart';
import { serveSandbox, type ServedSandbox } from './test-sandbox';
import { VENDOR_PROFILE_NAMES } from './vendor-profiles';

let served: ServedSandbox;
let sandbox: Sandbox;
let ana: SandboxPatient;
let grace: SandboxPatient;

beforeAll(async () => {
  served = await serveSandbox();
  ({ sandbox } = served);
  const patient = (key: SandboxPatient['key']): SandboxPatient => {
    const found = sandbox.data.patients.find((candidate) => candidate.key === key);
    if (!found) throw new Error(`the sandbox has no ${key} patient`);
    return found;
  };
  ana = patient('indicator-adult');
  grace = patient('no-active-encounter');
});

afterAll(async () => {
  await served.close();
});

async function ehrPage(query: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${sandbox.ehrUrl}?${new URLSearchParams(query).toString()}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The attribute's value as the browser reads it (escapeHtml writes numeric character references). */
function attribute(html: string, pattern: RegExp): string | undefined {
  return pattern.exec(html)?.[1]?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

function lanternUrl(html: string): URL {
  return new URL(attribute(html, /<iframe title="Lantern" src="([^"]*)"/) ?? '', sandbox.origin);
}

function selectOptions(html: string, name: string): string[] {
  const select = new RegExp(`<select name="${name}">(.*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((match) => match[1] ?? '');
}

describe('the patient list', () => {
  it('offers, per patient, the EHR to behave like and the launch knobs, each with a label', async () => {
    const html = await ehrPage();
    expect(html).toContain('<label>Behaving like <select name="profile">');
    expect(selectOptions(html, 'profile')).toEqual([...VENDOR_PROFILE_NAMES]);
    expect(html).toContain('<option value="smart-launcher" selected>SMART Health IT launcher</option>');
    expect(html).toContain('<label>Access <select name="scopes">');
    expect(selectOptions(html, 'scopes')).toEqual(['none', 'no-clinical', 'no-patient', 'read-only', 'refuse-writes']);
    expect(html).toContain('<label>Signed-in user <select name="user">');
    expect(selectOptions(html, 'user')).toEqual(['practitioner', 'patient', 'related-person', 'unidentified']);
    expect(selectOptions(html, 'authorization')).toEqual(['', 'unauthorized_client', 'access_denied', 'server_error', 'temporarily_unavailable']);
    expect(html).toContain('<option value="read-only">Grant reading only (no writes)</option>');
    expect(html).toContain('<label>Access token lifetime <select name="lifetime">');
    expect(html).toContain('<option value="short">Short (20 seconds)</option>');
    expect(html).toContain('<label>Token refresh <select name="refresh">');
    expect(selectOptions(html, 'refresh')).toEqual(['works', 'refused']);
    expect(html).toContain('<option value="refused">Refuse refresh (session ended)</option>');
    expect(html).toContain('<label>Second chart beside it <select name="beside">');
    expect(html).toContain('<label>Encounter in launch <select name="encounter">');
    expect(selectOptions(html, 'encounter')).toEqual(['context', 'finished', 'none']);
    expect(html).toContain('<label><input type="checkbox" name="labels" value="dropped"> Drops security labels on write, as Oracle Health does</label>');
  });

  it('lists the other patients, not this one, as a second chart', async () => {
    const html = await ehrPage();
    const anaForm = html.slice(html.indexOf(`value="${ana.patientId}"`));
    const besideOptions = selectOptions(anaForm, 'beside');
    expect(besideOptions[0]).toBe('');
    expect(besideOptions).toContain(grace.patientId);
    expect(besideOptions).not.toContain(ana.patientId);
  });
});

describe('a chart opened with Lantern', () => {
  it('launches against /sandbox/fhir when no EHR was chosen, as links that name only the patient do', async () => {
    const url = lanternUrl(await ehrPage({ patient: ana.patientId }));
    expect(url.pathname).toBe('/launch.html');
    expect(url.searchParams.get('iss')).toBe(sandbox.fhirBaseUrl);
  });

  it('launches against the chosen EHR’s base with the chosen access, lifetime and refresh, and says which EHR', async () => {
    const html = await ehrPage({ patient: ana.patientId, profile: 'epic', scopes: 'read-only', lifetime: 'short', refresh: 'refused' });
    expect(html).toContain('Behaving like: <strong>Epic</strong>');
    const url = lanternUrl(html);
    expect(url.searchParams.get('iss')).toBe(sandbox.fhirBaseUrls.epic);
    expect(decodeLaunch(url.searchParams.get('launch') ?? '')).toMatchObject({
      patient: ana.patientId,
      encounter: ana.activeEncounterIds[0],
      deniedScopes: [...scopeRestrictions['read-only'].denied],
      accessTokenTtlSeconds: 20,
      refuseRefresh: true,
    });
  });

  it('launches with a clinician signed in by default, or the patient, a relative, or a user it does not name', async () => {
    const launchAs = async (user?: string): Promise<LaunchContext | undefined> =>
      decodeLaunch(lanternUrl(await ehrPage({ patient: ana.patientId, ...(user ? { user } : {}) })).searchParams.get('launch') ?? '');
    const clinician = await launchAs();
    expect(clinician?.fhirUser).toMatch(/^Practitioner\//);
    expect(clinician).not.toHaveProperty('withholdFhirUser');
    expect((await launchAs('patient'))?.fhirUser).toBe(`Patient/${ana.patientId}`);
    expect((await launchAs('related-person'))?.fhirUser).toMatch(/^RelatedPerson\//);
    expect(await launchAs('unidentified')).toMatchObject({ withholdFhirUser: true });
  });

  it('has the authorization server refuse the launch with the chosen OAuth error, and ignores one it does not offer', async () => {
    const launchWith = async (authorization: string): Promise<LaunchContext | undefined> =>
      decodeLaunch(lanternUrl(await ehrPage({ patient: ana.patientId, authorization })).searchParams.get('launch') ?? '');
    expect(await launchWith('unauthorized_client')).toMatchObject({ authorizationError: 'unauthorized_client' });
    expect(await launchWith('made_up')).not.toHaveProperty('authorizationError');
  });

  it('refuses the whole launch when it asks to write, when chosen', async () => {
    const launch = decodeLaunch(lanternUrl(await ehrPage({ patient: ana.patientId, scopes: 'refuse-writes' })).searchParams.get('launch') ?? '');
    expect(launch).toMatchObject({ deniedScopes: ['patient/*.write', 'user/*.write'], refuseDeniedScopes: true });
  });

  it('keeps the profile’s own token lifetime and a working refresh by default', async () => {
    const url = lanternUrl(await ehrPage({ patient: ana.patientId, profile: 'oracle-health', lifetime: 'profile', refresh: 'works' }));
    const launch = decodeLaunch(url.searchParams.get('launch') ?? '');
    expect(launch).not.toHaveProperty('accessTokenTtlSeconds');
    expect(launch).not.toHaveProperty('refuseRefresh');
    expect(launch).not.toHaveProperty('dropsSecurityLabels');
  });

  it('launches so that writes lose their security labels when the tester ticks it, and says so', async () => {
    const html = await ehrPage({ patient: ana.patientId, profile: 'epic', labels: 'dropped' });
    expect(html).toContain('Behaving like: <strong>Epic</strong> · drops security labels on write');
    expect(decodeLaunch(lanternUrl(html).searchParams.get('launch') ?? '')).toMatchObject({ patient: ana.patientId, dropsSecurityLabels: true });
  });

  it('opens Lantern on the open HAPI base the way open servers are launched: no iss, no launch', async () => {
    const url = lanternUrl(await ehrPage({ patient: ana.patientId, profile: 'hapi-open' }));
    expect([...url.searchParams]).toEqual([
      ['fhirServiceUrl', sandbox.fhirBaseUrls['hapi-open']],
      ['patientId', ana.patientId],
      ['encounterId', ana.activeEncounterIds[0]],
    ]);
    const withoutEncounter = lanternUrl(await ehrPage({ patient: ana.patientId, profile: 'hapi-open', encounter: 'none' }));
    expect(withoutEncounter.searchParams.has('encounterId')).toBe(false);
  });

  it('puts the newest finished visit in context when chosen, however old, as an outside launcher’s “AUTO” does', async () => {
    const finished = sandbox.data.resources
      .filter((resource): resource is Encounter => resource.resourceType === 'Encounter' && resource.status === 'finished')
      .filter((encounter) => encounter.subject?.reference === `Patient/${grace.patientId}`)
      .sort((a, b) => (b.period?.start ?? '').localeCompare(a.period?.start ?? ''));
    expect(finished.length).toBeGreaterThan(1);
    const html = await ehrPage({ patient: grace.patientId, encounter: 'finished' });
    expect(decodeLaunch(lanternUrl(html).searchParams.get('launch') ?? '')).toMatchObject({ patient: grace.patientId, encounter: finished[0]?.id });
    const open = lanternUrl(await ehrPage({ patient: grace.patientId, profile: 'hapi-open', encounter: 'finished' }));
    expect(open.searchParams.get('encounterId')).toBe(finished[0]?.id);
  });

  it('offers to open a second patient’s Lantern beside the first, with the same EHR and knobs', async () => {
    const html = await ehrPage({ patient: ana.patientId, profile: 'meditech', lifetime: 'short', beside: grace.patientId });
    expect(html).toContain(`>Open ${grace.label} beside</button>`);
    expect(html).toContain("frame.title = 'Lantern (second chart)'");
    const second = new URL(attribute(html, /id="open-beside" data-src="([^"]*)"/) ?? '', sandbox.origin);
    expect(second.searchParams.get('iss')).toBe(sandbox.fhirBaseUrls.meditech);
    expect(decodeLaunch(second.searchParams.get('launch') ?? '')).toMatchObject({ patient: grace.patientId, accessTokenTtlSeconds: 20 });
    expect(lanternUrl(html).searchParams.get('iss')).toBe(sandbox.fhirBaseUrls.meditech);
  });

  it('offers no second chart for none or an unknown patient', async () => {
    expect(await ehrPage({ patient: ana.patientId, beside: '' })).not.toContain('open-beside');
    expect(await ehrPage({ patient: ana.patientId, beside: 'nobody' })).not.toContain('open-beside');
  });
});
