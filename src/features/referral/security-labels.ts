import type { Coding, Meta } from 'fhir/r4';
import { actCodeSystem, confidentialitySystem } from './referral-systems';

/** R (restricted) by default; V (very restricted) where the organisation's configuration asks for it. */
export type ConfidentialityLevel = 'R' | 'V';

const confidentialityCodings: Readonly<Record<ConfidentialityLevel, Coding>> = {
  R: { system: confidentialitySystem, code: 'R', display: 'restricted' },
  V: { system: confidentialitySystem, code: 'V', display: 'very restricted' },
};

/** HL7 refrain policy: not to the patient, family or caregivers without the attending provider's authorization. */
export const noPatientDisclosureLabel: Coding = {
  system: actCodeSystem,
  code: 'NOPAT',
  display: "no disclosure to patient, family or caregivers without attending provider's authorization",
};

/** HL7 sensitivity: sexual assault, abuse or domestic violence information. */
export const abuseSensitivityLabel: Coding = {
  system: actCodeSystem,
  code: 'SDV',
  display: 'sexual assault, abuse, or domestic violence information sensitivity',
};

/**
 * The DS4P labels of everything Lantern writes: exactly one confidentiality code, NOPAT and, unless the organisation
 * turned it off (`sensitivityLabel: false` in the configuration), SDV.
 */
export function safetySecurityLabels(level: ConfidentialityLevel = 'R', sensitivity = true): Coding[] {
  const labels = [{ ...confidentialityCodings[level] }, { ...noPatientDisclosureLabel }];
  return sensitivity ? [...labels, { ...abuseSensitivityLabel }] : labels;
}

/**
 * `meta` with Lantern's labels merged in: other labels are kept, duplicates dropped, and the one confidentiality
 * code is the stricter of the existing one and `level` — updating a resource never lowers its protection.
 */
export function withSecurityLabels(meta: Meta | undefined, level: ConfidentialityLevel = 'R', sensitivity = true): Meta {
  const existing = meta?.security ?? [];
  // V is the only level stricter than the R Lantern writes by default.
  const alreadyVeryRestricted = existing.some((coding) => coding.system === confidentialitySystem && coding.code === 'V');
  const chosen: ConfidentialityLevel = alreadyVeryRestricted ? 'V' : level;
  const kept = existing.filter((coding) => coding.system !== confidentialitySystem);
  const security: Coding[] = [];
  for (const coding of [...safetySecurityLabels(chosen, sensitivity), ...kept]) {
    if (!security.some((seen) => seen.system === coding.system && seen.code === coding.code)) security.push(coding);
  }
  return { ...meta, security };
}

/**
 * True when `security` carries exactly one confidentiality code and Lantern's refrain label, and its sensitivity label
 * unless `sensitivity` is false.
 */
export function hasSafetySecurityLabels(security: readonly Coding[] | undefined, sensitivity = true): boolean {
  const labels = security ?? [];
  const confidentiality = labels.filter((coding) => coding.system === confidentialitySystem);
  const has = (label: Coding): boolean => labels.some((coding) => coding.system === label.system && coding.code === label.code);
  return (
    confidentiality.length === 1 &&
    (confidentiality[0]?.code === 'R' || confidentiality[0]?.code === 'V') &&
    has(noPatientDisclosureLabel) &&
    (!sensitivity || has(abuseSensitivityLabel))
  );
}
