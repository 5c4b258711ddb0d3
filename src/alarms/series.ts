// An alarm's datapoints from the run's metric series (docs/alarms.md): one per alarm Period, made
// from the metrics.csv rows of the metric and dimension it names, as CloudWatch makes a statistic
// over a period from what was published in it.
//  - A gauge (`…Jobs`, `RunnableVcpus`, capacity gauges, `CumulativeCost`, share gauges) has a
//    value at every timestamp from its first row to its last, on the straight line between its
//    rows (docs/outputs.md); a period's datapoint is the statistic of those values (SampleCount:
//    how many). Outside that span, missing.
//  - A sum (`JobsEntered…`, `SpotInterruptions`, `Cost`) has rows only for metrics periods in
//    which something happened, as CloudWatch has datapoints only then: a period's datapoint is the
//    statistic of the rows in it (Sum: their total); none → missing.
//  - A duration (`…Time`, rows of Average, Maximum, SampleCount) combines its rows: Average
//    weighted by SampleCount, Maximum, SampleCount and Sum; none → missing.
import { METRICS, type MetricSeries, type MetricsTable } from '../metrics/metric-definitions.js';
import { quantileSorted } from 'd3-array';

export type AlarmStatistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum' | { percentile: number };

/** What an alarm watches, resolved to metrics.csv's names. */
export interface WatchedMetric {
  namespace: string;
  metricName: string;
  dimensionName: string;
  dimensionValue: string;
  statistic: AlarmStatistic;
  periodSeconds: number;
}

export type MetricKind = 'gauge' | 'sum' | 'duration';

/** How a metric of metrics.csv is made, by its definition (METRICS). */
export function kindOf(namespace: string, metricName: string): MetricKind | null {
  const def = METRICS.find((m) => m.namespace === namespace && m.metricName === metricName);
  if (!def) return null;
  if (def.statistics.length > 1) return 'duration';
  return def.statistics[0] === 'Sum' ? 'sum' : 'gauge';
}

/** Which statistics a kind of metric can give an alarm. */
export function statisticProblem(kind: MetricKind, statistic: AlarmStatistic): string | null {
  if (kind === 'duration' && (statistic === 'Minimum' || typeof statistic === 'object')) {
    return 'a duration metric keeps Average, Maximum and SampleCount per period in metrics.csv, not single samples: use Average, Maximum, SampleCount or Sum';
  }
  return null;
}

/**
 * The datapoints of `m` for alarm periods 0, 1, … up to the run's last timestamp (null: missing).
 * `Period` must be a whole number of metrics periods: the caller checks it.
 */
export function alarmDatapoints(table: MetricsTable, m: WatchedMetric): (number | null)[] {
  const per = Math.round(m.periodSeconds / table.periodSeconds);
  const periods = Math.ceil(table.count / per);
  const out: (number | null)[] = new Array(periods).fill(null);
  const find = (statistic: string) =>
    table.series.find((s) => s.namespace === m.namespace && s.metricName === m.metricName && s.dimensionName === m.dimensionName && s.dimensionValue === m.dimensionValue && s.statistic === statistic);
  const kind = kindOf(m.namespace, m.metricName);
  if (kind === 'duration') {
    const avg = find('Average');
    const max = find('Maximum');
    const n = find('SampleCount');
    if (!avg || !max || !n) return out;
    const count = new Array<number>(periods).fill(0);
    const sum = new Array<number>(periods).fill(0);
    const hi = new Array<number>(periods).fill(-Infinity);
    for (let i = 0; i < n.points.k.length; i++) {
      const j = Math.floor(n.points.k[i] / per);
      if (j >= periods) continue;
      count[j] += n.points.v[i];
      sum[j] += avg.points.v[i] * n.points.v[i];
      hi[j] = Math.max(hi[j], max.points.v[i]);
    }
    for (let j = 0; j < periods; j++) {
      if (count[j] === 0) continue;
      out[j] = m.statistic === 'SampleCount' ? count[j] : m.statistic === 'Sum' ? sum[j] : m.statistic === 'Maximum' ? hi[j] : sum[j] / count[j];
    }
    return out;
  }
  const series = table.series.find((s) => s.namespace === m.namespace && s.metricName === m.metricName && s.dimensionName === m.dimensionName && s.dimensionValue === m.dimensionValue);
  if (!series || series.points.k.length === 0) return out;
  const values = kind === 'sum' ? sumValues(series, periods * per) : gaugeValues(series, periods * per);
  for (let j = 0; j < periods; j++) {
    const inPeriod: number[] = [];
    for (let k = j * per; k < (j + 1) * per; k++) if (values[k] !== null) inPeriod.push(values[k]!);
    if (inPeriod.length > 0) out[j] = statisticOf(m.statistic, inPeriod);
  }
  return out;
}

/** A gauge's value at each timestamp index from its first row to its last (on the line between rows). */
function gaugeValues(s: MetricSeries, length: number): (number | null)[] {
  const values: (number | null)[] = new Array(length).fill(null);
  const { k, v } = s.points;
  for (let i = 0; i < k.length; i++) {
    if (k[i] < length) values[k[i]] = v[i];
    const next = k[i + 1];
    if (next === undefined) break;
    for (let x = k[i] + 1; x < next && x < length; x++) values[x] = v[i] + ((v[i + 1] - v[i]) * (x - k[i])) / (next - k[i]);
  }
  return values;
}

function sumValues(s: MetricSeries, length: number): (number | null)[] {
  const values: (number | null)[] = new Array(length).fill(null);
  s.points.k.forEach((k, i) => {
    if (k < length) values[k] = s.points.v[i];
  });
  return values;
}

function statisticOf(statistic: AlarmStatistic, xs: number[]): number {
  if (typeof statistic === 'object') return quantileSorted([...xs].sort((a, b) => a - b), statistic.percentile / 100) ?? 0;
  switch (statistic) {
    case 'SampleCount': return xs.length;
    case 'Sum': return xs.reduce((a, b) => a + b, 0);
    case 'Average': return xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'Minimum': return Math.min(...xs);
    case 'Maximum': return Math.max(...xs);
  }
}
