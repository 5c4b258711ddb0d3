// A sweep's answer in words an architect can act on, and in summary.json for scripts: which
// configuration to choose, what it costs and how long it takes (with 95 % intervals), how likely it
// is to meet each constraint, and what the cheaper alternatives miss.
import type { SweepMetric } from './run-metrics.js';
import type { Estimate } from '../util/stats.js';
import type { Constraint } from './sweep-file.js';
import { ranking, type ConfigurationResult, type SweepOutcome } from './sweep-results.js';

/** A value of a metric as people read it: dollars, hours and minutes, counts. */
export function formatMetric(metric: SweepMetric, x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (metric.startsWith('cost.')) return `$${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)}`;
  if (isDuration(metric)) return duration(x);
  if (metric === 'vcpuUtilisation') return `${(100 * x).toFixed(1)} %`;
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** Metrics that are a time in seconds (an alarm's time in ALARM too). */
export function isDuration(metric: SweepMetric): boolean {
  return metric.endsWith('Seconds') || metric.startsWith('waitSeconds') || (metric.startsWith('alarms.') && metric.endsWith('.secondsInAlarm'));
}

/** 13 h 10 m, 25 m, 40 s. */
export function duration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const sign = seconds < 0 ? '−' : '';
  if (s >= 3600) {
    const m = Math.round((s % 3600) / 60);
    return m === 0 ? `${sign}${Math.floor(s / 3600)} h` : `${sign}${Math.floor(s / 3600)} h ${m} m`;
  }
  if (s >= 60) return `${sign}${Math.round(s / 60)} m`;
  return `${sign}${s} s`;
}

/** "$182 ± 6" — the mean and the half-width of its 95 % interval. */
export function withInterval(metric: SweepMetric, e: Estimate): string {
  const half = (e.high - e.low) / 2;
  const h = half > 0 ? formatMetric(metric, half).replace(/^\$/, '') : '';
  // No interval to show when every run agreed (to the precision shown).
  return /^[0.]*( s)?$/.test(h) ? formatMetric(metric, e.mean) : `${formatMetric(metric, e.mean)} ± ${h}`;
}

/** A paired difference: signed mean ± the half-width of its 95 % interval ("−$3.20 ± 1.10", "+25 m ± 4 m"). */
export function difference(metric: SweepMetric, d: Estimate): string {
  if (!Number.isFinite(d.mean)) return '–';
  const sign = d.mean > 0 ? '+' : d.mean < 0 ? '−' : '';
  return sign + withInterval(metric, { ...d, mean: Math.abs(d.mean) });
}

export function constraintText(c: Constraint): string {
  return `${c.metric} ${bound(c)}`;
}

function bound(c: Constraint): string {
  return c.atMost !== null ? `≤ ${formatMetric(c.metric, c.atMost)}` : `≥ ${formatMetric(c.metric, c.atLeast!)}`;
}

const pct = (x: number) => `${Math.round(100 * x)} %`;

/** What a configuration achieves: cost, makespan, and each constraint's probability with its interval. */
export function evidence(outcome: SweepOutcome, c: ConfigurationResult): string {
  const { plan } = outcome;
  const parts = [`${withInterval('cost.totalUsd', c.metrics['cost.totalUsd'])}`, `makespan ${withInterval('makespanSeconds', c.metrics.makespanSeconds)}`];
  if (plan.objective.metric !== 'cost.totalUsd' && plan.objective.metric !== 'makespanSeconds') {
    parts.push(`${plan.objective.metric} ${withInterval(plan.objective.metric, c.metrics[plan.objective.metric])}`);
  }
  plan.constraints.forEach((k, i) => {
    const r = c.constraints[i];
    const what = k.metric === 'makespanSeconds' ? '' : `${k.metric} `;
    parts.push(`P(${what}${bound(k)}) = ${r.p.toFixed(2)} [${r.low.toFixed(2)}, ${r.high.toFixed(2)}]`);
  });
  return `${parts.join(', ')} over ${c.runs} seeds`;
}

/**
 * The recommendation: the best configuration meeting every constraint with confidence, with its
 * evidence, and what the better-ranked (e.g. cheaper) configurations that were passed over miss.
 * When none qualifies, the configuration that came closest and by how much.
 */
export function adviceText(outcome: SweepOutcome): string {
  const { plan } = outcome;
  const ranked = ranking(plan, outcome.configurations);
  const objective = `${plan.objective.minimize ? 'lowest' : 'highest'} ${plan.objective.metric}`;
  if (outcome.recommended !== null) {
    const best = outcome.configurations[outcome.recommended];
    const lines = [`Recommended: ${best.name} — ${evidence(outcome, best)}.`];
    const better = betterByObjective(outcome, best).slice(0, 3);
    for (const o of better) lines.push(`  ${o.name} would do better on ${plan.objective.metric} (${formatMetric(plan.objective.metric, o.metrics[plan.objective.metric].mean)}) but ${shortfall(outcome, o)}.`);
    const same = outcome.configurations.filter((o) => o !== best && (o.sameAs === best.index || (best.sameAs !== null && (o.index === best.sameAs || o.sameAs === best.sameAs))));
    if (same.length > 0) lines.push(`  ${same.map((o) => o.name).join('; ')} gave the same result on every seed (the same instances were launched).`);
    const next = ranked.find((o) => o !== best && !same.includes(o) && o.constraints.every((r) => r.verdict === 'met'));
    if (next) {
      const m = plan.objective.metric;
      const d = next.vsBaseline[m].n > 0 && best.vsBaseline[m].n > 0 ? next.metrics[m].mean - best.metrics[m].mean : NaN;
      const more = m.startsWith('cost.') ? `${formatMetric(m, Math.abs(d))} ${d >= 0 ? 'more' : 'less'}` : `${m} ${d >= 0 ? '+' : '−'}${formatMetric(m, Math.abs(d))}`;
      lines.push(`  Next best: ${next.name} — ${evidence(outcome, next)}${Number.isFinite(d) ? ` (${more} on average)` : ''}.`);
    }
    if (plan.constraints.length === 0) lines.push(`  (no constraints: the ${objective} of ${outcome.configurations.length} configurations)`);
    return lines.join('\n');
  }
  const uncertain = ranked.find((c) => c.constraints.every((r) => r.verdict !== 'missed') && c.feasible);
  if (uncertain) {
    return `No configuration meets the constraints with 95 % confidence yet; the best candidate is ${uncertain.name} — ${evidence(outcome, uncertain)} (more seeds would settle it: batchsim plan replicates adaptively).`;
  }
  const sign = plan.objective.minimize ? 1 : -1;
  const objectiveOf = (c: ConfigurationResult) => sign * c.metrics[plan.objective.metric].mean;
  const closest = [...outcome.configurations].sort(
    (a, b) => closeness(outcome, b) - closeness(outcome, a) || excess(outcome, a) - excess(outcome, b) || objectiveOf(a) - objectiveOf(b) || a.index - b.index,
  )[0];
  return `No configuration meets the constraints. Closest: ${closest.name} — ${evidence(outcome, closest)}; it ${shortfall(outcome, closest)}.`;
}

/** Configurations better on the objective than `best`, best first. */
function betterByObjective(outcome: SweepOutcome, best: ConfigurationResult): ConfigurationResult[] {
  const { metric, minimize } = outcome.plan.objective;
  const v = (c: ConfigurationResult) => c.metrics[metric].mean;
  return outcome.configurations
    .filter((c) => c !== best && (minimize ? v(c) < v(best) : v(c) > v(best)))
    .sort((a, b) => (minimize ? v(a) - v(b) : v(b) - v(a)) || a.index - b.index);
}

/** "misses makespanSeconds ≤ 16 h in 35 % of runs" (the constraint it fails worst). */
function shortfall(outcome: SweepOutcome, c: ConfigurationResult): string {
  const { constraints } = outcome.plan;
  let worst = -1;
  for (let i = 0; i < constraints.length; i++) {
    if (worst < 0 || c.constraints[i].p - constraints[i].probability < c.constraints[worst].p - constraints[worst].probability) worst = i;
  }
  if (worst < 0) return 'meets no constraint worse than the recommendation';
  const k = constraints[worst];
  const r = c.constraints[worst];
  // The deadline is named with its bound; any other constraint's text holds its bound already.
  const what = k.metric === 'makespanSeconds' && k.atMost !== null ? 'the deadline' : constraintText(k);
  if (r.verdict === 'met') return `is not meaningfully better (it meets ${what} too)`;
  return `misses ${what === 'the deadline' ? `the deadline (${bound(k)})` : what} in ${pct(1 - r.p)} of runs (needs at most ${pct(1 - k.probability)}); its ${k.metric === 'makespanSeconds' ? 'makespan' : k.metric} averages ${formatMetric(k.metric, c.metrics[k.metric].mean)}`;
}

/** How far a configuration's means are beyond the constraints' bounds, relative to them (0: within all). */
function excess(outcome: SweepOutcome, c: ConfigurationResult): number {
  let worst = 0;
  for (const k of outcome.plan.constraints) {
    const mean = c.metrics[k.metric].mean;
    const over = k.atMost !== null ? (mean - k.atMost) / Math.abs(k.atMost || 1) : (k.atLeast! - mean) / Math.abs(k.atLeast || 1);
    worst = Math.max(worst, over);
  }
  return worst;
}

/** How near a configuration comes to meeting all constraints: its worst observed margin. */
function closeness(outcome: SweepOutcome, c: ConfigurationResult): number {
  return Math.min(...outcome.plan.constraints.map((k, i) => c.constraints[i].p - k.probability), Infinity);
}

/** summary.json of a sweep: the plan, every configuration's figures, and the recommendation. */
export function sweepSummary(outcome: SweepOutcome): unknown {
  const { plan } = outcome;
  const interval = (e: Estimate) => ({ n: e.n, mean: e.mean, sd: e.sd, ci95: [e.low, e.high] });
  return {
    sweep: plan.name,
    scenario: plan.scenario,
    seeds: plan.seeds,
    runs: outcome.configurations.reduce((n, c) => n + c.runs, 0),
    baseline: plan.configurations[plan.baseline].name,
    objective: { [plan.objective.minimize ? 'minimize' : 'maximize']: plan.objective.metric },
    constraints: plan.constraints.map((k) => ({ metric: k.metric, ...(k.atMost !== null ? { atMost: k.atMost } : { atLeast: k.atLeast }), probability: k.probability })),
    configurations: outcome.configurations.map((c) => ({
      name: c.name,
      ...(plan.axes.length > 0 ? { axes: Object.fromEntries(plan.axes.map((a, i) => [a, c.labels[i]])) } : {}),
      runs: c.runs,
      rank: c.rank,
      feasible: c.feasible,
      pareto: c.pareto,
      metrics: Object.fromEntries(Object.entries(c.metrics).map(([m, e]) => [m, interval(e)])),
      vsBaseline: Object.fromEntries(Object.entries(c.vsBaseline).map(([m, e]) => [m, interval(e)])),
      constraints: c.constraints.map((r) => ({ probability: r.p, wilson95: [r.low, r.high], successes: r.successes, runs: r.n, verdict: r.verdict })),
    })),
    recommended: outcome.recommended === null ? null : outcome.configurations[outcome.recommended].name,
    advice: adviceText(outcome),
  };
}
