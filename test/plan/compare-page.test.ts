// The side-by-side page of `compare` (issue 10): the series agree with the runs they come from (final
// cost, capacity from the instances, demand and queue depth at t = 0, vCPU-seconds when averaged),
// at most 1,000 points; the page overlays every scenario on the same x axis with one colour each,
// shows the table with intervals (or says there are none), runs no script, escapes names, and gives
// the same bytes for the same inputs.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMetrics } from '../../src/metrics/metrics.js';
import { simulateRecorded } from '../../src/metrics/recorder.js';
import { summarize, type Summary } from '../../src/metrics/summary.js';
import { formatMetric } from '../../src/plan/advice.js';
import { COMPARE_MAX_POINTS, compareCharts, comparePageHtml, compareSeriesOf, scenarioColor, type CompareSeries } from '../../src/plan/compare-page.js';
import { runMetrics } from '../../src/plan/run-metrics.js';
import { aggregate, type RunRow, type SweepOutcome, type SweepPlan } from '../../src/plan/sweep-results.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { JobNames } from '../../src/sim/naming.js';
import type { RunResult } from '../../src/sim/run-result.js';

const FILES = ['gpu-ondemand', 'gpu-spot', 'gpu-spot-spillover'].map((n) => `scenarios/spot-vs-ondemand/${n}.yaml`);
const SEEDS = [1, 2, 3];

function planOf(names: string[], seeds = SEEDS): SweepPlan {
  return {
    name: 'compare', scenario: FILES[0], axes: [],
    configurations: names.map((name) => ({ name, labels: [] })),
    seeds, baseline: 0, objective: { metric: 'cost.totalUsd', minimize: true }, constraints: [],
  };
}

interface Fixture {
  scenarios: Scenario[];
  /** Per scenario, the first seed's run. */
  runs: { sim: RunResult; summary: Summary; series: CompareSeries }[];
  summaries: Summary[][];
  rows: RunRow[];
  outcome: SweepOutcome;
}

function fixture(names?: string[]): Fixture {
  const scenarios = FILES.map((f) => loadScenario(f));
  const labels = names ?? scenarios.map((s) => s.name);
  const runs: Fixture['runs'] = [];
  const summaries: Summary[][] = [];
  const rows: RunRow[] = [];
  scenarios.forEach((scenario, configuration) => {
    summaries.push([]);
    for (const seed of SEEDS) {
      const { sim, recorder } = simulateRecorded(scenario, { seed });
      const summary = summarize(sim, new JobNames(sim));
      summaries[configuration].push(summary);
      rows.push({ configuration, seed, metrics: runMetrics(summary) });
      if (seed === SEEDS[0]) runs.push({ sim, summary, series: compareSeriesOf(buildMetrics(sim, recorder), labels[configuration]) });
    }
  });
  return { scenarios, runs, summaries, rows, outcome: aggregate(planOf(labels), rows) };
}

const figures = (html: string) => [...html.matchAll(/<figure id="chart-([^"]+)"[\s\S]*?<\/figure>/g)].map((m) => ({ name: m[1], html: m[0] }));
/** Legend entries of a figure: [symbol colour, label]. */
const legend = (svg: string) => [...svg.matchAll(/role-legend-symbol"[^>]*><path [^>]*stroke="(#[0-9a-f]+)"[^>]*\/><\/g><g class="mark-text role-legend-label"[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) => [m[1], m[2]]);
const lineStrokes = (svg: string) => [...svg.matchAll(/aria-roledescription="line mark" d="[^"]*" stroke="(#[0-9a-f]+)"[^>]*?(?:stroke-dasharray="([^"]*)")?\/>/g)].map((m) => [m[1], m[2] ?? '']);
const xAxis = (svg: string) => svg.match(/aria-label="X-axis[^"]*"/g);
const tableRows = (html: string) => {
  const section = html.slice(html.indexOf('<section id="table">'));
  const body = section.slice(section.indexOf('<tbody>'), section.indexOf('</tbody>'));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]));
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

let f: Fixture;
beforeAll(() => {
  f = fixture();
});

describe('compareSeriesOf', () => {
  it('follows the run: final cost, capacity from the instances, demand and queue depth at t = 0', () => {
    f.runs.forEach(({ sim, summary, series: s }, i) => {
      const name = f.scenarios[i].name;
      expect(s.name).toBe(name);
      for (const v of [s.cost, s.capacity, s.demand, s.queueDepth]) expect(v.length, name).toBe(s.t.length);
      expect(s.t.length, name).toBeLessThanOrEqual(COMPARE_MAX_POINTS);
      expect(s.t[0]).toBe(0);
      for (let j = 1; j < s.t.length; j++) expect(s.t[j], name).toBeGreaterThan(s.t[j - 1]);
      // The series run to the last activity: after the makespan, within a metrics period of the end.
      expect(s.t[s.t.length - 1]).toBeGreaterThanOrEqual(summary.makespanSeconds);
      expect(s.t[s.t.length - 1]).toBeLessThan(summary.endSeconds + 60);
      // Cost only grows, from 0 to the summary's total.
      expect(s.cost[0]).toBe(0);
      for (let j = 1; j < s.t.length; j++) expect(s.cost[j], name).toBeGreaterThanOrEqual(s.cost[j - 1] - 1e-9);
      expect(Math.abs(s.cost[s.cost.length - 1] - summary.cost.totalUsd), name).toBeLessThan(1e-6);
      // Every job of these scenarios wants 4 vCPUs: what RUNNABLE jobs request is 4 × the queue
      // depth, so demand minus that is what jobs hold, which the instances must have.
      for (let j = 0; j < s.t.length; j++) {
        expect(s.capacity[j]).toBeGreaterThanOrEqual(0);
        expect(s.queueDepth[j]).toBeGreaterThanOrEqual(0);
        const held = s.demand[j] - 4 * s.queueDepth[j];
        expect(held, `${name} t=${s.t[j]}`).toBeGreaterThanOrEqual(-1e-9);
        expect(held, `${name} t=${s.t[j]}`).toBeLessThanOrEqual(s.capacity[j] + 1e-9);
      }
      // At t = 0 every job without dependencies is RUNNABLE (an array's 400 shards), none placed yet.
      const ready = f.scenarios[i].jobs.filter((job) => job.dependsOn.length === 0 && job.submitAtMs === 0);
      const jobs = ready.reduce((n, job) => n + Math.max(1, job.arraySize), 0);
      expect(s.queueDepth[0], name).toBe(jobs);
      expect(s.demand[0], name).toBe(ready.reduce((n, job) => n + Math.max(1, job.arraySize) * job.vcpus, 0));
      expect(jobs).toBe(400);
      // Nothing waits at the end.
      expect(s.queueDepth[s.t.length - 1]).toBe(0);
      // Capacity, point by point, from the instances table: an instance counts from the metrics
      // timestamp at or after its launch to the one at or after its termination.
      const at = (ms: number) => Math.ceil(ms / 60_000) * 60;
      expect(sim.instances.every((inst) => inst.terminatedAt >= 0)).toBe(true);
      const expected = s.t.map((t) => sim.instances.reduce((n, inst) => n + (at(inst.launchedAt) <= t && t < at(inst.terminatedAt) ? inst.shape.vcpus : 0), 0));
      expect(s.capacity, name).toEqual(expected);
      // Cost, point by point, from the same table: each instance's bill spread evenly over its life
      // from the timestamp at or after its launch, all of it counted from the one at or after its end.
      const accrued = s.t.map((t) => sim.instances.reduce((usd, inst) => {
        const [a, b, life] = [at(inst.launchedAt), at(inst.terminatedAt), inst.terminatedAt - inst.launchedAt];
        if (t >= b) return usd + inst.costUsd();
        return t >= a && life > 0 ? usd + (inst.costUsd() * (t * 1000 - inst.launchedAt)) / life : usd;
      }, 0));
      s.cost.forEach((c, j) => expect(Math.abs(c - accrued[j]), `${name} t=${s.t[j]}`).toBeLessThan(1e-6));
      expect(Math.max(...s.capacity)).toBeGreaterThan(0);
    });
  });

  it('keeps at most 1,000 points of a long run, averaging gauges into equal windows and keeping the final cost', () => {
    const scenario = f.scenarios[1];
    const { sim, recorder } = simulateRecorded(scenario, { seed: 1, metricsPeriodSeconds: 1 });
    const summary = summarize(sim, new JobNames(sim));
    // One-second metrics: far more timestamps than the page keeps.
    const table = buildMetrics(sim, recorder);
    const stamps = new Set(table.series.filter((x) => ['DesiredvCpus', 'VcpusInUse', 'RunnableVcpus', 'RunnableJobs', 'CumulativeCost'].includes(x.metricName)).flatMap((x) => x.points.k));
    expect(stamps.size).toBeGreaterThan(COMPARE_MAX_POINTS);
    const s = compareSeriesOf(buildMetrics(sim, recorder), scenario.name);
    expect(s.t.length).toBe(COMPARE_MAX_POINTS);
    const end = table.count - 1;
    expect(s.t[s.t.length - 1]).toBe(end);
    expect(Math.abs(s.cost[s.cost.length - 1] - summary.cost.totalUsd)).toBeLessThan(1e-6);
    // Equal windows over [0, end): their time-averaged capacity integrates to the instances' vCPU-seconds.
    const width = s.t[1] - s.t[0];
    for (let j = 1; j < s.t.length - 1; j++) expect(s.t[j] - s.t[j - 1]).toBeCloseTo(width, 6);
    expect(width * (s.t.length - 1)).toBeCloseTo(end, 6);
    const vcpuSeconds = sim.instances.reduce((n, inst) => n + inst.shape.vcpus * (Math.ceil(inst.terminatedAt / 1000) - Math.ceil(inst.launchedAt / 1000)), 0);
    const integral = s.capacity.slice(0, -1).reduce((n, c) => n + c * width, 0);
    expect(integral / vcpuSeconds).toBeCloseTo(1, 9);
    // Averages stay within what the one-second series reached.
    const changes = sim.instances.flatMap((inst) => [[Math.ceil(inst.launchedAt / 1000), inst.shape.vcpus], [Math.ceil(inst.terminatedAt / 1000), -inst.shape.vcpus]]);
    changes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let peak = 0;
    for (const [, d] of changes) peak = Math.max(peak, (now += d));
    expect(Math.max(...s.capacity)).toBeLessThanOrEqual(peak + 1e-9);
    expect(Math.max(...s.capacity)).toBeGreaterThan(0);
    expect(s.queueDepth.every((x) => x >= 0 && x <= 400)).toBe(true);
  });
});

describe('comparePageHtml', () => {
  const series = () => f.runs.map((r) => r.series);

  it('titles the page with every scenario, the seeds and the baseline, and says where the time series come from', async () => {
    const html = await comparePageHtml(series(), f.outcome);
    expect(html).toContain('<h1>Comparison: gpu-ondemand vs gpu-spot vs gpu-spot-spillover</h1>');
    expect(html).toContain('<title>batchsim Comparison: gpu-ondemand vs gpu-spot vs gpu-spot-spillover</title>');
    expect(html).toContain('3 seeds (1–3) · baseline gpu-ondemand');
    expect(html).toMatch(/id="series-seed">The time series are from one run per scenario, the first seed \(1\); the table's figures and their intervals come from all 3 seeds\./);
    expect(html).not.toContain('one seed: no intervals');
  });

  it('tabulates each scenario in input order with 95 % intervals and paired differences against the baseline', async () => {
    const html = await comparePageHtml(series(), f.outcome);
    const rows = tableRows(html);
    expect(rows.map((r) => r[0].replace(/<span class="swatch"[^>]*><\/span>/, '').replace(/ <span[\s\S]*$/, ''))).toEqual(f.scenarios.map((s) => s.name));
    expect(rows[0][0]).toContain('<span class="badge base">baseline</span>');
    expect(rows.slice(1).every((r) => !r[0].includes('baseline'))).toBe(true);
    rows.forEach((r, i) => {
      const totals = f.summaries[i].map((s) => s.cost.totalUsd);
      // Cost: the mean of the three runs' totals, ± an interval (the seeds give different totals).
      expect(r[1].startsWith(`${formatMetric('cost.totalUsd', mean(totals))} ± `), r[1]).toBe(true);
      expect(r[2].startsWith(formatMetric('makespanSeconds', mean(f.summaries[i].map((s) => s.makespanSeconds)))), r[2]).toBe(true);
      expect(r[3].startsWith(formatMetric('cost.wastedUsd.total', mean(f.summaries[i].map((s) => s.cost.wastedUsd.total)))), r[3]).toBe(true);
      const interruptions = f.summaries[i].map((s) => s.spotInterruptions);
      expect(r[4].startsWith(formatMetric('spotInterruptions', mean(interruptions))), r[4]).toBe(true);
      expect(r[5].startsWith(formatMetric('jobs.byStatus.FAILED', mean(f.summaries[i].map((s) => s.jobs.byStatus.FAILED ?? 0)))), r[5]).toBe(true);
      if (i === 0) {
        expect(r.slice(6)).toEqual(['–', '–']);
        expect(r[4]).toBe('0');
        return;
      }
      // Paired: the mean of the seed-by-seed differences, with its sign.
      const d = mean(totals.map((x, s) => x - f.summaries[0][s].cost.totalUsd));
      expect(r[6].startsWith(`${d < 0 ? '−' : '+'}${formatMetric('cost.totalUsd', Math.abs(d))}`), r[6]).toBe(true);
      const dm = mean(f.summaries[i].map((s, k) => s.makespanSeconds - f.summaries[0][k].makespanSeconds));
      expect(r[7].startsWith(dm < 0 ? '−' : '+'), r[7]).toBe(true);
    });
    // Spot is cheaper than On-Demand on every seed here, and interrupted.
    expect(rows[1][6].startsWith('−$')).toBe(true);
    expect(rows[1][4]).not.toBe('0');
    expect(html).toContain('id="intervals">Figures are means over the 3 seeds');
  });

  it('with one seed shows bare figures and says how to get intervals', async () => {
    const one = f.rows.filter((r) => r.seed === 1);
    const outcome = aggregate(planOf(f.scenarios.map((s) => s.name), [1]), one);
    const html = await comparePageHtml(series(), outcome);
    const rows = tableRows(html);
    expect(rows.flat().some((c) => c.includes('±'))).toBe(false);
    expect(rows.map((r) => r[1])).toEqual(f.runs.map((r) => formatMetric('cost.totalUsd', r.summary.cost.totalUsd)));
    expect(html).toContain('<p class="note" id="one-seed">one seed: no intervals; run with --seeds N</p>');
    expect(html).toContain('1 seed (1) · baseline gpu-ondemand');
    expect(html).toContain('The time series are from the run on seed 1');
    expect(html).not.toContain('id="intervals"');
  });

  it('overlays every scenario in three charts on the same x axis, one colour per scenario throughout', async () => {
    const html = await comparePageHtml(series(), f.outcome);
    const charts = figures(html);
    expect(charts.map((c) => c.name)).toEqual(['compare-cost', 'compare-capacity', 'compare-queue']);
    const names = f.scenarios.map((s) => s.name);
    const colours = names.map((_, i) => scenarioColor(i));
    expect(new Set(colours).size).toBe(names.length);
    // The x axis: one domain, 0 to the longest run's end in hours, in every spec and every drawing.
    const longest = Math.max(...f.runs.map((r) => r.series.t[r.series.t.length - 1]));
    const specs = compareCharts(series());
    for (const c of specs) {
      const x = (c.spec as { encoding: { x: { scale: { domain: number[] }; title: string } } }).encoding.x;
      expect(x.scale.domain, c.name).toEqual([0, Math.round((longest / 3600) * 1e5) / 1e5]);
      expect(x.title).toBe('time since start (hours)');
    }
    const axes = charts.map((c) => xAxis(c.html));
    expect(axes[0]).toHaveLength(1);
    expect(axes[1]).toEqual(axes[0]);
    expect(axes[2]).toEqual(axes[0]);
    for (const c of charts) {
      // The legend names every scenario in its own colour, the same in every chart.
      expect(legend(c.html).filter(([, label]) => names.includes(label)), c.name).toEqual(names.map((n, i) => [colours[i], n]));
      const strokes = lineStrokes(c.html);
      expect([...new Set(strokes.map(([colour]) => colour))].sort(), c.name).toEqual([...colours].sort());
    }
    // Capacity solid and demand dashed: two lines per scenario, one of each.
    const capacity = lineStrokes(charts[1].html);
    expect(capacity).toHaveLength(2 * names.length);
    for (const colour of colours) expect(capacity.filter(([c]) => c === colour).map(([, dash]) => dash).sort()).toEqual(['1,0', '6,4']);
    expect(legend(charts[1].html).map(([, label]) => label)).toEqual([...names, 'capacity', 'demand']);
    expect(lineStrokes(charts[0].html)).toHaveLength(names.length);
    expect(lineStrokes(charts[2].html)).toHaveLength(names.length);
    // The table's swatches are the charts' colours.
    expect(tableRows(html).map((r) => r[0].match(/background:(#[0-9a-f]+)/)?.[1])).toEqual(colours);
  });

  it('tells scenarios of the same name apart in the charts', () => {
    const s = series();
    const twins = [{ ...s[0], name: 'same' }, { ...s[1], name: 'same' }];
    const [cost] = compareCharts(twins);
    const color = (cost.spec as { encoding: { color: { scale: { domain: string[]; range: string[] } } } }).encoding.color.scale;
    expect(color.domain).toEqual(['same (1)', 'same (2)']);
    expect(new Set(color.range).size).toBe(2);
  });

  it('is self-contained: no script, no URL, every chart inline', async () => {
    const html = await comparePageHtml(series(), f.outcome);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(?!#)/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html.match(/<svg /g)?.length).toBe(3);
  });

  it('gives the same bytes for the same inputs, from fresh runs too', async () => {
    const a = await comparePageHtml(series(), f.outcome);
    expect(await comparePageHtml(series(), f.outcome)).toBe(a);
    const again = fixture();
    expect(await comparePageHtml(again.runs.map((r) => r.series), again.outcome)).toBe(a);
  });

  it('escapes scenario names everywhere', async () => {
    const names = ['a<b&c', `x"y'z`, 'plain'];
    const odd = fixture(names);
    const html = await comparePageHtml(odd.runs.map((r) => r.series), odd.outcome);
    expect(html).not.toContain('a<b&c');
    // Quotes are escaped in the page's own markup (vega leaves them in its text content, where they are harmless).
    expect(html).not.toMatch(/="[^"]*x"y/);
    expect(html).toContain('<h1>Comparison: a&lt;b&amp;c vs x&quot;y&#39;z vs plain</h1>');
    expect(tableRows(html).map((r) => r[0].replace(/<span class="swatch"[^>]*><\/span>/, '').replace(/ <span[\s\S]*$/, ''))).toEqual(['a&lt;b&amp;c', 'x&quot;y&#39;z', 'plain']);
    for (const c of figures(html)) expect(c.html, c.name).toContain('>a&lt;b&amp;c</text>');
  });

  it('draws nothing when there are no series, and says so', async () => {
    const html = await comparePageHtml([], f.outcome);
    expect(figures(html)).toEqual([]);
    expect(html).toContain('No runs: nothing to draw.');
    expect(tableRows(html)).toHaveLength(3);
  });
});
