import { describe, expect, it } from 'vitest';
import { listedTermsIn } from '../../../tests/vocabulary';
import { guideSteps, observedIndicators } from './guide-content';

describe('the guide, as the expanded card opens on it', () => {
  it('holds no listed term in its steps or the observed checklist (a companion may see them)', () => {
    const seen = [...guideSteps.flatMap((step) => [step.title, ...step.points]), ...observedIndicators.map((indicator) => indicator.label)];
    expect(seen.flatMap(listedTermsIn)).toEqual([]);
  });
});
