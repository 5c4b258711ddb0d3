// Sweeps and plans end to end: what the sweep file reader reports, common random numbers across
// configurations, the same bytes for any worker count and for shards merged, and plan's answer on
// a sweep whose answer is known by hand.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttemptOutcome } from '../../src/model/attempts.js';
import { plan } from '../../src/plan/plan.js';
import { loadSweep } from '../../src/plan/sweep-file.js';
import { scenarioOf, workerDataOf } from '../../src/plan/sweep-run.js';
import { aggregate, type RunRow } from '../../src/plan/sweep-results.js';
import { sweep } from '../../src/plan/sweep.js';
import { simulate } from '../../src/sim/simulation.js';
import { batchsim } from '../helpers/cli.js';
import { sweepFileBeside, sweepProblems } from '../helpers/sweep.js';

const FIXTURES = 'test/plan/fixtures';
const tmp = () => mkdtempSync(join(tmpdir(), 'batchsim-sweep-'));

/** A sweep file beside a copy of crn.yaml; returns its path. */
function sweepFile(text: string): string {
  return sweepFileBeside(text, { 'crn.yaml': readFileSync(join(FIXTURES, 'crn.yaml'), 'utf8') }, 'batchsim-sweep-');
}

describe('the sweep file', () => {
  it('reports an unknown path, an unknown name, a wrong type and an empty axis at once, each with its path', () => {
    const file = sweepFile(`
name: bad
scenario: crn.yaml
seeds: { count: 3 }
axes:
  - name: typo
    set: computeEnvironments[spot].computeResources.maxvCpu
    values: [16]
  - name: who
    set: computeEnvironments[gpu].computeResources.maxvCpus
    values: [16]
  - name: kind
    set: computeEnvironments[od].computeResources.maxvCpus
    values: [32, lots]
  - name: none
    set: settings.backfill
    values: []
`);
    const problems = sweepProblems(file);
    const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
    expect(at('axes[0].set')).toEqual(['The path computeEnvironments[spot].computeResources.maxvCpu names a field "crn.yaml" cannot have: Unknown field "maxvCpu" (did you mean "maxvCpus"?)']);
    expect(at('axes[1].set')).toEqual([
      'The path computeEnvironments[gpu].computeResources.maxvCpus leads nowhere in "crn.yaml": no element of computeEnvironments has computeEnvironmentName "gpu" (there are "spot", "od")',
    ]);
    expect(at('axes[2].values[1]')).toEqual([expect.stringMatching(/maxvCpus must be an integer ≥ 0, received "lots"/)]);
    expect(at('axes[3].values')).toEqual(['axes[3].values is empty: an axis needs at least one value']);
    expect(problems).toHaveLength(4);
    expect(problems.every((p) => p.line !== undefined)).toBe(true);
  });

  it('refuses axis names that are runs.csv columns already (they would shift its columns)', () => {
    const file = sweepFile(`
scenario: crn.yaml
seeds: { count: 3 }
axes:
  - { name: seed, set: "computeEnvironments[spot].computeResources.maxvCpus", values: [16, 64] }
  - { name: configuration, set: "computeEnvironments[od].computeResources.maxvCpus", values: [32] }
  - { name: cost.totalUsd, set: settings.backfill, values: [true] }
`);
    const at = sweepProblems(file).map((p) => `${p.path}: ${p.message}`);
    expect(at).toEqual([
      'axes[0].name: Axis name "seed" is a column of runs.csv already; choose another',
      'axes[1].name: Axis name "configuration" is a column of runs.csv already; choose another',
      'axes[2].name: Axis name "cost.totalUsd" is a column of runs.csv already; choose another',
    ]);
  });

  it('exits 2 from the command line with every problem and no stack trace', () => {
    const file = sweepFile(`
scenario: crn.yaml
seeds: { count: 0 }
axes:
  - { name: a, set: "computeEnvironments[spot", values: [1] }
objective: { minimize: dollars }
`);
    const r = batchsim('sweep', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Invalid sweep file '.*sweep\.yaml': 3 problems/);
    expect(r.stderr).toContain('seeds.count');
    expect(r.stderr).toContain('without its "]"');
    expect(r.stderr).toContain('Unknown metric "dollars"');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });

  it('names configurations by their axis values and finds the baseline', () => {
    const s = loadSweep(join(FIXTURES, 'crn-sweep.yaml'));
    expect(s.configurations.map((c) => c.name)).toEqual([
      'spotMaxvCpus=16, odTypes=c5.large', 'spotMaxvCpus=16, odTypes=m5.large+r5.large', 'spotMaxvCpus=64, odTypes=c5.large', 'spotMaxvCpus=64, odTypes=m5.large+r5.large',
    ]);
    expect(s.baseline).toBe(0);
    expect(s.seeds).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});

describe('common random numbers', () => {
  const s = loadSweep(join(FIXTURES, 'crn-sweep.yaml'));
  const data = workerDataOf(s.configurations);
  const scenarios = s.configurations.map((c) => scenarioOf(data, c.index));

  it('give every job the same run time and every attempt the same exit code in every configuration of a seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (seed, a, b) => {
        const x = simulate(scenarios[a], { seed });
        const y = simulate(scenarios[b], { seed });
        expect(y.jobs.count).toBe(x.jobs.count);
        for (let r = 0; r < x.jobs.count; r++) expect(y.jobs.duration.data[r]).toBe(x.jobs.duration.data[r]);
        // Exit codes of the attempts both runs made (interruptions may differ, draws may not).
        const codes = (sim: typeof x) => {
          const m = new Map<string, number>();
          for (let i = 0; i < sim.attempts.count; i++) {
            const o = sim.attempts.outcome.data[i];
            if (o === AttemptOutcome.SUCCEEDED || o === AttemptOutcome.FAILED) m.set(`${sim.attempts.job.data[i]}/${sim.attempts.attempt.data[i]}`, sim.attempts.exitCode.data[i]);
          }
          return m;
        };
        const cx = codes(x);
        const cy = codes(y);
        let shared = 0;
        for (const [k, v] of cx) {
          if (!cy.has(k)) continue;
          shared++;
          expect(cy.get(k)).toBe(v);
        }
        expect(shared).toBeGreaterThan(50);
      }),
      { numRuns: 12 },
    );
  });

  it('make the paired difference against the baseline narrower than the configurations’ own intervals', async () => {
    const runs = await sweep(s, { workers: 0 });
    const outcome = aggregate(runs.plan, runs.rows);
    const width = (e: { low: number; high: number }) => e.high - e.low;
    // Only the on-demand types differ from the baseline: the same jobs, the same market, so the
    // seeds' noise cancels almost entirely in the difference.
    const types = outcome.configurations[1];
    expect(width(types.vsBaseline['cost.totalUsd'])).toBeLessThan(width(types.metrics['cost.totalUsd']) / 5);
    expect(types.vsBaseline['cost.totalUsd'].low).toBeGreaterThan(0); // m5/r5 cost more than c5: surely
    // More Spot capacity changes the fleet too; the paired intervals are still the narrower, and
    // the faster finish is certain though the makespans' own intervals overlap.
    const spot = outcome.configurations[2];
    for (const m of ['cost.totalUsd', 'makespanSeconds'] as const) expect(width(spot.vsBaseline[m]), m).toBeLessThan(width(spot.metrics[m]));
    expect(spot.vsBaseline.makespanSeconds.high).toBeLessThan(0);
    expect(spot.metrics.makespanSeconds.high).toBeGreaterThan(outcome.configurations[0].metrics.makespanSeconds.low);
  });
});

describe('batchsim sweep', () => {
  const files = (dir: string) => Object.fromEntries(readdirSync(dir).filter((f) => !f.startsWith('.')).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

  it('writes the same bytes with 1 and 2 workers, and for 3 shards merged', () => {
    const dir = tmp();
    const sweepPath = join(FIXTURES, 'crn-sweep.yaml');
    const one = batchsim('sweep', sweepPath, '--workers', '1', '--out', join(dir, 'one'));
    expect(one.stderr).toBe('');
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/48 runs \(4 configurations × 12 seeds\)/);
    const two = batchsim('sweep', sweepPath, '--workers', '2', '--out', join(dir, 'two'));
    expect(two.status).toBe(0);
    const expected = files(join(dir, 'one'));
    expect(Object.keys(expected)).toEqual(['configs.csv', 'pareto.csv', 'report.html', 'runs.csv', 'summary.json']);
    expect(expected['runs.csv'].trim().split('\n')).toHaveLength(49);
    expect(files(join(dir, 'two'))).toEqual(expected);

    for (let i = 0; i < 3; i++) {
      const r = batchsim('sweep', sweepPath, '--shard', `${i}/3`, '--workers', '1', '--out', join(dir, `shard-${i}`));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    // Any order of directories.
    const merged = batchsim('sweep', 'merge', join(dir, 'shard-2'), join(dir, 'shard-0'), join(dir, 'shard-1'), '--out', join(dir, 'merged'));
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    expect(files(join(dir, 'merged'))).toEqual(expected);

    const missing = batchsim('sweep', 'merge', join(dir, 'shard-0'), join(dir, 'shard-2'), '--out', join(dir, 'partial'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('shard 2/3 of sweep "crn-sweep" is missing');
  });

  it('takes its shard from an AWS Batch array job or a Kubernetes Indexed Job', async () => {
    const { shardOf } = await import('../../src/cli/sweep-commands.js');
    expect(shardOf(undefined, undefined, { AWS_BATCH_JOB_ARRAY_INDEX: '4', AWS_BATCH_JOB_ARRAY_SIZE: '10' })).toEqual({ index: 4, count: 10 });
    expect(shardOf(undefined, 5, { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 2, count: 5 });
    expect(shardOf('1/3', undefined, { AWS_BATCH_JOB_ARRAY_INDEX: '4', AWS_BATCH_JOB_ARRAY_SIZE: '10' })).toEqual({ index: 1, count: 3 });
    expect(shardOf(undefined, undefined, {})).toBeUndefined();
    expect(() => shardOf('3/3', undefined, {})).toThrow(/0 ≤ I < N/);
    expect(() => shardOf(undefined, undefined, { JOB_COMPLETION_INDEX: '2' })).toThrow(/--shards N/);
  });
});

describe('batchsim plan', () => {
  it('picks the answer known by hand, replicating until the constraint is certain', async () => {
    const s = loadSweep(join(FIXTURES, 'known-sweep.yaml'));
    const r = await plan(s, { workers: 0 });
    const best = r.outcome.configurations[r.outcome.recommended!];
    expect(best.name).toBe('maxvCpus=80, families=c5');
    // 5 seeds cannot show P ≥ 0.9 with confidence (Wilson low 0.57); 40 can (0.91).
    expect(best.runs).toBe(40);
    expect(best.constraints[0].verdict).toBe('met');
    // The slow configurations were settled at once: they never got more seeds.
    expect(r.outcome.configurations.filter((c) => c.name.startsWith('maxvCpus=16')).map((c) => c.runs)).toEqual([5, 5]);
  });

  it('gives the same runs on two worker threads, one pool kept for all its rounds, as in this thread', async () => {
    const s = loadSweep(join(FIXTURES, 'known-sweep.yaml'));
    const here = await plan(s, { workers: 0 });
    const pooled = await plan(s, { workers: 2 });
    expect(here.rounds).toBeGreaterThan(1);
    expect(pooled.rounds).toBe(here.rounds);
    const key = (r: RunRow) => `${r.configuration}/${r.seed}`;
    const sorted = (rows: RunRow[]) => [...rows].sort((a, b) => a.configuration - b.configuration || a.seed - b.seed);
    expect(sorted(pooled.rows).map(key)).toEqual(sorted(here.rows).map(key));
    expect(sorted(pooled.rows).map((r) => r.metrics)).toEqual(sorted(here.rows).map((r) => r.metrics));
  }, 120_000);

  it('refuses a maxSeeds that is not a whole number, or a sweep without seeds, instead of going round for ever', async () => {
    const s = loadSweep(join(FIXTURES, 'known-sweep.yaml'));
    await expect(plan(s, { workers: 0, maxSeeds: 7.5 })).rejects.toThrow(/maxSeeds must be a whole number ≥ 1, received 7\.5/);
    await expect(plan({ ...s, seeds: [] }, { workers: 0 })).rejects.toThrow(/no seeds/);
  });

  it('exits 0 with the recommendation, and 1 when nothing meets the deadline', () => {
    const ok = batchsim('plan', join(FIXTURES, 'known-sweep.yaml'), '--workers', '1');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^Recommended: maxvCpus=80, families=c5 — \$4\.04, makespan 1 h 1 m, P\(≤ 3 h\) = 1\.00 \[0\.91, 1\.00\] over 40 seeds\./);
    const none = batchsim('plan', join(FIXTURES, 'known-sweep.yaml'), '--workers', '1', '--deadline', '30m');
    expect(none.status).toBe(1);
    expect(none.stdout).toMatch(/^No configuration meets the constraints\. Closest: maxvCpus=80, families=c5 — .*misses the deadline \(≤ 30 m\) in 100 % of runs .*its makespan averages 1 h 1 m\./);
  });
});

describe('a sweep of named configurations', () => {
  it('sets each configuration’s paths, creates settings left at their defaults, and takes a named baseline', async () => {
    const file = sweepFile(`
name: named
scenario: crn.yaml
seeds: { from: 3, count: 4 }
configurations:
  - name: small
    set:
      computeEnvironments[spot].computeResources.maxvCpus: 8
  - name: big-backfill
    set:
      computeEnvironments[spot].computeResources.maxvCpus: 64
      settings.backfill: true
      jobQueues[q].computeEnvironmentOrder: [{ order: 1, computeEnvironment: od }, { order: 2, computeEnvironment: spot }]
baseline: big-backfill
objective: { maximize: vcpuUtilisation }
`);
    const s = loadSweep(file);
    expect(s.configurations.map((c) => c.name)).toEqual(['small', 'big-backfill']);
    expect(s.baseline).toBe(1);
    expect(s.seeds).toEqual([3, 4, 5, 6]);
    const data = workerDataOf(s.configurations);
    const big = scenarioOf(data, 1);
    expect(big.settings.backfill).toBe(true);
    expect(big.computeEnvironments[0].computeResources!.maxvCpus).toBe(64);
    expect(big.jobQueues[0].computeEnvironmentOrder).toEqual(['od', 'spot']);
    expect(scenarioOf(data, 0).settings.backfill).toBe(false);
    const runs = await sweep(s, { workers: 0 });
    const outcome = aggregate(runs.plan, runs.rows);
    expect(runs.plan.axes).toEqual([]);
    // Maximising: the better utilisation ranks first.
    const [first, second] = [...outcome.configurations].sort((a, b) => a.rank - b.rank);
    expect(first.metrics.vcpuUtilisation.mean).toBeGreaterThanOrEqual(second.metrics.vcpuUtilisation.mean);
    expect(outcome.configurations[1].vsBaseline['cost.totalUsd']).toMatchObject({ n: 4, mean: 0, low: 0, high: 0 });
  });
});
