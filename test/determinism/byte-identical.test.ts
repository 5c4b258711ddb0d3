// DESIGN §2: same scenario + same seed ⇒ byte-identical outputs; a different seed changes the
// draws; and common random numbers: the same seed gives every job the same run time under a
// different fleet, so paired comparisons compare fleets, not luck.
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/sim/simulation.js';
import { buildScenario, ms, recipeArb, simulateBounded, writeAndRead, type CsvRow, type RunFiles } from '../invariants/random-scenario.js';

const PIPELINE = fileURLToPath(new URL('../../scenarios/aws-docs-pipeline.yaml', import.meta.url));

function runFiles(scenario: Scenario, seed?: number): RunFiles {
  return writeAndRead(simulate(scenario, { seed }));
}

/** A generated scenario's run, within its event budget (a livelock fails instead of hanging). */
function randomRunFiles(scenario: Scenario, seed?: number): RunFiles {
  return writeAndRead(simulateBounded(scenario, { seed }));
}

/** The files writeRun always writes (metrics.csv needs a recorder); comparing fewer would let a missing file pass. */
const RUN_FILES = ['summary.json', 'scenario.json', 'jobs.csv', 'attempts.csv', 'instances.csv'];

function expectSameBytes(a: RunFiles, b: RunFiles): void {
  expect([...a.bytes.keys()]).toEqual(expect.arrayContaining(RUN_FILES));
  expect([...b.bytes.keys()]).toEqual([...a.bytes.keys()]);
  for (const [file, bytes] of a.bytes) {
    const other = b.bytes.get(file)!;
    expect(other.length, `${file} length`).toBe(bytes.length);
    expect(bytes.equals(other), `${file} differs between two runs of the same scenario and seed`).toBe(true);
  }
}

/** Container run time of the last attempt of every job that ran, keyed by job name and array index. */
function runTimes(jobs: CsvRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const j of jobs) {
    if (j.kind === 'ARRAY_PARENT') continue;
    const started = ms(j.startedAt);
    const stopped = ms(j.stoppedAt);
    if (started === null || stopped === null) continue;
    out.set(`${j.jobName}[${j.arrayIndex}]`, stopped - started);
  }
  return out;
}

/** The same scenario with a different fleet: every managed environment's maxvCpus changed. */
function otherFleet(s: Scenario, maxvCpus: (old: number) => number): Scenario {
  return {
    ...s,
    computeEnvironments: s.computeEnvironments.map((ce) => ce.computeResources
      ? { ...ce, computeResources: { ...ce.computeResources, maxvCpus: maxvCpus(ce.computeResources.maxvCpus) } }
      : ce),
  };
}

/** Compares the run times of the jobs that ran in both; returns how many were compared. */
function expectSameRunTimes(a: RunFiles, b: RunFiles, minCompared: number): number {
  const ta = runTimes(a.jobs);
  const tb = runTimes(b.jobs);
  let compared = 0;
  for (const [key, t] of ta) {
    const u = tb.get(key);
    if (u === undefined) continue;
    expect(u, `run time of ${key}`).toBe(t);
    compared++;
  }
  expect(compared, 'jobs whose run times were compared').toBeGreaterThanOrEqual(minCompared);
  return compared;
}

describe('random scenarios (fast-check, seed 42)', () => {
  it('write byte-identical summary.json and CSVs when run twice with one seed', () => {
    fc.assert(
      fc.property(recipeArb, (recipe) => {
        const s = buildScenario(recipe);
        expectSameBytes(randomRunFiles(s), randomRunFiles(s));
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('change jobs.csv with another seed', () => {
    fc.assert(
      fc.property(recipeArb, (recipe) => {
        const s = buildScenario(recipe);
        const a = randomRunFiles(s);
        const b = randomRunFiles(s, s.seed + 1);
        expect(a.bytes.get('jobs.csv')!.equals(b.bytes.get('jobs.csv')!)).toBe(false);
        expect(b.summary.seed).toBe(s.seed + 1);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('give every job the same drawn run time under a different maxvCpus (common random numbers)', () => {
    // A larger maxvCpus runs every job the smaller one ran (nothing here depends on capacity but
    // when jobs run), so every job that ran in the first run is compared, and over the sample
    // there are many of them.
    let total = 0;
    fc.assert(
      fc.property(recipeArb, fc.integer({ min: 1, max: 64 }), (recipe, extra) => {
        const s = buildScenario(recipe);
        const a = randomRunFiles(s);
        total += expectSameRunTimes(a, randomRunFiles(otherFleet(s, (m) => m + extra)), runTimes(a.jobs).size);
      }),
      { seed: 42, numRuns: 100 },
    );
    expect(total).toBeGreaterThanOrEqual(1000);
  });
});

describe('scenarios/aws-docs-pipeline.yaml (20,015 jobs)', () => {
  let pipeline: Scenario;
  let first: RunFiles;
  beforeAll(() => {
    pipeline = loadScenario(PIPELINE);
    first = runFiles(pipeline);
  }, 60_000); // 20,000 jobs run and written: well over vitest's 10 s default on a busy 2-core machine

  it('writes byte-identical files when run twice', () => {
    expectSameBytes(first, runFiles(pipeline));
    expect(first.summary.jobs.total).toBe(20_012);
  });

  it('draws other ids and run times with another seed', () => {
    const other = runFiles(pipeline, pipeline.seed + 1);
    expect(first.bytes.get('jobs.csv')!.equals(other.bytes.get('jobs.csv')!)).toBe(false);
    const ids = new Set(first.jobs.map((j) => j.jobId));
    expect(other.jobs.filter((j) => ids.has(j.jobId))).toEqual([]);
    // JobB's run times are lognormal draws: a new seed changes (nearly) all of them.
    const a = runTimes(first.jobs);
    const b = runTimes(other.jobs);
    let changed = 0;
    for (let k = 0; k < 10_000; k++) if (a.get(`JobB[${k}]`) !== b.get(`JobB[${k}]`)) changed++;
    expect(changed).toBeGreaterThan(9_900);
  });

  it('gives every job the same run time on a quarter of the fleet (common random numbers)', () => {
    const smaller = runFiles(otherFleet(pipeline, (m) => m / 4));
    // The fleet change matters (the run takes longer) but no job's draw moves.
    expect(smaller.summary.makespanSeconds).toBeGreaterThan(first.summary.makespanSeconds);
    expectSameRunTimes(first, smaller, 20_012);
  });
});
