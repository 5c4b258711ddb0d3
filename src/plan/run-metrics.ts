// What a sweep keeps of each run: a fixed list of numbers, named by their path in summary.json
// (docs/outputs.md), so `cost.totalUsd` means the same in a sweep file's objective, a column of
// runs.csv and the run's own summary. The job table is gone once these are read.
import type { Summary } from '../metrics/summary.js';
import { JOB_STATUS_NAMES } from '../model/jobs.js';
import { PURCHASE_OPTION_NAMES, summaryValue } from '../metrics/summary-paths.js';

/** The metrics of a run, in runs.csv's column order. */
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

export function isRunMetric(name: string): name is RunMetric {
  return (RUN_METRICS as readonly string[]).includes(name);
}

/** A run's metrics in RUN_METRICS order (absent parts of the summary count 0). */
export function runMetrics(s: Summary): number[] {
  return RUN_METRICS.map((path) => summaryValue(s, path));
}
