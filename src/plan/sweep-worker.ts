// A sweep's worker thread (piscina): runs one configuration with one seed and returns the run's
// metrics (run-metrics.ts). The configurations' scenario data comes once, as workerData; each is
// validated into a Scenario the first time this worker runs it, and kept for its other seeds.
import { workerData } from 'node:worker_threads';
import type { Scenario } from '../scenario/types.js';
import { runTask, scenarioOf, type RunTask, type SweepWorkerData } from './sweep-run.js';

const data = workerData as SweepWorkerData;
const scenarios = new Map<number, Scenario>();

export default function run(task: RunTask): number[] {
  let scenario = scenarios.get(task.configuration);
  if (!scenario) {
    scenario = scenarioOf(data, task.configuration);
    scenarios.set(task.configuration, scenario);
  }
  return runTask(scenario, task.seed);
}
