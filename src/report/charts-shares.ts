// The fair-share chart (issue 11), drawn from metrics.csv's ShareRunningVcpus and ShareUsage
// series (dimension ShareIdentifier = "<job queue>/<share identifier>"), so `batchsim chart DIR`
// draws it from the files alone. Per fair-share job queue, two panels on one time axis: the
// vCPUs each share's jobs hold, stacked, and each share's decayed usage H. A queue with many
// share identifiers shows the MAX_SHARES that held the most vCPU-seconds and sums the rest.
import type { TopLevelSpec } from 'vega-lite';
import { SIM_NAMESPACE } from '../metrics/metrics.js';
import type { ChartInput, SeriesPoints } from './chart-data.js';
import { alignGauges, alignLines } from './chart-series.js';
import { HEIGHT, MAX_POINTS, WIDTH, base, chartEnd, find, round, timeAxis, type Chart, type TimeScale } from './chart-spec.js';

/** Most share identifiers drawn on their own per queue; the others are summed into one band. */
export const MAX_SHARES = 10;
const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
const OTHER_COLOR = '#d0d0d0';

interface Share {
  share: string;
  running: SeriesPoints;
  usage: SeriesPoints | null;
}

/** "queue/share" → [queue, share]: job queue names cannot hold a '/' (letters, digits, - and _). */
function splitDimension(value: string): [string, string] {
  const i = value.indexOf('/');
  return i < 0 ? [value, ''] : [value.slice(0, i), value.slice(i + 1)];
}

/** What a held gauge adds up to over [0, end] (vCPU-seconds for ShareRunningVcpus). */
function heldTotal(s: SeriesPoints, end: number): number {
  let total = 0;
  for (let j = 0; j < s.t.length; j++) total += s.v[j] * Math.max(0, (j + 1 < s.t.length ? s.t[j + 1] : end) - s.t[j]);
  return total;
}

const EMPTY: SeriesPoints = { namespace: '', metricName: '', dimensionName: '', dimensionValue: '', statistic: '', t: [], v: [] };

export function fairShareChart(input: ChartInput, scale: TimeScale): Chart | null {
  const running = find(input, SIM_NAMESPACE, 'ShareRunningVcpus', 'ShareIdentifier');
  if (running.length === 0) return null;
  const usageOf = new Map(find(input, SIM_NAMESPACE, 'ShareUsage', 'ShareIdentifier').map((s) => [s.dimensionValue, s]));
  const queues = new Map<string, Share[]>();
  for (const s of running) {
    const [queue, share] = splitDimension(s.dimensionValue);
    if (!queues.has(queue)) queues.set(queue, []);
    queues.get(queue)!.push({ share, running: s, usage: usageOf.get(s.dimensionValue) ?? null });
  }
  const end = chartEnd(input);
  const drawn = [...queues.values()].reduce((n, shares) => n + Math.min(shares.length, MAX_SHARES + 1), 0);
  const budget = Math.max(20, Math.min(MAX_POINTS, Math.floor(6000 / (2 * drawn))));
  let averaged = false;
  let lumped = false;
  const blocks: TopLevelSpec[] = [];
  for (const [queue, shares] of queues) {
    // The shares that held the most vCPU-seconds on their own (ties: first seen), the rest as one.
    const ranked = shares.map((s, i) => ({ s, i, total: heldTotal(s.running, end) })).sort((a, b) => b.total - a.total || a.i - b.i);
    const own = shares.length <= MAX_SHARES + 1 ? shares : ranked.slice(0, MAX_SHARES).map((x) => x.s);
    const rest = shares.filter((s) => !own.includes(s));
    lumped ||= rest.length > 0;
    const names = own.map((s) => s.share);
    if (rest.length > 0) names.push(`other (${rest.length} shares)`);
    const held = alignGauges([...own, ...rest].map((s) => s.running), end, budget);
    const used = alignLines([...own, ...rest].map((s) => s.usage ?? EMPTY), end, budget);
    averaged ||= held.averaged;
    const series = (v: number[][], j: number) => names.map((_, i) => (i < own.length ? v[i][j] : v.slice(own.length).reduce((x, r) => x + r[j], 0)));
    const vcpuRows: { share: string; order: number; t: number; vcpus: number }[] = [];
    for (let j = 0; j < held.t.length; j++) {
      series(held.v, j).forEach((x, i) => vcpuRows.push({ share: names[i], order: i, t: round(held.t[j] / scale.seconds), vcpus: round(x, 2) }));
    }
    const usageRows: { share: string; t: number; usage: number }[] = [];
    for (let j = 0; j < used.t.length; j++) {
      series(used.v, j).forEach((x, i) => usageRows.push({ share: names[i], t: round(used.t[j] / scale.seconds), usage: round(x, 2) }));
    }
    const color = {
      field: 'share', type: 'nominal' as const, title: `share (${queue})`,
      scale: { domain: names, range: names.map((_, i) => (i < own.length ? PALETTE[i % PALETTE.length] : OTHER_COLOR)) },
    };
    const tip = `t (${scale.label})`;
    blocks.push({
      vconcat: [
        {
          title: { text: `queue ${queue}: vCPUs held per share`, anchor: 'start', fontSize: 12 },
          width: WIDTH,
          height: Math.round(HEIGHT * 0.8),
          data: { values: vcpuRows },
          mark: { type: 'area', interpolate: 'step-after' },
          encoding: {
            x: timeAxis(scale),
            y: { field: 'vcpus', type: 'quantitative', stack: 'zero', title: 'vCPUs' },
            color,
            order: { field: 'order', type: 'quantitative' },
            tooltip: [{ field: 'share' }, { field: 't', title: tip }, { field: 'vcpus' }],
          },
        },
        {
          title: { text: `queue ${queue}: decayed usage per share`, anchor: 'start', fontSize: 12 },
          width: WIDTH,
          height: Math.round(HEIGHT * 0.8),
          data: { values: usageRows },
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: {
            x: timeAxis(scale),
            y: { field: 'usage', type: 'quantitative', title: 'vCPU-seconds (decayed)' },
            color,
            tooltip: [{ field: 'share' }, { field: 't', title: tip }, { field: 'usage' }],
          },
        },
      ],
    } as TopLevelSpec);
  }
  const subtitle =
    `Per fair-share job queue: vCPUs each share identifier's jobs hold (metrics.csv ShareRunningVcpus, stacked) and its decayed usage H (ShareUsage)` +
    `${lumped ? `; beyond the ${MAX_SHARES} shares that held the most, the rest summed` : ''}${averaged ? `; averaged into ${budget} windows` : ''}.`;
  const head = base(queues.size === 1 ? `Fair share — queue ${[...queues.keys()][0]}` : 'Fair share, per job queue', subtitle);
  const spec = (blocks.length === 1
    ? { ...head, ...blocks[0] }
    : { ...head, vconcat: blocks, resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } } }) as TopLevelSpec;
  return {
    name: 'fair-share',
    title: 'Fair share',
    caption:
      'Per fair-share job queue. Top: vCPUs held by each share identifier’s STARTING and RUNNING jobs, stacked; while shares compete for a full queue, ' +
      'they split it in inverse proportion to their weights. Bottom: each share’s usage H, its vCPU-seconds decayed over the policy’s window — the scheduler ' +
      'serves next the waiting share with the lowest weight × (H + window × vCPUs held).',
    spec,
  };
}
