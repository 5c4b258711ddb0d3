// Charts drawn from metrics.csv series: job states per queue, compute capacity against demand,
// and cumulative cost by purchase option.
import type { TopLevelSpec } from 'vega-lite';
import { SIM_NAMESPACE } from '../metrics/metrics.js';
import type { ChartInput } from './chart-data.js';
import { alignGauges, buckets, sample } from './chart-series.js';
import { HEIGHT, MAX_POINTS, OPTION_COLORS, WIDTH, base, chartEnd, find, round, timeAxis, type Chart, type TimeScale } from './chart-spec.js';

const STATE_COLORS: [string, string][] = [
  ['SUBMITTED', '#bab0ac'],
  ['PENDING', '#9d755d'],
  ['RUNNABLE', '#f58518'],
  ['STARTING', '#eeca3b'],
  ['RUNNING', '#4c78a8'],
];

// ---- job states per queue ------------------------------------------------------------------------

export function jobStatesChart(input: ChartInput, scale: TimeScale): Chart | null {
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

export function capacityChart(input: ChartInput, scale: TimeScale): Chart | null {
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

export function costChart(input: ChartInput, scale: TimeScale): Chart | null {
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
