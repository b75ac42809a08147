import type { Bundle, OperationOutcome, Task } from 'fhir/r4';
import type { FhirEngine, FhirHttpRequest } from './fhir-engine';

/**
 * What a token bound to one organisation (a community partner's backend client) may reach on the EHR's FHIR base,
 * whatever its scopes say: the Tasks that organisation owns, and the ServiceRequests those Tasks focus. Nothing else,
 * and nothing through a side door (Bundles, history, operations, `_include`, chained or reverse-chained searches).
 *
 * The rules, in the order they are checked:
 * 1. A Bundle, a history or version path, an operation, and a search that includes, reverse-includes, chains or uses
 *    `_has` are refused (403): each could return resources outside the organisation's Tasks.
 * 2. A Task search is held to `owner=<organisation>`; one that names another owner is refused (403). POST `_search`
 *    is refused, so the constraint has one place to live.
 * 3. A Task read, update or delete of a Task the organisation does not own answers 404, as for a Task that does not
 *    exist: a partner learns nothing of other partners' referrals.
 * 4. An update may not change who the Task is for, what it is about, who asked, who owns it, its intent or its
 *    security labels (403): those are the referrer's; the receiver answers with status, reason and dates.
 *    A JSON Patch is refused (403): the whole Task is sent, so rule 4 can be checked on it.
 * 5. A Task create must name the organisation as owner (403).
 * 6. A ServiceRequest may be read only when one of the organisation's Tasks focuses it (404 otherwise); searching
 *    ServiceRequests is refused (403).
 * 7. Every other resource type is refused (403).
 */

export type OrganizationDecision =
  | { kind: 'allowed'; request: FhirHttpRequest }
  | { kind: 'refused'; status: 403 | 404; outcome: OperationOutcome };

/** The fields of a Task that belong to whoever sent it; the receiving organisation leaves them as they are. */
export const referrerTaskFields = ['for', 'focus', 'requester', 'owner', 'intent', 'meta.security'] as const;
type ReferrerTaskField = (typeof referrerTaskFields)[number];

const sideDoorParameter = /^(_include|_revinclude|_has|_contained|_containedType)(:|$)|\./;

export async function organizationDecision(organization: string, request: FhirHttpRequest, engine: FhirEngine): Promise<OrganizationDecision> {
  const [resourceType = '', id, ...rest] = request.path.split('/');
  const sideDoor = [...request.search.keys()].find((name) => sideDoorParameter.test(name));
  if (resourceType === '' || resourceType.startsWith('$') || rest.length > 0 || id?.startsWith('$') === true) {
    return forbidden(`A token for ${organization} reaches its Tasks one at a time: no Bundles, history or operations.`);
  }
  if (sideDoor !== undefined) {
    return forbidden(`A token for ${organization} may not search with ${sideDoor}: it could reach beyond the organisation's Tasks.`);
  }
  if (resourceType === 'Task') return taskDecision(organization, request, id, engine);
  if (resourceType === 'ServiceRequest') return serviceRequestDecision(organization, request, id, engine);
  return forbidden(`A token for ${organization} reaches only the Tasks it owns and the ServiceRequests they focus, not ${resourceType}.`);
}

async function taskDecision(organization: string, request: FhirHttpRequest, id: string | undefined, engine: FhirEngine): Promise<OrganizationDecision> {
  if (id === undefined || id === '') {
    if (request.method === 'GET') return ownedTaskSearch(organization, request);
    if (request.method === 'POST') return newTaskDecision(organization, request);
    return { kind: 'allowed', request };
  }
  if (id === '_search') return forbidden('Search Tasks with GET, so the search can be held to the organisation’s own Tasks.');
  const current = await readTask(engine, request.baseUrl, id);
  if (current === undefined || !ownedBy(current, organization, request.baseUrl)) return notFound(`Task/${id}`);
  if (request.method === 'PATCH') return forbidden('Send the whole Task with PUT: a patch cannot be checked for fields the referrer owns.');
  if (request.method !== 'PUT') return { kind: 'allowed', request };
  const changed = changedReferrerFields(current, parseJson(request.body));
  if (changed.length > 0) {
    return forbidden(`${organization} may update a Task’s status, reason and dates, not its ${changed.join(', ')}.`);
  }
  return { kind: 'allowed', request };
}

function ownedTaskSearch(organization: string, request: FhirHttpRequest): OrganizationDecision {
  const asked = request.search.getAll('owner');
  if (asked.some((owner) => normalize(owner, request.baseUrl) !== organization)) {
    return forbidden(`A token for ${organization} searches only the Tasks it owns, not those of ${asked.join(', ')}.`);
  }
  const search = new URLSearchParams(request.search);
  search.set('owner', organization);
  return { kind: 'allowed', request: { ...request, search } };
}

function newTaskDecision(organization: string, request: FhirHttpRequest): OrganizationDecision {
  const task = parseJson(request.body);
  if (isTask(task) && !ownedBy(task, organization, request.baseUrl)) {
    return forbidden(`A token for ${organization} may create only Tasks that ${organization} owns.`);
  }
  return { kind: 'allowed', request };
}

async function serviceRequestDecision(
  organization: string,
  request: FhirHttpRequest,
  id: string | undefined,
  engine: FhirEngine,
): Promise<OrganizationDecision> {
  if (request.method !== 'GET' || id === undefined || id === '' || id === '_search') {
    return forbidden(`A token for ${organization} may only read the ServiceRequests its Tasks focus, one at a time.`);
  }
  const tasks = await engine.handle({
    method: 'GET',
    path: 'Task',
    search: new URLSearchParams({ owner: organization, focus: `ServiceRequest/${id}`, _count: '1' }),
    headers: {},
    baseUrl: request.baseUrl,
  });
  const found = tasks.status === 200 && ((tasks.body as Bundle | undefined)?.entry?.length ?? 0) > 0;
  return found ? { kind: 'allowed', request } : notFound(`ServiceRequest/${id}`);
}

async function readTask(engine: FhirEngine, baseUrl: string, id: string): Promise<Task | undefined> {
  const response = await engine.handle({ method: 'GET', path: `Task/${id}`, search: new URLSearchParams(), headers: {}, baseUrl });
  return response.status === 200 && isTask(response.body) ? response.body : undefined;
}

/** The referrer's fields the update would change (none when the body is not a Task: the engine answers that itself). */
export function changedReferrerFields(current: Task, update: unknown): ReferrerTaskField[] {
  if (!isTask(update)) return [];
  return referrerTaskFields.filter((field) => canonical(fieldOf(current, field)) !== canonical(fieldOf(update, field)));
}

function fieldOf(task: Task, field: ReferrerTaskField): unknown {
  return field === 'meta.security' ? task.meta?.security : task[field];
}

/** JSON with sorted keys, so the same value written in another key order compares equal; wrapped, so an absent field is `[null]`. */
function canonical(value: unknown): string {
  return JSON.stringify([value], (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

function ownedBy(task: Task, organization: string, baseUrl: string): boolean {
  return normalize(task.owner?.reference ?? '', baseUrl) === organization;
}

/** `Organization/x` from `Organization/x` or `<this base>/Organization/x`. */
function normalize(reference: string, baseUrl: string): string {
  const base = `${baseUrl.replace(/\/+$/, '')}/`;
  return reference.startsWith(base) ? reference.slice(base.length) : reference;
}

function isTask(value: unknown): value is Task {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'Task';
}

function parseJson(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    return undefined; // The engine answers malformed JSON with its own 400.
  }
}

function forbidden(diagnostics: string): OrganizationDecision {
  return { kind: 'refused', status: 403, outcome: outcomeOf('forbidden', diagnostics) };
}

function notFound(reference: string): OrganizationDecision {
  return { kind: 'refused', status: 404, outcome: outcomeOf('not-found', `${reference} is not among this organisation’s referrals.`) };
}

function outcomeOf(code: 'forbidden' | 'not-found', diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics, details: { text: diagnostics } }] };
}
