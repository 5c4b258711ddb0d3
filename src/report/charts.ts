// The report's charts as Vega-Lite specs (issue #5, DESIGN §4: charts/*.vl.json). Each spec
// carries its data inline, already aggregated — a few thousand points at most whatever the size of
// the run — so a million-job run renders as fast as a small one. Built only from ChartInput (the
// report directory's files), so `batchsim chart DIR` redraws exactly what the run drew.
// The shared spec pieces are in chart-spec.ts, the charts themselves in charts-metrics.ts (from
// metrics.csv series) and charts-records.ts (from job and instance rows).
import type { ChartInput } from './chart-data.js';
import { chartEnd, timeScale, type Chart } from './chart-spec.js';
import { capacityChart, costChart, jobStatesChart } from './charts-metrics.js';
import { arrayChart, instanceChart, waitChart } from './charts-records.js';
import { fairShareChart } from './charts-shares.js';
import { alarmsChart } from './charts-alarms.js';

export type { Chart } from './chart-spec.js';
export { MAX_INSTANCES } from './charts-records.js';

/** Every chart the report can hold, in report order. */
export const CHART_NAMES = ['job-states', 'capacity', 'fair-share', 'alarms', 'cost', 'wait-times', 'instances', 'array-progress'] as const;

/** Charts only some runs are about (fair share: runs with a fair-share queue): not listed as "not drawn" when absent. */
const ONLY_WHEN_RELEVANT: readonly string[] = ['fair-share', 'alarms'];

/** The charts of CHART_NAMES that report.html lists as not drawn (nothing to show in this run). */
export function skippedCharts(drawn: ReadonlySet<string>): string[] {
  return CHART_NAMES.filter((n) => !drawn.has(n) && !ONLY_WHEN_RELEVANT.includes(n));
}

/** Every chart that has something to show, in report order. */
export function buildCharts(input: ChartInput): Chart[] {
  const scale = timeScale(chartEnd(input));
  return [
    jobStatesChart(input, scale),
    capacityChart(input, scale),
    fairShareChart(input, scale),
    alarmsChart(input, scale),
    costChart(input, scale),
    waitChart(input),
    instanceChart(input, scale),
    arrayChart(input, scale),
  ].filter((c): c is Chart => c !== null);
}
