// What every chart spec shares (charts.ts builds the report's charts from these): the Chart type,
// sizes and colours, time scales, metric-series lookup, and the common title, font and axis.
import type { TopLevelSpec } from 'vega-lite';
import type { ChartInput, SeriesPoints } from './chart-data.js';

export interface Chart {
  /** File stem: charts/<name>.vl.json and charts/<name>.svg. */
  name: string;
  title: string;
  /** What the chart shows and how it was aggregated (shown under it in report.html). */
  caption: string;
  spec: TopLevelSpec;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const WIDTH = 720;
export const HEIGHT = 220;
/** Most time points per series after aggregation. */
export const MAX_POINTS = 600;

export const OPTION_COLORS: [string, string][] = [
  ['ON_DEMAND', '#4c78a8'],
  ['SPOT', '#54a24b'],
  ['FARGATE', '#b279a2'],
  ['FARGATE_SPOT', '#72b7b2'],
];

export const round = (x: number, digits = 4) => {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

export interface TimeScale {
  seconds: number;
  label: string;
}

/**
 * The time the charts span: up to metrics.csv's last timestamp (the last activity, rounded up to
 * the metrics period), else the run's end.
 */
export function chartEnd(input: ChartInput): number {
  let end = 0;
  for (const s of input.metrics) if (s.t.length > 0) end = Math.max(end, s.t[s.t.length - 1]);
  return end > 0 ? end : input.summary.endSeconds;
}

export function timeScale(endSeconds: number): TimeScale {
  if (endSeconds <= 2 * 3600) return { seconds: 60, label: 'minutes' };
  if (endSeconds <= 3 * 86400) return { seconds: 3600, label: 'hours' };
  return { seconds: 86400, label: 'days' };
}

export function durationScale(maxSeconds: number): TimeScale {
  if (maxSeconds <= 600) return { seconds: 1, label: 'seconds' };
  if (maxSeconds <= 36000) return { seconds: 60, label: 'minutes' };
  return { seconds: 3600, label: 'hours' };
}

export function find(input: ChartInput, namespace: string, metricName: string, dimensionName: string, statistic?: string): SeriesPoints[] {
  return input.metrics.filter(
    (s) => s.namespace === namespace && s.metricName === metricName && s.dimensionName === dimensionName && (statistic === undefined || s.statistic === statistic),
  );
}

/** Words into lines of at most `width` characters (Vega-Lite titles do not wrap by themselves). */
export function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export function base(title: string, subtitle: string): Pick<TopLevelSpec, '$schema' | 'title' | 'background' | 'config'> {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: wrap(subtitle), anchor: 'start', fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555' },
    background: 'white',
    config: { font: 'Helvetica, Arial, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, labelLimit: 320 } },
  };
}

export function timeAxis(scale: TimeScale) {
  return { field: 't', type: 'quantitative' as const, title: `time since start (${scale.label})` };
}

