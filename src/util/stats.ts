// The statistics sweeps, check and the theory panel report (docs/sweep.md): a metric's mean with its 95 % confidence
// interval over replications (Student's t), the probability of meeting a constraint with its
// Wilson score interval, and the paired difference against the baseline — paired because runs
// that share a seed share their jobs' draws (common random numbers), which is what makes that
// interval narrow. Quantiles come from jStat; the formulas are the textbook ones.
import jStat from 'jstat';

/** The two-sided 95 % normal quantile, z_{0.975}. */
export const Z95 = jStat.normal.inv(0.975, 0, 1);

export interface Estimate {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  sd: number;
  /** 95 % confidence interval of the mean (t with n − 1 degrees of freedom); the mean itself when n < 2. */
  low: number;
  high: number;
}

/** Mean, standard deviation and the 95 % t interval of the mean. */
export function estimate(xs: readonly number[]): Estimate {
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, low: NaN, high: NaN };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: 0, low: mean, high: mean };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (n - 1));
  const half = tQuantile(n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, low: mean - half, high: mean + half };
}

/** t_{0.975, dof}: the half-width multiplier of a 95 % interval. */
export function tQuantile(dof: number): number {
  return jStat.studentt.inv(0.975, dof);
}

/** A proportion with its 95 % Wilson score interval (sound at 0 and 1, unlike the normal one). */
export interface Proportion {
  successes: number;
  n: number;
  p: number;
  low: number;
  high: number;
}

export function wilson(successes: number, n: number, z = Z95): Proportion {
  if (n === 0) return { successes, n, p: NaN, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Exact at the ends: no rounding may put 0 successes above 0 or n below 1.
  return { successes, n, p, low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === n ? 1 : Math.min(1, centre + half) };
}

/**
 * The paired difference a − b over the seeds both have (`a` and `b` keyed by seed): its mean and
 * 95 % t interval. Pairing removes what the two runs of one seed share, so the interval is that
 * of the difference, not of two independent means.
 */
export function pairedDifference(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): Estimate {
  const diffs: number[] = [];
  for (const [seed, x] of a) {
    const y = b.get(seed);
    if (y !== undefined) diffs.push(x - y);
  }
  return estimate(diffs);
}
