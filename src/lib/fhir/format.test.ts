import type { CodeableConcept, Patient } from 'fhir/r4';
import { afterAll, describe, expect, it } from 'vitest';

// A clinician west of UTC, where a date read as UTC midnight falls on the day before. The zone must be set
// before any Intl formatter is built, hence the dynamic import; it is put back for the next file.
const originalTimeZone = process.env.TZ;
process.env.TZ = 'America/New_York';
const { calendarDay, codingText, conceptText, formatDateTime, humanName, patientName, sexLabel } = await import('./format');
const { ageInYears } = await import('./patient-age');
afterAll(() => {
  if (originalTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalTimeZone;
});

const ana: Patient = {
  resourceType: 'Patient',
  id: 'ana',
  name: [
    { use: 'usual', given: ['Annie'] },
    { use: 'official', given: ['Ana', 'Lucía'], family: 'Reyes' },
  ],
};

describe('patientName', () => {
  it('prefers the official name', () => {
    expect(patientName(ana)).toBe('Ana Lucía Reyes');
  });

  it('takes the first name when none is official', () => {
    const ben: Patient = { resourceType: 'Patient', name: [{ given: ['Ben'], family: 'Okafor' }, { text: 'Benny' }] };
    expect(patientName(ben)).toBe('Ben Okafor');
  });

  it('uses the name’s text when there is one', () => {
    const cleo: Patient = { resourceType: 'Patient', name: [{ use: 'official', text: ' Cleo Marsh ', given: ['Cleopatra'], family: 'Marsh' }] };
    expect(patientName(cleo)).toBe('Cleo Marsh');
  });

  it('builds the name from a family name alone', () => {
    expect(patientName({ resourceType: 'Patient', name: [{ family: 'Nguyen' }] })).toBe('Nguyen');
  });

  it('says so when no name is recorded', () => {
    expect(patientName({ resourceType: 'Patient' })).toBe('Name not recorded');
    expect(patientName({ resourceType: 'Patient', name: [] })).toBe('Name not recorded');
    expect(patientName({ resourceType: 'Patient', name: [{ text: '  ', given: [' '], family: '' }] })).toBe('Name not recorded');
  });

  it('skips blank parts of a name', () => {
    expect(humanName({ given: ['Dara', ' '], family: 'Quinn' })).toBe('Dara Quinn');
  });
});

describe('sexLabel', () => {
  it('labels each administrative gender and a missing one', () => {
    expect(sexLabel('female')).toBe('Female');
    expect(sexLabel('male')).toBe('Male');
    expect(sexLabel('other')).toBe('Other');
    expect(sexLabel('unknown')).toBe('Unknown');
    expect(sexLabel(undefined)).toBe('Not recorded');
  });
});

describe('ageInYears', () => {
  it('counts the birthday itself', () => {
    expect(ageInYears('2006-03-12', '2024-03-12')).toBe(18);
  });

  it('does not count a birthday that is tomorrow', () => {
    expect(ageInYears('2006-03-13', '2024-03-12')).toBe(17);
    expect(ageInYears('2006-04-01', '2024-03-31')).toBe(17);
  });

  it('counts a leap-day birthday from 1 March in common years and on 29 February in leap years', () => {
    expect(ageInYears('2004-02-29', '2023-02-28')).toBe(18);
    expect(ageInYears('2004-02-29', '2023-03-01')).toBe(19);
    expect(ageInYears('2004-02-29', '2024-02-28')).toBe(19);
    expect(ageInYears('2004-02-29', '2024-02-29')).toBe(20);
  });

  it('is zero on the day of birth', () => {
    expect(ageInYears('2024-03-12', '2024-03-12')).toBe(0);
  });

  it('reads a dateTime as the day it names', () => {
    expect(ageInYears('2006-03-12', '2024-03-12T23:59:00-05:00')).toBe(18);
  });

  // Only days where every possible birthday in the partial date gives the same age.
  it('handles a birth year alone', () => {
    expect(ageInYears('2006', '2024-12-31')).toBe(18);
    expect(ageInYears('2006', '2025-12-31')).toBe(19);
  });

  it('handles a birth year and month', () => {
    expect(ageInYears('2006-06', '2024-07-01')).toBe(18);
    expect(ageInYears('2006-06', '2024-05-31')).toBe(17);
  });

  it('is undefined for a birth date after the day asked about', () => {
    expect(ageInYears('2030-01-01', '2024-03-12')).toBeUndefined();
    expect(ageInYears('2024-03-13', '2024-03-12')).toBeUndefined();
  });

  it('is undefined when either date is missing or not a date', () => {
    expect(ageInYears(undefined, '2024-03-12')).toBeUndefined();
    expect(ageInYears('', '2024-03-12')).toBeUndefined();
    expect(ageInYears('unknown', '2024-03-12')).toBeUndefined();
    expect(ageInYears('12/03/2006', '2024-03-12')).toBeUndefined();
    expect(ageInYears('2006-03-12', 'today')).toBeUndefined();
    expect(ageInYears('2006-03-12', '2024')).toBeUndefined();
  });
});

describe('conceptText', () => {
  const fracture: CodeableConcept = {
    text: 'Fracture of left wrist',
    coding: [{ system: 'http://snomed.info/sct', code: '263102004', display: 'Fracture of wrist' }],
  };

  it('prefers the concept’s own text', () => {
    expect(conceptText(fracture)).toBe('Fracture of left wrist');
  });

  it('falls back to the first coding that has a display or a code', () => {
    expect(conceptText({ text: '  ', coding: [{ system: 'http://snomed.info/sct' }, { code: 'T14.8' }, { display: 'Injury' }] })).toBe('T14.8');
    expect(conceptText({ coding: [{ code: '263102004', display: 'Fracture of wrist' }] })).toBe('Fracture of wrist');
  });

  it('is undefined when there is nothing to show', () => {
    expect(conceptText(undefined)).toBeUndefined();
    expect(conceptText({})).toBeUndefined();
    expect(conceptText({ coding: [{ system: 'http://snomed.info/sct', display: ' ' }] })).toBeUndefined();
  });
});

describe('codingText', () => {
  it('prefers the display over the code, ignoring blanks', () => {
    expect(codingText({ code: 'EMER', display: 'emergency' })).toBe('emergency');
    expect(codingText({ code: ' EMER ', display: '  ' })).toBe('EMER');
    expect(codingText({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode' })).toBeUndefined();
    expect(codingText(undefined)).toBeUndefined();
  });
});

describe('formatDateTime', () => {
  const calendarDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

  // A date-only value is a calendar day: read as UTC midnight and shown in New York it would be the day before.
  it('shows a date as that calendar day, without a time', () => {
    const shown = formatDateTime('2024-03-05');
    expect(shown).toBe(calendarDate.format(Date.UTC(2024, 2, 5)));
    expect(shown).not.toMatch(/\d:\d\d/);
  });

  it('shows a dateTime with its time, in the clinician’s time zone', () => {
    const shown = formatDateTime('2024-03-05T14:30:00Z');
    expect(shown).toMatch(/9:30/);
    expect(shown).toMatch(/2024/);
  });

  it('echoes a value it cannot parse', () => {
    expect(formatDateTime('sometime last spring')).toBe('sometime last spring');
  });

  it('is undefined for a missing value', () => {
    expect(formatDateTime(undefined)).toBeUndefined();
    expect(formatDateTime('')).toBeUndefined();
  });
});

describe('calendarDay', () => {
  it('is the day on the clinician’s calendar, not in UTC', () => {
    expect(calendarDay(new Date('2024-03-05T02:00:00Z'))).toBe('2024-03-04');
    expect(calendarDay(new Date('2024-03-05T12:00:00Z'))).toBe('2024-03-05');
  });

  it('holds across daylight-saving changes', () => {
    expect(calendarDay(new Date('2024-03-10T06:30:00Z'))).toBe('2024-03-10');
    expect(calendarDay(new Date('2024-11-03T04:30:00Z'))).toBe('2024-11-03');
    expect(calendarDay(new Date('2024-11-03T03:59:00Z'))).toBe('2024-11-02');
  });
});

describe('ageInYears with partial or invalid birth dates', () => {
  it('gives the youngest possible age for a year-only or month-only birth date', () => {
    expect(ageInYears('2006', '2024-06-01')).toBe(17);
    expect(ageInYears('2006', '2024-12-31')).toBe(18);
    expect(ageInYears('2006-07', '2024-07-15')).toBe(17);
    expect(ageInYears('2006-07', '2024-08-01')).toBe(18);
  });

  it('refuses dates that are not FHIR dates', () => {
    expect(ageInYears('20001', '2024-06-01')).toBeUndefined();
    expect(ageInYears('2000-13-01', '2024-06-01')).toBeUndefined();
    expect(ageInYears('2000-02-00', '2024-06-01')).toBeUndefined();
  });
});

// What real EHR payloads send where the types promise otherwise: each reads as "not recorded", never a crash.
describe('with wrong types from the EHR', () => {
  it('reads a lone name object as the one name, and skips names that are not objects', () => {
    expect(patientName({ name: { family: 'Ruiz', given: ['Ana'] } })).toBe('Ana Ruiz');
    expect(patientName({ name: [null, 7, { family: 'Ruiz' }] })).toBe('Ruiz');
    expect(patientName({ name: 'Ana Ruiz' })).toBe('Name not recorded');
    expect(patientName(null)).toBe('Name not recorded');
  });

  it('ignores name parts that are not strings, and reads a lone given name', () => {
    expect(humanName({ text: 42, given: 7, family: 'Ruiz' })).toBe('Ruiz');
    expect(humanName({ given: 'Ana', family: ['Ruiz'] })).toBe('Ana');
    expect(humanName({ given: [null, 'Ana', { value: 'x' }] })).toBe('Ana');
  });

  it('shows a name as one plain line, without control or direction-override characters', () => {
    expect(humanName({ text: 'Ana\u202e Ruiz\n\u0000' })).toBe('Ana Ruiz');
  });

  it('labels no gender outside the value set, whatever Object.prototype holds', () => {
    for (const gender of ['__proto__', 'constructor', 'toString', 'FEMALE', 42, null, { code: 'female' }]) {
      expect(sexLabel(gender)).toBe('Not recorded');
    }
  });

  it('has no age for a birth date that is not a string', () => {
    expect(ageInYears(20060312, '2024-03-12')).toBeUndefined();
    expect(ageInYears({ year: 2006 }, '2024-03-12')).toBeUndefined();
  });

  it('reads concept and coding text only from strings', () => {
    expect(conceptText({ coding: [{ code: 'T14.8', display: 42 }] })).toBe('T14.8');
    expect(conceptText({ text: 42, coding: { display: 'Injury' } })).toBe('Injury');
    expect(conceptText('Injury of face')).toBeUndefined();
    expect(codingText({ code: 7, display: null })).toBeUndefined();
  });

  it('has no date for a value that is not a string, and echoes garbage as plain text', () => {
    expect(formatDateTime(20240305)).toBeUndefined();
    expect(formatDateTime({ start: '2024' })).toBeUndefined();
    expect(formatDateTime('not\u202e a date')).toBe('not a date');
  });
});
