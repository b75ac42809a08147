import type { HealthcareService } from 'fhir/r4';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/runtime-config';
import {
  directoryEntryFromHealthcareService,
  directoryFromConfig,
  mergeDirectory,
  nationalHotline,
  orderDirectory,
  recordDisplayOf,
  searchDirectory,
  verificationOf,
} from './directory';
import type { DirectoryEntry } from './referral-types';

const countyShelter: HealthcareService = {
  resourceType: 'HealthcareService',
  id: 'hs-county-shelter',
  active: true,
  providedBy: { reference: 'Organization/org-safe-harbor-shelter' },
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/service-category', code: '18', display: 'Housing/Homelessness' }] }],
  type: [{ coding: [{ system: 'https://lantern.example.org/sandbox/service-type', code: 'shelter', display: 'Shelter' }], text: 'Shelter' }],
  name: 'Safe Harbor emergency shelter',
  telecom: [
    { system: 'phone', value: '555-0142', use: 'work' },
    { system: 'sms', value: '555-0143' },
    { system: 'phone', value: '555-0100', use: 'old' },
  ],
  communication: [
    { coding: [{ system: 'urn:ietf:bcp:47', code: 'en', display: 'English' }] },
    { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] },
    { text: 'Español' },
  ],
  availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }],
};

const legalAid: HealthcareService = {
  resourceType: 'HealthcareService',
  id: 'hs-legal-aid',
  name: 'Survivor legal services',
  category: [{ text: 'Legal' }],
  telecom: [{ system: 'email', value: 'intake@legal-aid.example' }],
  communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: 'vi' }] }, { coding: [{ code: 'not a tag!' }] }],
  availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed', 'fri'], availableStartTime: '09:00:00', availableEndTime: '17:00:00' }],
  availabilityExceptions: 'Closed on public holidays',
};

/** What an EHR with loose data might send: lists that are not lists, text with control characters. */
const malformedButUsable = JSON.parse(
  JSON.stringify({
    resourceType: 'HealthcareService',
    id: 'hs-odd',
    name: '  Drop-in\u0007 centre\n\n(evenings)  ',
    type: 'Drop-in',
    telecom: { system: 'phone', value: '555-0199' },
    communication: null,
    availableTime: [{ daysOfWeek: ['someday'], availableStartTime: 'late' }],
  }),
) as HealthcareService;

const withoutId: HealthcareService = { resourceType: 'HealthcareService', name: 'Nameless id' };
const withBadId: HealthcareService = { resourceType: 'HealthcareService', id: 'has spaces/and slashes', name: 'Bad id' };
const withoutName: HealthcareService = { resourceType: 'HealthcareService', id: 'hs-no-name', name: '   ' };
const inactive: HealthcareService = { resourceType: 'HealthcareService', id: 'hs-closed', name: 'Closed service', active: false };

const configShelter: DirectoryEntry = {
  id: 'config:shelter',
  name: 'Safe Harbor Emergency Shelter',
  serviceType: 'Shelter',
  languages: ['English', 'Spanish'],
  hours: 'Always open',
  contact: 'Call 555 0142 · Text 555 0143',
  source: 'configuration',
};

const configCoalition: DirectoryEntry = {
  id: 'config:coalition',
  name: 'Coalición contra la trata — Sampleton',
  serviceType: 'Anti-trafficking coalition',
  languages: ['Español', 'English', 'Kreyòl ayisyen'],
  contact: 'Call 555-0189',
  source: 'configuration',
};

const serverAdvocates: DirectoryEntry = {
  id: 'HealthcareService/hs-victim-advocate',
  name: 'Community victim advocates',
  serviceType: 'Victim advocate',
  performerReference: 'HealthcareService/hs-victim-advocate',
  languages: ['English', 'Chinese'],
  contact: 'Call 555-0167',
  source: 'server',
};

describe('nationalHotline', () => {
  it('gives every entry a neutral display for the record: its own, else one that says nothing of what it is for', () => {
    expect(recordDisplayOf(nationalHotline)).toBe('Community support line');
    const [unnamed] = directoryFromConfig([{ name: 'Anti-Trafficking Coalition', serviceType: 'Coalition', contact: '555-0177' }]);
    expect(unnamed && recordDisplayOf(unnamed)).toBe('Community support service');
  });

  it('carries the hotline’s numbers, hours and languages, and no FHIR reference', () => {
    expect(nationalHotline).toMatchObject({ id: 'hotline', source: 'national', serviceType: 'Hotline', hours: '24/7' });
    expect(nationalHotline.contact).toBe('Call 1-888-373-7888 · Text 233733 · TTY 711');
    expect(nationalHotline.languages.join(' ')).toMatch(/200\+ languages/);
    expect(nationalHotline.performerReference).toBeUndefined();
  });
});

describe('directoryFromConfig', () => {
  it('reads no directory as an empty one', () => {
    expect(directoryFromConfig(undefined)).toEqual([]);
    expect(directoryFromConfig(null)).toEqual([]);
    expect(directoryFromConfig([])).toEqual([]);
  });

  it('reads entries, tidying their text and numbering those without an id', () => {
    const entries = directoryFromConfig([
      {
        id: 'legal',
        name: '  Legal   aid\tclinic ',
        recordDisplay: ' Partner  service ',
        serviceType: 'Legal aid',
        contact: 'Call 555-0155',
        languages: ['English', ' Spanish ', '', 'English'],
        hours: 'Mon–Fri 9–5',
        performerReference: 'Organization/org-legal',
        code: { system: 'http://snomed.info/sct', code: '306238000', display: 'Referral to social services' },
      },
      { name: 'Shelter line', serviceType: 'Shelter', contact: 'Text 555-0143', hours: '' },
    ]);
    expect(entries).toEqual<DirectoryEntry[]>([
      {
        id: 'config:legal',
        name: 'Legal aid clinic',
        recordDisplay: 'Partner service',
        serviceType: 'Legal aid',
        contact: 'Call 555-0155',
        languages: ['English', 'Spanish'],
        hours: 'Mon–Fri 9–5',
        performerReference: 'Organization/org-legal',
        code: { system: 'http://snomed.info/sct', code: '306238000', display: 'Referral to social services' },
        source: 'configuration',
      },
      { id: 'config:2', name: 'Shelter line', serviceType: 'Shelter', contact: 'Text 555-0143', languages: [], source: 'configuration' },
    ]);
  });

  it('cuts very long text instead of letting it take over the list', () => {
    const [entry] = directoryFromConfig([{ name: 'x'.repeat(5_000), serviceType: 'Shelter', contact: '555-0142' }]);
    expect(entry?.name.length).toBe(200);
    expect(entry?.name.endsWith('…')).toBe(true);
  });

  it('reads hours, time zone, ages, verification day, kind and references', () => {
    const [handoff, shelter] = directoryFromConfig([
      {
        id: 'ed-social-work',
        kind: 'warm-handoff',
        name: 'On-call ED social worker',
        recordDisplay: 'Care team support',
        serviceType: 'Social work',
        contact: 'Page 555-0101',
        recipientReference: 'HealthcareService/hs-ed-social-work',
        availableTime: [{ allDay: true }],
        agesServed: 'all',
        lastVerified: '2026-11-02',
      },
      {
        name: 'Harbor',
        serviceType: 'Shelter',
        contact: '555-0142',
        healthcareServiceReference: 'HealthcareService/hs-county-shelter',
        ownerReference: 'Organization/org-safe-harbor-shelter',
        availableTime: [{ daysOfWeek: ['fri', 'sat'], availableStartTime: '22:00', availableEndTime: '06:00' }],
        timeZone: 'America/Chicago',
        hours: 'Closed on public holidays',
        agesServed: 'adult',
      },
    ]);
    expect(handoff).toEqual<DirectoryEntry>({
      id: 'config:ed-social-work',
      kind: 'warm-handoff',
      name: 'On-call ED social worker',
      recordDisplay: 'Care team support',
      serviceType: 'Social work',
      contact: 'Page 555-0101',
      recipientReference: 'HealthcareService/hs-ed-social-work',
      availableTime: [{ allDay: true }],
      hours: '24/7',
      agesServed: 'all',
      lastVerified: '2026-11-02',
      languages: [],
      source: 'configuration',
    });
    expect(shelter).toMatchObject({
      healthcareServiceReference: 'HealthcareService/hs-county-shelter',
      ownerReference: 'Organization/org-safe-harbor-shelter',
      availableTime: [{ daysOfWeek: ['fri', 'sat'], availableStartTime: '22:00', availableEndTime: '06:00' }],
      timeZone: 'America/Chicago',
      hours: 'Fri, Sat 22:00–06:00 (Closed on public holidays)',
      agesServed: 'adult',
    });
    expect(shelter?.kind).toBeUndefined();
  });

  it.each([
    ['a list that is not a list', { name: 'Shelter' }, /must be a list of services/],
    ['an entry that is not an object', ['Shelter'], /entry 1 .* must be an object/],
    ['an entry without a name', [{ serviceType: 'Shelter', contact: '555-0142' }], /entry 1 .* needs a name/],
    ['an entry without a service type', [{ name: 'Harbor', contact: '555-0142' }], /entry 1 .*\(Harbor\) needs a serviceType/],
    ['an entry without a contact', [{ name: 'Harbor', serviceType: 'Shelter', contact: 42 }], /needs a contact/],
    [
      'two entries with one id',
      [
        { id: 'a', name: 'One', serviceType: 'Shelter', contact: '1' },
        { id: 'a', name: 'Two', serviceType: 'Shelter', contact: '2' },
      ],
      /entry 2 .*\(Two\) repeats the id "a"/,
    ],
    ['a performer that is not a FHIR reference', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', performerReference: 'https://harbor.example' }], /performerReference/],
    ['a performer of the wrong type', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', performerReference: 'Patient/ana' }], /performerReference/],
    ['a kind that is neither', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', kind: 'page' }], /kind other than "referral" or "warm-handoff"/],
    ['a warm handoff with no one to page', [{ name: 'Social work', serviceType: 'Social work', contact: '1', kind: 'warm-handoff' }], /needs a recipientReference/],
    [
      'a recipient of a type that cannot be paged',
      [{ name: 'Social work', serviceType: 'Social work', contact: '1', kind: 'warm-handoff', recipientReference: 'Patient/ana' }],
      /recipientReference that is not "HealthcareService\/<id>", "PractitionerRole\/<id>", "CareTeam\/<id>" or "Organization\/<id>"/,
    ],
    ['a recipient on a referral', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', recipientReference: 'CareTeam/ct-1' }], /only a "warm-handoff" entry/],
    ['an owner that is not an Organization', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', ownerReference: 'HealthcareService/hs-1' }], /ownerReference that is not "Organization\/<id>"/],
    ['a service reference to something else', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', healthcareServiceReference: 'Organization/o' }], /healthcareServiceReference/],
    ['hours without a closing time', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', availableTime: [{ daysOfWeek: ['mon'], availableStartTime: '09:00' }] }], /availableTime/],
    ['hours on an unknown day', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', availableTime: [{ daysOfWeek: ['monday'], allDay: true }] }], /availableTime/],
    ['hours past midnight written as 24:00', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', availableTime: [{ availableStartTime: '18:00', availableEndTime: '24:00' }] }], /availableTime/],
    ['hours that are text', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', availableTime: '9 to 5' }], /availableTime/],
    ['an unknown time zone', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', timeZone: 'Central' }], /IANA time zone/],
    ['ages served in other words', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', agesServed: 'children' }], /agesServed/],
    ['a verification day that does not exist', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', lastVerified: '2026-02-30' }], /lastVerified/],
    ['a verification day in another format', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', lastVerified: '03/04/2026' }], /YYYY-MM-DD/],
    ['languages that are not names', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', languages: 'English' }], /languages/],
    ['a code without a system', [{ name: 'Harbor', serviceType: 'Shelter', contact: '1', code: { code: '306238000' } }], /referral code/],
  ])('rejects %s with a ConfigError that says what to fix', (_case, entries, message) => {
    expect(() => directoryFromConfig(entries)).toThrow(ConfigError);
    expect(() => directoryFromConfig(entries)).toThrow(message);
  });
});

describe('directoryEntryFromHealthcareService', () => {
  it('maps name, type, reference, languages, hours and current contact points', () => {
    expect(directoryEntryFromHealthcareService(countyShelter)).toEqual<DirectoryEntry>({
      id: 'HealthcareService/hs-county-shelter',
      name: 'Safe Harbor emergency shelter',
      serviceType: 'Shelter',
      performerReference: 'HealthcareService/hs-county-shelter',
      ownerReference: 'Organization/org-safe-harbor-shelter',
      languages: ['English', 'Spanish', 'Español'],
      availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }],
      hours: '24/7',
      contact: 'Call 555-0142 · Text 555-0143',
      source: 'server',
    });
  });

  it('falls back to the category, language codes and other contact kinds', () => {
    expect(directoryEntryFromHealthcareService(legalAid)).toMatchObject({
      serviceType: 'Legal',
      languages: ['Vietnamese', 'not a tag!'],
      hours: 'Mon–Wed, Fri 09:00–17:00 (Closed on public holidays)',
      contact: 'Email intake@legal-aid.example',
    });
  });

  it('keeps what it can of a malformed service, as plain text', () => {
    expect(directoryEntryFromHealthcareService(malformedButUsable)).toEqual<DirectoryEntry>({
      id: 'HealthcareService/hs-odd',
      name: 'Drop-in centre (evenings)',
      serviceType: 'Community service',
      performerReference: 'HealthcareService/hs-odd',
      languages: [],
      contact: 'No contact details on record',
      source: 'server',
    });
  });

  it('reads the verification day from meta.lastUpdated and the owner from providedBy', () => {
    const entry = directoryEntryFromHealthcareService({ ...countyShelter, meta: { lastUpdated: '2025-06-30T23:30:00-05:00' } });
    expect(entry).toMatchObject({ lastVerified: '2025-06-30', ownerReference: 'Organization/org-safe-harbor-shelter' });
    const odd = directoryEntryFromHealthcareService({ ...countyShelter, meta: { lastUpdated: 'yesterday' }, providedBy: { reference: 'https://elsewhere.example/Organization/1' } });
    expect(odd).not.toHaveProperty('lastVerified');
    expect(odd).not.toHaveProperty('ownerReference');
  });

  it.each<[string, HealthcareService['eligibility'], string | undefined]>([
    ['youth words in the text', [{ code: { text: 'Youth under 18' } }], 'youth'],
    ['a coding display for minors', [{ code: { coding: [{ system: 'https://example.org/eligibility', code: 'x1', display: 'Minors only' }] } }], 'youth'],
    ['adults', [{ code: { text: 'Adults (18+)' } }], 'adult'],
    ['both', [{ code: { text: 'Adults' } }, { code: { text: 'Adolescents' } }], 'all'],
    ['all ages', [{ code: { text: 'All ages welcome' } }], 'all'],
    ['accents and case', [{ code: { text: 'PÉDIATRIC care' } }], 'youth'],
    ['words that are not ages', [{ code: { text: 'Insured patients' } }], undefined],
    ['nothing', undefined, undefined],
  ])('reads ages served from eligibility: %s', (_case, eligibility, expected) => {
    const entry = directoryEntryFromHealthcareService({ ...legalAid, ...(eligibility ? { eligibility } : {}) });
    expect(entry?.agesServed).toBe(expected);
  });

  it('keeps the server’s usable hours and drops the rest', () => {
    expect(directoryEntryFromHealthcareService(legalAid)?.availableTime).toEqual([
      { daysOfWeek: ['mon', 'tue', 'wed', 'fri'], availableStartTime: '09:00:00', availableEndTime: '17:00:00' },
    ]);
    expect(directoryEntryFromHealthcareService(malformedButUsable)).not.toHaveProperty('availableTime');
  });

  it.each([
    ['no id', withoutId],
    ['an id that is not a FHIR id', withBadId],
    ['a blank name', withoutName],
    ['active: false', inactive],
  ])('leaves out a service with %s', (_case, service) => {
    expect(directoryEntryFromHealthcareService(service)).toBeUndefined();
  });
});

describe('mergeDirectory', () => {
  const serverShelter = directoryEntryFromHealthcareService(countyShelter);
  if (!serverShelter) throw new Error('fixture does not map');

  it('puts the hotline first, then configuration, then the server', () => {
    expect(mergeDirectory([configCoalition], [serverAdvocates]).map((entry) => entry.id)).toEqual([
      'hotline',
      'config:coalition',
      'HealthcareService/hs-victim-advocate',
    ]);
    expect(mergeDirectory([], [])).toEqual([nationalHotline]);
  });

  it('keeps one copy of a partner listed in both, with its configured wording and the server’s reference', () => {
    const merged = mergeDirectory([configShelter, configCoalition], [serverShelter, serverAdvocates]);
    expect(merged.map((entry) => entry.id)).toEqual(['hotline', 'config:shelter', 'config:coalition', 'HealthcareService/hs-victim-advocate']);
    expect(merged[1]).toEqual({
      ...configShelter,
      performerReference: 'HealthcareService/hs-county-shelter',
      ownerReference: 'Organization/org-safe-harbor-shelter',
    });
  });

  it('drops a second entry for the same FHIR service and a configured copy of the hotline', () => {
    const renamed: DirectoryEntry = { ...serverAdvocates, id: 'config:advocates', name: 'Advocates (county)', source: 'configuration' };
    const hotlineCopy: DirectoryEntry = { ...nationalHotline, id: 'config:hotline', name: 'national human trafficking hotline', source: 'configuration' };
    const merged = mergeDirectory([renamed, hotlineCopy], [serverAdvocates]);
    expect(merged.map((entry) => entry.id)).toEqual(['hotline', 'config:advocates']);
  });
});

describe('mergeDirectory: one entry per service', () => {
  const serverSocialWork: DirectoryEntry = {
    id: 'HealthcareService/hs-ed-social-work',
    name: 'Emergency department social work',
    serviceType: 'Social work',
    performerReference: 'HealthcareService/hs-ed-social-work',
    ownerReference: 'Organization/org-hospital',
    languages: ['English', 'Spanish'],
    availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], availableStartTime: '07:00:00', availableEndTime: '23:00:00' }],
    hours: 'Every day 07:00–23:00',
    lastVerified: '2024-01-10',
    contact: 'Call 555-0120',
    source: 'server',
  };
  const [onCall] = directoryFromConfig([
    {
      id: 'ed-social-work',
      kind: 'warm-handoff',
      name: 'On-call ED social worker',
      recordDisplay: 'Care team support',
      serviceType: 'Social work',
      contact: 'Page through the operator',
      recipientReference: 'HealthcareService/hs-ed-social-work',
      availableTime: [{ allDay: true }],
      lastVerified: '2026-11-02',
    },
  ]);
  if (!onCall) throw new Error('fixture does not parse');

  it('merges a warm handoff with the server’s copy of its recipient: configured fields win, the server fills the rest', () => {
    const merged = mergeDirectory([onCall], [serverSocialWork]);
    expect(merged.map((entry) => entry.id)).toEqual(['hotline', 'config:ed-social-work']);
    expect(merged[1]).toEqual<DirectoryEntry>({
      id: 'config:ed-social-work',
      kind: 'warm-handoff',
      name: 'On-call ED social worker',
      recordDisplay: 'Care team support',
      serviceType: 'Social work',
      contact: 'Page through the operator',
      recipientReference: 'HealthcareService/hs-ed-social-work',
      performerReference: 'HealthcareService/hs-ed-social-work',
      ownerReference: 'Organization/org-hospital',
      languages: ['English', 'Spanish'],
      availableTime: [{ allDay: true }],
      hours: '24/7',
      lastVerified: '2026-11-02',
      source: 'configuration',
    });
  });

  it('finds the server’s copy by a configured healthcareServiceReference, and takes its hours whole when none are configured', () => {
    const [named] = directoryFromConfig([
      { name: 'ED social work (days)', serviceType: 'Social work', contact: 'Call 555-0120', languages: ['Tagalog'], healthcareServiceReference: 'HealthcareService/hs-ed-social-work' },
    ]);
    if (!named) throw new Error('fixture does not parse');
    const [merged] = mergeDirectory([named], [serverSocialWork]).slice(1);
    expect(merged).toMatchObject({
      id: 'config:1',
      languages: ['Tagalog'],
      availableTime: serverSocialWork.availableTime,
      hours: 'Every day 07:00–23:00',
      lastVerified: '2024-01-10',
      performerReference: 'HealthcareService/hs-ed-social-work',
    });
  });

  it('keeps configured hours whole, even as words only', () => {
    const [byAppointment] = directoryFromConfig([
      { name: 'Social work', serviceType: 'Social work', contact: '555-0120', hours: 'By appointment', healthcareServiceReference: 'HealthcareService/hs-ed-social-work' },
    ]);
    if (!byAppointment) throw new Error('fixture does not parse');
    const [merged] = mergeDirectory([byAppointment], [serverSocialWork]).slice(1);
    expect(merged?.hours).toBe('By appointment');
    expect(merged).not.toHaveProperty('availableTime');
  });

  it('does not merge two services of one organisation', () => {
    const [first, second] = directoryFromConfig([
      { name: 'Legal aid: immigration', serviceType: 'Legal aid', contact: '555-0155', performerReference: 'Organization/org-legal' },
      { name: 'Legal aid: wages', serviceType: 'Legal aid', contact: '555-0156', performerReference: 'Organization/org-legal' },
    ]);
    expect(mergeDirectory([first, second].filter((entry): entry is DirectoryEntry => entry !== undefined), [])).toHaveLength(3);
  });

  it('keeps the hotline once and as it is', () => {
    const copy: DirectoryEntry = { ...nationalHotline, id: 'config:hotline', recordDisplay: 'Hotline', source: 'configuration' };
    const merged = mergeDirectory([copy], [{ ...copy, id: 'HealthcareService/hotline', source: 'server' }]);
    expect(merged).toEqual([nationalHotline]);
  });
});

describe('the sandbox’s development directory', () => {
  const devConfig = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../mocks/sandbox/lantern.dev.config.json'), 'utf8')) as { directory: unknown };

  it('has one warm handoff, the on-call ED social worker, which merges with the server’s ED social work', () => {
    const configured = directoryFromConfig(devConfig.directory);
    expect(configured).toMatchObject([{ kind: 'warm-handoff', name: 'On-call ED social worker', recipientReference: 'HealthcareService/hs-ed-social-work', hours: '24/7' }]);
    const server = directoryEntryFromHealthcareService({
      resourceType: 'HealthcareService',
      id: 'hs-ed-social-work',
      active: true,
      providedBy: { reference: 'Organization/org-hospital' },
      name: 'Emergency department social work',
      telecom: [{ system: 'phone', value: '555-0120' }],
      availableTime: [{ availableStartTime: '07:00:00', availableEndTime: '23:00:00' }],
    });
    const merged = mergeDirectory(configured, server ? [server] : []);
    expect(merged.map((entry) => entry.id)).toEqual(['hotline', 'config:ed-social-work-on-call']);
    expect(merged[1]).toMatchObject({ name: 'On-call ED social worker', hours: '24/7', ownerReference: 'Organization/org-hospital' });
    expect(merged[1] && recordDisplayOf(merged[1])).toBe('Care team support');
  });
});

describe('verificationOf', () => {
  const now = new Date('2026-12-06T03:00:00Z');
  const verified = (lastVerified?: string): DirectoryEntry => ({ ...configCoalition, ...(lastVerified ? { lastVerified } : {}) });

  it.each([
    ['verified today', '2026-12-06', { status: 'current' }],
    ['exactly a year ago', '2025-12-06', { status: 'current' }],
    ['a year and a day ago', '2025-12-05', { status: 'stale', lastVerified: '2025-12-05' }],
    ['never said', undefined, { status: 'no-date' }],
  ])('%s', (_case, lastVerified, expected) => {
    expect(verificationOf(verified(lastVerified), now, 365)).toEqual(expected);
  });

  it('honours a shorter period, and never marks the hotline', () => {
    expect(verificationOf(verified('2026-08-01'), now, 90)).toEqual({ status: 'stale', lastVerified: '2026-08-01' });
    expect(verificationOf(nationalHotline, now, 1)).toEqual({ status: 'current' });
  });
});

describe('orderDirectory', () => {
  // Monday 2026-03-02, 21:00 in Chicago: the day services are closed, the overnight ones open.
  const evening = new Date('2026-03-03T03:00:00Z');
  const entry = (id: string, fields: Partial<DirectoryEntry>): DirectoryEntry => ({
    id,
    name: id,
    serviceType: 'Service',
    languages: [],
    contact: id,
    source: 'configuration',
    ...fields,
  });
  const daytimeAdult = entry('daytime-adult', { agesServed: 'adult', availableTime: [{ daysOfWeek: ['mon'], availableStartTime: '09:00', availableEndTime: '17:00' }] });
  const unknownHours = entry('unknown-hours', {});
  const overnightYouth = entry('overnight-youth', { agesServed: 'youth', availableTime: [{ availableStartTime: '20:00', availableEndTime: '08:00' }] });
  const allAgesAlwaysOpen = entry('always-all', { agesServed: 'all', availableTime: [{ allDay: true }] });
  const list = [nationalHotline, daytimeAdult, unknownHours, overnightYouth, allAgesAlwaysOpen];
  const ids = (entries: DirectoryEntry[]): string[] => entries.map((item) => item.id);
  const order = { now: evening, timeZone: 'America/Chicago' };

  it('keeps the merged order when nothing asks otherwise', () => {
    expect(ids(orderDirectory(list, { ...order, youthFirst: false, openNowFirst: false }))).toEqual(ids(list));
  });

  it('puts youth services first for a minor, adults only last', () => {
    expect(ids(orderDirectory(list, { ...order, youthFirst: true, openNowFirst: false }))).toEqual([
      'hotline',
      'overnight-youth',
      'always-all',
      'unknown-hours',
      'daytime-adult',
    ]);
  });

  it('puts those open now first in immediate danger, then unknown hours, then closed', () => {
    expect(ids(orderDirectory(list, { ...order, youthFirst: false, openNowFirst: true }))).toEqual([
      'hotline',
      'overnight-youth',
      'always-all',
      'unknown-hours',
      'daytime-adult',
    ]);
  });

  it('orders by open now, then by age, for a minor in immediate danger', () => {
    const youthClosed = entry('youth-closed', { agesServed: 'youth', availableTime: [{ daysOfWeek: ['tue'], allDay: true }] });
    expect(ids(orderDirectory([youthClosed, allAgesAlwaysOpen, overnightYouth, nationalHotline], { ...order, youthFirst: true, openNowFirst: true }))).toEqual([
      'hotline',
      'overnight-youth',
      'always-all',
      'youth-closed',
    ]);
  });
});

describe('searchDirectory', () => {
  const directory = mergeDirectory([configShelter, configCoalition], [serverAdvocates]);
  const ids = (entries: DirectoryEntry[]): string[] => entries.map((entry) => entry.id);

  it('shows everything for an empty query', () => {
    expect(ids(searchDirectory(directory, '   '))).toEqual(ids(directory));
  });

  it('ignores case and accents, and matches every word', () => {
    expect(ids(searchDirectory(directory, 'COALICION trata'))).toEqual(['hotline', 'config:coalition']);
    expect(ids(searchDirectory(directory, 'kreyol'))).toEqual(['hotline', 'config:coalition']);
    expect(ids(searchDirectory(directory, 'shelter spanish'))).toEqual(['hotline', 'config:shelter']);
    expect(ids(searchDirectory(directory, 'shelter chinese'))).toEqual(['hotline']);
  });

  it('searches service types and languages', () => {
    expect(ids(searchDirectory(directory, 'advocate'))).toEqual(['hotline', 'HealthcareService/hs-victim-advocate']);
    expect(ids(searchDirectory(directory, 'chinese'))).toEqual(['hotline', 'HealthcareService/hs-victim-advocate']);
  });

  it('filters by service type and language', () => {
    expect(ids(searchDirectory(directory, '', { serviceType: 'shelter' }))).toEqual(['hotline', 'config:shelter']);
    expect(ids(searchDirectory(directory, '', { language: 'espanol' }))).toEqual(['hotline', 'config:coalition']);
    expect(ids(searchDirectory(directory, 'sampleton', { language: 'English', serviceType: 'Shelter' }))).toEqual(['hotline']);
  });

  it('never filters out the hotline', () => {
    expect(ids(searchDirectory(directory, 'nothing matches this'))).toEqual(['hotline']);
  });
});
