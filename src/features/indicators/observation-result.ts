/** Whether an Observation's result is positive, read from its value or interpretation, and the result in words. */

import { codingsIn, conceptOwnText, field, plainText, stringField, type CodingValue, type JsonRecord } from '../../lib/fhir/untrusted-json';
import { CODE_SYSTEM, canonicalSystem } from '../../lib/fhir/terminology';

export interface ObservationResult {
  positive: boolean;
  /** The result in words, e.g. 'Positive', when the chart gives one. */
  text: string | undefined;
}

const POSITIVE_VALUE_CODES: readonly (readonly [string, string])[] = [
  [CODE_SYSTEM.snomed, '10828004'], // Positive
  [CODE_SYSTEM.snomed, '260373001'], // Detected
  [CODE_SYSTEM.snomed, '52101004'], // Present
  [CODE_SYSTEM.loinc, 'LA6576-8'], // Positive
  [CODE_SYSTEM.loinc, 'LA11882-0'], // Detected
];

const NEGATIVE_VALUE_CODES: readonly (readonly [string, string])[] = [
  [CODE_SYSTEM.snomed, '260385009'], // Negative
  [CODE_SYSTEM.snomed, '260415000'], // Not detected
  [CODE_SYSTEM.snomed, '2667000'], // Absent
  [CODE_SYSTEM.snomed, '131194007'], // Non-reactive
  [CODE_SYSTEM.loinc, 'LA6577-6'], // Negative
  [CODE_SYSTEM.loinc, 'LA11883-8'], // Not detected
];

const POSITIVE_WORDS: ReadonlySet<string> = new Set(['positive', 'pos', 'detected', 'reactive', 'present']);
const NEGATIVE_WORDS: ReadonlySet<string> = new Set(['negative', 'neg', 'not detected', 'undetected', 'non-reactive', 'nonreactive', 'absent', 'not present']);

// v3-ObservationInterpretation: positive, detected, abnormal, critical abnormal / negative, not detected, normal.
const POSITIVE_INTERPRETATIONS: ReadonlySet<string> = new Set(['POS', 'DET', 'A', 'AA']);
const NEGATIVE_INTERPRETATIONS: ReadonlySet<string> = new Set(['NEG', 'ND', 'N']);

type Signal = 'positive' | 'negative' | undefined;

function wordSignal(text: string | undefined): Signal {
  const word = text?.trim().toLowerCase().replace(/\s+/g, ' ');
  if (word === undefined) return undefined;
  if (POSITIVE_WORDS.has(word)) return 'positive';
  if (NEGATIVE_WORDS.has(word)) return 'negative';
  return undefined;
}

function codedSignal(coding: CodingValue): Signal {
  if (coding.system === undefined) return wordSignal(coding.display);
  const system = canonicalSystem(coding.system);
  const code = coding.code.trim();
  if (POSITIVE_VALUE_CODES.some(([s, c]) => s === system && c === code)) return 'positive';
  if (NEGATIVE_VALUE_CODES.some(([s, c]) => s === system && c === code)) return 'negative';
  return wordSignal(coding.display);
}

/**
 * Positive when the value says so (a coded or written positive/detected/reactive/present); otherwise when an
 * interpretation says positive/detected/abnormal. A negative value always wins: contradictory results never
 * raise a prompt.
 */
export function observationResult(resource: JsonRecord): ObservationResult {
  const valueConcept = field(resource, 'valueCodeableConcept');
  const valueCodings = codingsIn(resource, 'valueCodeableConcept');
  const valueString = stringField(resource, 'valueString');
  const signals: Signal[] = [...valueCodings.map(codedSignal), wordSignal(conceptOwnText(valueConcept)), wordSignal(valueString)];
  const text = plainText(conceptOwnText(valueConcept) ?? valueCodings.find((coding) => coding.display !== undefined)?.display ?? valueString, 60);

  if (signals.includes('negative')) return { positive: false, text };
  if (signals.includes('positive')) return { positive: true, text };

  const interpretations = codingsIn(resource, 'interpretation').filter(
    (coding) => coding.system === undefined || canonicalSystem(coding.system) === CODE_SYSTEM.observationInterpretation,
  );
  if (interpretations.some((coding) => NEGATIVE_INTERPRETATIONS.has(coding.code.trim()))) return { positive: false, text };
  const positive = interpretations.some((coding) => POSITIVE_INTERPRETATIONS.has(coding.code.trim()));
  return { positive, text };
}
