// The side-by-side page of `batchsim compare` (issue 10): one self-contained report.html with the
// scenarios overlaid on shared axes — cumulative cost, capacity against demand, queue depth — and
// the comparison table with 95 % intervals over the seeds. The time series are one seed's (the
// first): averaging runs point by point would draw a run that never happened. Charts are Vega-Lite
// drawn to inline SVG when the page is written, as for a sweep's page, so the page runs no script,
// fetches nothing, and the same inputs give the same bytes.
import type { TopLevelSpec } from 'vega-lite';
import { SIM_NAMESPACE, type MetricsTable } from '../metrics/metrics.js';
import { seriesPointsOf, type SeriesPoints } from '../report/chart-data.js';
import { alignGauges, linearAt } from '../report/chart-series.js';
import { HEIGHT, WIDTH, base, round, type Chart } from '../report/chart-spec.js';
import { escapeText, pageHtml } from '../report/html.js';
import { renderSvg } from '../report/render.js';
import { difference, withInterval } from './advice.js';
import type { RunMetric } from './run-metrics.js';
import { STYLE, figure, table } from './sweep-report.js';
import type { SweepOutcome } from './sweep-results.js';

/** What the side-by-side page needs of one scenario's run (the compare's first seed). */
export interface CompareSeries {
  name: string;
  /** Sample times, seconds from t = 0, ascending (shared by the four value arrays). */
  t: number[];
  /** USD accrued from t = 0 (all purchase options). */
  cost: number[];
  /** vCPUs of instances/tasks launching or up (all compute environments): "capacity". */
  capacity: number[];
  /** vCPUs wanted: requested by RUNNABLE jobs plus held by STARTING/RUNNING jobs (all queues/environments): "demand". */
  demand: number[];
  /** Jobs RUNNABLE (all queues): "queue depth". */
  queueDepth: number[];
}

/** Most time points of one scenario's series: the page stays small however long the run. */
export const COMPARE_MAX_POINTS = 1000;

const e = escapeText;


/** The series of a run from its metrics table (the one its report's metrics.csv was written from: WrittenRun.metrics). */
export function compareSeriesOf(table: MetricsTable, name: string): CompareSeries {
  const P = table.periodSeconds;
  // As metrics.csv holds them (chart-data.ts reads a run the same way): seconds, values as written.
  const pick = (metricName: string, dimensionName: string): SeriesPoints[] =>
    table.series
      .filter((s) => s.namespace === SIM_NAMESPACE && s.metricName === metricName && s.dimensionName === dimensionName)
      .map((s) => seriesPointsOf(s, P));
  const groups = [
    pick('DesiredvCpus', 'ComputeEnvironmentName'),
    pick('VcpusInUse', 'ComputeEnvironmentName'),
    pick('RunnableVcpus', 'JobQueueName'),
    pick('RunnableJobs', 'JobQueueName'),
  ];
  const cost = pick('CumulativeCost', 'PurchaseOption');
  const end = (table.count - 1) * P;
  // Every series ends at the table's last timestamp, so the grid does too — exactly when it is the
  // series' own timestamps; when they are too many it is equal windows (gauges time-averaged) and
  // the end is added, so the last point still shows the run's final cost. The cost series are on
  // the list only so that, unaveraged, the grid holds their changes of slope; their held rows are
  // not used.
  const all = [...groups.flat(), ...cost];
  const a = alignGauges(all, end, COMPARE_MAX_POINTS - 1);
  const t = [...a.t];
  const rows = a.v.map((v) => [...v]);
  if (a.averaged) {
    t.push(end);
    all.forEach((s, i) => rows[i].push(s.v.length > 0 ? s.v[s.v.length - 1] : 0));
  }
  let from = 0;
  const sums = groups.map((g) => {
    const total = t.map((_, j) => {
      let x = 0;
      for (let i = from; i < from + g.length; i++) x += rows[i][j];
      return x;
    });
    from += g.length;
    return total;
  });
  const costAt = cost.map((s) => linearAt(s, t));
  return {
    name,
    t,
    cost: t.map((_, j) => costAt.reduce((x, c) => x + c[j], 0)),
    capacity: sums[0],
    demand: sums[1].map((x, j) => x + sums[2][j]),
    queueDepth: sums[3],
  };
}

// ---- charts ------------------------------------------------------------------------------------

/** One colour per scenario, in input order, the same in every chart (Tableau 10, as vega's default). */
const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

export function scenarioColor(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** Legend labels: scenario names, a repeated name told apart by its position ("x (2)"). */
function labelsOf(series: readonly CompareSeries[]): string[] {
  return series.map((s, i) => (series.some((o, j) => j !== i && o.name === s.name) ? `${s.name} (${i + 1})` : s.name));
}

const hours = (seconds: number) => round(seconds / 3600, 5);

/**
 * The three overlaid charts: cumulative cost, capacity (solid) against demand (dashed), queue
 * depth. Every chart has the same x scale — hours from 0 to the longest run's end — and the same
 * colour per scenario, so a moment in one chart lines up with the same moment in the others.
 */
export function compareCharts(series: readonly CompareSeries[]): Chart[] {
  const labels = labelsOf(series);
  let endSeconds = 0;
  for (const s of series) if (s.t.length > 0) endSeconds = Math.max(endSeconds, s.t[s.t.length - 1]);
  const domain = [0, endSeconds > 0 ? hours(endSeconds) : 1];
  const x = { field: 'h', type: 'quantitative' as const, title: 'time since start (hours)', scale: { domain, nice: false, zero: true } };
  const color = { field: 'scenario', type: 'nominal' as const, title: 'scenario', sort: labels, scale: { domain: labels, range: labels.map((_, i) => scenarioColor(i)) } };
  const rows = (key: string, value: (s: CompareSeries, j: number) => number, digits: number, extra: Record<string, string> = {}) =>
    series.flatMap((s, i) => s.t.map((t, j) => ({ scenario: labels[i], ...extra, h: hours(t), [key]: round(value(s, j), digits) })));
  const size = { width: WIDTH, height: HEIGHT };
  // The same room for every y axis's labels, so the three plots' x axes also line up on the page.
  const yAxis = { minExtent: 48 };

  const cost: Chart = {
    name: 'compare-cost',
    title: 'Cumulative cost',
    caption: 'USD accrued since t = 0, all purchase options together (metrics.csv CumulativeCost). Each line ends at its run’s total cost: the line that ends highest cost most, the one that ends furthest right finished last.',
    spec: {
      ...base('Cumulative cost', 'USD accrued since t = 0 per scenario (all purchase options).'),
      ...size,
      data: { values: rows('usd', (s, j) => s.cost[j], 4) },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y: { field: 'usd', type: 'quantitative', title: 'USD', axis: yAxis }, color },
    } as TopLevelSpec,
  };

  const measures = ['capacity', 'demand'];
  const capacityRows = [
    ...rows('vcpus', (s, j) => s.capacity[j], 2, { measure: 'capacity' }),
    ...rows('vcpus', (s, j) => s.demand[j], 2, { measure: 'demand' }),
  ];
  const capacity: Chart = {
    name: 'compare-capacity',
    title: 'Capacity against demand',
    caption: 'Solid: vCPUs of the instances (or Fargate tasks) launching or up, all compute environments (DesiredvCpus). Dashed: vCPUs the jobs want — held by STARTING and RUNNING jobs plus requested by RUNNABLE ones. Where a scenario’s dashed line is above its solid one, work waits for capacity; where it is below, capacity idles.',
    spec: {
      ...base('Capacity against demand', 'vCPUs per scenario: capacity (solid) against demand (dashed).'),
      ...size,
      data: { values: capacityRows },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
      encoding: {
        x,
        y: { field: 'vcpus', type: 'quantitative', title: 'vCPUs', axis: yAxis },
        color,
        strokeDash: { field: 'measure', type: 'nominal', title: null, sort: measures, scale: { domain: measures, range: [[1, 0], [6, 4]] } },
      },
    } as TopLevelSpec,
  };

  const queue: Chart = {
    name: 'compare-queue',
    title: 'Queue depth',
    caption: 'Jobs RUNNABLE, all job queues together (metrics.csv RunnableJobs): jobs ready to run and waiting for capacity.',
    spec: {
      ...base('Queue depth', 'Jobs RUNNABLE per scenario (all job queues).'),
      ...size,
      data: { values: rows('jobs', (s, j) => s.queueDepth[j], 2) },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
      encoding: { x, y: { field: 'jobs', type: 'quantitative', title: 'jobs RUNNABLE', axis: yAxis }, color },
    } as TopLevelSpec,
  };
  return [cost, capacity, queue];
}

// ---- the page ----------------------------------------------------------------------------------

/** "3 seeds (1–3)", "5 seeds (between 2 and 40)", "1 seed (7)". */
function seedsText(seeds: readonly number[]): string {
  const s = [...new Set(seeds)].sort((a, b) => a - b);
  if (s.length === 0) return 'no seeds';
  if (s.length === 1) return `1 seed (${s[0]})`;
  const lo = s[0];
  const hi = s[s.length - 1];
  return hi - lo + 1 === s.length ? `${s.length} seeds (${lo}–${hi})` : `${s.length} seeds (between ${lo} and ${hi})`;
}

function tableSection(outcome: SweepOutcome, series: readonly CompareSeries[]): string {
  const { plan } = outcome;
  const sub = (t: string) => `<br><span class="sub">${t}</span>`;
  const head = ['scenario', 'cost', 'makespan', 'wasted cost', 'Spot interruptions', 'failed jobs', `Δ cost${sub('vs baseline, paired')}`, `Δ makespan${sub('vs baseline, paired')}`];
  const classes = head.map((_, i) => (i === 0 ? 'name' : 'n'));
  const metrics: RunMetric[] = ['cost.totalUsd', 'makespanSeconds', 'cost.wastedUsd.total', 'spotInterruptions', 'jobs.byStatus.FAILED'];
  const rows = outcome.configurations.map((c, i) => {
    // The scenario's colour in the charts, when it has a line there.
    const drawn = series[i]?.name === c.name ? `<span class="swatch" style="background:${scenarioColor(i)}"></span>` : '';
    const isBase = c.index === plan.baseline;
    const row = [`${drawn}${e(c.name)}${isBase ? ' <span class="badge base">baseline</span>' : ''}`];
    for (const m of metrics) row.push(e(withInterval(m, c.metrics[m])));
    row.push(isBase ? '–' : e(difference('cost.totalUsd', c.vsBaseline['cost.totalUsd'])), isBase ? '–' : e(difference('makespanSeconds', c.vsBaseline.makespanSeconds)));
    return row;
  });
  const seeds = new Set(plan.seeds).size;
  const note = seeds <= 1
    ? '<p class="note" id="one-seed">one seed: no intervals; run with --seeds N</p>'
    : `<p class="note" id="intervals">Figures are means over the ${e(seeds)} seeds ± the half-width of their 95 % confidence interval. The Δ columns are paired seed by seed against the baseline: runs that share a seed share their workload and each job's drawn run times, so what the seed does cancels out and these intervals are narrower than the scenarios' own.</p>`;
  return `<section id="table">
<h2>Scenarios</h2>
${table(head, rows, classes)}
${note}
</section>`;
}

const EXTRA_STYLE = `
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
`;

/** report.html of a comparison: the scenarios overlaid on shared axes, plus the comparison table. */
export async function comparePageHtml(series: readonly CompareSeries[], outcome: SweepOutcome): Promise<string> {
  const { plan } = outcome;
  const names = outcome.configurations.map((c) => c.name);
  const title = `Comparison: ${names.join(' vs ')}`;
  const charts = series.length > 0 ? compareCharts(series) : [];
  const drawn: string[] = [];
  for (const chart of charts) drawn.push(figure(chart, await renderSvg(chart.spec)));
  const seeds = new Set(plan.seeds).size;
  const first = plan.seeds[0];
  const baseline = plan.configurations[plan.baseline]?.name ?? '–';
  const source = first === undefined
    ? ''
    : seeds > 1
      ? `The time series are from one run per scenario, the first seed (${e(first)}); the table's figures and their intervals come from all ${e(seeds)} seeds.`
      : `The time series are from the run on seed ${e(first)}, the one the table's figures come from.`;
  return pageHtml({
    title: `batchsim ${title}`,
    heading: title,
    meta: `${e(seedsText(plan.seeds))} · baseline ${e(baseline)}`,
    nav: [['table', 'Scenarios'], ['over-time', 'Over time']],
    main: `${tableSection(outcome, series)}
<section id="over-time">
<h2>Over time</h2>
<p class="note" id="series-seed">${source} The x axis is the same in every chart: hours from the start to the end of the longest run; a line ends where its run's last activity did. Runs with more than ${e(COMPARE_MAX_POINTS.toLocaleString('en-US'))} time points are drawn as that many time-averaged windows.</p>
${drawn.length > 0 ? drawn.join('\n') : '<p class="note">No runs: nothing to draw.</p>'}
</section>`,
    footer: 'Written by batchsim, a simulation of AWS Batch: every figure here is modelled, not measured.',
    style: STYLE + EXTRA_STYLE,
  });
}
