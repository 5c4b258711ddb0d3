// A sweep's report.html (docs/sweep.md): one self-contained page — the answer in words, a Pareto
// chart of cost against makespan with 95 % interval bars and the deadline, every run as a dot per
// configuration, and the ranked table. Charts are Vega-Lite drawn to inline SVG when the page is
// written (as for a single run's report.html), so the page runs no script and fetches nothing, and
// the same outcome and runs give the same bytes.
import type { TopLevelSpec } from 'vega-lite';
import { HEIGHT, WIDTH, base, durationScale, round, type Chart } from '../report/chart-spec.js';
import { escapeText, inlineSvg, pageHtml, tableHtml } from '../report/html.js';
import { renderSvg } from '../report/render.js';
import { adviceText, constraintText, difference, formatMetric, isDuration, withInterval } from './advice.js';
import type { SweepMetric } from './run-metrics.js';
import type { Estimate } from '../util/stats.js';
import type { Constraint } from './sweep-file.js';
import { planMetrics, type ConfigurationResult, type RunRow, type SweepOutcome } from './sweep-results.js';

const e = escapeText;

const COLORS = { recommended: '#e45756', frontier: '#4c78a8', dominated: '#9d9d9d', bar: '#8c8c8c', deadline: '#e45756' };

/** How a metric is drawn on an axis: values divided by `divide`, the unit in the axis title. */
interface Unit {
  divide: number;
  label: string;
}

function unitOf(metric: SweepMetric, maxAbs: number): Unit {
  if (metric.startsWith('cost.')) return { divide: 1, label: 'USD' };
  // Makespan always in hours: the unit a deadline is given in, and the Pareto chart's.
  if (metric === 'makespanSeconds') return { divide: 3600, label: 'hours' };
  if (isDuration(metric)) {
    const s = durationScale(maxAbs);
    return { divide: s.seconds, label: s.label };
  }
  if (metric === 'vcpuUtilisation') return { divide: 0.01, label: '%' };
  return { divide: 1, label: 'count' };
}

const finite = (x: number) => Number.isFinite(x);

/** Configurations in rank order (1 = best). */
function ranked(outcome: SweepOutcome): ConfigurationResult[] {
  return [...outcome.configurations].sort((a, b) => a.rank - b.rank || a.index - b.index);
}

/** Constraints on makespan with an upper bound: the deadlines drawn on the charts. */
function deadlines(outcome: SweepOutcome): Constraint[] {
  return outcome.plan.constraints.filter((k) => k.metric === 'makespanSeconds' && k.atMost !== null);
}

function deadlineLabel(k: Constraint): string {
  return `deadline ${formatMetric('makespanSeconds', k.atMost!)} (P ≥ ${k.probability})`;
}

// ---- charts ------------------------------------------------------------------------------------

/** Cost against makespan: each configuration's means with 95 % interval bars, the frontier and the deadline. */
export function paretoChart(outcome: SweepOutcome): Chart {
  const hours = (x: number) => round(x / 3600, 5);
  const kind = (c: ConfigurationResult) => (c.index === outcome.recommended ? 'recommended' : c.pareto ? 'on the frontier' : 'dominated');
  // A configuration that repeats another's runs exactly is the same point: drawn once, under the
  // first of them (the one the ranking puts first), its name saying how many it stands for.
  const twins = (c: ConfigurationResult) => outcome.configurations.filter((o) => o.sameAs === c.index).length;
  const values = ranked(outcome)
    .filter((c) => c.sameAs === null && finite(c.metrics['cost.totalUsd'].mean) && finite(c.metrics.makespanSeconds.mean))
    .map((c) => {
      const cost = c.metrics['cost.totalUsd'];
      const time = c.metrics.makespanSeconds;
      return {
        configuration: c.name,
        cost: round(cost.mean), costLow: round(cost.low), costHigh: round(cost.high),
        hours: hours(time.mean), hoursLow: hours(time.low), hoursHigh: hours(time.high),
        kind: kind(c),
        pareto: c.pareto,
        // Frontier points and the recommendation are named; dominated ones are found in the table.
        label: c.pareto || c.index === outcome.recommended ? (twins(c) > 0 ? `${c.name} (= ${twins(c)} more)` : c.name) : '',
      };
    });
  const x = { field: 'cost', type: 'quantitative' as const, title: 'mean total cost (USD)', scale: { zero: false } };
  const y = { field: 'hours', type: 'quantitative' as const, title: 'mean makespan (hours)', scale: { zero: false } };
  const kinds = ['recommended', 'on the frontier', 'dominated'];
  const layer: unknown[] = [
    { mark: { type: 'rule', color: COLORS.bar, strokeWidth: 1.5 }, encoding: { x: { ...x, field: 'costLow' }, x2: { field: 'costHigh' }, y } },
    { mark: { type: 'rule', color: COLORS.bar, strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'hoursLow' }, y2: { field: 'hoursHigh' } } },
    { transform: [{ filter: 'datum.pareto' }], mark: { type: 'line', color: COLORS.frontier, strokeDash: [4, 3], strokeWidth: 1 }, encoding: { x, y, order: { field: 'cost', type: 'quantitative' } } },
    {
      mark: { type: 'point', filled: true, opacity: 1 },
      encoding: {
        x, y,
        color: { field: 'kind', type: 'nominal', title: 'configuration', scale: { domain: kinds, range: [COLORS.recommended, COLORS.frontier, COLORS.dominated] } },
        // Same field and domain as the colour: vega-lite merges the three into one legend.
        shape: { field: 'kind', type: 'nominal', title: 'configuration', scale: { domain: kinds, range: ['diamond', 'circle', 'circle'] } },
        size: { field: 'kind', type: 'ordinal', title: 'configuration', scale: { domain: kinds, range: [180, 70, 40] } },
      },
    },
    { transform: [{ filter: "datum.label !== ''" }], mark: { type: 'text', align: 'left', dx: 8, dy: -8, fontSize: 11, limit: 300 }, encoding: { x, y, text: { field: 'label' } } },
  ];
  for (const k of deadlines(outcome)) {
    const at = { values: [{ hours: hours(k.atMost!), label: deadlineLabel(k) }] };
    const yAt = { field: 'hours', type: 'quantitative', scale: { zero: false } };
    layer.push({ data: at, mark: { type: 'rule', color: COLORS.deadline, strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: yAt } });
    layer.push({ data: at, mark: { type: 'text', align: 'right', dy: -6, fontSize: 11, color: COLORS.deadline }, encoding: { y: yAt, x: { value: WIDTH - 4 }, text: { field: 'label' } } });
  }
  const spec = {
    ...base('Cost against makespan', 'Each configuration at its mean cost and mean makespan over its seeds; grey bars are the 95 % confidence intervals of the two means. The dashed line joins the cost–makespan frontier (no configuration is both cheaper and faster).'),
    width: WIDTH, height: Math.round(HEIGHT * 1.6),
    data: { values },
    layer,
  } as TopLevelSpec;
  return {
    name: 'pareto',
    title: 'Cost against makespan',
    caption: `Configurations on the frontier are named; ${outcome.recommended !== null ? 'the recommended one is the red diamond' : 'none is recommended (none meets the constraints with confidence)'}${deadlines(outcome).length ? ', and the dashed red line is the deadline' : ''}. A configuration whose bars overlap another's may not really differ from it: the paired differences in the table settle that.`,
    spec,
  };
}

/** Every run of `metric` as a dot, one row per configuration in rank order, with the mean and its 95 % interval. */
export function distributionChart(outcome: SweepOutcome, rows: readonly RunRow[], metric: SweepMetric): Chart {
  const m = planMetrics(outcome.plan).indexOf(metric);
  const order = ranked(outcome);
  let maxAbs = 0;
  for (const r of rows) if (finite(r.metrics[m])) maxAbs = Math.max(maxAbs, Math.abs(r.metrics[m]));
  const unit = unitOf(metric, maxAbs);
  const v = (x: number) => round(x / unit.divide, 5);
  const names = order.map((c) => c.name);
  // Rank of each name (its first place, as indexOf gives): looked up once, not per comparison.
  const rankOf = new Map<string, number>();
  names.forEach((n, i) => rankOf.has(n) || rankOf.set(n, i));
  const dots = rows
    .filter((r) => finite(r.metrics[m]))
    .map((r) => ({ configuration: outcome.configurations[r.configuration].name, seed: r.seed, value: v(r.metrics[m]) }))
    .sort((a, b) => rankOf.get(a.configuration)! - rankOf.get(b.configuration)! || a.seed - b.seed);
  const means = order
    .filter((c) => finite(c.metrics[metric].mean))
    .map((c) => ({ configuration: c.name, mean: v(c.metrics[metric].mean), low: v(c.metrics[metric].low), high: v(c.metrics[metric].high) }));
  const title = `${metric} (${unit.label})`;
  const yAxis = { field: 'configuration', type: 'nominal' as const, sort: names, title: null, axis: { labelLimit: 320 } };
  const layer: unknown[] = [
    { data: { values: dots }, mark: { type: 'circle', size: 36, opacity: 0.45, color: COLORS.frontier }, encoding: { x: { field: 'value', type: 'quantitative', title, scale: { zero: false } }, y: yAxis } },
    { data: { values: means }, mark: { type: 'rule', color: '#222', strokeWidth: 1.5 }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' }, y: yAxis } },
    { data: { values: means }, mark: { type: 'tick', color: '#222', thickness: 2 }, encoding: { x: { field: 'mean', type: 'quantitative' }, y: yAxis } },
  ];
  if (metric === 'makespanSeconds') {
    for (const k of deadlines(outcome)) {
      const at = { values: [{ value: v(k.atMost!), label: deadlineLabel(k) }] };
      layer.push({ data: at, mark: { type: 'rule', color: COLORS.deadline, strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { x: { field: 'value', type: 'quantitative' } } });
      layer.push({ data: at, mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, y: 2, fontSize: 11, color: COLORS.deadline }, encoding: { x: { field: 'value', type: 'quantitative' }, text: { field: 'label' } } });
    }
  }
  const spec = {
    ...base(`${metric} per configuration`, `Every run (one seed) as a dot; the black tick is the configuration's mean and the black bar its 95 % confidence interval. Configurations in rank order, best first.`),
    width: WIDTH, height: { step: 22 },
    layer,
  } as TopLevelSpec;
  return {
    name: `runs-${metric.replace(/[^A-Za-z0-9]+/g, '-')}`,
    title: `${metric} of every run`,
    caption: `The spread across seeds of ${metric}, per configuration: a wide spread is what the spot market and the job durations do to one configuration from one seed to the next.`,
    spec,
  };
}

/** The page's charts: the Pareto chart, then the distributions of the objective and of makespan. */
export function sweepCharts(outcome: SweepOutcome, rows: readonly RunRow[]): Chart[] {
  const metrics = [...new Set<SweepMetric>([outcome.plan.objective.metric, 'makespanSeconds'])];
  return [paretoChart(outcome), ...metrics.map((m) => distributionChart(outcome, rows, m))];
}

// ---- the page ----------------------------------------------------------------------------------

/** A chart as a figure with its caption, the SVG inline. */
export function figure(chart: Chart, svg: string): string {
  return `<figure id="chart-${e(chart.name)}" class="chart">\n${inlineSvg(svg, chart.title)}\n<figcaption><strong>${e(chart.title)}.</strong> ${e(chart.caption)}</figcaption>\n</figure>`;
}

/** A wide table (it scrolls sideways rather than overflow the page), cells HTML already. */
export function table(head: string[], rows: string[][], classes: string[], rowClass?: (i: number) => string): string {
  return `<div class="wide">${tableHtml(head, rows, classes, rowClass)}</div>`;
}

const prob = (x: number) => (finite(x) ? x.toFixed(2) : '–');


function headerSection(outcome: SweepOutcome): string {
  const { plan } = outcome;
  const seeds = [...new Set(plan.seeds)].sort((a, b) => a - b);
  const range = seeds.length === 0 ? '' : seeds[seeds.length - 1] - seeds[0] + 1 === seeds.length ? ` (${seeds[0]}–${seeds[seeds.length - 1]})` : ` (between ${seeds[0]} and ${seeds[seeds.length - 1]})`;
  const runs = outcome.configurations.reduce((n, c) => n + c.runs, 0);
  const equal = outcome.configurations.every((c) => c.runs === outcome.configurations[0].runs);
  const runsText = equal && outcome.configurations.length > 0 ? `${runs} (${outcome.configurations.length} configurations × ${outcome.configurations[0].runs} seeds)` : `${runs} over ${outcome.configurations.length} configurations`;
  const constraints = plan.constraints.length
    ? `<ul>${plan.constraints.map((k) => `<li>${e(constraintText(k))} in at least ${e(Math.round(k.probability * 1000) / 10)} % of runs</li>`).join('')}</ul>`
    : '<p>none</p>';
  const facts: [string, string][] = [
    ['scenario', e(plan.scenario)],
    ['seeds', e(`${seeds.length}${range}`)],
    ['runs', e(runsText)],
    ['baseline', e(plan.configurations[plan.baseline]?.name ?? '–')],
    ['objective', e(`${plan.objective.minimize ? 'minimize' : 'maximize'} ${plan.objective.metric}`)],
  ];
  return `<section id="recommendation">
<h2>Recommendation</h2>
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}<dt>constraints</dt><dd>${constraints}</dd></dl>
<div class="advice${outcome.recommended === null ? ' none' : ''}">${e(adviceText(outcome))}</div>
</section>`;
}

function rankedSection(outcome: SweepOutcome): string {
  const { plan } = outcome;
  const obj = plan.objective.metric;
  const marked = (metric: SweepMetric, title: string) => (metric === obj ? `${title} <span class="obj">objective: ${plan.objective.minimize ? 'minimize' : 'maximize'}</span>` : title);
  const separate = obj !== 'cost.totalUsd' && obj !== 'makespanSeconds';
  const head = ['rank', 'configuration', 'runs'];
  if (separate) head.push(marked(obj, e(obj)));
  head.push(marked('cost.totalUsd', 'cost'), marked('makespanSeconds', 'makespan'));
  for (const k of plan.constraints) head.push(`P(${e(constraintText(k))}) ≥ ${e(k.probability)}<br><span class="sub">Wilson 95 %</span>`);
  head.push('Δ cost<br><span class="sub">vs baseline, paired</span>', 'Δ makespan<br><span class="sub">vs baseline, paired</span>', 'Pareto');
  const classes = head.map((_, i) => (i === 1 ? 'name' : 'n'));
  const order = ranked(outcome);
  const rows = order.map((c) => {
    const badges = [c.index === outcome.recommended ? ' <span class="badge rec">recommended</span>' : '', c.index === plan.baseline ? ' <span class="badge base">baseline</span>' : ''].join('');
    const row = [e(c.rank), `${e(c.name)}${badges}`, e(c.runs)];
    if (separate) row.push(e(withInterval(obj, c.metrics[obj])));
    row.push(e(withInterval('cost.totalUsd', c.metrics['cost.totalUsd'])), e(withInterval('makespanSeconds', c.metrics.makespanSeconds)));
    for (const r of c.constraints) row.push(`${prob(r.p)} [${prob(r.low)}, ${prob(r.high)}]<br><span class="verdict ${r.verdict}">${r.verdict}</span>`);
    const base = c.index === plan.baseline;
    row.push(base ? '–' : e(difference('cost.totalUsd', c.vsBaseline['cost.totalUsd'])), base ? '–' : e(difference('makespanSeconds', c.vsBaseline.makespanSeconds)));
    row.push(c.pareto ? 'yes' : 'no');
    return row;
  });
  return `<section id="ranked">
<h2>Configurations, ranked</h2>
<p class="note">Configurations that meet every constraint in enough of their runs come first, each group by the mean of ${e(obj)}. Figures are means ± the half-width of their 95 % confidence interval; a constraint's verdict is met when its whole Wilson interval reaches the required probability, missed when it lies below, uncertain otherwise.</p>
${table(head, rows, classes, (j) => (order[j].index === outcome.recommended ? 'rec' : ''))}
${pairedNote(outcome)}
</section>`;
}

/** Why the paired differences are narrower than the configurations' own intervals, with this sweep's figures. */
function pairedNote(outcome: SweepOutcome): string {
  const { plan } = outcome;
  const half = (x: Estimate) => (x.high - x.low) / 2;
  const example = ranked(outcome).find((c) => c.index !== plan.baseline && half(c.metrics['cost.totalUsd']) > 0 && finite(half(c.vsBaseline['cost.totalUsd'])));
  const figures = example
    ? ` Here, for ${e(example.name)}: its mean cost is known to ± ${e(formatMetric('cost.totalUsd', half(example.metrics['cost.totalUsd'])))} on its own, and its difference from the baseline to ± ${e(formatMetric('cost.totalUsd', half(example.vsBaseline['cost.totalUsd'])))}.`
    : '';
  return `<p class="note" id="common-random-numbers"><strong>Common random numbers.</strong> Every configuration ran with the same seeds, and runs that share a seed share their workload and each job's drawn run times and exit codes, so what differs between them is the configuration. The Δ columns are therefore paired: the 95 % interval of the seed-by-seed differences against the baseline (${e(plan.configurations[plan.baseline]?.name ?? '–')}). What the seeds do to both runs cancels out of a difference, so these intervals are narrower than the configurations' own intervals, and two configurations whose own intervals overlap can still differ with confidence.${figures}</p>`;
}

/** What sweep and comparison pages add to PAGE_STYLE. */
export const STYLE = `
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; margin: 8px 0; }
dl.facts dt { color: #666; }
dl.facts dd { margin: 0; }
dl.facts ul { margin: 0; padding-left: 18px; }
dl.facts p { margin: 0; }
.advice { white-space: pre-wrap; background: #fff; border: 1px solid #ddd; border-left: 4px solid #54a24b; border-radius: 6px; padding: 10px 12px; }
.advice.none { border-left-color: #e45756; }
.wide { overflow-x: auto; }
#ranked table { font-size: 13px; }
td.n { white-space: nowrap; }
td.name { min-width: 9em; max-width: 14em; }
#ranked th, #ranked td { padding: 3px 6px; }
tr.rec td { background: #fdf0ef; }
.badge { font-size: 11px; border-radius: 3px; padding: 0 4px; margin-left: 6px; color: #fff; }
.badge.rec { background: #e45756; }
.badge.base { background: #888; }
.sub, .obj { color: #666; font-size: 11px; font-weight: normal; }
.obj { display: block; }
.verdict.met { color: #2e7d32; }
.verdict.missed { color: #c62828; }
.verdict.uncertain { color: #b26a00; }
`;

/** report.html of a sweep: the same outcome and runs give the same text. */
export async function sweepReportHtml(outcome: SweepOutcome, rows: readonly RunRow[]): Promise<string> {
  const { plan } = outcome;
  // Nothing to draw before any run has finished: say so rather than draw empty axes.
  const charts = rows.length > 0 ? sweepCharts(outcome, rows) : [];
  const drawn: string[] = [];
  for (const chart of charts) drawn.push(figure(chart, await renderSvg(chart.spec)));
  const none = '<p class="note">No runs yet: nothing to draw.</p>';
  return pageHtml({
    title: `batchsim sweep: ${plan.name}`,
    heading: plan.name,
    meta: `sweep of ${e(plan.scenario)} · ${e(plan.configurations.length)} configurations · ${e(plan.seeds.length)} seeds`,
    nav: [['recommendation', 'Recommendation'], ['pareto', 'Cost against makespan'], ['distributions', 'Runs'], ['ranked', 'Ranked table']],
    main: `${headerSection(outcome)}
<section id="pareto">
<h2>Cost against makespan</h2>
${drawn[0] ?? none}
</section>
<section id="distributions">
<h2>Every run, per configuration</h2>
${drawn.length > 1 ? drawn.slice(1).join('\n') : none}
</section>
${rankedSection(outcome)}`,
    footer: 'Written by batchsim, a simulation of AWS Batch: every figure here is modelled, not measured. The same figures are in runs.csv, configs.csv, pareto.csv and summary.json in this directory; their definitions are in docs/sweep.md.',
    style: STYLE,
  });
}
