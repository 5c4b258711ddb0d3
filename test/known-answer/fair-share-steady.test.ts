// Steady state of fair share (docs/model.md "Fair share"): three shares with weights 1, 0.5 and
// 0.25, each with more work queued than the fleet can run, share one queue on a fixed fleet. Over
// long-run stretches where every share still has work waiting, the vCPU-seconds each gets go as
// 1 / weight: B gets 2× A's, C 4× A's. The stated tolerance is 5 %: the 95 % confidence interval
// of the ratio's mean over independent seeds must lie within ±5 % of the target. (Run times are
// exponential, so each seed's ratio varies; the tolerance covers the granularity of whole jobs,
// which gives the share with the heaviest weight slightly more than its exact fraction.)
import { describe, expect, it } from 'vitest';
import { JobKind } from '../../src/model/jobs.js';
import { Simulation, simulate } from '../../src/sim/simulation.js';
import { definition, fixedFleetCe, job, queue, scenario, slotShape, TEST_SETTINGS } from '../helpers/build.js';

const WEIGHTS: Record<string, number> = { A: 1, B: 0.5, C: 0.25 };
const SEEDS = [11, 12, 13, 14, 15, 16];
/** Student's t, 97.5 % quantile, 5 degrees of freedom. */
const T_975_5 = 2.571;

/**
 * One run: `jobsPerShare` one-vCPU jobs of mean 60 s per share, all submitted at 0, on a fixed
 * fleet of `vcpus` one-vCPU slots, the shares weighted by `weights` (an empty distribution: all 1).
 * Returns each share's vCPU-seconds in [fromS, toS), and when it last placed a job.
 */
function fairShareRun(o: { weights: Record<string, number>; distribution: boolean; vcpus: number; jobsPerShare: number; seed: number; cycle: number; fromS: number; toS: number }) {
  const def = definition('work', 1, 512, 60);
  def.simulation = { ...def.simulation, duration: { distribution: 'exponential', mean: 60 } };
  const shares = Object.keys(o.weights);
  const sc = scenario({
    seed: o.seed,
    settings: { ...TEST_SETTINGS, schedulerCycleSeconds: o.cycle, imagePullSeconds: 0, cachedImageStartSeconds: 0 },
    computeEnvironments: [fixedFleetCe('fleet', [slotShape(o.vcpus, 2048 * o.vcpus)])],
    jobQueues: [{ ...queue('q', 1, ['fleet']), schedulingPolicy: 'teams' }],
    schedulingPolicies: [{
      name: 'teams',
      fairsharePolicy: {
        shareDecaySeconds: 0, computeReservation: 0,
        shareDistribution: o.distribution ? Object.entries(o.weights).map(([shareIdentifier, weightFactor]) => ({ shareIdentifier, weightFactor })) : [],
      },
    }],
    jobDefinitions: [def],
    jobs: shares.map((s) => job(s, 'q', def, 0, { shareIdentifier: s, arraySize: o.jobsPerShare })),
  });
  const sim = simulate(sc, { maxEvents: 2_000_000 });
  const { jobs } = sim;
  const used: Record<string, number> = Object.fromEntries(shares.map((s) => [s, 0]));
  const lastPlaced: Record<string, number> = Object.fromEntries(shares.map((s) => [s, 0]));
  for (let r = 0; r < jobs.count; r++) {
    if (jobs.kind.data[r] !== JobKind.ARRAY_CHILD) continue;
    const share = sim.templates[jobs.template.data[r]].shareIdentifier!;
    lastPlaced[share] = Math.max(lastPlaced[share], jobs.placedAt.data[r] / 1000);
    const a = Math.max(o.fromS, jobs.placedAt.data[r] / 1000);
    const b = Math.min(o.toS, jobs.stoppedAt.data[r] / 1000);
    if (b > a) used[share] += b - a;
  }
  return { used, lastPlaced };
}

/** vCPU-seconds per share in [fromS, toS) of the three-share run on 64 vCPUs, a stretch in which every share still had jobs waiting. */
function vcpuSecondsByShare(seed: number, fromS: number, toS: number, cycle: number): Record<string, number> {
  // 10,000 jobs per share: each keeps work waiting for hours on 64 vCPUs.
  const { used, lastPlaced } = fairShareRun({ weights: WEIGHTS, distribution: true, vcpus: 64, jobsPerShare: 10_000, seed, cycle, fromS, toS });
  for (const s of Object.keys(WEIGHTS)) expect(lastPlaced[s]).toBeGreaterThan(toS);
  return used;
}

function meanAndHalfWidth(xs: number[]): { mean: number; half: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return { mean, half: (T_975_5 * sd) / Math.sqrt(xs.length) };
}

describe('fair share in steady state (weights 1, 0.5, 0.25 on 64 vCPUs)', () => {
  for (const cycle of [10, 0]) {
    it(`gives each share vCPU-time in inverse proportion to its weight, within 5 % (scheduler cycle ${cycle} s)`, () => {
      const runs = SEEDS.map((seed) => vcpuSecondsByShare(seed, 3600, 4 * 3600, cycle));
      for (const [share, target] of [['B', 2], ['C', 4]] as const) {
        const { mean, half } = meanAndHalfWidth(runs.map((u) => u[share] / u.A));
        expect(mean - half).toBeGreaterThan(target * 0.95);
        expect(mean + half).toBeLessThan(target * 1.05);
      }
      // Never more than the fleet; with instant dispatch, all of it while every share has work.
      for (const u of runs) {
        const total = u.A + u.B + u.C;
        expect(total).toBeLessThanOrEqual(64 * 3 * 3600 + 1e-6);
        if (cycle === 0) expect(total).toBeCloseTo(64 * 3 * 3600, 3);
      }
    });
  }

  it('gives equal shares equal vCPU-time when no weights are set', () => {
    // Three shares, no shareDistribution (every weight 1), 30 vCPUs: each share's fraction of the
    // first three hours within 5 % of 1/3.
    const { used } = fairShareRun({ weights: { x: 1, y: 1, z: 1 }, distribution: false, vcpus: 30, jobsPerShare: 3000, seed: 1, cycle: 10, fromS: 0, toS: 3 * 3600 });
    const total = used.x + used.y + used.z;
    for (const s of ['x', 'y', 'z']) expect(Math.abs(used[s] / total - 1 / 3)).toBeLessThan(0.05 / 3);
  });
});

describe('a submission refused by a DISABLED fair-share queue', () => {
  it('never makes its share active (it takes no active-share slot and shrinks no reservation)', () => {
    const def = definition('work', 1, 512, 100);
    const s = scenario({
      settings: { ...TEST_SETTINGS, imagePullSeconds: 0, cachedImageStartSeconds: 0 },
      computeEnvironments: [fixedFleetCe('fleet', [slotShape(8, 16384)])],
      jobQueues: [{ ...queue('q', 1, ['fleet']), schedulingPolicy: 'teams' }],
      schedulingPolicies: [{ name: 'teams', fairsharePolicy: { shareDecaySeconds: 0, computeReservation: 50, shareDistribution: [] } }],
      jobDefinitions: [def],
      jobs: [job('a', 'q', def, 0, { shareIdentifier: 'A', arraySize: 10 })],
    });
    const sim = new Simulation(s);
    sim.advanceTo(5_000);
    sim.call({ atMs: 5_000, action: 'UpdateJobQueue', jobQueue: 'q', state: 'DISABLED', priority: null, computeEnvironmentOrder: null });
    sim.submitJob(job('late', 'q', def, 0, { shareIdentifier: 'B', submitAtMs: 6_000 }));
    sim.call({ atMs: 7_000, action: 'UpdateJobQueue', jobQueue: 'q', state: 'ENABLED', priority: null, computeEnvironmentOrder: null });
    sim.advanceTo(50_000);
    const shares = sim.jobQueues[0].runnable.shares!(sim.kernel.now);
    expect(shares.filter((x) => x.active).map((x) => x.shareIdentifier)).toEqual(['A']);
    // One active share: 8 × (1 − 0.5) = 4 vCPUs for the queue, as before B's refused submission.
    expect(shares.find((x) => x.shareIdentifier === 'A')!.vcpus).toBe(4);
    sim.run();
    const late = sim.jobs.count - 1;
    expect(sim.reasons.values[sim.jobs.reason.data[late]]).toBe('SubmitJob refused: job queue q is DISABLED');
  });
});
