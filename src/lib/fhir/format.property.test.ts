import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { untrustedJson, untrustedResource } from '../../../tests/untrusted-fhir';
import { codingText, conceptText, formatDateTime, humanName, patientName, sexLabel } from './format';
import { ageInYears } from './patient-age';

// One plain line: no control or direction-override characters, nothing blank.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const plainLine = /^[^\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+$/;

function expectPlainLineOrUndefined(value: string | undefined): void {
  if (value !== undefined) {
    expect(value).toMatch(plainLine);
    expect(value.trim()).toBe(value);
  }
}

describe('format.ts over whatever the EHR sends', () => {
  it('names a patient with one plain line, never throwing', () => {
    fc.assert(
      fc.property(fc.oneof(untrustedResource('Patient'), untrustedJson), (patient) => {
        const name = patientName(patient);
        expect(name).toMatch(plainLine);
        expect(humanName(patient)).toMatch(plainLine);
      }),
    );
  });

  it('labels gender only with the value set’s words', () => {
    fc.assert(
      fc.property(untrustedJson, (gender) => {
        expect(['Female', 'Male', 'Other', 'Unknown', 'Not recorded']).toContain(sexLabel(gender));
      }),
    );
  });

  it('gives an age that is a whole number of years, or none', () => {
    fc.assert(
      fc.property(untrustedJson, fc.constantFrom('2024-03-12', '2024-03-12T10:00:00Z', 'today', ''), (birthDate, asOf) => {
        const age = ageInYears(birthDate, asOf);
        if (age !== undefined) {
          expect(Number.isInteger(age)).toBe(true);
          expect(age).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('reads concept and coding text as one plain line, or nothing', () => {
    fc.assert(
      fc.property(untrustedJson, (concept) => {
        expectPlainLineOrUndefined(conceptText(concept));
        expectPlainLineOrUndefined(codingText(concept));
      }),
    );
  });

  it('formats any dateTime value without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(untrustedJson, fc.date().map((date) => (Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString()))), (value) => {
        expectPlainLineOrUndefined(formatDateTime(value));
      }),
    );
  });
});
