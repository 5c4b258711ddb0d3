// A sweep run that keeps alarm or rule metrics (docs/sweep.md "Metrics"): recorded — metric
// series, and the event log when the scenario has rules — then its alarms evaluated and its rules
// matched into summary.alarms and summary.rules, as `batchsim check` does. Loaded only by sweeps
// that name such a metric (sweep-run.ts), so the others load none of this.
import type { Summary } from '../metrics/summary.js';
import { watchedRun } from '../report/alarms-and-rules.js';
import type { Scenario } from '../scenario/types.js';

/** A recorded run's summary with the scenario's alarms and rules in it. */
export function watchedSummary(scenario: Scenario, seed: number): Summary {
  return watchedRun(scenario, seed).summary;
}
