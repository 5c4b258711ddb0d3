// Judging expectations, the Wilson interval behind a probability verdict, and what a baseline
// comparison counts as a move.
import { describe, expect, it } from 'vitest';
import { movedSince, moveText } from '../../src/check/baseline.js';
import { judge, type JobOutcome, type SeedRun } from '../../src/check/evaluate.js';
import type { Summary } from '../../src/metrics/summary.js';
import type { Expectation } from '../../src/scenario/expectations.js';

const run = (seed: number, makespanSeconds: number, job: JobOutcome = { status: 'SUCCEEDED', startedAt: 10, stoppedAt: makespanSeconds }): SeedRun => ({
  seed,
  summary: { makespanSeconds, jobs: { total: 1, byStatus: { FAILED: seed % 2 }, arrayJobs: 0 } } as unknown as Summary,
  job: () => job,
});
const metric = (bound: { min: number; max: number }, probability?: number): Expectation => ({
  kind: 'metric', metric: 'makespanSeconds', bound, path: 'expect[0]', probability: probability ?? 1, overSeeds: probability !== undefined,
});

describe('judge', () => {
  it('gives one verdict per seed to an expectation without a probability', () => {
    const v = judge([metric({ min: -Infinity, max: 100 })], [run(1, 99), run(2, 100), run(3, 100.001)]);
    expect(v.map((x) => [x.seed, x.passed])).toEqual([[1, true], [2, true], [3, false]]);
    expect(v[2].message).toBe('makespanSeconds = 100.001, expected ≤ 100');
  });

  it('holds a probability expectation when the share of seeds reaches it, and not below', () => {
    const runs = Array.from({ length: 10 }, (_, i) => run(i + 1, i < 9 ? 50 : 500)); // holds on 9 of 10
    expect(judge([metric({ min: -Infinity, max: 100 }, 0.9)], runs).map((x) => [x.seed, x.passed])).toEqual([[null, true]]);
    const [v] = judge([metric({ min: -Infinity, max: 100 }, 0.95)], runs);
    expect(v.passed).toBe(false);
    expect(v.message).toContain('held on 9 of 10 seeds');
    expect(v.message).toContain('failed on seed 10: makespanSeconds = 500');
  });

  it('reads a metric the run did not produce as 0, and a job by its outcome', () => {
    const zero: Expectation = { kind: 'metric', metric: 'instances.byInstanceType.p5.48xlarge', bound: { min: 0, max: 0 }, path: 'expect[1]', probability: 1, overSeeds: false };
    expect(judge([zero], [run(1, 5)])[0].passed).toBe(true);
    const job: Expectation = {
      kind: 'job', job: 'JobE', submission: 0, status: 'SUCCEEDED', startedAt: null, stoppedAt: { min: -Infinity, max: 30000 }, path: 'expect[2]', probability: 1, overSeeds: false,
    };
    const never = { status: 'RUNNABLE', startedAt: null, stoppedAt: null };
    const [ok, late, stuck] = judge([job], [run(1, 29000), run(2, 30001), run(3, 5, never)]);
    expect([ok.passed, late.passed, stuck.passed]).toEqual([true, false, false]);
    expect(late.message).toBe('job JobE: stopped at 30001 s, expected ≤ 30000 s');
    expect(stuck.message).toBe('job JobE: status RUNNABLE, expected SUCCEEDED; never stopped, expected to have stopped at ≤ 30000 s');
  });
});

describe('baseline moves', () => {
  const before = { seed: 1, makespanSeconds: 1000, cost: { totalUsd: 2, ledger: [{ costUsd: 2 }] }, jobs: { byStatus: { FAILED: 0 } } };
  it('counts a number moved beyond the relative tolerance, and not one within it', () => {
    const now = { seed: 2, makespanSeconds: 1050, cost: { totalUsd: 2.2, ledger: [{ costUsd: 2 }] }, jobs: { byStatus: { FAILED: 0 } } };
    expect(movedSince(before, now, 0.05).map((m) => m.path)).toEqual(['cost.totalUsd']);
    expect(movedSince(before, now, 0).map((m) => m.path)).toEqual(['makespanSeconds', 'cost.totalUsd']);
    expect(movedSince(before, now, 0.1)).toEqual([]);
    expect(moveText(movedSince(before, now, 0.05)[0])).toBe('cost.totalUsd: 2 → 2.2 (+10 %)');
  });
  it('counts any change from 0, and a number only one side has', () => {
    const now = { seed: 1, makespanSeconds: 1000, cost: { totalUsd: 2, ledger: [{ costUsd: 2 }, { costUsd: 1 }] }, jobs: { byStatus: { FAILED: 1 } } };
    const moves = movedSince(before, now, 0.5);
    expect(moves.map(moveText)).toEqual(['jobs.byStatus.FAILED: 0 → 1', 'cost.ledger[1].costUsd: new, 1']);
  });
});
