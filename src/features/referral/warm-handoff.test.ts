import type { Communication } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { buildHandoffMessage, handoffMessage, handoffPolling, handoffStatusOf, keepsPolling } from './warm-handoff';

const message: Communication = { resourceType: 'Communication', status: 'in-progress' };

describe('handoffStatusOf', () => {
  it.each([
    [{ ...message }, { state: 'waiting' }],
    [{ ...message, received: '2026-12-06T10:03:00Z' }, { state: 'received', at: '2026-12-06T10:03:00Z' }],
    [{ ...message, status: 'completed' as const }, { state: 'received', at: undefined }],
    [{ ...message, status: 'not-done' as const }, { state: 'not-delivered' }],
    [{ ...message, status: 'entered-in-error' as const }, { state: 'not-delivered' }],
  ])('%j reads as %j', (given, status) => {
    expect(handoffStatusOf(given)).toEqual(status);
  });
});

describe('keepsPolling', () => {
  const sentAt = '2026-12-06T10:00:00Z';
  const sent = Date.parse(sentAt);

  it('asks while the message is on its way, within the window, and stops after it or once answered', () => {
    expect(keepsPolling(undefined, sentAt, sent)).toBe(true);
    expect(keepsPolling({ state: 'waiting' }, sentAt, sent + handoffPolling.forMs - 1)).toBe(true);
    expect(keepsPolling({ state: 'waiting' }, sentAt, sent + handoffPolling.forMs)).toBe(false);
    expect(keepsPolling({ state: 'received', at: undefined }, sentAt, sent)).toBe(false);
    expect(keepsPolling({ state: 'not-delivered' }, sentAt, sent)).toBe(false);
  });
});

describe('buildHandoffMessage', () => {
  const request = {
    handoffId: 'h-1',
    patientId: 'ana',
    recipientReference: 'CareTeam/ed-advocates',
    sentAt: '2026-12-06T10:00:00Z',
    systemBase: 'urn:oid:1.2.3',
  };

  it('names no concern, credits only a clinician, and carries only the place the clinician typed', () => {
    const built = buildHandoffMessage({ ...request, fhirUser: 'Patient/ana', where: '  ' });
    expect(built.identifier).toEqual([{ system: 'urn:oid:1.2.3.6', value: 'h-1' }]);
    expect(built).not.toHaveProperty('sender');
    expect(built).not.toHaveProperty('encounter');
    expect(built.payload).toEqual([{ contentString: handoffMessage }]);
    expect(JSON.stringify({ ...built, meta: undefined })).not.toMatch(/traffick|exploit|abuse/i);
  });
});
