import type { HealthcareServiceAvailableTime } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { hoursText, isAlwaysOpen, isOpenNow, isTimeZone, type OpenNow } from './opening-hours';

const chicago = 'America/Chicago';

const weekdayOffice: HealthcareServiceAvailableTime[] = [
  { daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'], availableStartTime: '09:00:00', availableEndTime: '17:00:00' },
];
const nightShelter: HealthcareServiceAvailableTime[] = [{ daysOfWeek: ['fri', 'sat'], availableStartTime: '22:00', availableEndTime: '06:00' }];
const earlyHours: HealthcareServiceAvailableTime[] = [{ daysOfWeek: ['sun'], availableStartTime: '01:00', availableEndTime: '04:00' }];

/** An instant given as UTC, so each case says exactly which moment it means. */
const at = (iso: string): Date => new Date(iso);

describe('isOpenNow', () => {
  const cases: [string, HealthcareServiceAvailableTime[] | undefined, string, string, OpenNow][] = [
    // Monday 2026-03-02: Chicago is UTC-6 (CST).
    ['inside weekday hours', weekdayOffice, '2026-03-02T17:00:00Z', chicago, 'open'],
    ['at the opening minute', weekdayOffice, '2026-03-02T15:00:00Z', chicago, 'open'],
    ['at the closing minute (closed)', weekdayOffice, '2026-03-02T23:00:00Z', chicago, 'closed'],
    ['a minute before closing', weekdayOffice, '2026-03-02T22:59:00Z', chicago, 'open'],
    // 2026-03-03T03:00Z is Monday 21:00 in Chicago but already Tuesday in UTC: the wall clock decides.
    ['Monday evening in Chicago, Tuesday in UTC', weekdayOffice, '2026-03-03T03:00:00Z', chicago, 'closed'],
    ['the same instant read in Tokyo (Tuesday noon)', weekdayOffice, '2026-03-03T03:00:00Z', 'Asia/Tokyo', 'open'],
    ['Saturday', weekdayOffice, '2026-03-07T18:00:00Z', chicago, 'closed'],
    // Overnight slots run past midnight into the next day.
    ['Friday 23:59, overnight slot', nightShelter, '2026-03-07T05:59:00Z', chicago, 'open'],
    ['Saturday 00:00, carried over from Friday', nightShelter, '2026-03-07T06:00:00Z', chicago, 'open'],
    ['Saturday 05:59, carried over from Friday', nightShelter, '2026-03-07T11:59:00Z', chicago, 'open'],
    ['Saturday 06:00, closed', nightShelter, '2026-03-07T12:00:00Z', chicago, 'closed'],
    ['Friday 00:30, Thursday has no slot', nightShelter, '2026-03-06T06:30:00Z', chicago, 'closed'],
    // DST in Chicago begins Sunday 2026-03-08 at 02:00 CST → 03:00 CDT.
    ['DST day, 01:30 CST', earlyHours, '2026-03-08T07:30:00Z', chicago, 'open'],
    ['DST day, 03:30 CDT (one hour after 01:30 CST)', earlyHours, '2026-03-08T08:30:00Z', chicago, 'open'],
    ['DST day, 04:00 CDT, closed', earlyHours, '2026-03-08T09:00:00Z', chicago, 'closed'],
    // DST ends Sunday 2026-11-01: 01:00–02:00 happens twice.
    ['second 01:30 of the fall-back night', earlyHours, '2026-11-01T07:30:00Z', chicago, 'open'],
    ['summer weekday hours follow CDT (UTC-5)', weekdayOffice, '2026-07-06T14:00:00Z', chicago, 'open'],
    ['summer 08:59 CDT, closed', weekdayOffice, '2026-07-06T13:59:00Z', chicago, 'closed'],
    ['24/7', [{ allDay: true }], '2026-03-08T08:30:00Z', chicago, 'open'],
    ['all day on listed days only', [{ daysOfWeek: ['sat', 'sun'], allDay: true }], '2026-03-02T15:00:00Z', chicago, 'closed'],
    ['no hours at all', undefined, '2026-03-02T15:00:00Z', chicago, 'hours-not-listed'],
    ['an empty list', [], '2026-03-02T15:00:00Z', chicago, 'hours-not-listed'],
    ['a slot without a closing time', [{ daysOfWeek: ['mon'], availableStartTime: '09:00' }], '2026-03-02T15:00:00Z', chicago, 'hours-not-listed'],
    [
      'closed on a weekday evening; an incomplete Saturday slot cannot reach Monday',
      [...weekdayOffice, { daysOfWeek: ['sat'], availableStartTime: '10:00' }],
      '2026-03-03T03:00:00Z',
      chicago,
      'closed',
    ],
    [
      'an incomplete Sunday slot may run into Monday',
      [...weekdayOffice, { daysOfWeek: ['sun'], availableStartTime: '22:00' }],
      '2026-03-02T07:00:00Z',
      chicago,
      'hours-not-listed',
    ],
    [
      'a complete slot open now beside an incomplete one',
      [...weekdayOffice, { daysOfWeek: ['sat'], availableStartTime: '10:00' }],
      '2026-03-02T15:00:00Z',
      chicago,
      'open',
    ],
  ];
  it.each(cases)('%s', (_case, availableTime, now, timeZone, expected) => {
    expect(isOpenNow(availableTime ? { availableTime } : {}, at(now), timeZone)).toBe(expected);
  });

  it('reads the entry’s own time zone before the clinic’s', () => {
    const entry = { availableTime: weekdayOffice, timeZone: 'America/New_York' };
    // 08:30 in Chicago is 09:30 in New York.
    expect(isOpenNow(entry, at('2026-03-02T14:30:00Z'), chicago)).toBe('open');
    expect(isOpenNow({ availableTime: weekdayOffice }, at('2026-03-02T14:30:00Z'), chicago)).toBe('closed');
  });
});

describe('isAlwaysOpen', () => {
  it('is true only for all day, every day', () => {
    expect(isAlwaysOpen([{ allDay: true }])).toBe(true);
    expect(isAlwaysOpen([{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }])).toBe(true);
    expect(isAlwaysOpen([{ daysOfWeek: ['sat', 'sun'], allDay: true }])).toBe(false);
    expect(isAlwaysOpen(weekdayOffice)).toBe(false);
  });
});

describe('isTimeZone', () => {
  it('knows IANA names and nothing else', () => {
    expect(isTimeZone('America/Chicago')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(5)).toBe(false);
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
  ['overnight', nightShelter, 'Fri, Sat 22:00–06:00'],
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
