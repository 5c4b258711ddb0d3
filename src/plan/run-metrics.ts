// What a sweep keeps of each run: a list of numbers, named by their path in summary.json
// (docs/outputs.md), so `cost.totalUsd` means the same in a sweep file's objective, a column of
// runs.csv and the run's own summary. The job table is gone once these are read.
//
// Every sweep keeps RUN_METRICS. A sweep whose objective or constraints name one of the scenario's
// alarms or EventBridge rules (`alarms.<AlarmName>.secondsInAlarm`, `rules.<Name>.matches`, …)
// keeps those too, after them: they need a recorded run (metric series, event log), which the
// other sweeps do not pay for.
import type { Summary } from '../metrics/summary.js';
import { JOB_STATUS_NAMES } from '../model/jobs.js';
import { PURCHASE_OPTION_NAMES, summaryValue } from '../metrics/summary-paths.js';

/** The metrics of every run, in runs.csv's column order. */
export const RUN_METRICS = [
  'cost.totalUsd',
  ...PURCHASE_OPTION_NAMES.map((o) => `cost.byPurchaseOption.${o}`),
  'cost.wastedUsd.total',
  'makespanSeconds',
  'waitSeconds.p50',
  'waitSeconds.p95',
  ...JOB_STATUS_NAMES.map((s) => `jobs.byStatus.${s}`),
  'spotInterruptions',
  'vcpuUtilisation',
] as const;

export type RunMetric = (typeof RUN_METRICS)[number];

/** A number summary.json has for one of the scenario's alarms or rules (names may hold dots: the field is the last part). */
export type AlarmOrRuleMetric = `alarms.${string}` | `rules.${string}`;

/** What a sweep file may name as its objective or in a constraint. */
export type SweepMetric = RunMetric | AlarmOrRuleMetric;

export function isRunMetric(name: string): name is RunMetric {
  return (RUN_METRICS as readonly string[]).includes(name);
}

/** A path into summary.json's `alarms` or `rules` (whether the scenario has that alarm or rule is checked against it). */
export function isAlarmOrRuleMetric(name: string): name is AlarmOrRuleMetric {
  return name.startsWith('alarms.') || name.startsWith('rules.');
}

/** An alarm's first ALARM time: never (Infinity) when it did not fire, so it has no mean; runs.csv shows never as an empty cell. */
export function isFirstAlarmTime(metric: string): boolean {
  return metric.startsWith('alarms.') && metric.endsWith('.firstAlarmSeconds');
}

/** The alarm or rule a metric names, and its section: `alarms.a.b.transitions` → alarm "a.b". */
export function alarmOrRuleOf(metric: AlarmOrRuleMetric): { section: 'alarms' | 'rules'; name: string } {
  const section = metric.startsWith('alarms.') ? 'alarms' : 'rules';
  return { section, name: metric.slice(section.length + 1, metric.lastIndexOf('.')) };
}

/** The alarm and rule metrics an objective and constraints name, each once: the objective's, then the constraints' in order. */
export function alarmAndRuleMetricsOf(objective: { metric: SweepMetric }, constraints: readonly { metric: SweepMetric }[]): AlarmOrRuleMetric[] {
  const out: AlarmOrRuleMetric[] = [];
  for (const { metric } of [objective, ...constraints]) if (isAlarmOrRuleMetric(metric) && !out.includes(metric)) out.push(metric);
  return out;
}

/** A sweep's metrics, in runs.csv's column order: RUN_METRICS, then the alarm and rule metrics it names. */
export function sweepMetrics(alarmAndRuleMetrics: readonly AlarmOrRuleMetric[] = []): SweepMetric[] {
  return [...RUN_METRICS, ...alarmAndRuleMetrics];
}

/** A run's metrics in `metrics`' order (default RUN_METRICS; absent parts of the summary count 0). */
export function runMetrics(s: Summary, metrics: readonly SweepMetric[] = RUN_METRICS): number[] {
  return metrics.map((path) => summaryValue(s, path));
}
