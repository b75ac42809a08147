import type { HealthcareServiceAvailableTime } from 'fhir/r4';
import type { DirectoryEntry } from './referral-types';

/**
 * Opening hours in FHIR's `HealthcareService.availableTime` shape: as text for the list, and "open now" for the
 * moment of the visit. Hours that are not listed stay unknown; nothing here guesses.
 */

export const dayOrder = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof dayOrder)[number];
const dayNames: Record<Day, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

export function isDay(value: unknown): value is Day {
  return (dayOrder as readonly unknown[]).includes(value);
}

/** "09:00" or "09:00:00", hours 00–23: FHIR `time` without fractions, which no opening hour needs. */
export function isClockTime(value: unknown): value is string {
  return typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(value);
}

/** The days a slot names; FHIR's "no days" means every day. */
function daysOf(time: HealthcareServiceAvailableTime): Day[] {
  const days = Array.isArray(time.daysOfWeek) ? time.daysOfWeek.filter(isDay) : [];
  return days.length === 0 ? [...dayOrder] : days;
}

/** Open every hour of every day. */
export function isAlwaysOpen(times: readonly HealthcareServiceAvailableTime[]): boolean {
  return times.some((time) => time.allDay === true && daysOf(time).length === 7);
}

/** "Mon–Fri 09:00–17:00; Sat 10:00–16:00", or "24/7"; the exceptions follow in brackets. */
export function hoursText(times: readonly HealthcareServiceAvailableTime[], exceptions?: string): string | undefined {
  const parts = times
    .map((time) => {
      const listed = Array.isArray(time.daysOfWeek) ? time.daysOfWeek.filter(isDay) : [];
      const everyDay = listed.length === 0 || new Set(listed).size === 7;
      const dayText = everyDay ? 'Every day' : dayRanges(listed);
      if (time.allDay === true) return everyDay ? '24/7' : `${dayText} all day`;
      const start = clock(time.availableStartTime);
      const end = clock(time.availableEndTime);
      if (!start && !end) return listed.length > 0 ? dayText : undefined;
      return `${dayText} ${start ?? '?'}–${end ?? '?'}`;
    })
    .filter((part): part is string => part !== undefined);
  const hours = parts.length > 0 ? [...new Set(parts)].join('; ') : undefined;
  if (hours && exceptions) return `${hours} (${exceptions})`;
  return hours ?? exceptions;
}

/** "mon,tue,wed,fri" → "Mon–Wed, Fri". */
function dayRanges(days: readonly Day[]): string {
  const indexes = [...new Set(days.map((day) => dayOrder.indexOf(day)))].sort((a, b) => a - b);
  const runs: { from: number; to: number }[] = [];
  for (const index of indexes) {
    const last = runs.at(-1);
    if (last && index === last.to + 1) last.to = index;
    else runs.push({ from: index, to: index });
  }
  return runs
    .map(({ from, to }) => {
      if (from === to) return dayNames[dayOrder[from] ?? 'mon'];
      const first = dayNames[dayOrder[from] ?? 'mon'];
      const last = dayNames[dayOrder[to] ?? 'sun'];
      return to === from + 1 ? `${first}, ${last}` : `${first}–${last}`;
    })
    .join(', ');
}

function clock(time: string | undefined): string | undefined {
  return isClockTime(time) ? time.slice(0, 5) : undefined;
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export type OpenNow = 'open' | 'closed' | 'hours-not-listed';

/** Weekday and minute of the day on the wall clock of `timeZone`, so DST and midnight are Intl's, not ours. */
function wallClock(now: Date, timeZone: string): { day: Day; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((item) => item.type === type)?.value ?? '';
  const day = part('weekday').toLowerCase().slice(0, 3);
  return { day: isDay(day) ? day : 'mon', minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

/**
 * Whether the service is open at `now`, on the wall clock of the entry's own time zone, else `timeZone` (the
 * clinic's). Rules:
 * 1. No `availableTime` → hours not listed.
 * 2. A slot is open all day on its days (`allDay`), or from its start to its end; a slot whose end is not after its
 *    start runs past midnight into the next day ("22:00–06:00").
 * 3. Open when any slot is open; else hours not listed when a slot for today or yesterday (which may run past
 *    midnight) lacks a start or an end; else closed.
 */
export function isOpenNow(entry: Pick<DirectoryEntry, 'availableTime' | 'timeZone'>, now: Date, timeZone: string): OpenNow {
  const times = entry.availableTime ?? [];
  if (times.length === 0) return 'hours-not-listed';
  const { day, minute } = wallClock(now, entry.timeZone ?? timeZone);
  const yesterday = dayOrder[(dayOrder.indexOf(day) + 6) % 7] ?? 'sun';
  let incomplete = false;
  for (const time of times) {
    const days = daysOf(time);
    if (time.allDay === true) {
      if (days.includes(day)) return 'open';
      continue;
    }
    if (!isClockTime(time.availableStartTime) || !isClockTime(time.availableEndTime)) {
      if (days.includes(day) || days.includes(yesterday)) incomplete = true;
      continue;
    }
    const start = minutesOf(time.availableStartTime);
    const end = minutesOf(time.availableEndTime);
    if (end > start) {
      if (days.includes(day) && minute >= start && minute < end) return 'open';
    } else if ((days.includes(day) && minute >= start) || (days.includes(yesterday) && minute < end)) {
      return 'open';
    }
  }
  return incomplete ? 'hours-not-listed' : 'closed';
}

/** The time zone of this device: the clinic's, where Lantern runs. */
export function clinicTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Whether Intl knows this IANA time zone name. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    // RangeError: not a time zone Intl knows.
    return false;
  }
}
