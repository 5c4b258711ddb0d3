// Paired comparison of scenarios (DESIGN §1 src/plan): run each with one seed, so the same jobs
// get the same run times under every fleet (common random numbers), and line up what an architect
// asks — how much cheaper, how much later.
import { summarize, type Summary } from '../metrics/summary.js';
import type { Scenario } from '../scenario/types.js';
import type { Sweep } from './sweep-file.js';
import { JobNames } from '../sim/naming.js';
import { simulate, type SimulateOptions } from '../sim/simulation.js';

/**
 * A run reduced to its summary: the simulation (and its job table) is not kept, so a sweep holds
 * one run at a time whatever its size.
 */
export function runSummary(scenario: Scenario, options: SimulateOptions = {}): Summary {
  const sim = simulate(scenario, options);
  return summarize(sim, new JobNames(sim));
}

/**
 * Runs every scenario with `seed` (default: the first scenario's), one after another: `run`
 * simulates one and returns what the caller keeps of it (default: its summary; the CLI writes
 * the report and keeps the summary), so no run outlives its turn.
 */
export async function compare<T = Summary>(
  scenarios: Scenario[],
  seed?: number,
  run: (scenario: Scenario, seed: number) => T | Promise<T> = (scenario, common) => runSummary(scenario, { seed: common }) as T,
): Promise<{ seed: number; results: T[] }> {
  const common = seed ?? scenarios[0].seed;
  const results: T[] = [];
  for (const scenario of scenarios) results.push(await run(scenario, common));
  return { seed: common, results };
}

export interface ComparisonRow {
  scenario: string;
  makespanSeconds: number;
  costUsd: number;
  wastedUsd: number;
  spotInterruptions: number;
  failedJobs: number;
  /** Relative to the baseline (the first scenario): cost change as a fraction, makespan change in seconds. */
  costChange: number;
  makespanChangeSeconds: number;
}

export function comparisonRows(summaries: Summary[]): ComparisonRow[] {
  const base = summaries[0];
  return summaries.map((s) => ({
    scenario: s.scenario,
    makespanSeconds: s.makespanSeconds,
    costUsd: s.cost.totalUsd,
    wastedUsd: s.cost.wastedUsd.total,
    spotInterruptions: s.spotInterruptions,
    failedJobs: s.jobs.byStatus.FAILED ?? 0,
    costChange: base.cost.totalUsd > 0 ? s.cost.totalUsd / base.cost.totalUsd - 1 : 0,
    makespanChangeSeconds: s.makespanSeconds - base.makespanSeconds,
  }));
}

/** The comparison's sweep name, and where compare writes its sweep files and side-by-side page (beside the reports). */
export const COMPARISON_DIR = 'comparison';

/**
 * `compare` as a sweep (docs/sweep.md): one axis whose values are whole scenarios, the first the
 * baseline, every one run with the same seeds. With one seed it is today's paired comparison; with
 * more, every figure gets a 95 % interval and every difference a paired one.
 */
export function comparisonSweep(scenarios: readonly { file: string; scenario: Scenario; data: unknown }[], seeds: readonly number[]): Sweep {
  return {
    file: scenarios[0].file,
    name: COMPARISON_DIR,
    scenarioFile: scenarios[0].file,
    scenarioRef: scenarios.map((s) => s.file).join(' vs '),
    axes: [],
    configurations: scenarios.map((s, index) => ({ index, name: s.scenario.name, labels: [], data: s.data, file: s.file })),
    seeds: [...seeds],
    baseline: 0,
    objective: { metric: 'cost.totalUsd', minimize: true },
    constraints: [],
    maxSeeds: seeds.length,
  };
}
