// Charts drawn from the run's job and instance rows: the wait-time distribution, the instance
// timeline and array-job progress.
import type { TopLevelSpec } from 'vega-lite';
import type { ChartInput } from './chart-data.js';
import { HEIGHT, OPTION_COLORS, WIDTH, base, chartEnd, durationScale, round, timeAxis, type Chart, type TimeScale } from './chart-spec.js';

/** Most instances drawn in the timeline. */
export const MAX_INSTANCES = 300;
/** Most array jobs drawn in the progress chart. */
export const MAX_ARRAYS = 8;
const ARRAY_GRID = 200;

// ---- wait-time distribution ----------------------------------------------------------------------

function niceStep(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

export function waitChart(input: ChartInput): Chart | null {
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

export function instanceChart(input: ChartInput, scale: TimeScale): Chart | null {
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

export function arrayChart(input: ChartInput, scale: TimeScale): Chart | null {
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
