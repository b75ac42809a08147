import fc from 'fast-check';

/**
 * Arbitraries for FHIR JSON as an EHR may really send it: the element names display code reads (and names that
 * live on Object.prototype), holding anything at all, nested a few levels; plus the values that broke the app.
 */

const elementNames = [
  'resourceType',
  'id',
  'class',
  'code',
  'coding',
  'display',
  'system',
  'text',
  'reasonCode',
  'period',
  'start',
  'location',
  'status',
  'subject',
  'reference',
  'name',
  'given',
  'family',
  'use',
  'gender',
  'birthDate',
  'meta',
  'security',
  '__proto__',
  'constructor',
  'toString',
] as const;

/** Strings real charts send, strings that look like code, and strings that find Object.prototype members. */
export const untrustedText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'),
  fc.constantFrom('EMER', 'AMB', 'IMP', 'official', 'female', 'unknown', 'Ana', 'Ruiz', 'Bay 4', '', '  ', 'x'.repeat(300)),
  fc.constantFrom('2024-03-05', '2024-03-05T14:30:00Z', '2006', '2006-13-40', 'not a date', 'Positive\u202e', 'a\u0000b\nc'),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(untrustedText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

/** Any JSON-ish value: objects keyed by FHIR element names (some with no prototype), arrays, leaves. */
export const untrustedJson: fc.Arbitrary<unknown> = fc.anything({
  key: fc.constantFrom(...elementNames),
  values: [leaf],
  maxDepth: 4,
  maxKeys: 6,
  withNullPrototype: true,
});

/** A resource of the type, each of whose elements may hold anything. */
export function untrustedResource(resourceType: string): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(fc.constantFrom(...elementNames), untrustedJson, { maxKeys: 8 }).map((elements) => ({ ...elements, resourceType }));
}
