// The alarms chart (issue 14): per alarm of the scenario, the metric it watches as metrics.csv has
// it, the threshold drawn across, and the stretches the alarm spent in ALARM shaded — drawn from
// scenario.json's alarms, metrics.csv and alarms.csv, so `batchsim chart DIR` draws it too.
import type { TopLevelSpec } from 'vega-lite';
import { alarmStretches } from '../alarms/run-alarms.js';
import type { ChartInput } from './chart-data.js';
import { sample } from './chart-series.js';
import { HEIGHT, MAX_POINTS, WIDTH, base, chartEnd, round, timeAxis, type Chart, type TimeScale } from './chart-spec.js';

/** What the chart needs of an alarm: its metric and rule (scenario.json) and its state changes (alarms.csv). */
export interface AlarmChartInput {
  alarmName: string;
  namespace: string;
  metricName: string;
  dimensionName: string;
  dimensionValue: string;
  statistic: string;
  periodSeconds: number;
  threshold: number;
  comparisonOperator: string;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  changes: { atSeconds: number; to: string }[];
}

const OPERATOR_SIGNS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥', GreaterThanThreshold: '>', LessThanThreshold: '<', LessThanOrEqualToThreshold: '≤',
};

export function alarmsChart(input: ChartInput, scale: TimeScale): Chart | null {
  const alarms = input.alarms ?? [];
  if (alarms.length === 0) return null;
  const end = chartEnd(input);
  const panels: TopLevelSpec[] = alarms.map((a) => {
    // A duration metric has three series; its Average is the one to draw.
    const series = input.metrics.find((s) => s.namespace === a.namespace && s.metricName === a.metricName && s.dimensionName === a.dimensionName
      && s.dimensionValue === a.dimensionValue && (s.statistic === 'Average' || s.statistic === 'Sum' || s.statistic === 'Maximum'));
    const points = series ? sample(series, MAX_POINTS) : { t: [], v: [] };
    const values = points.t.map((t, i) => ({ t: round(t / scale.seconds), value: round(points.v[i], 4) }));
    const stretches = alarmStretches(a.changes, end).map((s) => ({ from: round(s.from / scale.seconds), to: round(s.to / scale.seconds) }));
    const x = timeAxis(scale);
    return {
      title: { text: `${a.alarmName}: ${a.statistic} of ${a.metricName} (${a.dimensionValue}) over ${a.periodSeconds} s ${OPERATOR_SIGNS[a.comparisonOperator] ?? a.comparisonOperator} ${a.threshold} for ${a.datapointsToAlarm} of ${a.evaluationPeriods}`, fontSize: 12, anchor: 'start' },
      width: WIDTH,
      height: Math.round(HEIGHT * 0.8),
      layer: [
        // No shading for an alarm that never went to ALARM (an empty layer has no extent to draw).
        ...(stretches.length > 0 ? [{ data: { values: stretches }, mark: { type: 'rect', color: '#e45756', opacity: 0.18 }, encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' } } }] : []),
        { data: { values }, mark: { type: 'line', interpolate: 'step-after', color: '#4c78a8' }, encoding: { x, y: { field: 'value', type: 'quantitative', title: `${a.metricName} (metrics.csv)` } } },
        { data: { values: [{ threshold: a.threshold }] }, mark: { type: 'rule', color: '#e45756', strokeDash: [6, 4] }, encoding: { y: { field: 'threshold', type: 'quantitative' } } },
      ],
    } as TopLevelSpec;
  });
  const alarmed = alarms.filter((a) => a.changes.some((c) => c.to === 'ALARM')).length;
  return {
    name: 'alarms',
    title: 'Alarms',
    caption:
      `Each alarm of the scenario's alarms: section: the metric it watches as metrics.csv holds it (blue), its threshold (dashed) and, shaded, ` +
      `the time it spent in ALARM by CloudWatch's rules over its own Period (alarms.csv). ${alarmed} of ${alarms.length} went to ALARM.`,
    spec: { ...base('Alarms', 'metric, threshold and time in ALARM, per alarm'), vconcat: panels } as TopLevelSpec,
  };
}
