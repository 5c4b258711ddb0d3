import { describe, expect, it } from 'vitest';
import { RandomStreams, mean, sample } from '../../src/engine/random.js';
import type { Distribution } from '../../src/scenario/types.js';

const N = 200_000;

function sampleMean(d: Distribution): { mean: number; min: number; max: number; median: number } {
  const rng = new RandomStreams(11).stream('durations');
  const xs = new Float64Array(N);
  for (let i = 0; i < N; i++) xs[i] = sample(d, rng);
  xs.sort();
  let s = 0;
  for (const x of xs) s += x;
  return { mean: s / N, min: xs[0], max: xs[N - 1], median: xs[N >> 1] };
}

describe('sample', () => {
  it.each<[string, Distribution]>([
    ['exponential', { distribution: 'exponential', mean: 60 }],
    ['uniform', { distribution: 'uniform', min: 10, max: 30 }],
    ['lognormal', { distribution: 'lognormal', median: 100, sigma: 0.5 }],
  ])('%s has the documented mean', (_, d) => {
    expect(Math.abs(sampleMean(d).mean / mean(d) - 1)).toBeLessThan(0.01);
  });

  it('lognormal is centred on its median', () => {
    expect(Math.abs(sampleMean({ distribution: 'lognormal', median: 100, sigma: 0.5 }).median / 100 - 1)).toBeLessThan(0.01);
  });

  it('truncated normal stays inside [min, max]', () => {
    const r = sampleMean({ distribution: 'normal', mean: 50, stddev: 40, min: 20, max: 70 });
    expect(r.min).toBeGreaterThanOrEqual(20);
    expect(r.max).toBeLessThanOrEqual(70);
  });

  it('fixed is fixed', () => {
    const r = sampleMean({ distribution: 'fixed', value: 7 });
    expect([r.min, r.max]).toEqual([7, 7]);
  });
});
