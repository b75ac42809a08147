import { describe, expect, it } from 'vitest';
import { clientChosenId, submissionIdentifier, submissionIdentifierToken, submissionPartOf } from './submission-identifiers';
import { submissionIdentifierSystem } from './referral-systems';
import { defaultSystemBase } from '../../config/runtime-config';

const submissionId = '6f1c2a3e-8b4d-4f5a-9c7e-1d2b3a4c5e6f';

describe('submission identifiers', () => {
  it('name the submission and the part', () => {
    expect(submissionIdentifier(defaultSystemBase, submissionId, 'flag')).toEqual({ system: 'https://lantern.example/fhir/submission', value: `${submissionId}-flag` });
    expect(submissionIdentifierToken(defaultSystemBase, submissionId, 'referral')).toBe(`https://lantern.example/fhir/submission|${submissionId}-referral`);
  });
});

describe('clientChosenId and submissionPartOf', () => {
  it('derives an id within FHIR’s 64 characters from the submission and the part', () => {
    const id = clientChosenId(submissionId, 'check-in-note');
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(clientChosenId(submissionId, 'flag')).not.toBe(clientChosenId(submissionId, 'referral'));
  });

  it('reads back which submission and part a Lantern identifier names, and nothing from other systems', () => {
    expect(submissionPartOf(defaultSystemBase, submissionIdentifier(defaultSystemBase, submissionId, 'check-in-note'))).toEqual({ submissionId, part: 'check-in-note' });
    expect(submissionPartOf(defaultSystemBase, { system: 'https://other.example/id', value: `${submissionId}-flag` })).toBeUndefined();
    expect(submissionPartOf(defaultSystemBase, { system: submissionIdentifierSystem(defaultSystemBase), value: 'flag' })).toBeUndefined();
    expect(submissionPartOf(defaultSystemBase, { system: submissionIdentifierSystem(defaultSystemBase), value: `${submissionId}-something` })).toBeUndefined();
  });
});
