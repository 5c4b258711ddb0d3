// The sparse series behind metrics.csv (src/util/sparse-series.ts): a held gauge is written at 0,
// at each change and the index before it, and at the end; a linear one at its slope changes.
// Checked against the dense series they stand for, over random change lists.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Changes, heldPoints, linearPoints, type Points } from '../../src/util/sparse-series.js';

/** The dense series 0 … last a sparse held series stands for (each value holds until the next point). */
function denseHeld(p: Points, last: number): number[] {
  const out: number[] = [];
  let j = 0;
  for (let k = 0; k <= last; k++) {
    while (j + 1 < p.k.length && p.k[j + 1] <= k) j++;
    out.push(p.v[j]);
  }
  return out;
}

const changesArb = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: -3, max: 3 })), { maxLength: 25 }));

describe('heldPoints', () => {
  it('stands for exactly the dense prefix sums, with a point only at 0, the end, a change or just before one', () => {
    fc.assert(
      fc.property(changesArb, ([last, list]) => {
        const ch = new Changes();
        for (const [k, d] of list) ch.add(k, d);
        const dense: number[] = [];
        let acc = 0;
        for (let k = 0; k <= last; k++) dense.push((acc += ch.at(k)));
        const p = heldPoints(ch.keys(), ch.cursor(), last);
        expect(denseHeld(p, last)).toEqual(dense);
        expect(p.k[0]).toBe(0);
        expect(p.k[p.k.length - 1]).toBe(last);
        p.k.forEach((k, i) => {
          if (i === 0 || k === last) return;
          expect(dense[k] !== dense[k - 1] || dense[k] !== dense[k + 1], `point at ${k}`).toBe(true);
          // A change is written together with the index before it: a line through the points is flat between them.
          if (i > 0 && p.k[i - 1] < k - 1) expect(p.v[i]).toBe(p.v[i - 1]);
        });
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('leaves out NaN values and writes the last value before a gap', () => {
    const value = [1, 1, NaN, NaN, 2, 2, 2, 2];
    const p = heldPoints([2, 4], (k) => value[k], 7);
    expect(p).toEqual({ k: [0, 1, 4, 7], v: [1, 1, 2, 2] });
  });
});

describe('linearPoints', () => {
  it('lets a straight line through its points give back every value of a piecewise-linear series', () => {
    // Slope 2 until 10, 0 until 20, then 5 up to 30.
    const slope = (k: number) => (k <= 10 ? 2 : k <= 20 ? 0 : 5);
    const value: number[] = [0];
    for (let k = 1; k <= 30; k++) value.push(value[k - 1] + slope(k));
    const p = linearPoints([11, 21], (k) => value[k], 30);
    expect(p.k).toEqual([0, 10, 11, 20, 21, 30]);
    for (let k = 0; k <= 30; k++) {
      const i = p.k.findIndex((x) => x >= k);
      const at = p.k[i] === k ? p.v[i] : p.v[i - 1] + ((p.v[i] - p.v[i - 1]) * (k - p.k[i - 1])) / (p.k[i] - p.k[i - 1]);
      expect(at, `k = ${k}`).toBeCloseTo(value[k], 12);
    }
  });
});
