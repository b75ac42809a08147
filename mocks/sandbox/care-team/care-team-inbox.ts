import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bundle, Communication, OperationOutcome, Patient } from 'fhir/r4';
import { escapeHtml, sandboxPage } from '../ehr-page';
import type { FhirEngine, FhirHttpResponse } from '../fhir-engine';
import { instantText, readForm, sendPage } from '../html-form';
import { HEALTHCARE_SERVICE_ID } from '../synthetic/directory';

/**
 * The ED social work inbox of the sandbox EHR: the urgent Communications Lantern sends to page the on-call social
 * worker for a warm handoff, and "Mark received". It is part of the EHR itself, like the chart view, so it reads
 * and writes the engine in-process, with no token: the EHR needs no permission to show its own staff their pages.
 * Updates still carry If-Match, so a page marked received twice answers a conflict, not a silent overwrite.
 */

export const edSocialWorkServiceId = HEALTHCARE_SERVICE_ID.socialWork;
/** What an urgent page's `recipient` says when the ED social worker is to receive it. */
export const edSocialWorkServiceReference = `HealthcareService/${edSocialWorkServiceId}`;
export const careTeamPagePath = '/sandbox/care-team';

export interface CareTeamInboxOptions {
  engine: FhirEngine;
  fhirBaseUrl: string;
  ehrPath: string;
  now?: () => Date;
}

/** A page waiting in the inbox, with the patient's name as the EHR shows it to its own staff. */
export interface InboxItem {
  communication: Communication;
  patientName: string;
}

export interface CareTeamView {
  ehrPath: string;
  items: InboxItem[];
  notice?: { kind: 'done' | 'failed'; sentence: string };
}

export function renderCareTeamInbox(view: CareTeamView): string {
  const notice = view.notice
    ? `<p class="${view.notice.kind === 'done' ? 'notice' : 'problem'}" role="${view.notice.kind === 'done' ? 'status' : 'alert'}">${escapeHtml(view.notice.sentence)}</p>`
    : '';
  const list = view.items.length === 0 ? '<p>No pages waiting.</p>' : `<ul class="referrals">${view.items.map(inboxItem).join('')}</ul>`;
  return sandboxPage(
    'ED social work — pages',
    `<main>
      <p><a href="${escapeHtml(view.ehrPath)}">← Sandbox EHR</a></p>
      <h1>ED social work: pages waiting</h1>
      <p class="muted">Urgent pages sent to <code>${escapeHtml(edSocialWorkServiceReference)}</code> that nobody has marked received yet.</p>
      ${notice}
      ${list}
    </main>`,
  );
}

function inboxItem({ communication, patientName }: InboxItem): string {
  const id = communication.id ?? '';
  const headingId = `communication-${id}`;
  const message = (communication.payload ?? []).flatMap((part) => (part.contentString ? [part.contentString] : [])).join(' ');
  return `<li class="referral" aria-labelledby="${escapeHtml(headingId)}">
    <h2 id="${escapeHtml(headingId)}">${escapeHtml(patientName)} — sent ${escapeHtml(instantText(communication.sent))}</h2>
    <dl>
      <dt>Priority</dt><dd>${escapeHtml(communication.priority ?? 'routine')}</dd>
      ${message ? `<dt>Message</dt><dd>${escapeHtml(message)}</dd>` : ''}
    </dl>
    <p class="muted">Communication/${escapeHtml(id)} · version ${escapeHtml(communication.meta?.versionId ?? 'unknown')}</p>
    <form method="post" action="${careTeamPagePath}" class="action">
      <input type="hidden" name="communication" value="${escapeHtml(id)}">
      <input type="hidden" name="version" value="${escapeHtml(communication.meta?.versionId ?? '')}">
      <button type="submit">Mark received</button>
    </form>
  </li>`;
}

/** The in-progress pages to ED social work, newest first. */
export async function waitingPages(options: CareTeamInboxOptions): Promise<InboxItem[]> {
  const search = new URLSearchParams({ recipient: edSocialWorkServiceReference, status: 'in-progress', _count: '100' });
  const response = await read(options, 'Communication', search);
  const communications = (response.status === 200 ? ((response.body as Bundle<Communication>).entry ?? []) : []).flatMap(({ resource }) =>
    resource ? [resource] : [],
  );
  communications.sort((a, b) => (b.sent ?? '').localeCompare(a.sent ?? ''));
  return Promise.all(communications.map(async (communication) => ({ communication, patientName: await patientName(options, communication) })));
}

async function patientName(options: CareTeamInboxOptions, communication: Communication): Promise<string> {
  const reference = communication.subject?.reference;
  if (reference?.startsWith('Patient/') !== true) return 'No patient named';
  const response = await read(options, reference);
  const name = response.status === 200 ? (response.body as Patient).name?.[0] : undefined;
  return name ? [...(name.given ?? []), name.family ?? ''].join(' ').trim() : reference;
}

/** Sets `received` and completes the page, as of the version the social worker saw (If-Match). */
export async function markReceived(options: CareTeamInboxOptions, id: string, version: string): Promise<NonNullable<CareTeamView['notice']>> {
  const current = await read(options, `Communication/${id}`);
  if (current.status !== 200) return { kind: 'failed', sentence: `Communication/${id} is not in this inbox.` };
  const communication = current.body as Communication;
  if (communication.status !== 'in-progress') return { kind: 'failed', sentence: `This page was already ${communication.status}; nothing was changed.` };
  const received: Communication = { ...communication, status: 'completed', received: (options.now ?? ((): Date => new Date()))().toISOString() };
  const response = await options.engine.handle({
    method: 'PUT',
    path: `Communication/${id}`,
    search: new URLSearchParams(),
    headers: { 'content-type': 'application/fhir+json', 'if-match': `W/"${version}"` },
    body: JSON.stringify(received),
    baseUrl: options.fhirBaseUrl,
  });
  if (response.status === 200 || response.status === 201) return { kind: 'done', sentence: `Communication/${id} marked received.` };
  if (response.status === 409 || response.status === 412) {
    return { kind: 'failed', sentence: 'Someone changed this page after the inbox was loaded, so nothing was saved. Check the inbox again.' };
  }
  return { kind: 'failed', sentence: `The EHR could not mark the page received (HTTP ${String(response.status)}). ${diagnosticsOf(response)}`.trim() };
}

export async function serveCareTeamInbox(options: CareTeamInboxOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'POST') {
    const form = await readForm(req);
    const id = form.get('communication') ?? '';
    const notice = id === '' ? { kind: 'failed' as const, sentence: 'The form did not say which page to mark received.' } : await markReceived(options, id, form.get('version') ?? '');
    sendPage(res, 200, renderCareTeamInbox({ ehrPath: options.ehrPath, items: await waitingPages(options), notice }));
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendPage(res, 405, sandboxPage('Not allowed', '<main><p>Open this page, or mark a page received with its button.</p></main>'));
    return;
  }
  sendPage(res, 200, renderCareTeamInbox({ ehrPath: options.ehrPath, items: await waitingPages(options) }));
}

function read(options: CareTeamInboxOptions, path: string, search = new URLSearchParams()): Promise<FhirHttpResponse> {
  return options.engine.handle({ method: 'GET', path, search, headers: {}, baseUrl: options.fhirBaseUrl });
}

function diagnosticsOf(response: FhirHttpResponse): string {
  const outcome = response.body as Partial<OperationOutcome> | undefined;
  return outcome?.resourceType === 'OperationOutcome' ? (outcome.issue ?? []).map((issue) => issue.diagnostics ?? '').join(' ') : '';
}
