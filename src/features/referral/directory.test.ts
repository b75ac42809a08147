import type { HealthcareService, HealthcareServiceAvailableTime } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/runtime-config';
import {
  directoryEntryFromHealthcareService,
  directoryFromConfig,
  mergeDirectory,
  nationalHotline,
  recordDisplayOf,
  searchDirectory,
} from './directory';
import { hoursText } from './opening-hours';
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

  it.each([
    ['no id', withoutId],
    ['an id that is not a FHIR id', withBadId],
    ['a blank name', withoutName],
    ['active: false', inactive],
  ])('leaves out a service with %s', (_case, service) => {
    expect(directoryEntryFromHealthcareService(service)).toBeUndefined();
  });
});

const hoursCases: [string, HealthcareServiceAvailableTime[], string | undefined][] = [
  ['all day, no days', [{ allDay: true }], '24/7'],
  ['weekend, all day', [{ daysOfWeek: ['sat', 'sun'], allDay: true }], 'Sat, Sun all day'],
  [
    'weekdays and Saturday',
    [
      { daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'], availableStartTime: '08:00:00', availableEndTime: '20:00:00' },
      { daysOfWeek: ['sat'], availableStartTime: '10:00', availableEndTime: '16:00' },
    ],
    'Mon–Fri 08:00–20:00; Sat 10:00–16:00',
  ],
  ['scattered days, no closing time', [{ daysOfWeek: ['sun', 'mon', 'wed'], availableStartTime: '07:00:00' }], 'Mon, Wed, Sun 07:00–?'],
  [
    'every day',
    [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], availableStartTime: '07:00:00', availableEndTime: '23:00:00' }],
    'Every day 07:00–23:00',
  ],
  ['nothing', [], undefined],
];

describe('hoursText', () => {
  it.each(hoursCases)('%s', (_case, times, expected) => {
    expect(hoursText(times)).toBe(expected);
  });

  it('shows the exceptions alone when there are no hours', () => {
    expect(hoursText([], 'By appointment')).toBe('By appointment');
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
