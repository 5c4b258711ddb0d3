// The report's charts as Vega-Lite specs (issue #5, DESIGN §4: charts/*.vl.json). Each spec
// carries its data inline, already aggregated — a few thousand points at most whatever the size of
// the run — so a million-job run renders as fast as a small one. Built only from ChartInput (the
// report directory's files), so `batchsim chart DIR` redraws exactly what the run drew.
import type { TopLevelSpec } from 'vega-lite';
import { SIM_NAMESPACE } from '../metrics/metrics.js';
import type { ChartInput, SeriesPoints } from './chart-data.js';
import { alignGauges, buckets, sample } from './chart-series.js';

export interface Chart {
  /** File stem: charts/<name>.vl.json and charts/<name>.svg. */
  name: string;
  title: string;
  /** What the chart shows and how it was aggregated (shown under it in report.html). */
  caption: string;
  spec: TopLevelSpec;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 720;
const HEIGHT = 220;
/** Most time points per series after aggregation. */
const MAX_POINTS = 600;
/** Most instances drawn in the timeline. */
export const MAX_INSTANCES = 300;
/** Most array jobs drawn in the progress chart. */
export const MAX_ARRAYS = 8;
const ARRAY_GRID = 200;

const STATE_COLORS: [string, string][] = [
  ['SUBMITTED', '#bab0ac'],
  ['PENDING', '#9d755d'],
  ['RUNNABLE', '#f58518'],
  ['STARTING', '#eeca3b'],
  ['RUNNING', '#4c78a8'],
];
const OPTION_COLORS: [string, string][] = [
  ['ON_DEMAND', '#4c78a8'],
  ['SPOT', '#54a24b'],
  ['FARGATE', '#b279a2'],
  ['FARGATE_SPOT', '#72b7b2'],
];

const round = (x: number, digits = 4) => {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

interface TimeScale {
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

function timeScale(endSeconds: number): TimeScale {
  if (endSeconds <= 2 * 3600) return { seconds: 60, label: 'minutes' };
  if (endSeconds <= 3 * 86400) return { seconds: 3600, label: 'hours' };
  return { seconds: 86400, label: 'days' };
}

function durationScale(maxSeconds: number): TimeScale {
  if (maxSeconds <= 600) return { seconds: 1, label: 'seconds' };
  if (maxSeconds <= 36000) return { seconds: 60, label: 'minutes' };
  return { seconds: 3600, label: 'hours' };
}

function find(input: ChartInput, namespace: string, metricName: string, dimensionName: string, statistic?: string): SeriesPoints[] {
  return input.metrics.filter(
    (s) => s.namespace === namespace && s.metricName === metricName && s.dimensionName === dimensionName && (statistic === undefined || s.statistic === statistic),
  );
}

/** Words into lines of at most `width` characters (Vega-Lite titles do not wrap by themselves). */
function wrap(text: string, width = 100): string[] {
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

function base(title: string, subtitle: string): Pick<TopLevelSpec, '$schema' | 'title' | 'background' | 'config'> {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: wrap(subtitle), anchor: 'start', fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555' },
    background: 'white',
    config: { font: 'Helvetica, Arial, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, labelLimit: 320 } },
  };
}

function timeAxis(scale: TimeScale) {
  return { field: 't', type: 'quantitative' as const, title: `time since start (${scale.label})` };
}

// ---- job states per queue ------------------------------------------------------------------------

function jobStatesChart(input: ChartInput, scale: TimeScale): Chart | null {
  const queues: string[] = [];
  const rows: { queue: string; state: string; t: number; jobs: number }[] = [];
  const perState = STATE_COLORS.map(([state]) => ({ state, series: find(input, SIM_NAMESPACE, `${state[0]}${state.slice(1).toLowerCase()}Jobs`, 'JobQueueName') }));
  for (const s of perState[0].series) queues.push(s.dimensionValue);
  if (queues.length === 0) return null;
  const budget = Math.max(50, Math.min(MAX_POINTS, Math.floor(6000 / (STATE_COLORS.length * queues.length))));
  const end = chartEnd(input);
  let averaged = false;
  for (const queue of queues) {
    const present = perState.map(({ state, series }) => ({ state, s: series.find((x) => x.dimensionValue === queue) })).filter((x) => x.s !== undefined);
    const a = alignGauges(present.map((x) => x.s!), end, budget);
    averaged ||= a.averaged;
    present.forEach(({ state }, i) => {
      for (let j = 0; j < a.t.length; j++) rows.push({ queue, state, t: round(a.t[j] / scale.seconds), jobs: round(a.v[i][j], 2) });
    });
  }
  const area = {
    mark: { type: 'area' as const, interpolate: 'step-after' as const },
    encoding: {
      x: timeAxis(scale),
      y: { field: 'jobs', type: 'quantitative' as const, stack: 'zero' as const, title: 'jobs' },
      color: {
        field: 'state', type: 'nominal' as const, title: 'state',
        scale: { domain: STATE_COLORS.map((c) => c[0]), range: STATE_COLORS.map((c) => c[1]) },
      },
      order: { field: 'order', type: 'quantitative' as const },
      tooltip: [{ field: 'queue' }, { field: 'state' }, { field: 't', title: `t (${scale.label})` }, { field: 'jobs' }],
    },
  };
  const orderOf = Object.fromEntries(STATE_COLORS.map(([s], i) => [s, i]));
  const values = rows.map((r) => ({ ...r, order: orderOf[r.state] }));
  const subtitle = `Jobs in each state, per job queue (metrics.csv *Jobs gauges${averaged ? ', averaged into ' + budget + ' windows' : ''}); finished jobs not shown.`;
  const spec: TopLevelSpec = queues.length === 1
    ? { ...base(`Job states over time — queue ${queues[0]}`, subtitle), width: WIDTH, height: HEIGHT, data: { values }, ...area }
    : {
        ...base('Job states over time, per job queue', subtitle),
        data: { values },
        facet: { row: { field: 'queue', type: 'nominal', title: 'job queue', sort: queues } },
        resolve: { scale: { y: 'independent' } },
        spec: { width: WIDTH, height: Math.max(120, Math.round(HEIGHT / Math.min(queues.length, 2))), ...area },
      };
  return {
    name: 'job-states',
    title: 'Job states over time',
    caption: 'How many jobs sit in SUBMITTED, PENDING, RUNNABLE, STARTING and RUNNING at each metrics timestamp, one panel per job queue: a growing orange band is a queue backing up, its shrinking the queue draining.',
    spec,
  };
}

// ---- capacity against demand ---------------------------------------------------------------------

function capacityChart(input: ChartInput, scale: TimeScale): Chart | null {
  const desired = find(input, SIM_NAMESPACE, 'DesiredvCpus', 'ComputeEnvironmentName');
  if (desired.length === 0) return null;
  const inUse = find(input, SIM_NAMESPACE, 'VcpusInUse', 'ComputeEnvironmentName');
  const runnable = find(input, SIM_NAMESPACE, 'RunnableVcpus', 'JobQueueName');
  const spot = find(input, SIM_NAMESPACE, 'SpotInterruptions', 'ComputeEnvironmentName');
  const budget = Math.max(100, Math.min(MAX_POINTS, Math.floor(5000 / (desired.length + 2))));
  const rows: { series: string; t: number; vcpus: number; layer: string }[] = [];
  const end = chartEnd(input);
  // One time grid for all: the environments' areas stack, and the lines sum environments and queues.
  const a = alignGauges([...desired, ...inUse, ...runnable], end, budget);
  const total = (from: number, n: number) => a.t.map((_, j) => {
    let x = 0;
    for (let i = from; i < from + n; i++) x += a.v[i][j];
    return x;
  });
  desired.forEach((s, i) => {
    for (let j = 0; j < a.t.length; j++) rows.push({ series: `capacity: ${s.dimensionValue}`, layer: 'area', t: round(a.t[j] / scale.seconds), vcpus: round(a.v[i][j], 2) });
  });
  const used = total(desired.length, inUse.length);
  const waiting = total(desired.length + inUse.length, runnable.length);
  const demand = used.map((x, j) => x + waiting[j]);
  for (const [label, values] of [['vCPUs in use', used], ['demand: in use + RUNNABLE', demand]] as const) {
    for (let j = 0; j < a.t.length; j++) rows.push({ series: label, layer: 'line', t: round(a.t[j] / scale.seconds), vcpus: round(values[j], 2) });
  }
  const width = Math.max(1, end / budget);
  const lost = new Map<number, number>();
  for (const s of spot) for (const [b, n] of buckets(s, width)) lost.set(b, (lost.get(b) ?? 0) + n);
  const interruptions = [...lost].sort((a, b) => a[0] - b[0]).map(([t, n]) => ({ series: 'Spot interruptions', layer: 'rule', t: round(t / scale.seconds), vcpus: 0, n }));
  const ceNames = desired.map((s) => `capacity: ${s.dimensionValue}`);
  const palette = ['#4c78a8', '#54a24b', '#b279a2', '#72b7b2', '#9d755d', '#bab0ac', '#88d27a', '#d6a5c9'];
  const color = {
    field: 'series', type: 'nominal' as const, title: null,
    scale: { domain: [...ceNames, 'vCPUs in use', 'demand: in use + RUNNABLE'], range: [...ceNames.map((_, i) => palette[i % palette.length]), '#222222', '#f58518'] },
  };
  const nInterruptions = interruptions.reduce((s, r) => s + r.n, 0);
  const spec: TopLevelSpec = {
    ...base(
      'Compute capacity against demand',
      `vCPUs of the instances each compute environment has (stacked), the vCPUs jobs hold, and what jobs want (held + RUNNABLE)${nInterruptions ? `; red lines: ${nInterruptions} Spot interruptions` : ''}.`,
    ),
    width: WIDTH,
    height: HEIGHT,
    data: { values: [...rows, ...interruptions] },
    layer: [
      {
        transform: [{ filter: "datum.layer === 'area'" }],
        mark: { type: 'area', interpolate: 'step-after', opacity: 0.45 },
        encoding: { x: timeAxis(scale), y: { field: 'vcpus', type: 'quantitative', stack: 'zero', title: 'vCPUs' }, color, tooltip: [{ field: 'series' }, { field: 'vcpus' }] },
      },
      {
        transform: [{ filter: "datum.layer === 'line'" }],
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
        encoding: { x: timeAxis(scale), y: { field: 'vcpus', type: 'quantitative' }, color, tooltip: [{ field: 'series' }, { field: 'vcpus' }] },
      },
      ...(interruptions.length > 0
        ? [{
            transform: [{ filter: "datum.layer === 'rule'" }],
            mark: { type: 'rule' as const, color: '#e45756', strokeDash: [3, 2], opacity: 0.8 },
            encoding: { x: timeAxis(scale), tooltip: [{ field: 'n', title: 'Spot interruptions' }] },
          }]
        : []),
    ],
  };
  return {
    name: 'capacity',
    title: 'Capacity against demand',
    caption: 'Stacked areas: DesiredvCpus of each compute environment (instances launching or up). Black: vCPUs held by jobs. Orange: held plus requested by RUNNABLE jobs — the gap between orange and the areas is work waiting for capacity. Dashed red lines mark Spot capacity taken back.',
    spec,
  };
}

// ---- cumulative cost -----------------------------------------------------------------------------

function costChart(input: ChartInput, scale: TimeScale): Chart | null {
  const series = find(input, SIM_NAMESPACE, 'CumulativeCost', 'PurchaseOption');
  if (series.length === 0) return null;
  const rows: { option: string; t: number; usd: number }[] = [];
  for (const s of series) {
    const a = sample(s, MAX_POINTS);
    for (let i = 0; i < a.t.length; i++) rows.push({ option: s.dimensionValue, t: round(a.t[i] / scale.seconds), usd: round(a.v[i], 4) });
  }
  const options = series.map((s) => s.dimensionValue);
  const known = new Map(OPTION_COLORS);
  const spec: TopLevelSpec = {
    ...base('Cumulative cost by purchase option', `USD accrued since t = 0 (metrics.csv CumulativeCost); total $${input.summary.cost.totalUsd.toFixed(2)}.`),
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      x: timeAxis(scale),
      y: { field: 'usd', type: 'quantitative', title: 'USD' },
      color: { field: 'option', type: 'nominal', title: 'purchase option', scale: { domain: options, range: options.map((o, i) => known.get(o) ?? ['#e45756', '#ff9da6'][i % 2]) } },
      tooltip: [{ field: 'option' }, { field: 't', title: `t (${scale.label})` }, { field: 'usd', format: '$.2f' }],
    },
  };
  return {
    name: 'cost',
    title: 'Cumulative cost',
    caption: 'What each purchase option has cost so far. Each instance’s bill is spread evenly over its life, so the lines end at the totals in summary.json.',
    spec,
  };
}

// ---- wait-time distribution ----------------------------------------------------------------------

function niceStep(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

function waitChart(input: ChartInput): Chart | null {
  const waits = Float64Array.from(input.waits).sort();
  if (waits.length === 0) return null;
  const max = waits[waits.length - 1];
  const scale = durationScale(max);
  // A round bin width in the unit shown.
  const step = niceStep(max / scale.seconds / 40 || 1) * scale.seconds;
  const nBins = Math.max(1, Math.floor(max / step) + 1);
  const counts = new Array<number>(nBins).fill(0);
  for (const w of waits) counts[Math.min(nBins - 1, Math.floor(w / step))]++;
  const bins = counts.map((jobs, i) => ({ start: round((i * step) / scale.seconds), end: round(((i + 1) * step) / scale.seconds), jobs }));
  const w = input.summary.waitSeconds;
  const marks = [
    { stat: `p50 ${w.p50} s`, x: round(w.p50 / scale.seconds), y: 8 },
    { stat: `p95 ${w.p95} s`, x: round(w.p95 / scale.seconds), y: 20 },
    { stat: `p99 ${w.p99} s`, x: round(w.p99 / scale.seconds), y: 32 },
  ];
  const spec: TopLevelSpec = {
    ...base(
      'Wait-time distribution',
      `createdAt → first RUNNING of ${waits.length.toLocaleString('en-US')} jobs, in bins of ${round(step / scale.seconds, 4)} ${scale.label} (log-like y axis); dashed: p50, p95, p99.`,
    ),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: bins },
        mark: { type: 'bar', color: '#4c78a8' },
        encoding: {
          x: { field: 'start', type: 'quantitative', bin: { binned: true, step: round(step / scale.seconds) }, title: `wait (${scale.label})` },
          x2: { field: 'end' },
          y: { field: 'jobs', type: 'quantitative', scale: { type: 'symlog' }, title: 'jobs' },
          tooltip: [{ field: 'start' }, { field: 'end' }, { field: 'jobs' }],
        },
      },
      {
        data: { values: marks },
        mark: { type: 'rule', color: '#e45756', strokeDash: [4, 3] },
        encoding: { x: { field: 'x', type: 'quantitative' }, tooltip: [{ field: 'stat' }] },
      },
      {
        data: { values: marks },
        mark: { type: 'text', align: 'left', dx: 3, dy: -4, color: '#e45756', fontSize: 10 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'stat' } },
      },
    ],
  };
  return {
    name: 'wait-times',
    title: 'Wait-time distribution',
    caption: 'How long jobs waited from createdAt to their first RUNNING (array children included, parents not). The y axis is symmetric-log so that a long tail of few jobs stays visible next to a tall first bar.',
    spec,
  };
}

// ---- instance timeline ---------------------------------------------------------------------------

function instanceChart(input: ChartInput, scale: TimeScale): Chart | null {
  const ins = input.instances;
  const total = ins.instanceId.length;
  if (total === 0) return null;
  const stride = Math.ceil(total / MAX_INSTANCES);
  const end = chartEnd(input);
  const rows: Record<string, string | number>[] = [];
  let lane = 0;
  for (let i = 0; i < total; i += stride) {
    const launched = ins.launchedAt[i];
    const ready = Number.isNaN(ins.readyAt[i]) ? NaN : ins.readyAt[i];
    const gone = Number.isNaN(ins.terminatedAt[i]) ? end : ins.terminatedAt[i];
    const common = { lane, id: ins.instanceId[i], type: ins.instanceType[i], ce: ins.computeEnvironment[i], option: ins.purchaseOption[i], reason: ins.terminationReason[i] };
    const upFrom = Number.isNaN(ready) ? gone : ready;
    rows.push({ ...common, part: 'booting', from: round(launched / scale.seconds), to: round(upFrom / scale.seconds) });
    if (!Number.isNaN(ready)) rows.push({ ...common, part: 'up', from: round(ready / scale.seconds), to: round(gone / scale.seconds) });
    if (ins.terminationReason[i] === 'SPOT_INTERRUPTION') rows.push({ ...common, part: 'interrupted', from: round(gone / scale.seconds), to: round(gone / scale.seconds) });
    lane++;
  }
  const height = Math.max(120, Math.min(420, lane * 6));
  const strokeWidth = Math.max(1, Math.min(6, Math.floor((height / lane) * 0.7)));
  const options = [...new Set(ins.purchaseOption)];
  const known = new Map(OPTION_COLORS);
  const y = { field: 'lane', type: 'quantitative' as const, title: 'instances, in launch order', axis: null, scale: { domain: [-1, lane] }, sort: 'descending' as const };
  const tooltip = [{ field: 'id' }, { field: 'type' }, { field: 'ce', title: 'compute environment' }, { field: 'option' }, { field: 'from' }, { field: 'to' }, { field: 'reason' }];
  const interrupted = rows.filter((r) => r.part === 'interrupted').length;
  const spec: TopLevelSpec = {
    ...base(
      'Instance timeline',
      `${stride > 1 ? `${lane} of ${total.toLocaleString('en-US')} instances (every ${stride}th by launch)` : `${total} instance${total === 1 ? '' : 's'}`}: thin grey while booting, coloured while up${interrupted ? '; red × a Spot interruption' : ''}.`,
    ),
    width: WIDTH,
    height,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.part === 'booting'" }],
        mark: { type: 'rule', color: '#bab0ac', strokeWidth: Math.max(1, Math.floor(strokeWidth / 2)) },
        encoding: { x: { field: 'from', type: 'quantitative', title: `time since start (${scale.label})` }, x2: { field: 'to' }, y, tooltip },
      },
      {
        transform: [{ filter: "datum.part === 'up'" }],
        mark: { type: 'rule', strokeWidth },
        encoding: {
          x: { field: 'from', type: 'quantitative' },
          x2: { field: 'to' },
          y,
          color: { field: 'option', type: 'nominal', title: 'purchase option', scale: { domain: options, range: options.map((o, i) => known.get(o) ?? ['#e45756', '#ff9da6'][i % 2]) } },
          tooltip,
        },
      },
      ...(interrupted > 0
        ? [{
            transform: [{ filter: "datum.part === 'interrupted'" }],
            mark: { type: 'point' as const, shape: 'cross', color: '#e45756', filled: true, size: 40 },
            encoding: { x: { field: 'from', type: 'quantitative' as const }, y, tooltip },
          }]
        : []),
    ],
  };
  return {
    name: 'instances',
    title: 'Instance timeline',
    caption: `One line per instance or Fargate task from launch to termination (instances.csv)${stride > 1 ? `, every ${stride}th of ${total.toLocaleString('en-US')} so the chart stays readable` : ''}. Spot capacity lost shows as red crosses, its replacement as new lines starting after them.`,
    spec,
  };
}

// ---- array-job progress --------------------------------------------------------------------------

function arrayChart(input: ChartInput, scale: TimeScale): Chart | null {
  if (input.arrays.length === 0) return null;
  const chosen = input.arrays
    .map((a, i) => ({ a, i }))
    .sort((x, y) => y.a.size - x.a.size || x.i - y.i)
    .slice(0, MAX_ARRAYS)
    .sort((x, y) => x.i - y.i)
    .map((x) => x.a);
  const names = new Map<string, number>();
  for (const a of chosen) names.set(a.jobName, (names.get(a.jobName) ?? 0) + 1);
  const end = Math.max(chartEnd(input), 1e-9);
  const rows: { array: string; t: number; percent: number }[] = [];
  for (const a of chosen) {
    const label = `${a.jobName}${names.get(a.jobName)! > 1 ? ` ${a.jobId.slice(0, 8)}` : ''} (${a.size.toLocaleString('en-US')})`;
    const stops = Float64Array.from(a.stops).sort();
    let done = 0;
    let last = -1;
    for (let j = 0; j <= ARRAY_GRID; j++) {
      const t = (j * end) / ARRAY_GRID;
      while (done < stops.length && stops[done] <= t) done++;
      const percent = round((100 * done) / a.size, 2);
      // Keep a point where the line bends (and the ends), not every flat stretch.
      if (percent !== last || j === ARRAY_GRID || j === 0) rows.push({ array: label, t: round(t / scale.seconds), percent });
      last = percent;
    }
  }
  const more = input.arrays.length - chosen.length;
  const spec: TopLevelSpec = {
    ...base(
      'Array-job progress',
      `Share of each array job’s children finished (SUCCEEDED or FAILED)${more > 0 ? `; the ${chosen.length} largest of ${input.arrays.length} array jobs` : ''}.`,
    ),
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: timeAxis(scale),
      y: { field: 'percent', type: 'quantitative', title: 'children finished (%)', scale: { domain: [0, 100] } },
      color: { field: 'array', type: 'nominal', title: 'array job (size)' },
      tooltip: [{ field: 'array' }, { field: 't', title: `t (${scale.label})` }, { field: 'percent' }],
    },
  };
  return {
    name: 'array-progress',
    title: 'Array-job progress',
    caption: `Per array job, the percentage of its children that have finished (jobs.csv stoppedAt), on a grid of ${ARRAY_GRID} steps.`,
    spec,
  };
}

/** Every chart the report can hold, in report order. */
export const CHART_NAMES = ['job-states', 'capacity', 'cost', 'wait-times', 'instances', 'array-progress'] as const;

/** Every chart that has something to show, in report order. */
export function buildCharts(input: ChartInput): Chart[] {
  const scale = timeScale(chartEnd(input));
  return [
    jobStatesChart(input, scale),
    capacityChart(input, scale),
    costChart(input, scale),
    waitChart(input),
    instanceChart(input, scale),
    arrayChart(input, scale),
  ].filter((c): c is Chart => c !== null);
}
