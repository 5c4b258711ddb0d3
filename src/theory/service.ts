// The mean and squared coefficient of variation (SCV = variance / mean²) of a job definition's
// run time, as batchsim draws it (src/engine/random.ts `sample`): what the queueing formulas need.
// Draws are rounded to whole milliseconds and capped at the scenario time limit; for run times of
// a second or more the rounding moves the mean by less than 0.05 % and the cap is never reached
// by the light-tailed distributions (docs/model.md, "Queueing theory").
import jStat from 'jstat';
import type { Distribution } from '../scenario/types.js';

export type ServiceKind = 'exponential' | 'deterministic' | 'general';

export interface ServiceMoments {
  kind: ServiceKind;
  meanSeconds: number;
  scv: number;
}

/**
 * Below this probability of a draw landing inside [min, max], a truncated normal is not treated as
 * one: batchsim redraws at most 1000 times and then uses the mean, which is no longer negligible.
 */
const MIN_NORMAL_ACCEPTANCE = 0.05;

const phi = (x: number) => (Number.isFinite(x) ? Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) : 0);
const Phi = (x: number) => (x === Infinity ? 1 : x === -Infinity ? 0 : jStat.normal.cdf(x, 0, 1));

/** The moments of a run-time distribution, or why the formulas cannot use it. */
export function serviceMoments(d: Distribution): ServiceMoments | { problem: string } {
  switch (d.distribution) {
    case 'fixed':
      return { kind: 'deterministic', meanSeconds: d.value, scv: 0 };
    case 'exponential':
      return { kind: 'exponential', meanSeconds: d.mean, scv: 1 };
    case 'uniform': {
      const mean = (d.min + d.max) / 2;
      return general(mean, (d.max - d.min) ** 2 / 12);
    }
    case 'lognormal':
      // Mean m·e^{σ²/2}, SCV e^{σ²} − 1.
      return d.sigma === 0 ? { kind: 'deterministic', meanSeconds: d.median, scv: 0 } : { kind: 'general', meanSeconds: d.median * Math.exp((d.sigma * d.sigma) / 2), scv: Math.expm1(d.sigma * d.sigma) };
    case 'normal': {
      if (d.stddev === 0) return { kind: 'deterministic', meanSeconds: d.mean, scv: 0 };
      // Normal(μ, σ) truncated to [min, max] (e.g. Johnson, Kotz & Balakrishnan, Continuous
      // Univariate Distributions, vol. 1, §13.10): with α, β the standardised bounds and
      // Z = Φ(β) − Φ(α), mean μ + σ(φ(α) − φ(β))/Z, variance σ²[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²].
      const a = (d.min - d.mean) / d.stddev;
      const b = (d.max - d.mean) / d.stddev;
      const z = Phi(b) - Phi(a);
      if (z < MIN_NORMAL_ACCEPTANCE) {
        return { problem: `its normal run time keeps only ${(100 * z).toFixed(1)} % of draws inside [min, max] (at least ${100 * MIN_NORMAL_ACCEPTANCE} % needed: batchsim's redraw-then-clamp rule would show)` };
      }
      const ta = Number.isFinite(a) ? a * phi(a) : 0;
      const tb = Number.isFinite(b) ? b * phi(b) : 0;
      const shift = (phi(a) - phi(b)) / z;
      return general(d.mean + d.stddev * shift, d.stddev * d.stddev * (1 + (ta - tb) / z - shift * shift));
    }
  }
}

function general(mean: number, variance: number): ServiceMoments {
  const scv = mean > 0 ? Math.max(0, variance) / (mean * mean) : 0;
  return { kind: scv === 0 ? 'deterministic' : 'general', meanSeconds: mean, scv };
}
