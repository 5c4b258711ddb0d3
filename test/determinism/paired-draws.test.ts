// Paired randomness (DESIGN §2, §6; issue 8): every per-job draw is keyed by the job's identity and
// attempt, so changing only the fleet — maxvCpus, instance types, allocation strategy, compute
// environment order — leaves each job's drawn run time and each attempt's drawn exit code as they
// were. Checked over random scenarios against four kinds of fleet change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedStream } from '../../src/engine/keyed-random.js';
import { NO_EXIT_CODE } from '../../src/model/attempts.js';
import type { ComputeEnvironmentSpec, Scenario } from '../../src/scenario/types.js';
import type { Simulation } from '../../src/sim/simulation.js';
import { catalogShape } from '../helpers/build.js';
import { ALL_KNOBS, buildScenario, recipeArbWith, simulateBounded } from '../invariants/random-scenario.js';

/** Exit codes drawn per attempt (0, 1 or 3) and up to three attempts, so draws differ between attempts. */
function withDrawnExits(s: Scenario): Scenario {
  const exits = [{ exitCode: 0, weight: 2 }, { exitCode: 1, weight: 1 }, { exitCode: 3, weight: 1 }];
  const retry = { attempts: 3, evaluateOnExit: [] };
  return {
    ...s,
    jobDefinitions: s.jobDefinitions.map((d) => ({ ...d, retryStrategy: retry, simulation: { ...d.simulation, exitCodes: exits } })),
    jobs: s.jobs.map((j) => ({ ...j, retryStrategy: retry, simulation: { ...j.simulation, exitCodes: exits } })),
  };
}

type FleetChange = 'maxvCpus' | 'instanceTypes' | 'allocationStrategy' | 'ceOrder';

function changeFleet(s: Scenario, change: FleetChange): Scenario {
  const managed = (f: (cr: NonNullable<ComputeEnvironmentSpec['computeResources']>) => Partial<NonNullable<ComputeEnvironmentSpec['computeResources']>>) => ({
    ...s,
    computeEnvironments: s.computeEnvironments.map((ce) =>
      ce.computeResources && (ce.computeResources.type === 'EC2' || ce.computeResources.type === 'SPOT')
        ? { ...ce, computeResources: { ...ce.computeResources, ...f(ce.computeResources) } }
        : ce),
  });
  switch (change) {
    case 'maxvCpus':
      return managed((cr) => ({ maxvCpus: Math.max(cr.minvCpus, cr.maxvCpus > 8 ? Math.floor(cr.maxvCpus / 2) : cr.maxvCpus * 4) }));
    case 'instanceTypes':
      return managed((cr) => ({ instanceTypes: [...cr.instanceTypes, catalogShape('m5.4xlarge'), catalogShape('r5.large')] }));
    case 'allocationStrategy':
      return managed((cr) => ({ allocationStrategy: cr.allocationStrategy === 'BEST_FIT' ? 'BEST_FIT_PROGRESSIVE' : 'BEST_FIT' }));
    case 'ceOrder':
      return { ...s, jobQueues: s.jobQueues.map((q) => ({ ...q, computeEnvironmentOrder: [...q.computeEnvironmentOrder].reverse() })) };
  }
}

/** Drawn exit code per (row, attempt) of every attempt that ran to its end. */
function drawnExits(sim: Simulation): Map<string, number> {
  const out = new Map<string, number>();
  const a = sim.attempts;
  for (let i = 0; i < a.count; i++) {
    const code = a.exitCode.data[i];
    if (a.startedAt.data[i] >= 0 && code !== NO_EXIT_CODE && code !== 137 && code !== 143) out.set(`${a.job.data[i]}#${a.attempt.data[i]}`, code);
  }
  return out;
}

describe('paired draws across fleet changes', () => {
  let comparedDurations = 0;
  let comparedExits = 0;
  let changedFleetOutcome = 0;

  for (const change of ['maxvCpus', 'instanceTypes', 'allocationStrategy', 'ceOrder'] as const) {
    it(`changing only ${change} leaves every job's run time and every attempt's exit code unchanged`, () => {
      fc.assert(
        fc.property(recipeArbWith(ALL_KNOBS), (recipe) => {
          const base = withDrawnExits(buildScenario(recipe));
          const a = simulateBounded(base);
          const b = simulateBounded(changeFleet(base, change));
          expect(b.jobs.count).toBe(a.jobs.count);
          for (let row = 0; row < a.jobs.count; row++) {
            expect(b.jobs.duration.data[row], `run time of row ${row}`).toBe(a.jobs.duration.data[row]);
            comparedDurations++;
          }
          const ea = drawnExits(a);
          const eb = drawnExits(b);
          for (const [key, code] of ea) {
            const other = eb.get(key);
            if (other === undefined) continue;
            expect(other, `exit code of attempt ${key}`).toBe(code);
            comparedExits++;
          }
          if (a.endTime !== b.endTime) changedFleetOutcome++;
        }),
        { seed: 8, numRuns: 40 },
      );
    }, 60_000);
  }

  it('compared many draws, over fleet changes that did change the runs', () => {
    // Guards against the properties above passing by comparing nothing.
    expect(comparedDurations).toBeGreaterThan(500);
    expect(comparedExits).toBeGreaterThan(100);
    expect(changedFleetOutcome).toBeGreaterThan(10);
  });
});

describe('KeyedStream', () => {
  it('gives the same draws for the same seed and key, and different ones for another seed or key', () => {
    const x = new KeyedStream(7, 'durations');
    const first = [x.at(3, 1)(), x.rng(), x.rng()];
    expect([x.at(3, 1)(), x.rng(), x.rng()]).toEqual(first);
    expect(new KeyedStream(7, 'durations').at(3, 1)()).toBe(first[0]);
    expect(new KeyedStream(8, 'durations').at(3, 1)()).not.toBe(first[0]);
    expect(new KeyedStream(7, 'failures').at(3, 1)()).not.toBe(first[0]);
    expect(x.at(3, 2)()).not.toBe(first[0]);
    expect(x.at(4, 1)()).not.toBe(first[0]);
    expect(new Set(first).size).toBe(3);
  });

  it('is uniform on [0, 1) across consecutive keys (chi-square, 20 bins) and uncorrelated between neighbours', () => {
    const x = new KeyedStream(1, 'durations');
    const n = 200_000;
    const bins = new Array(20).fill(0);
    let sxy = 0;
    let sx = 0;
    let sxx = 0;
    let prev = x.at(0, 0)();
    for (let k = 0; k < n; k++) {
      const u = x.at(k, 0)();
      expect(u >= 0 && u < 1).toBe(true);
      bins[Math.floor(u * 20)]++;
      if (k > 0) {
        sxy += u * prev;
        sx += u;
        sxx += u * u;
      }
      prev = u;
    }
    const expected = n / 20;
    const chi2 = bins.reduce((s, o) => s + ((o - expected) ** 2) / expected, 0);
    // 19 degrees of freedom: P(chi² > 43.8) = 0.001.
    expect(chi2).toBeLessThan(43.8);
    const m = sx / (n - 1);
    const cov = sxy / (n - 1) - m * m;
    const variance = sxx / (n - 1) - m * m;
    // Lag-1 correlation of independent draws has standard deviation 1/√n ≈ 0.0022: 5 σ.
    expect(Math.abs(cov / variance)).toBeLessThan(0.011);
  });
});
