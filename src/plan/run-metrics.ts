// What a sweep keeps of each run: a fixed list of numbers, named by their path in summary.json
// (docs/outputs.md), so `cost.totalUsd` means the same in a sweep file's objective, a column of
// runs.csv and the run's own summary. The job table is gone once these are read.
import type { Summary } from '../metrics/summary.js';
import { JOB_STATUS_NAMES } from '../model/jobs.js';

const PURCHASE_OPTIONS = ['ON_DEMAND', 'SPOT', 'FARGATE', 'FARGATE_SPOT'] as const;

/** The metrics of a run, in runs.csv's column order. */
export const RUN_METRICS = [
  'cost.totalUsd',
  ...PURCHASE_OPTIONS.map((o) => `cost.byPurchaseOption.${o}`),
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
  return RUN_METRICS.map((path) => {
    let v: unknown = s;
    for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    return typeof v === 'number' ? v : 0;
  });
}
