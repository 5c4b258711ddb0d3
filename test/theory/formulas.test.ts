// The queueing formulas of src/theory against published values and independent computations:
// Erlang C tables, Pollaczek–Khinchine's textbook forms, the exact M/D/c (md-c-exact.ts) for the
// accuracy docs/model.md states of Cosmetatos's approximation, Erlang C's P(wait) and
// Allen–Cunneen for deterministic run times, and the run-time moments against batchsim's draws.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { sample, type Rng } from '../../src/engine/random.js';
import type { Distribution } from '../../src/scenario/types.js';
import { allenCunneen, cosmetatos, erlangC, mmc, nonPreemptivePriority, pollaczekKhinchine } from '../../src/theory/formulas.js';
import { serviceMoments, type ServiceMoments } from '../../src/theory/service.js';
import { mdcExact } from './md-c-exact.js';

/** Erlang C summed in log space (ln a^k/k! = k·ln a − ln k!): an independent route to the same number. */
function erlangCinLogs(c: number, a: number): number {
  const logs: number[] = [];
  let lnFact = 0;
  for (let k = 0; k <= c; k++) {
    if (k > 0) lnFact += Math.log(k);
    logs.push(k * Math.log(a) - lnFact);
  }
  const top = logs[c] + Math.log(c / (c - a));
  const max = Math.max(top, ...logs.slice(0, c));
  const sum = logs.slice(0, c).reduce((s, l) => s + Math.exp(l - max), 0);
  return Math.exp(top - max) / (sum + Math.exp(top - max));
}

describe('Erlang C (M/M/c)', () => {
  it('gives the published table values: 10 servers at 8 Erlangs wait 40.9 % of the time, 5 at 4 Erlangs 55.4 %', () => {
    expect(erlangC(10, 8)).toBeCloseTo(0.4092, 4);
    expect(erlangC(5, 4)).toBeCloseTo(0.5541, 4);
  });

  it('gives scenarios/mmc-teaching.yaml its 12.27 s: c = 10, λ = 1/7.5 s, μ = 1/60 s', () => {
    const p = mmc(10, 1 / 7.5, 60);
    expect(p.meanWaitSeconds).toBeCloseTo(12.2754, 4);
    expect(p.probabilityOfWait).toBeCloseTo(0.4092, 4);
    expect(p.utilisation).toBeCloseTo(0.8, 12);
    expect(p.meanQueueLength).toBeCloseTo(12.2754 / 7.5, 4);
    expect(p.exact).toBe(true);
  });

  it('reduces to the closed forms for one and two servers, and agrees with a log-space sum for many (no overflow at c = 1000)', () => {
    for (const rho of [0.1, 0.5, 0.9, 0.99]) {
      expect(erlangC(1, rho)).toBeCloseTo(rho, 12);
      expect(erlangC(2, 2 * rho)).toBeCloseTo((2 * rho * rho) / (1 + rho), 12);
    }
    for (const [c, a] of [[50, 45], [200, 190], [1000, 990], [3, 0.01]]) expect(erlangC(c, a)).toBeCloseTo(erlangCinLogs(c, a), 10);
    // M/M/1: Wq = ρ / (μ − λ).
    expect(mmc(1, 1 / 75, 60).meanWaitSeconds).toBeCloseTo(0.8 / (1 / 60 - 1 / 75), 9);
  });

  it('refuses an unstable queue and nonsense parameters', () => {
    expect(() => mmc(2, 2 / 60, 60)).toThrow(/unstable/);
    expect(() => mmc(1, 0, 60)).toThrow(/must be > 0/);
    expect(() => erlangC(0, 0.5)).toThrow(/whole number/);
    expect(() => erlangC(2, 2)).toThrow(/offered load/);
  });
});

describe('non-preemptive priority classes (Cobham)', () => {
  it("gives the M/M/1 textbook form W_k = (ρ/μ) / ((1 − σ_{k−1})(1 − σ_k)) at c = 1", () => {
    // λ = 0.3 and 0.5 per minute, m = 1 min: ρ = 0.8, ρ/μ = 0.8 min.
    const [high, low] = nonPreemptivePriority(1, [0.3, 0.5], 1);
    expect(high).toBeCloseTo(0.8 / 0.7, 12);
    expect(low).toBeCloseTo(0.8 / (0.7 * 0.2), 12);
  });

  it('averages, weighted by arrival rate, to the M/M/c mean wait (the conservation law)', () => {
    for (const [c, lambdas] of [[10, [3 / 60, 5 / 60]], [4, [0.01, 0.02, 0.02]], [1, [0.5 / 60]]] as [number, number[]][]) {
      const w = nonPreemptivePriority(c, lambdas, 60);
      const total = lambdas.reduce((a, b) => a + b, 0);
      expect(w.reduce((s, wk, k) => s + lambdas[k] * wk, 0) / total).toBeCloseTo(mmc(c, total, 60).meanWaitSeconds, 9);
      for (let k = 1; k < w.length; k++) expect(w[k]).toBeGreaterThan(w[k - 1]);
    }
  });
});

describe('Pollaczek–Khinchine (M/G/1)', () => {
  it('is M/M/1 for exponential run times (SCV 1) and half of it for constant ones: Lq = ρ²/(2(1 − ρ)) for M/D/1', () => {
    const m = pollaczekKhinchine(1 / 75, 60, 1);
    expect(m.meanWaitSeconds).toBeCloseTo(240, 9);
    expect(m.probabilityOfWait).toBeCloseTo(0.8, 12);
    expect(m.meanQueueLength).toBeCloseTo(3.2, 9);
    const d = pollaczekKhinchine(1 / 75, 60, 0);
    expect(d.meanWaitSeconds).toBeCloseTo(120, 9);
    expect(d.meanQueueLength).toBeCloseTo(0.8 ** 2 / (2 * 0.2), 9);
  });

  it('gives Wq = λE[S²] / (2(1 − ρ)) for a general run time (E[S²] = m²(1 + SCV))', () => {
    // λ = 0.5/s, m = 1 s, SCV 2 (E[S²] = 3): Wq = 0.5 · 3 / (2 · 0.5) = 1.5 s.
    expect(pollaczekKhinchine(0.5, 1, 2).meanWaitSeconds).toBeCloseTo(1.5, 12);
    expect(() => pollaczekKhinchine(1 / 50, 60, 1)).toThrow(/unstable/);
  });
});

describe('deterministic run times: the approximations against the exact M/D/c (Crommelin)', () => {
  it('the exact solver gives Pollaczek–Khinchine at c = 1 (which checks it)', () => {
    for (const rho of [0.3, 0.7, 0.9]) {
      const e = mdcExact(1, rho);
      expect(e.meanWait).toBeCloseTo(rho / (2 * (1 - rho)), 8);
      expect(e.pWait).toBeCloseTo(rho, 8);
    }
  });

  // What docs/model.md says of the approximations, for 2 ≤ c ≤ 20 and 0.5 ≤ ρ ≤ 0.9.
  const grid = [2, 5, 10, 20].flatMap((c) => [0.5, 0.7, 0.8, 0.9].map((rho) => ({ c, rho, exact: mdcExact(c, rho) })));
  const errorOf = (f: (c: number, rho: number) => number, g: (e: { meanWait: number; pWait: number }) => number) =>
    grid.map(({ c, rho, exact }) => ({ c, rho, error: f(c, rho) / g(exact) - 1 }));

  it('Cosmetatos (1975) is within 1.5 % of the exact mean wait', () => {
    const errors = errorOf((c, rho) => cosmetatos(c, c * rho, 1).meanWaitSeconds, (e) => e.meanWait);
    for (const e of errors) expect(Math.abs(e.error), `c = ${e.c}, ρ = ${e.rho}: ${(100 * e.error).toFixed(2)} %`).toBeLessThan(0.015);
  });

  it('Cosmetatos overestimates in light traffic with many servers: about +10 % at c = 10, ρ = 0.3', () => {
    const exact = mdcExact(10, 0.3).meanWait;
    const error = cosmetatos(10, 3, 1).meanWaitSeconds / exact - 1;
    expect(error).toBeGreaterThan(0.08);
    expect(error).toBeLessThan(0.12);
  });

  it("Erlang C's P(wait) overestimates the exact one, by at most 11 %", () => {
    const errors = errorOf((c, rho) => cosmetatos(c, c * rho, 1).probabilityOfWait, (e) => e.pWait);
    for (const e of errors) {
      expect(e.error, `c = ${e.c}, ρ = ${e.rho}`).toBeGreaterThan(0);
      expect(e.error, `c = ${e.c}, ρ = ${e.rho}: +${(100 * e.error).toFixed(1)} %`).toBeLessThan(0.11);
    }
  });

  it('Allen–Cunneen (½ of M/M/c) underestimates the exact mean wait, by up to a third at ρ = 0.5 and under 5 % at ρ = 0.9', () => {
    const errors = errorOf((c, rho) => allenCunneen(c, c * rho, 1, 0).meanWaitSeconds, (e) => e.meanWait);
    for (const e of errors) {
      expect(e.error, `c = ${e.c}, ρ = ${e.rho}`).toBeLessThan(0);
      expect(e.error, `c = ${e.c}, ρ = ${e.rho}`).toBeGreaterThan(-0.34);
      if (e.rho === 0.9) expect(e.error, `c = ${e.c}, ρ = 0.9: ${(100 * e.error).toFixed(1)} %`).toBeGreaterThan(-0.05);
    }
    expect(Math.min(...errors.map((e) => e.error))).toBeLessThan(-0.25);
  });
});

describe('serviceMoments: the run time as batchsim draws it', () => {
  /** Mean and SCV of a million draws of batchsim's own sampler. */
  function drawn(d: Distribution): { mean: number; scv: number; seMean: number } {
    const rng = seedrandom.alea('batchsim-theory-moments') as Rng;
    const n = 1_000_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = sample(d, rng);
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    return { mean, scv: variance / (mean * mean), seMean: Math.sqrt(variance / n) };
  }
  const moments = (d: Distribution) => serviceMoments(d) as ServiceMoments;

  it('knows exponential and constant run times', () => {
    expect(serviceMoments({ distribution: 'exponential', mean: 60 })).toEqual({ kind: 'exponential', meanSeconds: 60, scv: 1 });
    expect(serviceMoments({ distribution: 'fixed', value: 30 })).toEqual({ kind: 'deterministic', meanSeconds: 30, scv: 0 });
    expect(serviceMoments({ distribution: 'uniform', min: 5, max: 5 })).toEqual({ kind: 'deterministic', meanSeconds: 5, scv: 0 });
    expect(serviceMoments({ distribution: 'lognormal', median: 7, sigma: 0 })).toEqual({ kind: 'deterministic', meanSeconds: 7, scv: 0 });
  });

  for (const d of [
    { distribution: 'uniform', min: 30, max: 90 },
    { distribution: 'lognormal', median: 60, sigma: 0.8 },
    { distribution: 'normal', mean: 60, stddev: 40, min: 0, max: Infinity },
    { distribution: 'normal', mean: 60, stddev: 30, min: 45, max: 120 },
  ] as Distribution[]) {
    it(`matches a million draws of ${JSON.stringify(d)} (mean within 5 standard errors, SCV within 2 %)`, () => {
      const m = moments(d);
      const x = drawn(d);
      expect(m.kind).toBe('general');
      expect(Math.abs(m.meanSeconds - x.mean)).toBeLessThan(5 * x.seMean);
      expect(Math.abs(m.scv / x.scv - 1)).toBeLessThan(0.02);
    });
  }

  it('refuses a normal run time whose window keeps too few draws (redraw-then-clamp would show)', () => {
    expect(serviceMoments({ distribution: 'normal', mean: 60, stddev: 100, min: 60, max: 61 })).toEqual({ problem: expect.stringMatching(/keeps only 0\.4 % of draws/) });
  });
});
