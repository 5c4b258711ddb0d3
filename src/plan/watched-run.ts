// A sweep run that keeps alarm or rule metrics (docs/sweep.md "Metrics"): recorded — metric
// series, and the event log when the scenario has rules — then its alarms evaluated and its rules
// matched into summary.alarms and summary.rules, as `batchsim check` does. Loaded only by sweeps
// that name such a metric (sweep-run.ts), so the others load none of this.
import { buildMetrics } from '../metrics/metrics.js';
import { simulateRecorded } from '../metrics/recorder.js';
import { summarize, type Summary } from '../metrics/summary.js';
import { alarmsAndRules } from '../report/alarms-and-rules.js';
import type { Scenario } from '../scenario/types.js';
import { JobNames } from '../sim/naming.js';
import { SWEEP_METRICS_PERIOD_SECONDS } from './alarm-rule-metrics.js';

/** A recorded run's summary with the scenario's alarms and rules in it. */
export function watchedSummary(scenario: Scenario, seed: number): Summary {
  const rules = (scenario.eventRules ?? []).length > 0;
  const { sim, recorder } = simulateRecorded(scenario, { seed, metricsPeriodSeconds: SWEEP_METRICS_PERIOD_SECONDS, events: rules, eventsFile: false });
  const names = new JobNames(sim);
  const summary = summarize(sim, names);
  alarmsAndRules(sim, recorder, names, buildMetrics(sim, recorder), summary, null);
  return summary;
}
