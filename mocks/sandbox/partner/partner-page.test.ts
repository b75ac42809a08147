import type { ServiceRequest, Task } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { partnerFailure } from './partner-client';
import { renderPartnerPage, type PartnerPageView } from './partner-page';

const task: Task = {
  resourceType: 'Task',
  id: 'task-1',
  meta: { versionId: '3' },
  status: 'on-hold',
  statusReason: { text: '<script>alert(1)</script> & waiting' },
  intent: 'order',
  authoredOn: '2026-12-01T10:00:00Z',
  lastModified: '2026-12-02T08:15:00Z',
  focus: { reference: 'ServiceRequest/sr-1' },
};

const serviceRequest: ServiceRequest = {
  resourceType: 'ServiceRequest',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/ana-ruiz' },
  code: { coding: [{ display: 'Referral to social services' }] },
  performer: [{ display: 'Victim "advocate" <services>' }],
  priority: 'urgent',
  orderDetail: [{ coding: [{ code: 'contacting-subject-prohibited' }] }],
};

const view: PartnerPageView = {
  organizationName: 'Direct Light (sandbox)',
  fhirBaseUrl: 'http://localhost:5173/sandbox/fhir',
  ehrPath: '/sandbox/ehr',
  referrals: { ok: true, value: [{ task, serviceRequest: { ok: true, value: serviceRequest } }] },
};

describe('the partner page', () => {
  it('escapes everything the EHR holds', () => {
    const html = renderPartnerPage(view);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; waiting');
    expect(html).toContain('Referral to social services — Victim &#34;advocate&#34; &#60;services&#62;');
  });

  it('shows when it was sent, its status, and the answers open from that status with the version they answer', () => {
    const html = renderPartnerPage(view);
    expect(html).toContain('Referral sent 2026-12-01 10:00 UTC');
    expect(html).toContain('<dd class="status">on-hold</dd>');
    expect(html).toContain('Last changed</dt><dd>2026-12-02 08:15 UTC');
    expect(html.match(/<button type="submit">[^<]+<\/button>/g)).toEqual([
      '<button type="submit">Set in progress</button>',
      '<button type="submit">Mark failed</button>',
      '<button type="submit">Cancel</button>',
    ]);
    expect(html).toContain('<input type="hidden" name="version" value="3">');
    expect(html).toMatch(/Reason \(required\) <input name="reason" autocomplete="off" required>/);
  });

  it('says not to contact the patient when the referral prohibits it, and names no patient', () => {
    const html = renderPartnerPage(view);
    expect(html).toContain('Do not contact the patient.');
    expect(html).not.toContain('ana-ruiz');
    const allowed = renderPartnerPage({ ...view, referrals: { ok: true, value: [{ task, serviceRequest: { ok: true, value: { ...serviceRequest, orderDetail: [] } } }] } });
    expect(allowed).not.toContain('Do not contact the patient.');
  });

  it('puts a failure in plain words, as an alert', () => {
    const html = renderPartnerPage({ ...view, notice: { kind: 'failed', sentence: partnerFailure('conflict').sentence } });
    expect(html).toContain('<p class="problem" role="alert">Someone changed this referral after this page was loaded, so nothing was saved.');
    const refused = renderPartnerPage({ ...view, referrals: { ok: false, failure: partnerFailure('token-refused', '(invalid_client)') } });
    expect(refused).toContain('The EHR refused Direct Light’s sign-in. (invalid_client)');
  });
});
