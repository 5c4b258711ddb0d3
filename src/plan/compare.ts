// Paired comparison of scenarios (DESIGN §1 src/plan): run each with one seed, so the same jobs
// get the same run times under every fleet (common random numbers), and line up what an architect
// asks — how much cheaper, how much later.
import type { Summary } from '../metrics/summary.js';
import type { Scenario } from '../scenario/types.js';
import { simulate, type Simulation } from '../sim/simulation.js';

export interface ComparedRun {
  scenario: Scenario;
  sim: Simulation;
}

/**
 * Runs every scenario with `seed` (default: the first scenario's). `run` simulates one (default
 * simulate(); the CLI passes one that records metrics and events).
 */
export function compare(
  scenarios: Scenario[],
  seed?: number,
  run: (scenario: Scenario, seed: number) => Simulation = (scenario, common) => simulate(scenario, { seed: common }),
): { seed: number; runs: ComparedRun[] } {
  const common = seed ?? scenarios[0].seed;
  return { seed: common, runs: scenarios.map((scenario) => ({ scenario, sim: run(scenario, common) })) };
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
