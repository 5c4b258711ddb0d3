// Synthetic workloads: arrival processes, job mixes and distributions, and determinism — the
// same seed gives the same jobs whatever else the scenario changes.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../src/engine/random.js';
import { simulate } from '../../src/sim/simulation.js';
import type { SyntheticWorkloadSpec } from '../../src/scenario/types.js';
import { sampleWorkload, standardGamma } from '../../src/workload/distributions.js';
import { BASE, jobsOf, load, problemsOf, writeScenario } from './helpers.js';
import { loadScenario } from '../../src/scenario/load.js';

const gen = (body: string, name = 'gen') => `  - type: synthetic
    name: ${name}
${body}`;

const HOUR = 3_600_000;

describe('arrival processes', () => {
  it('poisson: count jobs with exponential gaps of the given mean', () => {
    const jobs = jobsOf(load(gen('    count: 20000\n    jobQueue: q\n    jobDefinition: d\n    arrivals: { process: poisson, ratePerHour: 360, startAtSeconds: 100 }\n')));
    expect(jobs).toHaveLength(20000);
    expect(jobs[0]!.atMs).toBeGreaterThanOrEqual(100_000);
    const meanGap = (jobs[19999]!.atMs - 100_000) / 20000;
    expect(meanGap).toBeGreaterThan(9_700);
    expect(meanGap).toBeLessThan(10_300);
    expect(jobs.every((j, k) => k === 0 || j.atMs >= jobs[k - 1]!.atMs)).toBe(true);
  });

  it('batch: every job at one time', () => {
    const jobs = jobsOf(load(gen('    jobQueue: q\n    jobDefinition: d\n    arrivals: { process: batch, at: 3600, count: 250 }\n')));
    expect(jobs).toHaveLength(250);
    expect(new Set(jobs.map((j) => j.atMs))).toEqual(new Set([3_600_000]));
  });

  it('bursts: each burst\'s jobs spread over its window, in time order across overlapping bursts', () => {
    const jobs = jobsOf(load(gen(`    jobQueue: q
    jobDefinition: d
    arrivals:
      process: bursts
      bursts: [{ at: 0, count: 300, spreadSeconds: 600 }, { at: 300, count: 100, spreadSeconds: 60 }, { at: 7200, count: 50 }]
`)));
    expect(jobs).toHaveLength(450);
    expect(jobs.every((j, k) => k === 0 || j.atMs >= jobs[k - 1]!.atMs)).toBe(true);
    expect(jobs.filter((j) => j.atMs === 7_200_000)).toHaveLength(50);
    const inSecond = jobs.filter((j) => j.atMs >= 300_000 && j.atMs < 360_000).length;
    // 100 of the second burst plus about 300 × 60/600 of the first.
    expect(inSecond).toBeGreaterThan(115);
    expect(inSecond).toBeLessThan(145);
    expect(jobs.filter((j) => j.atMs < 600_000)).toHaveLength(400);
  });

  it('diurnal table: the hour-of-day rates, none in hours at 0', () => {
    const table = Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 17 ? 600 : h < 6 ? 0 : 60));
    const jobs = jobsOf(load(gen(`    untilSeconds: 864000
    jobQueue: q
    jobDefinition: d
    arrivals: { process: diurnal, ratePerHourByHour: [${table.join(', ')}] }
`)));
    const byHour = new Array<number>(24).fill(0);
    for (const j of jobs) byHour[Math.floor(j.atMs / HOUR) % 24]!++;
    // Ten days: 6000 per busy hour of day, 600 per quiet one, none before 06:00.
    expect(byHour.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    for (let h = 9; h < 17; h++) expect(Math.abs(byHour[h]! - 6000)).toBeLessThan(400);
    for (const h of [6, 7, 8, 17, 20, 23]) expect(Math.abs(byHour[h]! - 600)).toBeLessThan(120);
    expect(jobs.at(-1)!.atMs).toBeLessThanOrEqual(864_000_000);
  });

  it('diurnal sinusoid: peaks at peakHour of the wall clock (startTime + t, shifted by utcOffsetHours)', () => {
    const count = (offset: number) => {
      const jobs = jobsOf(load(gen(`    untilSeconds: 432000
    jobQueue: q
    jobDefinition: d
    arrivals: { process: diurnal, sinusoid: { meanRatePerHour: 400, amplitude: 0.9, peakHour: 14 }, utcOffsetHours: ${offset} }
`)));
      const byHour = new Array<number>(24).fill(0);
      for (const j of jobs) byHour[Math.floor(j.atMs / HOUR) % 24]!++;
      return { total: jobs.length, byHour };
    };
    const utc = count(0);
    expect(Math.abs(utc.total - 400 * 24 * 5)).toBeLessThan(600);
    // Rate 760/h at 14:00 and 40/h at 02:00 (five days).
    expect(utc.byHour[14]!).toBeGreaterThan(3400);
    expect(utc.byHour[2]!).toBeLessThan(400);
    // In UTC−5, 14:00 local is 19:00 UTC.
    const ny = count(-5);
    expect(ny.byHour[19]!).toBeGreaterThan(3400);
    expect(ny.byHour[14]!).toBeLessThan(ny.byHour[19]! * 0.8);
  });
});

describe('job mix and distributions', () => {
  const MIX = `    count: 6000
    arrivals: { process: poisson, meanInterarrivalSeconds: 1 }
    mix:
      - { weight: 3, jobQueue: q, jobDefinition: d:1, vcpus: { distribution: uniform, min: 1, max: 8 }, memory: { distribution: lognormal, median: 2000, sigma: 0.5 }, duration: { distribution: gamma, shape: 2, scale: 50 } }
      - { weight: 1, jobQueue: q2, jobDefinition: big, arraySize: { distribution: uniform, min: 0, max: 40 }, gpus: 0, duration: { distribution: empirical, values: [10, 20, 30] } }
`;

  it('picks entries by weight and draws each size from its distribution, rounded', () => {
    const s = load(gen(MIX));
    const jobs = jobsOf(s);
    const small = jobs.filter((j) => j.jobQueue === 0);
    const big = jobs.filter((j) => j.jobQueue === 1);
    expect(small.length / jobs.length).toBeGreaterThan(0.72);
    expect(small.length / jobs.length).toBeLessThan(0.78);
    for (const j of small) {
      expect(j.jobDefinition).toBe(0);
      expect(Number.isInteger(j.vcpus) && j.vcpus >= 1 && j.vcpus <= 8).toBe(true);
      expect(Number.isInteger(j.memory) && j.memory >= 4).toBe(true);
      expect(j.arraySize).toBe(0);
    }
    const meanDuration = small.reduce((a, j) => a + j.durationMs!, 0) / small.length;
    expect(Math.abs(meanDuration - 100_000)).toBeLessThan(4_000);
    for (const j of big) {
      // The definition's resources; array sizes below 2 mean a plain job.
      expect([j.jobDefinition, j.vcpus, j.memory, j.gpus]).toEqual([2, 4, 8192, 0]);
      expect(j.arraySize === 0 || (j.arraySize >= 2 && j.arraySize <= 40)).toBe(true);
      expect([10_000, 20_000, 30_000]).toContain(j.durationMs);
    }
    expect(big.some((j) => j.arraySize === 0) && big.some((j) => j.arraySize > 1)).toBe(true);
  });

  it('leaves the duration to the definition when the mix gives none, and names jobs with the prefix', () => {
    const s = load(gen('    count: 3\n    jobNamePrefix: batch-\n    jobQueue: q\n    jobDefinition: d\n    arrivals: { process: batch, count: 3 }\n'));
    expect(jobsOf(s).map((j) => [j.jobName, j.durationMs, j.vcpus, j.memory])).toEqual([[null, null, 2, 2048], [null, null, 2, 2048], [null, null, 2, 2048]]);
    expect((s.workloads[0] as SyntheticWorkloadSpec).jobNamePrefix).toBe('batch-');
  });

  it('reads an empirical distribution from a CSV column', () => {
    const s = load(gen(`    count: 500
    jobQueue: q
    jobDefinition: d
    arrivals: { process: batch, count: 500 }
    duration: { distribution: empirical, file: runs.csv, column: "Run Seconds" }
`), { 'runs.csv': 'job,run_seconds\na,5\nb,7.5\n\nc,100\n' });
    const d = (s.workloads[0] as SyntheticWorkloadSpec).mix[0]!.duration;
    expect(d).toEqual({ distribution: 'empirical', values: [5, 7.5, 100] });
    expect(new Set(jobsOf(s).map((j) => j.durationMs))).toEqual(new Set([5000, 7500, 100_000]));
  });

  it('draws gamma variates with the right mean and variance (Marsaglia–Tsang, and boosted below shape 1)', () => {
    for (const [shape, scale] of [[2.5, 3], [0.5, 10], [9, 0.5]] as const) {
      const rng = seedrandom.alea(`gamma-${shape}`) as Rng;
      const n = 40_000;
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const x = sampleWorkload({ distribution: 'gamma', shape, scale }, rng);
        sum += x;
        sq += x * x;
      }
      const mean = sum / n;
      const variance = sq / n - mean * mean;
      expect(Math.abs(mean - shape * scale) / (shape * scale)).toBeLessThan(0.03);
      expect(Math.abs(variance - shape * scale * scale) / (shape * scale * scale)).toBeLessThan(0.08);
    }
    expect(standardGamma(1, seedrandom.alea('x') as Rng)).toBeGreaterThan(0);
  });
});

describe('the same seed gives the same synthetic jobs', () => {
  const WORKLOAD = gen(`    count: 400
    arrivals: { process: diurnal, sinusoid: { meanRatePerHour: 200, amplitude: 0.5, peakHour: 15 } }
    mix:
      - { weight: 2, jobQueue: q, jobDefinition: d, duration: { distribution: exponential, mean: 300 } }
      - { weight: 1, jobQueue: q2, jobDefinition: big, vcpus: { distribution: uniform, min: 1, max: 16 } }
`, 'steady');

  it('is repeatable, and changes with the seed', () => {
    const s = load(WORKLOAD);
    expect(jobsOf(s)).toEqual(jobsOf(load(WORKLOAD)));
    expect(jobsOf(s, 0, 12)).not.toEqual(jobsOf(s));
  });

  it('does not change when the fleet, the jobs or other workloads change', () => {
    const reference = jobsOf(load(WORKLOAD));
    const otherFleet = BASE.replace('computeResources: { type: EC2, maxvCpus: 4096, instanceTypes: [c6i, m6i] }', 'computeResources: { type: SPOT, maxvCpus: 64, instanceTypes: [c5] }');
    expect(otherFleet).not.toBe(BASE);
    const withMore = `${otherFleet}
jobs:
  - { jobName: extra, jobQueue: q, jobDefinition: d, submitAt: 5 }
`;
    // Another workload inserted before it (its index changes; its name keys its streams).
    const before = gen('    count: 50\n    jobQueue: q\n    jobDefinition: d\n    arrivals: { process: poisson, ratePerHour: 60 }\n', 'other');
    const s = loadScenario(writeScenario(`${before}${WORKLOAD}`, {}, withMore));
    expect(s.workloads).toHaveLength(2);
    expect(jobsOf(s, 1)).toEqual(reference);
  });

  it('does not move arrivals or durations when a memory distribution is added', () => {
    const a = jobsOf(load(WORKLOAD));
    const b = jobsOf(load(WORKLOAD.replace('duration: { distribution: exponential, mean: 300 } }', 'duration: { distribution: exponential, mean: 300 }, memory: { distribution: uniform, min: 512, max: 4096 } }')));
    expect(b.map((j) => [j.atMs, j.jobQueue, j.durationMs, j.vcpus])).toEqual(a.map((j) => [j.atMs, j.jobQueue, j.durationMs, j.vcpus]));
    expect(b.map((j) => j.memory)).not.toEqual(a.map((j) => j.memory));
  });

  it('gives byte-identical simulations', () => {
    const run = () => {
      const sim = simulate(load(WORKLOAD));
      const n = sim.jobs.count;
      expect(n).toBe(400);
      return [sim.endTime, ...[sim.jobs.status, sim.jobs.createdAt, sim.jobs.startedAt, sim.jobs.stoppedAt].map((c) => Array.from(c.data.slice(0, n)))];
    };
    expect(run()).toEqual(run());
  });
});

describe('synthetic workload problems', () => {
  it('reports what is missing or wrong, all at once', () => {
    const problems = problemsOf(writeScenario(`${gen('    jobQueue: q\n    jobDefinition: d\n    arrivals: { process: poisson, ratePerHour: 10 }\n', 'a')}${gen(`    count: 5
    jobQueue: q
    jobDefinition: d
    arrivals: { process: diurnal, ratePerHourByHour: [1, 2, 3] }
`, 'b')}${gen(`    count: 5
    jobQueue: fq
    jobDefinition: fd
    vcpus: { distribution: uniform, min: 1, max: 2 }
    arrivals: { process: batch, count: 5 }
`, 'c')}${gen(`    count: 5
    jobQueue: q
    jobDefinition: d
    duration: { distribution: gamma, shape: 2, scale: 3, mean: 6 }
    arraySize: { distribution: weibull }
    arrivals: { process: weekly }
`, 'd')}${gen('    jobQueue: q\n    jobDefinition: d\n    arrivals: { process: batch, count: 1 }\n', 'a')}`));
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['workloads[0].count', 'A poisson process never ends by itself: give count (jobs in all) or untilSeconds (no arrivals after it)'],
      ['workloads[1].arrivals.ratePerHourByHour', 'ratePerHourByHour must list 24 rates (jobs per hour for hours 0–23), received 3'],
      ['workloads[2].vcpus', 'vcpus must be a fixed value on a Fargate job definition (Fargate sizes are fixed vCPU/memory pairs)'],
      ['workloads[3].duration.scale', 'gamma needs shape and either scale or mean (mean = shape × scale), not both'],
      ['workloads[3].arraySize.distribution', 'arraySize.distribution must be one of fixed, uniform, exponential, lognormal, normal, gamma, empirical, received "weibull"'],
      ['workloads[3].arrivals.process', 'arrivals.process must be one of poisson, diurnal, bursts, batch, received "weekly"'],
      ['workloads[4].name', 'workloads[0] is also named "a": give each workload its own name (it keys the workload\'s random streams)'],
    ]);
  });

  it('reports bad cells of an empirical CSV column with line and column', () => {
    const problems = problemsOf(writeScenario(gen(`    count: 5
    jobQueue: q
    jobDefinition: d
    arrivals: { process: batch, count: 5 }
    duration: { distribution: empirical, file: runs.csv, column: 2 }
`), { 'runs.csv': 'job,secs\na,5\nb,-1\nc,ten\n' }));
    expect(problems.map((p) => [p.file, p.line, p.column, p.message])).toEqual([
      ['runs.csv', 3, 2, 'runs.csv line 3, column 2: must be a number ≥ 0, received -1'],
      ['runs.csv', 4, 2, 'runs.csv line 4, column 2: must be a number ≥ 0, received text (3 characters)'],
    ]);
  });
});
