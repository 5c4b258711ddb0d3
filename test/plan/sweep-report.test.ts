// A sweep's report.html (issue 10): the ranked table in rank order with the recommendation marked,
// the Pareto chart with its frontier labels and the deadline (only when a makespan constraint has
// an upper bound), every run drawn as a dot, the paired differences, escaping, no script and no
// URL, valid Vega-Lite, and the same bytes for the same inputs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { RUN_METRICS } from '../../src/plan/run-metrics.js';
import type { Constraint } from '../../src/plan/sweep-file.js';
import { aggregate, type RunRow, type SweepOutcome, type SweepPlan } from '../../src/plan/sweep-results.js';
import { sweepCharts, sweepReportHtml } from '../../src/plan/sweep-report.js';

const SCHEMA = fileURLToPath(new URL('../../node_modules/vega-lite/build/vega-lite-schema.json', import.meta.url));
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));

const COST = RUN_METRICS.indexOf('cost.totalUsd');
const MAKESPAN = RUN_METRICS.indexOf('makespanSeconds');
const H = 3600;
const SEEDS = [1, 2, 3, 4, 5];
// What one seed does to every configuration alike (common random numbers).
const SEED_COST = [-4, 3, 0, 5, -2];
const SEED_HOURS = [-0.5, 0.25, 0, 0.75, -0.25];

/**
 * Four configurations, in file order: 64 vCPUs (cheapest, misses the deadline every time), 128
 * (the baseline, meets it), 256 (dearer, faster) and 512 (dearer than 256 and slower: dominated).
 * Cost differences between configurations are the same for every seed, so the paired cost
 * differences are exact.
 */
const CONFIGS = [
  { name: 'spot=64', cost: 100, hours: 20 },
  { name: 'spot=128', cost: 150, hours: 14 },
  { name: 'spot=256', cost: 200, hours: 10 },
  { name: 'spot=512', cost: 250, hours: 12 },
];

function plan(constraints: Constraint[], names = CONFIGS.map((c) => c.name)): SweepPlan {
  return {
    name: 'gpu-plan',
    scenario: '../scenarios/gpu.yaml',
    axes: ['spot'],
    configurations: names.map((name, i) => ({ name, labels: [String(64 << i)] })),
    seeds: SEEDS,
    baseline: 1,
    objective: { metric: 'cost.totalUsd', minimize: true },
    constraints,
  };
}

function rows(): RunRow[] {
  const out: RunRow[] = [];
  CONFIGS.forEach((c, configuration) => {
    SEEDS.forEach((seed, s) => {
      const metrics = RUN_METRICS.map(() => 0);
      metrics[COST] = c.cost + SEED_COST[s];
      // A little of each configuration's own, so the makespan intervals are not all alike.
      metrics[MAKESPAN] = (c.hours + SEED_HOURS[s] + ((configuration * 7 + s * 3) % 5) * 0.05) * H;
      out.push({ configuration, seed, metrics });
    });
  });
  return out;
}

const DEADLINE: Constraint = { metric: 'makespanSeconds', atMost: 16 * H, atLeast: null, probability: 0.5 };

const figures = (html: string) => [...html.matchAll(/<figure id="chart-([^"]+)"[\s\S]*?<\/figure>/g)].map((m) => ({ name: m[1], html: m[0] }));
const figure = (html: string, name: string) => figures(html).find((f) => f.name === name)!.html;
const rankedRows = (html: string) => {
  const section = html.slice(html.indexOf('<section id="ranked">'));
  const body = section.slice(section.indexOf('<tbody>'), section.indexOf('</tbody>'));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({ tr: m[0], cells: [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]) }));
};

describe('sweep report.html', () => {
  const data = rows();
  const withDeadline = aggregate(plan([DEADLINE]), data);

  it('lists the configurations in rank order, feasible first by cost, with the recommendation marked', async () => {
    const html = await sweepReportHtml(withDeadline, data);
    const table = rankedRows(html);
    // 128 (cheapest that meets the deadline), 256, 512, then 64, which misses it in every run.
    expect(table.map((r) => r.cells[1].replace(/ <span[\s\S]*$/, ''))).toEqual(['spot=128', 'spot=256', 'spot=512', 'spot=64']);
    expect(table.map((r) => r.cells[0])).toEqual(['1', '2', '3', '4']);
    expect(table.map((r) => r.cells[2])).toEqual(['5', '5', '5', '5']);
    // Recommended: spot=128, and only it.
    expect(withDeadline.recommended).toBe(1);
    expect(table.filter((r) => r.tr.includes('recommended')).map((r) => r.cells[1])).toEqual(['spot=128 <span class="badge rec">recommended</span> <span class="badge base">baseline</span>']);
    expect(table[0].tr).toMatch(/^<tr class="rec">/);
    expect(table.slice(1).every((r) => r.tr.startsWith('<tr>'))).toBe(true);
    // The recommendation paragraph, line breaks kept.
    expect(html).toMatch(/<div class="advice">Recommended: spot=128 — [^<]*\n {2}spot=64 would do better on cost.totalUsd/);
    // Constraint probability with its Wilson interval and verdict: 5 of 5 → [0.57, 1.00], 0 of 5 → [0, 0.43].
    expect(table[0].cells[5]).toBe('1.00 [0.57, 1.00]<br><span class="verdict met">met</span>');
    expect(table[3].cells[5]).toBe('0.00 [0.00, 0.43]<br><span class="verdict missed">missed</span>');
    // Paired cost differences against the baseline are exact here (the seeds move every configuration alike).
    expect(table.map((r) => r.cells[6])).toEqual(['–', '+$50.00', '+$100', '−$50.00']);
    expect(table[1].cells[7]).toMatch(/^−4 h ± \d+ m$/);
    expect(table.map((r) => r.cells[8])).toEqual(['yes', 'yes', 'no', 'yes']);
    // The note after the table, with this sweep's own figures: ± $0.00 paired against the cost's own interval.
    expect(html.indexOf('id="common-random-numbers"')).toBeGreaterThan(html.indexOf('</table>'));
    expect(html).toMatch(/Here, for spot=256: its mean cost is known to ± \$[1-9][0-9.]* on its own, and its difference from the baseline to ± \$0\.00\./);
  });

  it('orders the page: facts and advice, Pareto chart, distributions, table, note', async () => {
    const html = await sweepReportHtml(withDeadline, data);
    const at = (s: string) => {
      const i = html.indexOf(s);
      expect(i, s).toBeGreaterThan(-1);
      return i;
    };
    const order = ['<h1>gpu-plan</h1>', '../scenarios/gpu.yaml', '5 (1–5)', '20 (4 configurations × 5 seeds)', 'minimize cost.totalUsd', 'makespanSeconds ≤ 16 h in at least 50 % of runs', 'class="advice"', 'id="chart-pareto"', 'id="chart-runs-cost-totalUsd"', 'id="chart-runs-makespanSeconds"', '<section id="ranked">', 'id="common-random-numbers"'];
    const positions = order.map(at);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('draws the Pareto chart: frontier and recommendation named, dominated not, axes in USD and hours, the deadline', async () => {
    const html = await sweepReportHtml(withDeadline, data);
    const pareto = figure(html, 'pareto');
    for (const name of ['spot=64', 'spot=128', 'spot=256']) expect(pareto).toContain(`>${name}</text>`);
    expect(pareto).not.toContain('>spot=512</text>');
    expect(pareto).toContain('>mean total cost (USD)</text>');
    expect(pareto).toContain('>mean makespan (hours)</text>');
    expect(pareto).toContain('>deadline 16 h (P ≥ 0.5)</text>');
    // The recommended configuration's own mark, at spot=128's mean cost, and only it: a red diamond.
    const marks = [...pareto.matchAll(/<path aria-label="([^"]*configuration: recommended)"[^>]*d="([^"]*)" fill="([^"]*)"/g)];
    expect(marks.map((m) => [m[1].startsWith('mean total cost (USD): 150.4;'), m[2].startsWith('M-6.708,0L0,-6.708'), m[3]])).toEqual([[true, true, '#e45756']]);
    // Interval bars: two rules per configuration.
    expect(pareto.match(/aria-roledescription="rule mark"/g)?.length).toBe(2 * CONFIGS.length + 1);
    // The deadline on the makespan distribution too.
    expect(figure(html, 'runs-makespanSeconds')).toContain('>deadline 16 h (P ≥ 0.5)</text>');
  });

  it('draws every run as a dot, configurations in rank order', async () => {
    const html = await sweepReportHtml(withDeadline, data);
    for (const name of ['runs-cost-totalUsd', 'runs-makespanSeconds']) {
      const f = figure(html, name);
      expect(f.match(/aria-roledescription="circle"/g)?.length, name).toBe(data.length);
      const labels = [...f.matchAll(/>(spot=\d+)<\/text>/g)].map((m) => m[1]);
      expect(labels, name).toEqual(['spot=128', 'spot=256', 'spot=512', 'spot=64']);
    }
    expect(figure(html, 'runs-makespanSeconds')).toContain('>makespanSeconds (hours)</text>');
    expect(figure(html, 'runs-cost-totalUsd')).toContain('>cost.totalUsd (USD)</text>');
  });

  it('draws no deadline when no constraint puts an upper bound on makespan', async () => {
    for (const constraints of [[], [{ metric: 'cost.totalUsd', atMost: 300, atLeast: null, probability: 0.5 }], [{ metric: 'makespanSeconds', atMost: null, atLeast: H, probability: 0.5 }]] as Constraint[][]) {
      const html = await sweepReportHtml(aggregate(plan(constraints), data), data);
      const all = figures(html);
      expect(all.map((f) => f.name)).toEqual(['pareto', 'runs-cost-totalUsd', 'runs-makespanSeconds']);
      for (const f of all) expect(f.html, JSON.stringify(constraints)).not.toContain('deadline');
      expect(figure(html, 'pareto').match(/aria-roledescription="rule mark"/g)?.length).toBe(2 * CONFIGS.length);
    }
  });

  it('marks nothing recommended when no configuration meets the constraints', async () => {
    const impossible: Constraint = { metric: 'makespanSeconds', atMost: 5 * H, atLeast: null, probability: 0.5 };
    const outcome = aggregate(plan([impossible]), data);
    expect(outcome.recommended).toBeNull();
    const html = await sweepReportHtml(outcome, data);
    expect(html).not.toContain('badge rec');
    expect(html).not.toContain('<tr class="rec">');
    expect(figure(html, 'pareto')).not.toContain('configuration: recommended');
    expect(html).toContain('<div class="advice none">No configuration meets the constraints.');
  });

  it('is self-contained: no script, no URL, every chart inline', async () => {
    const html = await sweepReportHtml(withDeadline, data);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(?!#)/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html.match(/<svg /g)?.length).toBe(3);
  });

  it('gives the same bytes for the same inputs, and for the runs in another order', async () => {
    const a = await sweepReportHtml(withDeadline, data);
    const b = await sweepReportHtml(aggregate(plan([DEADLINE]), rows()), rows());
    expect(b).toBe(a);
    const c = await sweepReportHtml(withDeadline, [...data].reverse());
    expect(c).toBe(a);
  });

  it('escapes configuration names everywhere', async () => {
    const names = ['a<b&c', 'spot=128', 'x"y', "o'k"];
    const outcome: SweepOutcome = aggregate(plan([DEADLINE], names), data);
    const html = await sweepReportHtml(outcome, data);
    expect(html).not.toContain('a<b&c');
    expect(html).toContain('a&lt;b&amp;c');
    // In the table, in the advice, and in the charts (vega escapes its own text).
    expect(rankedRows(html).map((r) => r.cells[1].replace(/ <span[\s\S]*$/, ''))).toEqual(['spot=128', 'x&quot;y', 'o&#39;k', 'a&lt;b&amp;c']);
    expect(html).toMatch(/<div class="advice">[^<]*a&lt;b&amp;c would do better/);
    expect(figure(html, 'pareto')).toContain('>a&lt;b&amp;c</text>');
    expect(figure(html, 'runs-makespanSeconds')).toContain('>a&lt;b&amp;c</text>');
  });

  it('shows a configuration with no runs as such, and a sweep with none draws no chart', async () => {
    const some = data.filter((r) => r.configuration !== 3);
    const html = await sweepReportHtml(aggregate(plan([DEADLINE]), some), some);
    const row = rankedRows(html).find((r) => r.cells[1].startsWith('spot=512'))!;
    expect(row.cells.slice(2, 5)).toEqual(['0', '–', '–']);
    expect(figure(html, 'runs-makespanSeconds').match(/aria-roledescription="circle"/g)?.length).toBe(some.length);
    expect(figure(html, 'pareto')).not.toContain('spot=512');
    const empty = await sweepReportHtml(aggregate(plan([DEADLINE]), []), []);
    expect(empty).not.toContain('<svg');
    expect(empty.match(/No runs yet: nothing to draw\./g)?.length).toBe(2);
    expect(rankedRows(empty).map((r) => r.cells[2])).toEqual(['0', '0', '0', '0']);
  });

  it('charts are valid Vega-Lite', () => {
    for (const chart of sweepCharts(withDeadline, data)) {
      expect(validate(chart.spec), `${chart.name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });
});

describe('configurations that repeat each other', () => {
  it('are one point in the Pareto chart, named for all of them', () => {
    const p = plan([{ metric: 'makespanSeconds', atMost: 16 * H, atLeast: null, probability: 0.5 }], ['spot=64', 'spot=128', 'spot=128-again', 'spot=256']);
    // spot=128-again (index 2) repeats spot=128 (index 1) run for run.
    const runs = rows().map((r) => (r.configuration === 2 ? { ...r, metrics: [...rows().find((o) => o.configuration === 1 && o.seed === r.seed)!.metrics] } : r));
    const outcome = aggregate(p, runs);
    expect(outcome.configurations[2].sameAs).toBe(1);
    expect(outcome.configurations.filter((c) => c.sameAs !== null)).toHaveLength(1);
    const pareto = sweepCharts(outcome, runs)[0];
    const values = (pareto.spec as { data: { values: { configuration: string; label: string }[] } }).data.values;
    expect(values.map((v) => v.configuration)).not.toContain('spot=128-again');
    expect(values.find((v) => v.configuration === 'spot=128')!.label).toBe('spot=128 (= 1 more)');
  });
});
