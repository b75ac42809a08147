import { describe, expect, it } from 'vitest';
import { indicatorKinds } from './card-policy';
import { indicatorCatalog } from '../src/features/indicators/catalog';

describe('indicatorKinds', () => {
  it('classifies every catalog indicator, and nothing else', () => {
    expect(Object.keys(indicatorKinds).sort()).toEqual(indicatorCatalog.map(({ id }) => id).sort());
  });

  it('counts coverage, address and housing as socioeconomic: alone they never raise a card', () => {
    expect(Object.entries(indicatorKinds).filter(([, kind]) => kind === 'socioeconomic').map(([id]) => id).sort()).toEqual([
      'housing-instability',
      'no-active-coverage',
      'temporary-address-only',
    ]);
  });
});
