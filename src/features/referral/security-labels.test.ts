import type { Coding } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { actCodeSystem, confidentialitySystem } from './referral-systems';
import { hasSafetySecurityLabels, safetySecurityLabels, withSecurityLabels } from './security-labels';

const normal: Coding = { system: confidentialitySystem, code: 'N' };
const veryRestricted: Coding = { system: confidentialitySystem, code: 'V' };
const substanceUse: Coding = { system: actCodeSystem, code: 'ETH' };

function codes(security: readonly Coding[] | undefined): string[] {
  return (security ?? []).map((coding) => `${coding.system === confidentialitySystem ? 'conf' : 'act'}:${coding.code ?? ''}`);
}

describe('safetySecurityLabels', () => {
  it('is restricted, no disclosure to the patient’s circle, and abuse-sensitive by default', () => {
    expect(codes(safetySecurityLabels())).toEqual(['conf:R', 'act:NOPAT', 'act:SDV']);
    expect(safetySecurityLabels().every((coding) => coding.display !== undefined)).toBe(true);
  });

  it('can be very restricted', () => {
    expect(codes(safetySecurityLabels('V'))).toEqual(['conf:V', 'act:NOPAT', 'act:SDV']);
  });

  it('leaves out the sensitivity label when the organisation chose not to send it, never the others', () => {
    expect(codes(safetySecurityLabels('R', false))).toEqual(['conf:R', 'act:NOPAT']);
    expect(codes(withSecurityLabels({ security: [substanceUse] }, 'V', false).security)).toEqual(['conf:V', 'act:NOPAT', 'act:ETH']);
  });

  it('returns fresh codings each time (a caller editing one cannot change the next resource)', () => {
    const first = safetySecurityLabels();
    if (first[0]) first[0].code = 'N';
    expect(safetySecurityLabels()[0]?.code).toBe('R');
  });
});

describe('withSecurityLabels', () => {
  it('labels a resource that had no meta', () => {
    expect(codes(withSecurityLabels(undefined).security)).toEqual(['conf:R', 'act:NOPAT', 'act:SDV']);
  });

  it('replaces a lower confidentiality code: exactly one is left', () => {
    const meta = withSecurityLabels({ versionId: '2', security: [normal, substanceUse] });
    expect(codes(meta.security)).toEqual(['conf:R', 'act:NOPAT', 'act:SDV', 'act:ETH']);
    expect(meta.versionId).toBe('2');
  });

  it('never lowers a stricter code already there', () => {
    expect(codes(withSecurityLabels({ security: [veryRestricted] }, 'R').security)).toEqual(['conf:V', 'act:NOPAT', 'act:SDV']);
  });

  it('does not repeat labels already present', () => {
    const once = withSecurityLabels(undefined);
    expect(withSecurityLabels(once).security).toEqual(once.security);
  });
});

describe('hasSafetySecurityLabels', () => {
  it('accepts Lantern’s labels at R or V', () => {
    expect(hasSafetySecurityLabels(safetySecurityLabels())).toBe(true);
    expect(hasSafetySecurityLabels(safetySecurityLabels('V'))).toBe(true);
  });

  it('rejects two confidentiality codes, a missing refrain, or nothing', () => {
    expect(hasSafetySecurityLabels([...safetySecurityLabels(), normal])).toBe(false);
    expect(hasSafetySecurityLabels(safetySecurityLabels().filter((coding) => coding.code !== 'NOPAT'))).toBe(false);
    expect(hasSafetySecurityLabels(undefined)).toBe(false);
  });

  it('asks for SDV only when it is sent', () => {
    expect(hasSafetySecurityLabels(safetySecurityLabels('R', false))).toBe(false);
    expect(hasSafetySecurityLabels(safetySecurityLabels('R', false), false)).toBe(true);
  });
});
