import type { Bundle, Condition, Encounter, Flag, Patient, Resource, ServiceRequest } from 'fhir/r4';
import { encodeLaunch } from './auth/launch-context';
import type { FhirEngine } from './fhir-engine';
import type { SandboxData } from './synthetic/generate';

/** Which scopes the simulated EHR refuses, to show what Lantern does with less access. */
export const scopeRestrictions = {
  none: { label: 'Grant everything Lantern asks for', denied: [] },
  'no-clinical': {
    label: 'Refuse conditions, results and procedures',
    denied: ['patient/Condition.read', 'patient/Observation.read', 'patient/Procedure.read'],
  },
  'no-patient': { label: 'Refuse the patient record itself', denied: ['patient/Patient.read'] },
} as const;
type ScopeRestriction = keyof typeof scopeRestrictions;

export interface EhrPageOptions {
  data: SandboxData;
  engine: FhirEngine;
  fhirBaseUrl: string;
  /** The vendor profile's name, so a tester knows which EHR behaviour Lantern meets. */
  profileLabel: string;
  /** Path of Lantern's launch page on the same origin. */
  launchPath: string;
  ehrPath: string;
}

/**
 * The simulated EHR: a patient list, and for the chosen patient a plain chart with Lantern in an iframe sidebar,
 * launched the way an EHR launches an embedded SMART app (iss + an opaque launch token).
 */
export async function renderEhrPage(options: EhrPageOptions, query: URLSearchParams): Promise<string> {
  const patient = options.data.patients.find((candidate) => candidate.patientId === query.get('patient'));
  if (!patient) return page('Sandbox EHR', patientList(options));
  const encounterChoice = query.get('encounter') ?? 'context';
  const requested = query.get('scopes');
  const restriction: ScopeRestriction = isRestriction(requested) ? requested : 'none';
  const encounter = encounterChoice === 'none' ? undefined : patient.activeEncounterIds[0];
  const launch = encodeLaunch({
    patient: patient.patientId,
    ...(encounter ? { encounter } : {}),
    fhirUser: `Practitioner/${options.data.practitioners[0]?.id ?? ''}`,
    needPatientBanner: query.get('banner') !== 'hidden',
    deniedScopes: [...scopeRestrictions[restriction].denied],
  });
  const appUrl = `${options.launchPath}?${new URLSearchParams({ iss: options.fhirBaseUrl, launch }).toString()}`;
  const chart = await chartView(options, patient.patientId);
  return page(
    `Chart — ${chart.name}`,
    `<div class="ehr">
      <main class="chart" aria-label="Chart">
        <p><a href="${escapeHtml(options.ehrPath)}">← All patients</a></p>
        ${chart.html}
      </main>
      <aside class="sidebar" aria-label="Apps">
        <iframe title="Lantern" src="${escapeHtml(appUrl)}"></iframe>
      </aside>
    </div>`,
  );
}

function patientList(options: EhrPageOptions): string {
  const rows = options.data.patients
    .map(
      (patient) => `<li>
        <form method="get" action="${escapeHtml(options.ehrPath)}">
          <input type="hidden" name="patient" value="${escapeHtml(patient.patientId)}">
          <p><strong>${escapeHtml(patient.label)}</strong><br><span class="muted">${escapeHtml(patient.description)}</span></p>
          <label>Encounter in launch
            <select name="encounter">
              <option value="context">${patient.activeEncounterIds.length > 0 ? 'The visit in progress' : 'None in progress'}</option>
              <option value="none">None (Lantern searches for it)</option>
            </select>
          </label>
          <label>Access
            <select name="scopes">
              ${Object.entries(scopeRestrictions)
                .map(([value, { label }]) => `<option value="${value}">${escapeHtml(label)}</option>`)
                .join('')}
            </select>
          </label>
          <label><input type="checkbox" name="banner" value="hidden"> EHR shows its own patient banner</label>
          <button type="submit">Open chart with Lantern (EHR launch)</button>
          <a href="${escapeHtml(`${options.launchPath}?${new URLSearchParams({ iss: options.fhirBaseUrl }).toString()}`)}">Standalone launch</a>
        </form>
      </li>`,
    )
    .join('');
  return `<main><h1>Sandbox EHR</h1>
    <p>Behaving like: <strong>${escapeHtml(options.profileLabel)}</strong></p>
    <p>Synthetic patients only. Pick a patient to open their chart with Lantern in the sidebar, as an EHR embeds SMART apps.</p>
    <ul class="patients">${rows}</ul></main>`;
}

async function chartView(options: EhrPageOptions, patientId: string): Promise<{ name: string; html: string }> {
  const read = async <T>(path: string, search: Record<string, string> = {}): Promise<T | undefined> => {
    const response = await options.engine.handle({
      method: 'GET',
      path,
      search: new URLSearchParams(search),
      headers: {},
      baseUrl: options.fhirBaseUrl,
    });
    return response.status === 200 ? (response.body as T) : undefined;
  };
  const patient = await read<Patient>(`Patient/${patientId}`);
  const encounters = await read<Bundle<Encounter>>('Encounter', { patient: patientId, _sort: '-date', _count: '5' });
  const conditions = await read<Bundle<Condition>>('Condition', { patient: patientId, _count: '8' });
  const flags = await read<Bundle<Flag>>('Flag', { patient: patientId, _count: '20' });
  const referrals = await read<Bundle<ServiceRequest>>('ServiceRequest', { patient: patientId, _count: '20' });
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
      ${list((flags?.entry ?? []).map(({ resource }) => `${resource?.code.text ?? ''} — ${resource?.status ?? ''} ${labels(resource)}`))}
      <h2>Referrals</h2>
      ${list((referrals?.entry ?? []).map(({ resource }) => `${resource?.code?.coding?.[0]?.display ?? ''} → ${resource?.performer?.[0]?.display ?? ''} — ${resource?.status ?? ''} ${labels(resource)}`))}`,
  };
}

/** Security labels as an EHR would badge them, so a tester sees what Lantern wrote. */
function labels(resource: Resource | undefined): string {
  const codes = (resource?.meta?.security ?? []).map((label) => label.code ?? '').filter(Boolean);
  return codes.length > 0 ? `[${codes.join(', ')}]` : '';
}

function isRestriction(value: string | null): value is ScopeRestriction {
  return value !== null && value in scopeRestrictions;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${styles}</style></head><body>${body}</body></html>`;
}

const styles = `
body { margin: 0; font-family: system-ui, sans-serif; color: #1f2933; background: #eef1f3; }
main { padding: 1rem; }
.muted { color: #52606d; }
.patients { list-style: none; padding: 0; display: grid; gap: .75rem; max-width: 50rem; }
.patients li { background: #fff; border: 1px solid #d9dee3; border-radius: 6px; padding: .75rem; }
.patients label { display: block; margin: .25rem 0; }
.patients button { margin-right: 1rem; }
.ehr { display: grid; grid-template-columns: 1fr 400px; height: 100vh; }
.chart { overflow: auto; background: #fff; }
.sidebar { border-left: 1px solid #d9dee3; background: #f5f7f8; }
.sidebar iframe { width: 100%; height: 100%; border: 0; }
@media (max-width: 800px) { .ehr { grid-template-columns: 1fr; grid-template-rows: auto 70vh; height: auto; } }
`;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
