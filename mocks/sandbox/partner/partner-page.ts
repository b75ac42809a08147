import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceRequest, Task } from 'fhir/r4';
import { escapeHtml, sandboxPage } from '../ehr-page';
import { instantText, readForm, sendPage } from '../html-form';
import { partnerPagePath } from './direct-light';
import type { OwnedReferral, PartnerClient, PartnerFailure, PartnerResult } from './partner-client';
import { actionsFor, isPartnerAction, partnerActions, type PartnerAction } from './task-actions';

/**
 * Direct Light's page in the sandbox: the referral Tasks it owns on the EHR, and per Task the answers open to it.
 * Everything on it comes from Direct Light's own client (partner-client.ts), never from the engine directly, so it
 * shows what the EHR lets the partner see. It names no patient: a partner of a trafficking referral needs the
 * referral, not who it is for.
 */

export interface PartnerPageView {
  organizationName: string;
  fhirBaseUrl: string;
  ehrPath: string;
  referrals: PartnerResult<OwnedReferral[]>;
  /** What the last action did, in a sentence. */
  notice?: { kind: 'done' | 'failed'; sentence: string };
}

export function renderPartnerPage(view: PartnerPageView): string {
  const notice = view.notice
    ? `<p class="${view.notice.kind === 'done' ? 'notice' : 'problem'}" role="${view.notice.kind === 'done' ? 'status' : 'alert'}">${escapeHtml(view.notice.sentence)}</p>`
    : '';
  return sandboxPage(
    `${view.organizationName} — referrals`,
    `<main>
      <p><a href="${escapeHtml(view.ehrPath)}">← Sandbox EHR</a></p>
      <h1>${escapeHtml(view.organizationName)}: referrals</h1>
      <p class="muted">A community partner's view of the referral Tasks it owns on the EHR at <code>${escapeHtml(view.fhirBaseUrl)}</code>,
        read and answered with its own SMART Backend Services client. It sees no other organisation's referrals.</p>
      ${notice}
      ${referralList(view.referrals)}
    </main>`,
  );
}

function referralList(referrals: PartnerResult<OwnedReferral[]>): string {
  if (!referrals.ok) return `<p class="problem" role="alert">${escapeHtml(referrals.failure.sentence)}</p>`;
  if (referrals.value.length === 0) return '<p>No referrals for this organisation yet.</p>';
  return `<ul class="referrals">${referrals.value.map(referralItem).join('')}</ul>`;
}

function referralItem({ task, serviceRequest }: OwnedReferral): string {
  const id = task.id ?? '';
  const headingId = `task-${id}`;
  const reason = task.statusReason?.text;
  return `<li class="referral" aria-labelledby="${escapeHtml(headingId)}">
    <h2 id="${escapeHtml(headingId)}">Referral sent ${escapeHtml(instantText(task.authoredOn))}</h2>
    <dl>
      <dt>Status</dt><dd class="status">${escapeHtml(task.status)}</dd>
      ${reason ? `<dt>Reason</dt><dd>${escapeHtml(reason)}</dd>` : ''}
      ${task.lastModified ? `<dt>Last changed</dt><dd>${escapeHtml(instantText(task.lastModified))}</dd>` : ''}
      ${serviceRequest.ok ? referralDetails(serviceRequest.value) : `<dt>Referral</dt><dd>${escapeHtml(serviceRequest.failure.sentence)}</dd>`}
    </dl>
    ${serviceRequest.ok && contactProhibited(serviceRequest.value) ? doNotContact : ''}
    <p class="muted">Task/${escapeHtml(id)} · version ${escapeHtml(task.meta?.versionId ?? 'unknown')}</p>
    ${actionsFor(task.status).map((action) => actionForm(task, action)).join('')}
  </li>`;
}

/** The referral as its neutral display says it: the kind of service and its priority, no patient details. */
function referralDetails(serviceRequest: ServiceRequest): string {
  const what = serviceRequest.code?.text ?? serviceRequest.code?.coding?.[0]?.display ?? 'Referral';
  const to = serviceRequest.performer?.[0]?.display;
  return `<dt>Referral</dt><dd>${escapeHtml(to ? `${what} — ${to}` : what)}</dd>
      <dt>Priority</dt><dd>${escapeHtml(serviceRequest.priority ?? 'routine')}</dd>`;
}

const doNotContact = `<p class="warning"><strong>Do not contact the patient.</strong>
      The referring clinician recorded that contacting the patient is unsafe: wait for the patient or the care team to reach you.</p>`;

function contactProhibited(serviceRequest: ServiceRequest): boolean {
  return (serviceRequest.orderDetail ?? []).some((detail) => detail.coding?.some((coding) => coding.code === 'contacting-subject-prohibited'));
}

function actionForm(task: Task, action: PartnerAction): string {
  const rule = partnerActions[action];
  const reasonField =
    rule.reason === 'none'
      ? ''
      : `<label>Reason (${rule.reason}) <input name="reason" autocomplete="off"${rule.reason === 'required' ? ' required' : ''}></label>`;
  return `<form method="post" action="${partnerPagePath}" class="action">
      <input type="hidden" name="task" value="${escapeHtml(task.id ?? '')}">
      <input type="hidden" name="version" value="${escapeHtml(task.meta?.versionId ?? '')}">
      <input type="hidden" name="action" value="${action}">
      ${reasonField}
      <button type="submit">${escapeHtml(rule.label)}</button>
    </form>`;
}

export interface PartnerPageOptions {
  client: PartnerClient;
  organizationName: string;
  fhirBaseUrl: string;
  ehrPath: string;
}

/** GET shows the referrals; POST applies one action, then shows the referrals as they now stand with what happened. */
export async function servePartnerPage(options: PartnerPageOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const view = { organizationName: options.organizationName, fhirBaseUrl: options.fhirBaseUrl, ehrPath: options.ehrPath };
  if (req.method === 'POST') {
    const notice = await applyPosted(options.client, await readForm(req));
    sendPage(res, 200, renderPartnerPage({ ...view, notice, referrals: await options.client.referrals() }));
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendPage(res, 405, sandboxPage('Not allowed', '<main><p>Open this page, or answer a referral with its buttons.</p></main>'));
    return;
  }
  sendPage(res, 200, renderPartnerPage({ ...view, referrals: await options.client.referrals() }));
}

async function applyPosted(client: PartnerClient, form: URLSearchParams): Promise<NonNullable<PartnerPageView['notice']>> {
  const action = form.get('action');
  const taskId = form.get('task') ?? '';
  if (!isPartnerAction(action) || taskId === '') return { kind: 'failed', sentence: 'The form did not say which referral to change, or how.' };
  const result = await client.act(taskId, form.get('version') ?? '', action, form.get('reason') ?? '');
  return result.ok ? { kind: 'done', sentence: `Task/${taskId} is now ${result.value.status}.` } : failed(result.failure);
}

function failed(failure: PartnerFailure): NonNullable<PartnerPageView['notice']> {
  return { kind: 'failed', sentence: failure.sentence };
}
