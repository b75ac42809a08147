/**
 * Defensive reads over untrusted FHIR JSON. Real EHR payloads are not always what the types promise
 * (`coding: 'x'`, `code: 42`, null entries), so every accessor takes `unknown` and never throws.
 * The indicator engine and the chart display both read through these: one copy of the rule.
 */
import { isFhirId } from './fhir-ids';

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only: a key such as 'constructor' must not reach Object.prototype. */
export function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** A string value, or undefined for anything else (numbers included: codes are strings in FHIR JSON). */
export function stringField(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === 'string' ? found : undefined;
}

/**
 * The records of a repeating element. A lone object where an array belongs is read as a one-item list,
 * a forgiving reading of a common serialisation slip; everything that is not a record is dropped.
 */
export function recordList(value: unknown, key: string): JsonRecord[] {
  const found = field(value, key);
  if (isRecord(found)) return [found];
  if (!Array.isArray(found)) return [];
  return found.filter(isRecord);
}

/** The records of a list (a section of the chart snapshot, say), whatever the container turned out to be. */
export function recordsOf(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export interface CodingValue {
  system: string | undefined;
  code: string;
  display: string | undefined;
}

/** Codings of a CodeableConcept, a list of them, or a Coding: whichever shape the element arrived in. */
export function codingsIn(value: unknown, key: string): CodingValue[] {
  const found = field(value, key);
  const codings: CodingValue[] = [];
  // Plain loops, not flatMap: this runs for every resource of a long chart.
  if (Array.isArray(found)) {
    for (const concept of found) collectCodings(concept, codings);
  } else {
    collectCodings(found, codings);
  }
  return codings;
}

function collectCodings(concept: unknown, into: CodingValue[]): void {
  if (!isRecord(concept)) return;
  if (!Object.hasOwn(concept, 'coding')) {
    collectCoding(concept, into);
    return;
  }
  const coding = concept.coding;
  if (Array.isArray(coding)) {
    for (const entry of coding) collectCoding(entry, into);
  } else {
    collectCoding(coding, into);
  }
}

function collectCoding(candidate: unknown, into: CodingValue[]): void {
  const code = stringField(candidate, 'code')?.trim();
  if (!code) return;
  into.push({ system: stringField(candidate, 'system')?.trim(), code, display: stringField(candidate, 'display') });
}

/** The concept's own `text`, not its codings' displays (format.ts `conceptText` falls back to those). */
export function conceptOwnText(concept: unknown): string | undefined {
  return stringField(concept, 'text');
}

/** Resource id if it is a valid FHIR id, so a reference built from it cannot be made to point elsewhere. */
export function resourceId(resource: unknown): string | undefined {
  const id = stringField(resource, 'id');
  return isFhirId(id) ? id : undefined;
}

/** 'Condition/abc', or '' when the resource has no valid id. */
export function relativeReference(resourceType: string, resource: unknown): string {
  const id = resourceId(resource);
  return id === undefined ? '' : `${resourceType}/${id}`;
}

/**
 * Untrusted chart text made safe to show as one plain line: control and bidirectional-override characters
 * removed (they can disguise what is displayed), whitespace collapsed, length capped.
 */
export function plainText(value: string | undefined, maxLength = 120): string | undefined {
  if (value === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const cleaned = value.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned === '') return undefined;
  // By code point, so a cut never leaves half of a surrogate pair.
  const characters = Array.from(cleaned);
  return characters.length > maxLength ? `${characters.slice(0, maxLength - 1).join('').trimEnd()}…` : cleaned;
}
