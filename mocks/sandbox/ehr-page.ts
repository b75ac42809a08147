import type { Bundle, Communication, Condition, Encounter, Flag, Patient, QuestionnaireResponse, Resource, ServiceRequest } from 'fhir/r4';
import { encodeLaunch, simulatedAuthorizationErrors, type SimulatedAuthorizationError } from './auth/launch-context';
import type { AdvisoryCard, SandboxCdsClient } from './cds-client';
import type { FhirEngine } from './fhir-engine';
import type { SandboxData } from './synthetic/generate';
import type { SandboxPatient } from './synthetic/chart';
import { isVendorProfileName, VENDOR_PROFILE_NAMES, type VendorProfile, type VendorProfileName } from './vendor-profiles';

/** Which scopes the simulated EHR refuses, to show what Lantern does with less access. */
export const scopeRestrictions = {
  none: { label: 'Grant everything Lantern asks for', denied: [] },
  'no-clinical': {
    label: 'Refuse conditions, results and procedures',
    denied: ['patient/Condition.read', 'patient/Observation.read', 'patient/Procedure.read'],
  },
  'no-patient': { label: 'Refuse the patient record itself', denied: ['patient/Patient.read'] },
  // A v2 scope with any of c, u or d is refused whole, as the other refusals are.
  'read-only': { label: 'Grant reading only (no writes)', denied: ['patient/*.write', 'user/*.write'] },
  // As authorization servers that refuse a request whole rather than grant part of it: Lantern can relaunch reading only.
  'refuse-writes': { label: 'Refuse the launch when it asks to write (invalid_scope)', denied: ['patient/*.write', 'user/*.write'], refuseWhole: true },
} as const;
type ScopeRestriction = keyof typeof scopeRestrictions;

/** How long the launch's access tokens live, to show Lantern's refresh without waiting for a real expiry. */
export const tokenLifetimes = {
  profile: { label: 'As that EHR issues them', seconds: undefined },
  short: { label: 'Short (20 seconds)', seconds: 20 },
} as const;
type TokenLifetime = keyof typeof tokenLifetimes;

/** Who is signed in to the EHR when it launches Lantern: patient portals and family access launch apps too. */
export const signedInUsers = {
  practitioner: 'A clinician (Practitioner)',
  patient: 'The patient (Patient)',
  'related-person': 'A relative or carer (RelatedPerson)',
  unidentified: 'Not named (no fhirUser in the id_token)',
} as const;
type SignedInUser = keyof typeof signedInUsers;

export const tokenRefreshChoices = {
  works: 'Refresh works',
  refused: 'Refuse refresh (session ended)',
} as const;

export interface EhrPageOptions {
  data: SandboxData;
  engine: FhirEngine;
  /** The startup profile's base (`/sandbox/fhir`): where a chart opened without a chosen profile launches Lantern. */
  fhirBaseUrl: string;
  fhirBaseUrls: Readonly<Record<VendorProfileName, string>>;
  profiles: Readonly<Record<VendorProfileName, VendorProfile>>;
  /** The profile `fhirBaseUrl` behaves like, preselected in "Behaving like". */
  startupProfile: VendorProfileName;
  /** Lantern's launch page: a path on the sandbox's own origin, or a URL on the origin Lantern is served from. */
  launchUrl: string;
  ehrPath: string;
  /** Direct Light's page (the community partner answering referral Tasks). */
  partnerPath: string;
  /** The ED social work inbox of urgent pages. */
  careTeamPath: string;
  /** Lantern's CDS service, called on opening a chart; unset: the page shows no advisories. */
  cds?: SandboxCdsClient;
}

/**
 * Which visit the launch puts in context: the one in progress, none, or the newest finished one, as an outside
 * launcher's "AUTO" picks the newest encounter however old it is.
 */
const encountersInLaunch = {
  context: 'The visit in progress',
  finished: 'The newest finished visit (as a launcher’s “AUTO” may pick)',
  none: 'None (Lantern searches for it)',
} as const;
type EncounterInLaunch = keyof typeof encountersInLaunch;

/** What the tester chose in a patient's form: how this EHR launches Lantern. */
interface LaunchChoices {
  /** Unset: the startup profile at `/sandbox/fhir`, as for links that name only the patient. */
  profile: VendorProfileName | undefined;
  encounter: EncounterInLaunch;
  restriction: ScopeRestriction;
  user: SignedInUser;
  /** Unset: the authorization server lets Lantern in; else it refuses the launch with this OAuth error. */
  authorizationError: SimulatedAuthorizationError | undefined;
  needPatientBanner: boolean;
  lifetime: TokenLifetime;
  refuseRefresh: boolean;
  /** Writes are stored without their security labels, as Oracle Health ignores fields it does not support. */
  dropsSecurityLabels: boolean;
}

/**
 * The simulated EHR: a patient list, and for the chosen patient a plain chart with Lantern in an iframe sidebar,
 * launched the way an EHR launches an embedded SMART app (iss + an opaque launch token), or the way an open
 * server's app is opened (fhirServiceUrl + patientId).
 */
export async function renderEhrPage(options: EhrPageOptions, query: URLSearchParams): Promise<string> {
  const patient = patientById(options, query.get('patient'));
  if (!patient) return sandboxPage('Sandbox EHR', patientList(options));
  const choices = launchChoices(query);
  const beside = patientById(options, query.get('beside'));
  const chart = await chartView(options, patient.patientId);
  const encounter = await launchEncounter(options, choices, patient);
  // Opened from the advisory card only: the sidebar stays empty until the clinician follows the card's link.
  const fromCard = query.get('sidebar') === 'card';
  const launchUrl = appUrl(options, choices, patient, encounter);
  return sandboxPage(
    `Chart — ${chart.name}`,
    `<div class="ehr">
      <main class="chart" aria-label="Chart">
        <p><a href="${escapeHtml(options.ehrPath)}">← All patients</a></p>
        <p>${openedWith(options, choices)}</p>
        ${options.cds ? await advisories(options, options.cds, choices, patient, encounter) : ''}
        ${beside ? besideButton(options, choices, beside, await launchEncounter(options, choices, beside)) : ''}
        ${chart.html}
      </main>
      <aside class="sidebar" aria-label="Apps">
        <iframe title="Lantern"${fromCard ? '' : ` src="${escapeHtml(launchUrl)}"`} name="${sidebarFrame}"></iframe>
      </aside>
    </div>`,
  );
}

function patientById(options: EhrPageOptions, patientId: string | null): SandboxPatient | undefined {
  return options.data.patients.find((candidate) => candidate.patientId === patientId);
}

function launchChoices(query: URLSearchParams): LaunchChoices {
  const profile = query.get('profile') ?? '';
  const restriction = query.get('scopes') ?? '';
  const lifetime = query.get('lifetime') ?? '';
  const encounter = query.get('encounter') ?? '';
  const user = query.get('user') ?? '';
  return {
    profile: isVendorProfileName(profile) ? profile : undefined,
    encounter: isChoice(encountersInLaunch, encounter) ? encounter : 'context',
    restriction: isChoice(scopeRestrictions, restriction) ? restriction : 'none',
    user: isChoice(signedInUsers, user) ? user : 'practitioner',
    authorizationError: simulatedAuthorizationErrors.find((error) => error === query.get('authorization')),
    needPatientBanner: query.get('banner') !== 'hidden',
    lifetime: isChoice(tokenLifetimes, lifetime) ? lifetime : 'profile',
    refuseRefresh: query.get('refresh') === 'refused',
    dropsSecurityLabels: query.get('labels') === 'dropped',
  };
}

function isChoice<T extends object>(choices: T, value: string): value is Extract<keyof T, string> {
  return Object.hasOwn(choices, value);
}

/** The FHIR base the chart launches Lantern against, and the profile it behaves like. */
function chosenBase(options: EhrPageOptions, choices: LaunchChoices): { fhirBaseUrl: string; profile: VendorProfile } {
  return {
    fhirBaseUrl: choices.profile ? options.fhirBaseUrls[choices.profile] : options.fhirBaseUrl,
    profile: options.profiles[choices.profile ?? options.startupProfile],
  };
}

/** The encounter the launch puts in context, as chosen: the newest finished one is looked up in the chart. */
async function launchEncounter(options: EhrPageOptions, choices: LaunchChoices, patient: SandboxPatient): Promise<string | undefined> {
  switch (choices.encounter) {
    case 'context':
      return patient.activeEncounterIds[0];
    case 'none':
      return undefined;
    case 'finished': {
      const newest = await readFhir<Bundle<Encounter>>(options, 'Encounter', { patient: patient.patientId, status: 'finished', _sort: '-date', _count: '1' });
      return newest?.entry?.[0]?.resource?.id;
    }
  }
}

/** The sidebar frame a card's SMART link launches into, as EHRs launch embedded apps. */
const sidebarFrame = 'lantern-sidebar';

/**
 * The advisory cards Lantern's CDS service returns for this chart (patient-view, with prefetch), shown above the chart as
 * EHRs show non-critical cards, as text. A SMART link that points at Lantern's launch page launches Lantern into the
 * sidebar with this patient in context; any other link is not shown: an EHR opens only the card links it has allowed.
 */
async function advisories(options: EhrPageOptions, cds: SandboxCdsClient, choices: LaunchChoices, patient: SandboxPatient, encounter: string | undefined): Promise<string> {
  const fhirUser = `Practitioner/${options.data.practitioners[0]?.id ?? ''}`;
  const result = await cds.patientView({ patientId: patient.patientId, userId: fhirUser, ...(encounter ? { encounterId: encounter } : {}) });
  if ('unavailable' in result) {
    return `<section class="advisories" aria-label="Advisories"><p class="muted">Advisories unavailable: ${escapeHtml(result.unavailable)}</p></section>`;
  }
  if (result.cards.length === 0) return '<section class="advisories" aria-label="Advisories"><p class="muted">No advisories</p></section>';
  const allowedLaunch = new URL(options.launchUrl, 'http://sandbox.invalid').pathname;
  const link = (card: AdvisoryCard['links'][number]): string => {
    const target = URL.canParse(card.url) ? new URL(card.url) : undefined;
    if (card.type !== 'smart' || target?.pathname !== allowedLaunch) return '';
    return ` <a href="${escapeHtml(appUrl(options, choices, patient, encounter))}" target="${sidebarFrame}">${escapeHtml(card.label)}</a>`;
  };
  const cards = result.cards.map(
    (card) => `<div class="advisory" role="note"><strong>${escapeHtml(card.summary)}</strong> <span class="muted">${escapeHtml(card.source)}</span>${card.links.map(link).join('')}</div>`,
  );
  return `<section class="advisories" aria-label="Advisories">${cards.join('')}</section>`;
}

/** Lantern's launch URL for this patient, as the chosen EHR would open it, with `encounter` in context. */
function appUrl(options: EhrPageOptions, choices: LaunchChoices, patient: SandboxPatient, encounter: string | undefined): string {
  const { fhirBaseUrl, profile } = chosenBase(options, choices);
  if (profile.authorization === 'open') {
    const open = { fhirServiceUrl: fhirBaseUrl, patientId: patient.patientId, ...(encounter ? { encounterId: encounter } : {}) };
    return `${options.launchUrl}?${new URLSearchParams(open).toString()}`;
  }
  const seconds = tokenLifetimes[choices.lifetime].seconds;
  const restriction = scopeRestrictions[choices.restriction];
  const launch = encodeLaunch({
    patient: patient.patientId,
    ...(encounter ? { encounter } : {}),
    fhirUser: signedInUser(options, choices.user, patient),
    ...(choices.user === 'unidentified' ? { withholdFhirUser: true } : {}),
    needPatientBanner: choices.needPatientBanner,
    deniedScopes: [...restriction.denied],
    ...('refuseWhole' in restriction ? { refuseDeniedScopes: true } : {}),
    ...(choices.authorizationError ? { authorizationError: choices.authorizationError } : {}),
    ...(seconds === undefined ? {} : { accessTokenTtlSeconds: seconds }),
    ...(choices.refuseRefresh ? { refuseRefresh: true } : {}),
    ...(choices.dropsSecurityLabels ? { dropsSecurityLabels: true } : {}),
  });
  return `${options.launchUrl}?${new URLSearchParams({ iss: fhirBaseUrl, launch }).toString()}`;
}

/** The signed-in user's reference; an unnamed user is still a clinician to the EHR, it just does not tell apps. */
function signedInUser(options: EhrPageOptions, user: SignedInUser, patient: SandboxPatient): string {
  switch (user) {
    case 'patient':
      return `Patient/${patient.patientId}`;
    case 'related-person':
      return `RelatedPerson/${patient.patientId}-carer`;
    case 'practitioner':
    case 'unidentified':
      return `Practitioner/${options.data.practitioners[0]?.id ?? ''}`;
  }
}

function openedWith(options: EhrPageOptions, choices: LaunchChoices): string {
  const { fhirBaseUrl, profile } = chosenBase(options, choices);
  // The choice travels in the access token, so an open server (no token) cannot honour it.
  const drops = choices.dropsSecurityLabels && profile.authorization === 'smart' ? ' · drops security labels on write' : '';
  return `Behaving like: <strong>${escapeHtml(profile.label)}</strong>${drops} · FHIR base <code>${escapeHtml(fhirBaseUrl)}</code>`;
}

/** Opens a second Lantern beside the first, for another patient, once the first is running: two charts in one browser. */
function besideButton(options: EhrPageOptions, choices: LaunchChoices, beside: SandboxPatient, encounter: string | undefined): string {
  return `<p><button type="button" id="open-beside" data-src="${escapeHtml(appUrl(options, choices, beside, encounter))}">Open ${escapeHtml(beside.label)} beside</button></p>
    <script>
      document.getElementById('open-beside').addEventListener('click', (event) => {
        const button = event.currentTarget;
        const frame = document.createElement('iframe');
        frame.title = 'Lantern (second chart)';
        frame.src = button.dataset.src;
        document.querySelector('.sidebar').append(frame);
        button.disabled = true;
      }, { once: true });
    </script>`;
}

function patientList(options: EhrPageOptions): string {
  const rows = options.data.patients.map((patient) => patientForm(options, patient)).join('');
  return `<main><h1>Sandbox EHR</h1>
    <p>Started as: <strong>${escapeHtml(options.profiles[options.startupProfile].label)}</strong>, at <code>${escapeHtml(options.fhirBaseUrl)}</code>.
      Each chart can behave like another EHR: choose it in “Behaving like”.</p>
    <p>Synthetic patients only. Pick a patient to open their chart with Lantern in the sidebar, as an EHR embeds SMART apps.</p>
    <nav aria-label="Beyond the chart"><ul>
      <li><a href="${escapeHtml(options.partnerPath)}">Direct Light, the community partner: referrals it received</a></li>
      <li><a href="${escapeHtml(options.careTeamPath)}">ED social work inbox: urgent pages</a></li>
    </ul></nav>
    <ul class="patients">${rows}</ul></main>`;
}

function patientForm(options: EhrPageOptions, patient: SandboxPatient): string {
  const others = options.data.patients.filter((other) => other.patientId !== patient.patientId);
  return `<li>
    <form method="get" action="${escapeHtml(options.ehrPath)}">
      <input type="hidden" name="patient" value="${escapeHtml(patient.patientId)}">
      <p><strong>${escapeHtml(patient.label)}</strong><br><span class="muted">${escapeHtml(patient.description)}</span></p>
      ${select('Behaving like', 'profile', VENDOR_PROFILE_NAMES.map((name) => [name, options.profiles[name].label]), options.startupProfile)}
      ${select('Encounter in launch', 'encounter', [
        ['context', patient.activeEncounterIds.length > 0 ? encountersInLaunch.context : 'None in progress'],
        ['finished', encountersInLaunch.finished],
        ['none', encountersInLaunch.none],
      ])}
      ${select('Access', 'scopes', Object.entries(scopeRestrictions).map(([value, { label }]) => [value, label]))}
      ${select('Signed-in user', 'user', Object.entries(signedInUsers))}
      ${select('Authorization server', 'authorization', [
        ['', 'Lets Lantern in'],
        ...simulatedAuthorizationErrors.map((error): [string, string] => [error, `Refuses with ${error}`]),
      ])}
      ${select('Access token lifetime', 'lifetime', Object.entries(tokenLifetimes).map(([value, { label }]) => [value, label]))}
      ${select('Token refresh', 'refresh', Object.entries(tokenRefreshChoices))}
      ${select('Open Lantern', 'sidebar', [['', 'At once, beside the chart'], ['card', 'From the advisory card (CDS Hooks)']])}
      ${select('Second chart beside it', 'beside', [['', 'None'], ...others.map((other): [string, string] => [other.patientId, other.label])])}
      <label><input type="checkbox" name="banner" value="hidden"> EHR shows its own patient banner</label>
      <label><input type="checkbox" name="labels" value="dropped"> Drops security labels on write, as Oracle Health does</label>
      <button type="submit">Open chart with Lantern (EHR launch)</button>
      <a href="${escapeHtml(`${options.launchUrl}?${new URLSearchParams({ iss: options.fhirBaseUrl }).toString()}`)}">Standalone launch</a>
    </form>
  </li>`;
}

function select(label: string, name: string, choices: readonly (readonly [value: string, text: string])[], selected?: string): string {
  const optionsHtml = choices
    .map(([value, text]) => `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(text)}</option>`)
    .join('');
  return `<label>${escapeHtml(label)} <select name="${escapeHtml(name)}">${optionsHtml}</select></label>`;
}

/** A read of the sandbox's own FHIR data, as the EHR's chart view makes it (no token: the EHR is the server's owner). */
async function readFhir<T>(options: EhrPageOptions, path: string, search: Record<string, string> = {}): Promise<T | undefined> {
  const response = await options.engine.handle({
    method: 'GET',
    path,
    search: new URLSearchParams(search),
    headers: {},
    baseUrl: options.fhirBaseUrl,
  });
  return response.status === 200 ? (response.body as T) : undefined;
}

async function chartView(options: EhrPageOptions, patientId: string): Promise<{ name: string; html: string }> {
  const read = <T>(path: string, search: Record<string, string> = {}): Promise<T | undefined> => readFhir<T>(options, path, search);
  const patient = await read<Patient>(`Patient/${patientId}`);
  const encounters = await read<Bundle<Encounter>>('Encounter', { patient: patientId, _sort: '-date', _count: '5' });
  const conditions = await read<Bundle<Condition>>('Condition', { patient: patientId, _count: '8' });
  const flags = await read<Bundle<Flag>>('Flag', { patient: patientId, _count: '20' });
  const referrals = await read<Bundle<ServiceRequest>>('ServiceRequest', { patient: patientId, _count: '20' });
  const notes = await read<Bundle<Communication>>('Communication', { patient: patientId, _count: '20' });
  const answers = await read<Bundle<QuestionnaireResponse>>('QuestionnaireResponse', { patient: patientId, _count: '20' });
  const name = patient?.name?.[0] ? [...(patient.name[0].given ?? []), patient.name[0].family ?? ''].join(' ').trim() : patientId;
  const list = (items: string[]): string => (items.length ? `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : '<p>None</p>');
  return {
    name,
    html: `<h1>${escapeHtml(name)}</h1>
      <p>${escapeHtml(patient?.gender ?? '')} · born ${escapeHtml(patient?.birthDate ?? 'unknown')}</p>
      <h2>Encounters</h2>
      ${list((encounters?.entry ?? []).map(({ resource }) => `${resource?.period?.start?.slice(0, 10) ?? ''} ${resource?.class.code ?? ''} ${resource?.status ?? ''}`))}
      <h2>Problems</h2>
      ${list((conditions?.entry ?? []).map(({ resource }) => resource?.code?.text ?? resource?.code?.coding?.[0]?.display ?? ''))}
      <h2>Flags</h2>
      ${list(entries(flags).map((resource) => `${reference(resource)} ${resource.code.text ?? ''} — ${resource.status} ${labels(resource)}`))}
      <h2>Referrals</h2>
      ${list(entries(referrals).map((resource) => `${reference(resource)} ${resource.code?.coding?.[0]?.display ?? ''} → ${resource.performer?.[0]?.display ?? ''} — ${resource.status} ${labels(resource)}`))}
      <h2>Notes</h2>
      ${list(entries(notes).map((resource) => `${reference(resource)} ${resource.reasonCode?.[0]?.text ?? 'Note'} — ${resource.status} ${labels(resource)}`))}
      <h2>Questionnaire responses</h2>
      ${list(entries(answers).map((resource) => `${reference(resource)} ${resource.authored?.slice(0, 10) ?? ''} — ${resource.status} ${labels(resource)}`))}`,
  };
}

function entries<T extends Resource>(bundle: Bundle<T> | undefined): T[] {
  return (bundle?.entry ?? []).flatMap(({ resource }) => (resource ? [resource] : []));
}

/** `Flag/123`: what Lantern's confirmation names, so a tester (and the browser tests) can find each write here. */
function reference(resource: Resource): string {
  return `${resource.resourceType}/${resource.id ?? ''}`;
}

/** Security labels as an EHR would badge them, so a tester sees what Lantern wrote. */
function labels(resource: Resource | undefined): string {
  const codes = (resource?.meta?.security ?? []).map((label) => label.code ?? '').filter(Boolean);
  return codes.length > 0 ? `[${codes.join(', ')}]` : '';
}

/** The shell and styles the sandbox's pages share; it adds no script of its own. */
export function sandboxPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${styles}</style></head><body>${body}</body></html>`;
}

const styles = `
body { margin: 0; font-family: system-ui, sans-serif; color: #1f2933; background: #eef1f3; }
main { padding: 1rem; }
.muted { color: #52606d; }
.advisories { margin: .5rem 0; }
.notice { border-left: 4px solid #2f7d4f; background: #eef7f1; padding: .5rem .75rem; }
.problem, .warning { border-left: 4px solid #a4262c; background: #fbeeee; padding: .5rem .75rem; }
.referrals { list-style: none; padding: 0; display: grid; gap: .75rem; max-width: 50rem; }
.referral { background: #fff; border: 1px solid #d9dee3; border-radius: 6px; padding: .75rem; }
.referral h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
.referral dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 .5rem; }
.referral dd { margin: 0; }
.referral .action { display: inline-block; margin: .25rem 1rem .25rem 0; }
.advisory { border: 1px solid #d9dee3; border-left: 4px solid #3e6b8a; border-radius: 4px; padding: .5rem .75rem; background: #f5f8fa; }
.patients { list-style: none; padding: 0; display: grid; gap: .75rem; max-width: 50rem; }
.patients li { background: #fff; border: 1px solid #d9dee3; border-radius: 6px; padding: .75rem; }
.patients label { display: block; margin: .25rem 0; }
.patients button { margin-right: 1rem; }
.ehr { display: grid; grid-template-columns: minmax(0, 1fr) auto; height: 100vh; }
.chart { overflow: auto; background: #fff; }
.sidebar { display: flex; border-left: 1px solid #d9dee3; background: #f5f7f8; }
.sidebar iframe { width: 400px; height: 100%; border: 0; }
.sidebar iframe + iframe { border-left: 1px solid #d9dee3; }
@media (max-width: 800px) { .ehr { grid-template-columns: 1fr; grid-template-rows: auto 70vh; height: auto; } .sidebar iframe { flex: 1; width: auto; } }
`;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
