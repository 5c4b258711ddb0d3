// From runs to answers (docs/sweep.md): runs.csv (one row per configuration × seed), then per
// configuration each metric's mean with its 95 % interval, the probability of meeting each
// constraint with its Wilson interval, the paired difference against the baseline, the cost–makespan
// frontier and a ranking. Everything is computed from runs.csv as written — for a run on one
// machine and for shards merged alike — so both give the same bytes.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ReportFileError } from '../report/report-files.js';
import { alarmAndRuleMetricsOf, isFirstAlarmTime, sweepMetrics, type AlarmOrRuleMetric, type SweepMetric } from './run-metrics.js';
import { estimate, pairedDifference, wilson, type Estimate, type Proportion } from '../util/stats.js';
import type { Constraint, Objective, Sweep } from './sweep-file.js';

/** What outputs need of a sweep (and what a shard carries, so that merging needs no sweep file). */
export interface SweepPlan {
  name: string;
  /** The scenario file as the sweep names it. */
  scenario: string;
  /** Configuration columns of runs.csv besides `configuration` (the axis names; none for a list). */
  axes: string[];
  configurations: { name: string; labels: string[] }[];
  seeds: number[];
  baseline: number;
  objective: Objective;
  constraints: Constraint[];
  /**
   * The alarm and rule metrics the objective and constraints name: kept after RUN_METRICS (runs
   * record for them). Absent when there are none, so such a plan (and shard.json) is what it was
   * before alarms existed.
   */
  alarmAndRuleMetrics?: AlarmOrRuleMetric[];
}

export function planOf(sweep: Sweep): SweepPlan {
  const alarmAndRuleMetrics = alarmAndRuleMetricsOf(sweep.objective, sweep.constraints);
  return {
    name: sweep.name,
    scenario: sweep.scenarioRef,
    axes: sweep.axes,
    configurations: sweep.configurations.map((c) => ({ name: c.name, labels: c.labels })),
    seeds: sweep.seeds,
    baseline: sweep.baseline,
    objective: sweep.objective,
    constraints: sweep.constraints,
    ...(alarmAndRuleMetrics.length > 0 ? { alarmAndRuleMetrics } : {}),
  };
}

/** The metrics a plan's runs keep, in runs.csv's column order (RunRow.metrics' order). */
export function planMetrics(plan: SweepPlan): SweepMetric[] {
  return sweepMetrics(plan.alarmAndRuleMetrics);
}

export interface RunRow {
  configuration: number;
  seed: number;
  /** In planMetrics(plan) order. */
  metrics: number[];
}

// ---- runs.csv --------------------------------------------------------------------------------

export function runsHeader(plan: SweepPlan): string[] {
  return ['configuration', ...plan.axes, 'seed', ...planMetrics(plan)];
}

/**
 * runs.csv text for `rows` (in the order given), header first. Numbers as JavaScript prints them:
 * they read back exactly. An alarm that never went to ALARM has no first ALARM time: an empty cell,
 * as in the project's other CSV files (read back as never, Infinity).
 */
export function runsCsv(plan: SweepPlan, rows: readonly RunRow[], header = true): string {
  const never = planMetrics(plan).map(isFirstAlarmTime);
  const cell = (x: number, m: number) => (never[m] && x === Infinity ? '' : String(x));
  const records = rows.map((r) => {
    const c = plan.configurations[r.configuration];
    return [c.name, ...c.labels, String(r.seed), ...r.metrics.map(cell)];
  });
  return stringify(header ? [runsHeader(plan), ...records] : records);
}

/** Reads runs.csv text back into rows (the names must be the plan's). */
export function parseRunsCsv(plan: SweepPlan, text: string, file = 'runs.csv'): RunRow[] {
  const records = parse(text, { relax_column_count: false }) as string[][];
  const header = runsHeader(plan);
  if (records.length === 0 || records[0].join(',') !== header.join(',')) throw new ReportFileError(file, "does not have this sweep's columns");
  const byName = new Map(plan.configurations.map((c, i) => [c.name, i]));
  // configuration, the axes, seed, then the metrics (by position: the names are the plan's).
  const first = 2 + plan.axes.length;
  const never = planMetrics(plan).map(isFirstAlarmTime);
  const value = (text: string, m: number) => (never[m] && text === '' ? Infinity : Number(text));
  return records.slice(1).map((rec, i) => {
    const configuration = byName.get(rec[0]);
    if (configuration === undefined) throw new ReportFileError(file, `configuration "${rec[0]}" is not one of this sweep's`, i + 2);
    return { configuration, seed: Number(rec[first - 1]), metrics: rec.slice(first).map(value) };
  });
}

// ---- per configuration -------------------------------------------------------------------------

export type Verdict = 'met' | 'missed' | 'uncertain';

export interface ConstraintResult extends Proportion {
  /** met: the whole Wilson interval is at or above the required probability; missed: below it. */
  verdict: Verdict;
}

export interface ConfigurationResult {
  index: number;
  name: string;
  labels: string[];
  runs: number;
  /** Every metric of the plan (planMetrics). */
  metrics: Record<SweepMetric, Estimate>;
  /** This configuration minus the baseline, paired by seed. */
  vsBaseline: Record<SweepMetric, Estimate>;
  constraints: ConstraintResult[];
  /** Every constraint's observed probability reaches its requirement. */
  feasible: boolean;
  /** On the cost–makespan frontier (by mean): no configuration is both cheaper and faster. */
  pareto: boolean;
  /** 1 = best: feasible ones first, by the objective's mean. */
  rank: number;
  /** The first configuration whose every run (seed by seed, every metric) this one repeats exactly, or null. */
  sameAs: number | null;
}

export interface SweepOutcome {
  plan: SweepPlan;
  configurations: ConfigurationResult[];
  /** The best configuration whose every constraint is met with confidence, else null. */
  recommended: number | null;
}

export function meets(c: Constraint, value: number): boolean {
  return c.atMost !== null ? value <= c.atMost : value >= c.atLeast!;
}

export function aggregate(plan: SweepPlan, rows: readonly RunRow[]): SweepOutcome {
  const perConfig = plan.configurations.map(() => [] as RunRow[]);
  for (const r of rows) perConfig[r.configuration].push(r);
  const names = planMetrics(plan);
  const bySeed = (list: RunRow[], m: number) => new Map(list.map((r) => [r.seed, r.metrics[m]]));
  const base = names.map((_, m) => bySeed(perConfig[plan.baseline], m));
  const results: ConfigurationResult[] = perConfig.map((list, index) => {
    const metrics = {} as Record<SweepMetric, Estimate>;
    const vsBaseline = {} as Record<SweepMetric, Estimate>;
    names.forEach((name, m) => {
      metrics[name] = estimate(list.map((r) => r.metrics[m]));
      vsBaseline[name] = pairedDifference(bySeed(list, m), base[m]);
    });
    const constraints = plan.constraints.map((c) => {
      const m = names.indexOf(c.metric);
      const p = wilson(list.filter((r) => meets(c, r.metrics[m])).length, list.length);
      const verdict: Verdict = p.low >= c.probability ? 'met' : p.high < c.probability ? 'missed' : 'uncertain';
      return { ...p, verdict };
    });
    const feasible = constraints.every((r, k) => r.p >= plan.constraints[k].probability);
    return { index, name: plan.configurations[index].name, labels: plan.configurations[index].labels, runs: list.length, metrics, vsBaseline, constraints, feasible, pareto: false, rank: 0, sameAs: null };
  });
  // Configurations that differ only in what the scheduler never used (a family it never chose)
  // give identical runs: said once, so they are not read as distinct options.
  const firstWith = new Map<string, number>();
  perConfig.forEach((list, index) => {
    if (list.length === 0) return;
    const key = list.map((r) => `${r.seed}:${r.metrics.join(',')}`).join(';');
    const first = firstWith.get(key);
    if (first === undefined) firstWith.set(key, index);
    else results[index].sameAs = first;
  });
  markPareto(results);
  const order = ranking(plan, results);
  order.forEach((c, i) => (c.rank = i + 1));
  const recommended = order.find((c) => c.constraints.every((r) => r.verdict === 'met'));
  return { plan, configurations: results, recommended: recommended ? recommended.index : null };
}

/** Feasible configurations first, each group by the objective's mean (ties: file order). */
export function ranking(plan: SweepPlan, results: readonly ConfigurationResult[]): ConfigurationResult[] {
  const sign = plan.objective.minimize ? 1 : -1;
  const key = (c: ConfigurationResult) => sign * c.metrics[plan.objective.metric].mean;
  return [...results].sort((a, b) => Number(b.feasible) - Number(a.feasible) || key(a) - key(b) || a.index - b.index);
}

function markPareto(results: ConfigurationResult[]): void {
  const cost = (c: ConfigurationResult) => c.metrics['cost.totalUsd'].mean;
  const time = (c: ConfigurationResult) => c.metrics.makespanSeconds.mean;
  for (const c of results) {
    c.pareto = !results.some((o) => o !== c && cost(o) <= cost(c) && time(o) <= time(c) && (cost(o) < cost(c) || time(o) < time(c)));
  }
}

// ---- configs.csv and pareto.csv ----------------------------------------------------------------

const num = (x: number) => (Number.isFinite(x) ? String(x) : '');

export function configsCsv(outcome: SweepOutcome): string {
  const { plan } = outcome;
  const header = ['configuration', ...plan.axes, 'runs'];
  const names = planMetrics(plan);
  for (const m of names) header.push(`${m}.mean`, `${m}.sd`, `${m}.ci95Low`, `${m}.ci95High`, `${m}.vsBaseline.mean`, `${m}.vsBaseline.ci95Low`, `${m}.vsBaseline.ci95High`);
  plan.constraints.forEach((_, k) => header.push(`constraint${k + 1}.probability`, `constraint${k + 1}.wilsonLow`, `constraint${k + 1}.wilsonHigh`, `constraint${k + 1}.verdict`));
  header.push('feasible', 'pareto', 'rank');
  const records = outcome.configurations.map((c) => {
    const rec = [c.name, ...c.labels, String(c.runs)];
    for (const m of names) {
      const e = c.metrics[m];
      const d = c.vsBaseline[m];
      rec.push(num(e.mean), num(e.sd), num(e.low), num(e.high), num(d.mean), num(d.low), num(d.high));
    }
    for (const r of c.constraints) rec.push(num(r.p), num(r.low), num(r.high), r.verdict);
    rec.push(String(c.feasible), String(c.pareto), String(c.rank));
    return rec;
  });
  return stringify([header, ...records]);
}

export function paretoCsv(outcome: SweepOutcome): string {
  const { plan } = outcome;
  const header = ['configuration', ...plan.axes, 'cost.totalUsd.mean', 'cost.totalUsd.ci95Low', 'cost.totalUsd.ci95High', 'makespanSeconds.mean', 'makespanSeconds.ci95Low', 'makespanSeconds.ci95High', 'feasible', 'rank'];
  const front = outcome.configurations.filter((c) => c.pareto).sort((a, b) => a.metrics['cost.totalUsd'].mean - b.metrics['cost.totalUsd'].mean || a.index - b.index);
  const records = front.map((c) => {
    const cost = c.metrics['cost.totalUsd'];
    const time = c.metrics.makespanSeconds;
    return [c.name, ...c.labels, num(cost.mean), num(cost.low), num(cost.high), num(time.mean), num(time.low), num(time.high), String(c.feasible), String(c.rank)];
  });
  return stringify([header, ...records]);
}
