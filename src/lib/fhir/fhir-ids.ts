/** FHIR's id grammar (R4 `id`: 1–64 of letters, digits, "-" and "."), as a fragment to build patterns from. */
export const fhirIdSource = '[A-Za-z0-9\\-.]{1,64}';

const fhirIdPattern = new RegExp(`^${fhirIdSource}$`);

export function isFhirId(value: unknown): value is string {
  return typeof value === 'string' && fhirIdPattern.test(value);
}

/** Whether `value` is a relative reference `Type/id` to one of `types` (any type when none are given). */
export function isRelativeReference(value: unknown, types: readonly string[] = []): value is string {
  if (typeof value !== 'string') return false;
  const slash = value.indexOf('/');
  const type = value.slice(0, slash);
  return slash > 0 && (types.length === 0 ? /^[A-Za-z]+$/.test(type) : types.includes(type)) && isFhirId(value.slice(slash + 1));
}
