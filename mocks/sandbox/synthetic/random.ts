/** A small seeded PRNG: the same seed and stream always give the same sequence, in Node and the browser. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Number in [min, max) rounded to `decimals` places. */
  between(min: number, max: number, decimals: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/**
 * Creates a generator for `seed`; `stream` gives each chart its own sequence, so adding a chart or
 * skipping the large one never shifts the values of the others.
 */
export function createRandom(seed: number, stream = ''): Random {
  let state = (hashString(stream) ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;

  // mulberry32: tiny, fast and good enough for synthetic vitals.
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max, decimals) => {
      const factor = 10 ** decimals;
      return Math.round((min + next() * (max - min)) * factor) / factor;
    },
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) {
        throw new Error('pick() needs a non-empty list');
      }
      return item;
    },
    chance: (probability) => next() < probability,
  };
}

/** FNV-1a, 32-bit. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
