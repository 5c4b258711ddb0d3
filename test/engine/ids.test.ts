// Ids drawn from a stream (job UUIDs, instance and task ids) are built from character codes in one
// go; they must be exactly what drawing digit by digit gives (the golden reports depend on it).
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { randomHex, randomUuid, type Rng } from '../../src/engine/random.js';

/** The plain statement of the same draws: one digit per draw, concatenated. */
function referenceHex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

function referenceUuid(rng: Rng): string {
  const variant = '89ab'[Math.floor(rng() * 4)];
  return `${referenceHex(rng, 8)}-${referenceHex(rng, 4)}-4${referenceHex(rng, 3)}-${variant}${referenceHex(rng, 3)}-${referenceHex(rng, 12)}`;
}

describe('ids drawn from a stream', () => {
  it('are the same strings, draw for draw, as digit-by-digit concatenation', () => {
    const a = seedrandom.alea('ids-test') as Rng;
    const b = seedrandom.alea('ids-test') as Rng;
    for (let i = 0; i < 2000; i++) {
      expect(randomUuid(a)).toBe(referenceUuid(b));
      expect(randomHex(a, 17)).toBe(referenceHex(b, 17));
    }
  });

  it('are version-4 UUIDs', () => {
    const rng = seedrandom.alea('format') as Rng;
    for (let i = 0; i < 200; i++) expect(randomUuid(rng)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
