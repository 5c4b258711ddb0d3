// Draws for generators: the job-definition distributions (engine/random.ts) plus gamma and
// empirical, each from the random stream it is given.
import { sample, type Rng } from '../engine/random.js';
import type { WorkloadDistribution } from '../scenario/types.js';

export function sampleWorkload(d: WorkloadDistribution, rng: Rng): number {
  switch (d.distribution) {
    case 'gamma':
      return d.scale * standardGamma(d.shape, rng);
    case 'empirical':
      return d.values[Math.min(d.values.length - 1, Math.floor(rng() * d.values.length))]!;
    default:
      return sample(d, rng);
  }
}

/** Box–Muller, one value per call (as engine/random.ts draws it). */
function standardNormal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * Gamma(shape, 1) by Marsaglia and Tsang (2000), "A simple method for generating gamma variables";
 * shape < 1 by boosting: Gamma(k) = Gamma(k + 1) · U^(1/k).
 */
export function standardGamma(shape: number, rng: Rng): number {
  if (shape < 1) {
    const g = standardGamma(shape + 1, rng);
    let u = 0;
    while (u === 0) u = rng();
    return g * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
