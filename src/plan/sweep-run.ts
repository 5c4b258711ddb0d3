// One run of a sweep, the same wherever it happens (a worker thread, or the main thread when a
// library caller asks for no workers): the configuration's scenario with one seed, reduced to its
// metrics the moment it ends, so no job table outlives its run.
import { scenarioFromData } from '../scenario/load.js';
import { ScenarioError } from '../scenario/errors.js';
import type { Scenario } from '../scenario/types.js';
import { runSummary } from './compare.js';
import { runMetrics } from './run-metrics.js';

/** What every worker of a sweep is given once. */
export interface SweepWorkerData {
  /** Each configuration's scenario data (validated already) and the file it is from. */
  configurations: { data: unknown; file: string }[];
  /** Leave out invalid workload-trace rows (compare --skip-invalid). */
  skipInvalid?: boolean;
}

export function workerDataOf(configurations: readonly { data: unknown; file: string }[], skipInvalid = false): SweepWorkerData {
  return { configurations: configurations.map((c) => ({ data: c.data, file: c.file })), skipInvalid };
}

export interface RunTask {
  configuration: number;
  seed: number;
}

const NO_POSITIONS = { values: new Map(), keys: new Map(), problems: [] };

export function scenarioOf(data: SweepWorkerData, configuration: number): Scenario {
  const c = data.configurations[configuration];
  const read = scenarioFromData(c.data, NO_POSITIONS, c.file, { skipInvalid: data.skipInvalid });
  // The reader validated this data already; a scenario that stops being valid (a trace file
  // changed meanwhile) is reported, not run.
  if (!read.scenario) throw new ScenarioError(c.file, read.problems);
  return read.scenario;
}

export function runTask(scenario: Scenario, seed: number): number[] {
  return runMetrics(runSummary(scenario, { seed }));
}

/** Runs tasks of one sweep, validating each configuration's scenario once and keeping it for its other seeds. */
export function cachedRunner(data: SweepWorkerData): (task: RunTask) => number[] {
  const scenarios = new Map<number, Scenario>();
  return (task) => {
    let scenario = scenarios.get(task.configuration);
    if (!scenario) scenarios.set(task.configuration, (scenario = scenarioOf(data, task.configuration)));
    return runTask(scenario, task.seed);
  };
}
