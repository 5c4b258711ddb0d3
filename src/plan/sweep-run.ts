// One run of a sweep, the same wherever it happens (a worker thread, or the main thread when a
// library caller asks for no workers): the configuration's scenario with one seed, reduced to its
// metrics the moment it ends, so no job table outlives its run. A sweep that names alarm or rule
// metrics records its runs and evaluates the alarms and rules it names (watched-run.ts, loaded
// only by such sweeps: their own worker file, watched-sweep-worker.ts); the others run bare.
import type { Summary } from '../metrics/summary.js';
import { scenarioFromData } from '../scenario/load.js';
import { ScenarioError } from '../scenario/errors.js';
import type { Scenario } from '../scenario/types.js';
import { withOnlyNamed } from './alarm-rule-metrics.js';
import { runSummary } from './compare.js';
import { runMetrics, sweepMetrics, type AlarmOrRuleMetric } from './run-metrics.js';

/** What every worker of a sweep is given once (structured-clone-able: it is posted to each worker). */
export interface SweepWorkerData {
  /** Each configuration's scenario data (validated already), the file it is from and its name. */
  configurations: { data: unknown; file: string; name?: string }[];
  /** Leave out invalid workload-trace rows (compare --skip-invalid). */
  skipInvalid?: boolean;
  /** The plan's alarm and rule metrics (SweepPlan.alarmAndRuleMetrics): kept after RUN_METRICS. */
  alarmAndRuleMetrics?: AlarmOrRuleMetric[];
}

export function workerDataOf(configurations: readonly { data: unknown; file: string; name?: string }[], skipInvalid = false, alarmAndRuleMetrics: readonly AlarmOrRuleMetric[] = []): SweepWorkerData {
  const data: SweepWorkerData = { configurations: configurations.map((c) => ({ data: c.data, file: c.file, name: c.name })), skipInvalid };
  if (alarmAndRuleMetrics.length > 0) data.alarmAndRuleMetrics = [...alarmAndRuleMetrics];
  return data;
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
  return withOnlyNamed(read.scenario, data.alarmAndRuleMetrics ?? [], c.name ?? String(configuration));
}

/** A recorded run's summary with the alarms and rules of its scenario (watched-run.ts). */
export type WatchedSummary = (scenario: Scenario, seed: number) => Summary;

/**
 * The summary a sweep's run keeps its metrics from: a bare run's, or — when the sweep keeps alarm
 * or rule metrics — a recorded one's with `summary.alarms` and `summary.rules` (`watched`).
 */
export function sweepRunSummary(scenario: Scenario, seed: number, watched: WatchedSummary | null): Summary {
  return watched ? watched(scenario, seed) : runSummary(scenario, { seed });
}

/**
 * Runs tasks of one sweep, validating each configuration's scenario once and keeping it for its
 * other seeds. `watched` (watched-run.ts) is required when the sweep keeps alarm or rule metrics.
 */
export function cachedRunner(data: SweepWorkerData, watched: WatchedSummary | null = null): (task: RunTask) => number[] {
  const extra = data.alarmAndRuleMetrics ?? [];
  if (extra.length > 0 && !watched) throw new Error('a sweep keeping alarm or rule metrics needs the recorded run of watched-run.ts');
  const metrics = sweepMetrics(extra);
  const scenarios = new Map<number, Scenario>();
  return (task) => {
    let scenario = scenarios.get(task.configuration);
    if (!scenario) scenarios.set(task.configuration, (scenario = scenarioOf(data, task.configuration)));
    return runMetrics(sweepRunSummary(scenario, task.seed, extra.length > 0 ? watched : null), metrics);
  };
}
