import { indicatorCatalog } from './catalog';
import { formatFhirDate, monthsBefore, parseCalendarDay, parseFhirDate, type DayRange } from '../../lib/fhir/fhir-dates';
import {
  codingsIn,
  conceptOwnText,
  field,
  plainText,
  recordList,
  relativeReference,
  resourceId,
  stringField,
  type JsonRecord,
} from '../../lib/fhir/untrusted-json';
import type {
  ChartSnapshot,
  CodedMatcher,
  CodedResourceType,
  Evidence,
  IndicatorDefinition,
  IndicatorFinding,
  IndicatorMatcher,
  PriorSafetyRecordMatcher,
  RepeatEmergencyVisitsMatcher,
} from './indicator-types';
import { CODE_SYSTEM, canonicalSystem, isCode, systemName } from '../../lib/fhir/terminology';
import type { Population } from '../../lib/fhir/patient-age';
import { ChartContext, isOfType, type CodeMatch } from './chart-context';
import { compileCodeSets } from './code-sets';
import { observationResult, type ObservationResult } from './observation-result';

/** Evidence shown per indicator; `matchCount` says how many there were in all. */
export const EVIDENCE_LIMIT = 5;

export interface EvaluateOptions {
  /** The clinician's calendar day, YYYY-MM-DD; every time window ends on it. */
  asOf: string;
  population: Population;
  catalog?: readonly IndicatorDefinition[];
}

/**
 * Chart → indicator findings, in catalog order; only indicators that matched are returned.
 *
 * Pure and total: the chart is untrusted JSON and is read only through the accessors of lib/fhir/untrusted-json.ts, so
 * malformed resources are skipped or partly read, never a reason to throw. The catalog is trusted code.
 * An `asOf` that is not a calendar day yields no findings: nothing can be placed in time without it.
 */
export function evaluateIndicators(chart: ChartSnapshot, options: EvaluateOptions): IndicatorFinding[] {
  const asOfDay = parseCalendarDay(field(options, 'asOf'));
  if (asOfDay === undefined) return [];
  const population: Population = field(options, 'population') === 'youth' ? 'youth' : 'adult';
  const catalog = options.catalog ?? indicatorCatalog;

  const context = new ChartContext(chart, asOfDay);
  const findings: IndicatorFinding[] = [];
  for (const indicator of catalog) {
    if (indicator.population !== 'all' && indicator.population !== population) continue;
    const candidates = evaluateMatcher(indicator.matcher, context);
    if (candidates === undefined) continue;
    findings.push({ indicator, ...rankEvidence(candidates) });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------
// Matchers

/** Evidence before ranking; `day` (its date's last day) orders it, newest first. */
interface Candidate {
  evidence: Evidence;
  day: number | undefined;
}

function evaluateMatcher(matcher: IndicatorMatcher, context: ChartContext): Candidate[] | undefined {
  switch (matcher.kind) {
    case 'coded':
      return matchCoded(matcher, context);
    case 'repeat-emergency-visits':
      return matchRepeatEmergencyVisits(matcher, context);
    case 'no-active-coverage':
      return matchNoActiveCoverage(context);
    case 'prior-safety-record':
      return matchPriorSafetyRecord(matcher, context);
    case 'temporary-address-only':
      return matchTemporaryAddressOnly(context);
  }
}

interface FoundDate {
  raw: string;
  range: DayRange;
}

function dateIn(value: unknown, key: string): FoundDate | undefined {
  const raw = stringField(value, key);
  const range = parseFhirDate(raw);
  return raw === undefined || range === undefined ? undefined : { raw: raw.trim(), range };
}

function periodDates(resource: unknown, key: string): { start: FoundDate | undefined; end: FoundDate | undefined } {
  const period = field(resource, key);
  return { start: dateIn(period, 'start'), end: dateIn(period, 'end') };
}

/** When a resource happened, for display and ordering, and the latest day any of its dates reaches. */
interface ResourceTiming {
  shown: (FoundDate & { verb: string }) | undefined;
  /** Day used to tell episodes apart (onset before recording). */
  clinicalDay: number | undefined;
  latestDay: number | undefined;
}

function latest(...dates: (FoundDate | undefined)[]): number | undefined {
  let result: number | undefined;
  for (const date of dates) {
    if (date !== undefined && (result === undefined || date.range.last > result)) result = date.range.last;
  }
  return result;
}

function timingOf(resourceType: CodedResourceType, resource: JsonRecord): ResourceTiming {
  switch (resourceType) {
    case 'Condition': {
      const onset = dateIn(resource, 'onsetDateTime') ?? periodDates(resource, 'onsetPeriod').start;
      const recorded = dateIn(resource, 'recordedDate');
      const abatementPeriod = periodDates(resource, 'abatementPeriod');
      const abatement = dateIn(resource, 'abatementDateTime') ?? abatementPeriod.end ?? abatementPeriod.start;
      return {
        shown: recorded ? { ...recorded, verb: 'recorded' } : onset ? { ...onset, verb: 'onset' } : undefined,
        clinicalDay: (onset ?? recorded)?.range.first,
        latestDay: latest(onset, recorded, abatement),
      };
    }
    case 'Observation': {
      const period = periodDates(resource, 'effectivePeriod');
      const effective = dateIn(resource, 'effectiveDateTime') ?? dateIn(resource, 'effectiveInstant') ?? period.start ?? period.end;
      const issued = dateIn(resource, 'issued');
      const shown = effective ?? issued;
      return {
        shown: shown ? { ...shown, verb: effective ? 'on' : 'issued' } : undefined,
        clinicalDay: shown?.range.first,
        latestDay: latest(effective, period.end, issued),
      };
    }
    case 'Procedure': {
      const period = periodDates(resource, 'performedPeriod');
      const performed = dateIn(resource, 'performedDateTime') ?? period.start ?? period.end;
      return {
        shown: performed ? { ...performed, verb: 'performed' } : undefined,
        clinicalDay: performed?.range.first,
        latestDay: latest(performed, period.end),
      };
    }
  }
}

const ACTIVE_CLINICAL_STATUSES: ReadonlySet<string> = new Set(['active', 'recurrence', 'relapse']);

function isActiveCondition(resource: JsonRecord): boolean {
  return codingsIn(resource, 'clinicalStatus').some(
    (coding) =>
      (coding.system === undefined || canonicalSystem(coding.system) === CODE_SYSTEM.conditionClinical) &&
      ACTIVE_CLINICAL_STATUSES.has(coding.code),
  );
}

function matchCoded(matcher: CodedMatcher, context: ChartContext): Candidate[] | undefined {
  const compiled = compileCodeSets(matcher.codes);
  const windowStart = matcher.withinMonths === undefined ? undefined : monthsBefore(context.asOfDay, matcher.withinMonths);
  const candidates: Candidate[] = [];
  const episodeDays: number[] = [];

  for (const resourceType of matcher.resourceTypes) {
    for (const { resource, codings } of context.coded(resourceType)) {
      const match = context.matchCodes(codings, compiled);
      if (match === undefined) continue;
      const timing = timingOf(resourceType, resource);
      if (windowStart !== undefined) {
        const inWindow =
          timing.latestDay === undefined
            ? resourceType === 'Condition' && isActiveCondition(resource)
            : timing.latestDay >= windowStart;
        if (!inWindow) continue;
      }
      let result: ObservationResult | undefined;
      if (resourceType === 'Observation') {
        result = observationResult(resource);
        if (matcher.requirePositive === true && !result.positive) continue;
      }
      if (timing.clinicalDay !== undefined) episodeDays.push(timing.clinicalDay);
      candidates.push({
        evidence: codedEvidence(resourceType, resource, match, timing, result?.text),
        day: timing.shown?.range.last,
      });
    }
  }

  if (candidates.length === 0) return undefined;
  if (matcher.minimumEpisodes !== undefined && countEpisodes(episodeDays, matcher.minimumEpisodes.daysApart) < matcher.minimumEpisodes.count) {
    return undefined;
  }
  return candidates;
}

/** Dates at least `daysApart` after the previous counted one, oldest first. */
function countEpisodes(days: number[], daysApart: number): number {
  let count = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (const day of [...days].sort((a, b) => a - b)) {
    if (day - previous >= daysApart) {
      count += 1;
      previous = day;
    }
  }
  return count;
}

function codedEvidence(
  resourceType: CodedResourceType,
  resource: JsonRecord,
  match: CodeMatch,
  timing: ResourceTiming,
  resultText: string | undefined,
): Evidence {
  const { coding, set } = match;
  const code = plainText(coding.coding.code, 40) ?? '';
  const display = set.codeOnlyEvidence === true ? undefined : plainText(coding.coding.display);
  const name = set.codeOnlyEvidence === true ? set.label : (display ?? plainText(conceptOwnText(field(resource, 'code'))) ?? set.label);
  const system = systemName(coding.system);
  let description = `${name} (${system === undefined ? code : `${system} ${code}`})`;
  if (resultText !== undefined) description += `: ${resultText}`;
  if (timing.shown !== undefined) description += `, ${timing.shown.verb} ${formatFhirDate(timing.shown.raw) ?? timing.shown.raw}`;

  const evidence: Evidence = {
    reference: relativeReference(resourceType, resource),
    resourceType,
    description,
    code: display === undefined ? { system: coding.system, code } : { system: coding.system, code, display },
  };
  if (timing.shown !== undefined) evidence.date = timing.shown.raw;
  return evidence;
}

// Repeated emergency visits -------------------------------------------------------------------------------

// A planned visit has not happened; cancelled and entered-in-error ones never did.
const NOT_A_VISIT: ReadonlySet<string> = new Set(['planned', 'cancelled', 'entered-in-error']);

/**
 * Emergency encounters (class EMER, v3-ActCode) in the window, the current visit included: "three visits in a
 * year" means today's and two before it. An encounter counts if any part of its period falls in the window.
 */
function matchRepeatEmergencyVisits(matcher: RepeatEmergencyVisitsMatcher, context: ChartContext): Candidate[] | undefined {
  const windowStart = monthsBefore(context.asOfDay, matcher.withinMonths);
  const candidates: Candidate[] = [];
  for (const encounter of context.section('encounters')) {
    if (!isOfType(encounter, 'Encounter')) continue;
    const status = stringField(encounter, 'status');
    if (status !== undefined && NOT_A_VISIT.has(status)) continue;
    const emergency = codingsIn(encounter, 'class').find((coding) => isCode(coding, CODE_SYSTEM.actCode, 'EMER'));
    if (emergency === undefined) continue;
    const { start, end } = periodDates(encounter, 'period');
    const reaches = latest(start, end);
    if (reaches === undefined || reaches < windowStart) continue;

    const shown = start ?? end;
    let description = shown === undefined ? 'Emergency visit' : `Emergency visit, ${formatFhirDate(shown.raw) ?? shown.raw}`;
    if (status === 'in-progress') description += ' (in progress)';
    const provider = plainText(stringField(field(encounter, 'serviceProvider'), 'display'), 60);
    if (provider !== undefined) description += ` — ${provider}`;

    const evidence: Evidence = {
      reference: relativeReference('Encounter', encounter),
      resourceType: 'Encounter',
      description,
      code: { system: CODE_SYSTEM.actCode, code: 'EMER', display: 'emergency' },
    };
    if (shown !== undefined) evidence.date = shown.raw;
    candidates.push({ evidence, day: shown?.range.last });
  }
  return distinctCount(candidates) >= matcher.minimumVisits ? candidates : undefined;
}

// Coverage ----------------------------------------------------------------------------------------------

/**
 * Fires unless some Coverage is active, in force on `asOf` (period open or covering the day) and not self-pay.
 * Self-pay is SOPT category 8 ("no payment from an organization/agency/program/private payer": 81 self-pay,
 * 82 no charge, …), the words "self-pay", or a payor that is the patient.
 * Caveat for callers: an empty list also fires, so drop this indicator from the catalog when Coverage could
 * not be read (scope not granted), rather than pass an empty list.
 */
function matchNoActiveCoverage(context: ChartContext): Candidate[] | undefined {
  const patientId = resourceId(context.patient());
  const coverages = context
    .section('coverage')
    .filter((coverage) => isOfType(coverage, 'Coverage') && stringField(coverage, 'status') !== 'entered-in-error');

  const candidates: Candidate[] = [];
  for (const coverage of coverages) {
    const status = stringField(coverage, 'status');
    const { start, end } = periodDates(coverage, 'period');
    const started = start === undefined || start.range.first <= context.asOfDay;
    const ended = end !== undefined && end.range.last < context.asOfDay;
    const inForce = status === 'active' && started && !ended;
    if (inForce && !isSelfPay(coverage, patientId)) return undefined;

    let description: string;
    let date: FoundDate | undefined;
    if (inForce) {
      description = 'Self-pay recorded';
      date = start;
      if (start !== undefined) description += `, since ${formatFhirDate(start.raw) ?? start.raw}`;
    } else {
      const typeName = plainText(conceptOwnText(field(coverage, 'type')) ?? codingsIn(coverage, 'type').find((c) => c.display !== undefined)?.display, 60);
      const statusWord = status === 'active' ? (ended ? 'expired' : 'not yet in force') : (plainText(status, 30) ?? 'without status');
      description = `Coverage ${statusWord}${typeName === undefined ? '' : ` (${typeName})`}`;
      date = end ?? start;
      if (!started) {
        date = start;
        description += `, starts ${formatFhirDate(start.raw) ?? start.raw}`;
      } else if (end !== undefined) {
        description += `, ${ended ? 'ended' : 'until'} ${formatFhirDate(end.raw) ?? end.raw}`;
      }
    }
    const evidence: Evidence = { reference: relativeReference('Coverage', coverage), resourceType: 'Coverage', description };
    if (date !== undefined) evidence.date = date.raw;
    candidates.push({ evidence, day: date?.range.last });
  }

  if (candidates.length === 0) {
    candidates.push({ evidence: { reference: context.patientReference(), resourceType: 'Patient', description: 'No coverage on file' }, day: undefined });
  }
  return candidates;
}

function isSelfPay(coverage: JsonRecord, patientId: string | undefined): boolean {
  const typeCodings = codingsIn(coverage, 'type');
  if (typeCodings.some((coding) => coding.system !== undefined && canonicalSystem(coding.system) === CODE_SYSTEM.paymentTypology && coding.code.trim().startsWith('8'))) {
    return true;
  }
  const words = [conceptOwnText(field(coverage, 'type')), ...typeCodings.map((coding) => coding.display)];
  if (words.some((word) => word !== undefined && word.toLowerCase().replace(/[^a-z]/g, '').includes('selfpay'))) return true;

  const payors = recordList(coverage, 'payor');
  return (
    patientId !== undefined &&
    payors.length > 0 &&
    payors.every((payor) => {
      const reference = stringField(payor, 'reference')?.trim();
      return reference !== undefined && (reference === `Patient/${patientId}` || reference.endsWith(`/Patient/${patientId}`));
    })
  );
}

// Earlier safety flags and referrals ---------------------------------------------------------------------

const FLAG_STATUSES: ReadonlySet<string> = new Set(['active', 'inactive']);
const SERVICE_REQUEST_STATUSES: ReadonlySet<string> = new Set(['draft', 'active', 'on-hold', 'revoked', 'completed', 'unknown']);

function statusWords(status: string | undefined, known: ReadonlySet<string>): string {
  return status !== undefined && known.has(status) ? status.replace('-', ' ') : 'status not recorded';
}

/** Safety Flags (flag-category `safety`) and social-service referrals, any status but entered-in-error, any time. */
function matchPriorSafetyRecord(matcher: PriorSafetyRecordMatcher, context: ChartContext): Candidate[] | undefined {
  const candidates: Candidate[] = [];

  for (const flag of context.section('flags')) {
    if (!isOfType(flag, 'Flag')) continue;
    const status = stringField(flag, 'status');
    if (status === 'entered-in-error') continue;
    const safety = codingsIn(flag, 'category').find((coding) => isCode(coding, CODE_SYSTEM.flagCategory, 'safety'));
    if (safety === undefined) continue;
    const { start, end } = periodDates(flag, 'period');
    let description = `Safety flag (${statusWords(status, FLAG_STATUSES)})`;
    if (start !== undefined) description += `, from ${formatFhirDate(start.raw) ?? start.raw}`;
    if (end !== undefined) description += ` to ${formatFhirDate(end.raw) ?? end.raw}`;
    const evidence: Evidence = {
      reference: relativeReference('Flag', flag),
      resourceType: 'Flag',
      description,
      code: { system: CODE_SYSTEM.flagCategory, code: 'safety', display: 'Safety' },
    };
    const date = start ?? end;
    if (date !== undefined) evidence.date = date.raw;
    candidates.push({ evidence, day: date?.range.last });
  }

  const compiled = compileCodeSets(matcher.referralCodes);
  for (const request of context.section('serviceRequests')) {
    if (!isOfType(request, 'ServiceRequest')) continue;
    const status = stringField(request, 'status');
    if (status === 'entered-in-error') continue;
    const match = context.matchCodes(context.indexCodings([...codingsIn(request, 'category'), ...codingsIn(request, 'code')]), compiled);
    if (match === undefined) continue;
    const date = dateIn(request, 'authoredOn') ?? dateIn(request, 'occurrenceDateTime');
    const name = plainText(match.coding.coding.display) ?? match.set.label;
    let description = `${name} (${statusWords(status, SERVICE_REQUEST_STATUSES)})`;
    if (date !== undefined) description += `, ordered ${formatFhirDate(date.raw) ?? date.raw}`;
    const code = plainText(match.coding.coding.code, 40) ?? '';
    const display = plainText(match.coding.coding.display);
    const evidence: Evidence = {
      reference: relativeReference('ServiceRequest', request),
      resourceType: 'ServiceRequest',
      description,
      code: display === undefined ? { system: match.coding.system, code } : { system: match.coding.system, code, display },
    };
    if (date !== undefined) evidence.date = date.raw;
    candidates.push({ evidence, day: date?.range.last });
  }

  return candidates.length > 0 ? candidates : undefined;
}

// Address ------------------------------------------------------------------------------------------------

/**
 * Every current address (not `old`, not ended before `asOf`) is `temp`. No address at all does not fire:
 * absence may only mean the server left it out.
 */
function matchTemporaryAddressOnly(context: ChartContext): Candidate[] | undefined {
  const patient = context.patient();
  const current = recordList(patient, 'address').filter((address) => {
    if (stringField(address, 'use') === 'old') return false;
    const { end } = periodDates(address, 'period');
    return end === undefined || end.range.last >= context.asOfDay;
  });
  if (current.length === 0 || !current.every((address) => stringField(address, 'use') === 'temp')) return undefined;

  const since = current.map((address) => periodDates(address, 'period').start).find((start) => start !== undefined);
  let description = 'Only a temporary address is recorded';
  if (since !== undefined) description += `, since ${formatFhirDate(since.raw) ?? since.raw}`;
  const evidence: Evidence = { reference: context.patientReference(), resourceType: 'Patient', description };
  if (since !== undefined) evidence.date = since.raw;
  return [{ evidence, day: since?.range.last }];
}

// Ranking ------------------------------------------------------------------------------------------------

/** Candidates counted once per reference (an id-less resource counts on its own). */
function distinctCount(candidates: readonly Candidate[]): number {
  return dedupe(candidates).length;
}

function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter(({ evidence }) => {
    if (evidence.reference === '') return true;
    if (seen.has(evidence.reference)) return false;
    seen.add(evidence.reference);
    return true;
  });
}

/** Newest first (undated last), one entry per reference, capped at EVIDENCE_LIMIT. */
function rankEvidence(candidates: readonly Candidate[]): { evidence: Evidence[]; matchCount: number } {
  const ordered = [...candidates].sort(
    (a, b) =>
      (b.day ?? Number.NEGATIVE_INFINITY) - (a.day ?? Number.NEGATIVE_INFINITY) ||
      compareText(b.evidence.date ?? '', a.evidence.date ?? '') ||
      compareText(a.evidence.reference, b.evidence.reference),
  );
  const distinct = dedupe(ordered);
  return { evidence: distinct.slice(0, EVIDENCE_LIMIT).map(({ evidence }) => evidence), matchCount: distinct.length };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
