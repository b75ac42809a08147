import { useMemo } from 'react';
import type { Stored } from '../lib/fhir/fhir-client';
import { useSmartSession } from '../lib/smart/session-context';
import { useChartSections } from '../features/chart/chart-queries';
import { chartSectionNames, chartSections } from '../features/chart/chart-sections';
import { evaluateIndicators } from '../features/indicators/engine';
import type { ChartSnapshot, IndicatorFinding } from '../features/indicators/indicator-types';
import type { Population } from '../lib/fhir/patient-age';

export interface IndicatorFindings {
  findings: IndicatorFinding[];
  /** Some sections are still being read: more prompts may appear. */
  reading: boolean;
  /** Labels of sections that could not be read, so "nothing found" is never claimed for them. */
  unread: string[];
}

/**
 * Runs the indicator engine over whatever chart sections have arrived; it re-runs as each one lands. `ownReferences`
 * (what Lantern wrote in this visit) never come back as a prompt about an earlier concern.
 */
export function useIndicatorFindings(
  patient: Stored<'Patient'>,
  population: Population,
  asOf: string,
  ownReferences: ReadonlySet<string>,
): IndicatorFindings {
  const sections = useChartSections(useSmartSession(), patient.id, asOf);
  const encounters = sections.recentEncounters.data?.resources;
  const conditions = sections.conditions.data?.resources;
  const observations = sections.observations.data?.resources;
  const procedures = sections.procedures.data?.resources;
  const coverage = sections.coverage.data?.resources;
  const allFlags = sections.safetyFlags.data?.resources;
  const allServiceRequests = sections.referrals.data?.resources;
  // A new Set each render must not re-run the engine: the references' content is what counts.
  const ownKey = [...ownReferences].sort().join('\n');
  const own = useMemo(() => new Set(ownKey.split('\n')), [ownKey]);
  const flags = useMemo(() => allFlags?.filter((flag) => !own.has(`Flag/${flag.id}`)), [allFlags, own]);
  const serviceRequests = useMemo(() => allServiceRequests?.filter((request) => !own.has(`ServiceRequest/${request.id}`)), [allServiceRequests, own]);

  const findings = useMemo(() => {
    const snapshot: ChartSnapshot = {
      patient,
      encounters: encounters ?? [],
      conditions: conditions ?? [],
      observations: observations ?? [],
      procedures: procedures ?? [],
      // Unknown coverage must not read as "no coverage": leave the indicator out until it is read.
      coverage: coverage ?? [],
      flags: flags ?? [],
      serviceRequests: serviceRequests ?? [],
    };
    const found = evaluateIndicators(snapshot, { asOf, population });
    return coverage ? found : found.filter((finding) => finding.indicator.matcher.kind !== 'no-active-coverage');
  }, [patient, encounters, conditions, observations, procedures, coverage, flags, serviceRequests, asOf, population]);

  return {
    findings,
    reading: chartSectionNames.some((name) => sections[name].isPending),
    unread: chartSectionNames.filter((name) => sections[name].isError).map((name) => chartSections[name].label),
  };
}
