// The interval arithmetic of sweeps against published values and known distributions.
import { describe, expect, it } from 'vitest';
import { KeyedStream } from '../../src/engine/keyed-random.js';
import { estimate, pairedDifference, tQuantile, wilson } from '../../src/util/stats.js';

describe('Student t quantiles (t_{0.975})', () => {
  // Standard tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  it.each([
    [1, 12.706],
    [2, 4.303],
    [5, 2.571],
    [9, 2.262],
    [19, 2.093],
    [30, 2.042],
    [100, 1.984],
  ])('dof %i → %f', (dof, t) => {
    expect(tQuantile(dof)).toBeCloseTo(t, 3);
  });
});

describe('estimate', () => {
  it('gives the mean, the sample standard deviation and the t interval', () => {
    const e = estimate([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(e.mean).toBe(5);
    expect(e.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    const half = 2.3646243 * (Math.sqrt(32 / 7) / Math.sqrt(8)); // t_{0.975,7}
    expect(e.low).toBeCloseTo(5 - half, 6);
    expect(e.high).toBeCloseTo(5 + half, 6);
  });

  it('has no width for one value and no value for none', () => {
    expect(estimate([3])).toEqual({ n: 1, mean: 3, sd: 0, low: 3, high: 3 });
    expect(Number.isNaN(estimate([]).mean)).toBe(true);
  });

  it('covers the true mean of normal samples about 95 % of the time', () => {
    // 2,000 intervals of 10 normal draws each: coverage is Binomial(2000, 0.95), sd ≈ 0.005.
    const rng = new KeyedStream(11, 'durations');
    let covered = 0;
    const reps = 2000;
    for (let r = 0; r < reps; r++) {
      const xs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const u = rng.at(r, i);
        const a = u();
        const b = u();
        xs.push(50 + 7 * Math.sqrt(-2 * Math.log(1 - a)) * Math.cos(2 * Math.PI * b));
      }
      const e = estimate(xs);
      if (e.low <= 50 && 50 <= e.high) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.93);
    expect(covered / reps).toBeLessThan(0.97);
  });
});

describe('Wilson score interval', () => {
  // Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → [%f, %f]', (x, n, low, high) => {
    const w = wilson(x, n);
    expect(w.p).toBeCloseTo(x / n, 12);
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
  });

  it('is exact at the ends', () => {
    expect(wilson(20, 20).high).toBe(1);
    expect(wilson(0, 20).low).toBe(0);
  });
});

describe('paired differences', () => {
  it('pairs by seed and ignores seeds only one side has', () => {
    const a = new Map([[1, 10], [2, 12], [3, 11], [9, 100]]);
    const b = new Map([[1, 9], [2, 10], [3, 10], [4, 50]]);
    const d = pairedDifference(a, b);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(4 / 3, 12);
  });

  it('is far narrower than the unpaired interval when the pairs share their noise', () => {
    // Common random numbers: both runs of a seed see the same large noise; they differ by 1 ± a little.
    const rng = new KeyedStream(3, 'durations');
    const a = new Map<number, number>();
    const b = new Map<number, number>();
    for (let s = 1; s <= 20; s++) {
      const shared = 100 * rng.at(s, 0)();
      a.set(s, shared + 1 + 0.1 * rng.at(s, 1)());
      b.set(s, shared + 0.1 * rng.at(s, 2)());
    }
    const paired = pairedDifference(a, b);
    const ea = estimate([...a.values()]);
    expect(paired.low).toBeGreaterThan(0.8);
    expect(paired.high).toBeLessThan(1.2);
    expect(paired.high - paired.low).toBeLessThan((ea.high - ea.low) / 20);
  });
});
