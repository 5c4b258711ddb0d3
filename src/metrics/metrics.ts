// metrics.csv (issue #5, DESIGN §4): CloudWatch-style metric series in long format, one row per
// (timestamp, namespace, metric, dimension, statistic). Every metric, its unit, statistic and
// dimension is listed in METRICS below and documented in docs/outputs.md.
//
// Timestamps are t_k = k × period (k = 0 … ⌈end / period⌉) after the scenario's startTime, but a
// series has a datapoint only where something happened, so metrics.csv (and the memory to build
// it) grows with the run's activity, not with empty simulated time:
// - Gauges ("how many now") are the state at the instant t_k, after everything that happened at
//   t_k. A gauge is written at t_0, where its value changes and at the timestamp just before, and
//   at the last timestamp; between two of its datapoints it moves on the straight line joining
//   them (a count stays put; CumulativeCost grows at a constant rate). ShareUsage decays between
//   its datapoints: exact at them, read often enough over quiet stretches that the straight line
//   stays close (share-metrics.ts).
// - Sums ("how many happened") cover the period [t_k, t_k + period), as CloudWatch's do, and have
//   a datapoint only for a period in which the value is not 0 (CloudWatch has none then either).
// - Job metrics come from the run's transition counters (recorder.ts); capacity and cost from the
//   instances, attempts and jobs tables after the run.
import { TextFile } from '../util/text-file.js';
import { Changes, asWritten, heldPoints, linearPoints, unionOf, type Points } from '../util/sparse-series.js';
import { AttemptOutcome } from '../model/attempts.js';
import { JobKind, JobStatus } from '../model/jobs.js';
import type { RunResult } from '../sim/run-result.js';
import { DURATIONS, DUR_COUNT, DUR_MAX, DUR_SUM, RUNNABLE_VCPUS, STATES, type RunRecorder } from './recorder.js';
import { csvText } from '../util/csv-text.js';

export { AWS_NAMESPACE, DURATION_NAMES, METRICS, SIM_NAMESPACE, stateWord, type MetricDefinition, type MetricSeries, type MetricsTable, type Statistic, type Unit } from './metric-definitions.js';
import { AWS_NAMESPACE, DURATION_NAMES, SIM_NAMESPACE, stateWord, type MetricSeries, type MetricsTable, type Statistic, type Unit } from './metric-definitions.js';

/**
 * When the last thing happened: a job changed state, or an instance was launched or terminated.
 * The run's own end (Simulation.endTime) can lie far beyond, at a leftover event that changed
 * nothing (a Spot notice for an instance already gone); the series stop at the last activity.
 */
export function activityEnd(sim: RunResult, recorder: RunRecorder): number {
  let end = recorder.lastTransitionAt;
  for (const inst of sim.instances) end = Math.max(end, inst.launchedAt, inst.terminatedAt);
  return Math.min(end, sim.endTime);
}

/** A gauge from its changes: held between them (see heldPoints). */
function held(changes: Changes, last: number): Points {
  return heldPoints(changes.keys(), changes.cursor(), last);
}

/** A Sum series from per-period values: a datapoint only where the value, as written, is not 0. */
function sums(keys: number[], valueAt: (k: number) => number, last: number): Points {
  const out: Points = { k: [], v: [] };
  for (const k of keys) {
    if (k > last) break;
    const v = valueAt(k);
    if (asWritten(v) === 0) continue;
    out.k.push(k);
    out.v.push(v);
  }
  return out;
}

export function buildMetrics(sim: RunResult, recorder: RunRecorder): MetricsTable {
  const P = recorder.periodMs;
  const endMs = activityEnd(sim, recorder);
  const last = Math.ceil(endMs / P);
  const series: MetricSeries[] = [];
  const add = (namespace: string, metricName: string, dimensionName: string, dimensionValue: string, statistic: Statistic, unit: Unit, points: Points) =>
    series.push({ namespace, metricName, dimensionName, dimensionValue, statistic, unit, points });

  // ---- job queues ----
  // Array children still SUBMITTED at the end (their parent never evaluated) exist from their
  // createdAt, like every other job in jobs.csv; the recorder never saw them leave SUBMITTED.
  const { jobs } = sim;
  const unspawned = sim.jobQueues.map(() => ({ since: new Changes(), entered: new Changes() }));
  for (let row = 0; row < jobs.count; row++) {
    if (jobs.kind.data[row] !== JobKind.ARRAY_CHILD || jobs.status.data[row] !== JobStatus.SUBMITTED) continue;
    const u = unspawned[sim.templates[jobs.template.data[row]].queue];
    const created = jobs.createdAt.data[row];
    u.since.add(Math.ceil(created / P), 1);
    u.entered.add(Math.min(last, Math.floor(created / P)), 1);
  }
  sim.jobQueues.forEach((queue, q) => {
    const c = recorder.counters(q);
    const boundaries = c.boundary.keys();
    const boundaryRows = boundaries.map((k) => c.boundary.get(k)!);
    // A gauge from one column of the boundary table (plus `extra` changes): held between changes.
    const gauge = (col: number, extra: Changes | null) => {
      if (!extra) {
        let i = 0;
        let acc = 0;
        return heldPoints(boundaries, (k) => {
          for (; i < boundaries.length && boundaries[i] <= k; i++) acc += boundaryRows[i][col];
          return acc;
        }, last);
      }
      const keys = unionOf(boundaries, extra.keys());
      let i = 0;
      let acc = 0;
      return heldPoints(keys, (k) => {
        for (; i < keys.length && keys[i] <= k; i++) acc += (c.boundary.get(keys[i])?.[col] ?? 0) + extra.at(keys[i]);
        return acc;
      }, last);
    };
    for (let s = 0; s < STATES; s++) {
      add(SIM_NAMESPACE, `${stateWord(s)}Jobs`, 'JobQueueName', queue.name, 'Average', 'Count', gauge(s, s === JobStatus.SUBMITTED ? unspawned[q].since : null));
    }
    add(SIM_NAMESPACE, 'RunnableVcpus', 'JobQueueName', queue.name, 'Average', 'Count', gauge(RUNNABLE_VCPUS, null));
    const periods = c.period.keys();
    const periodRows = periods.map((k) => c.period.get(k)!);
    for (let s = 0; s < STATES; s++) {
      const column = new Changes();
      periods.forEach((k, i) => column.add(k, periodRows[i][s]));
      if (s === JobStatus.SUBMITTED) for (const k of unspawned[q].entered.keys()) column.add(k, unspawned[q].entered.at(k));
      add(AWS_NAMESPACE, `JobsEntered${stateWord(s)}`, 'JobQueueName', queue.name, 'Sum', 'Count', sums(column.keys(), (k) => column.at(k), last));
    }
    for (let d = 0; d < DURATIONS; d++) {
      const avg: Points = { k: [], v: [] };
      const max: Points = { k: [], v: [] };
      const n: Points = { k: [], v: [] };
      periods.forEach((k, i) => {
        const row = periodRows[i];
        const samples = row[DUR_COUNT + d];
        if (samples === 0 || k > last) return;
        for (const p of [avg, max, n]) p.k.push(k);
        avg.v.push(row[DUR_SUM + d] / samples);
        max.v.push(row[DUR_MAX + d]);
        n.v.push(samples);
      });
      add(AWS_NAMESPACE, DURATION_NAMES[d], 'JobQueueName', queue.name, 'Average', 'Seconds', avg);
      add(AWS_NAMESPACE, DURATION_NAMES[d], 'JobQueueName', queue.name, 'Maximum', 'Seconds', max);
      add(AWS_NAMESPACE, DURATION_NAMES[d], 'JobQueueName', queue.name, 'SampleCount', 'Seconds', n);
    }
  });

  // ---- fair-share queues: per share, read from the queue as the run went (share-metrics.ts) ----
  sim.jobQueues.forEach((queue, q) => {
    const sampler = recorder.shares(q);
    if (!sampler) return;
    for (const s of sampler.series(last, sim.endTime)) {
      const dimension = `${queue.name}/${s.shareIdentifier}`;
      add(SIM_NAMESPACE, 'ShareRunningVcpus', 'ShareIdentifier', dimension, 'Average', 'Count', s.vcpus);
      add(SIM_NAMESPACE, 'ShareUsage', 'ShareIdentifier', dimension, 'Average', 'None', s.usage);
    }
  });

  // ---- compute environments: changes at period boundaries, from the tables ----
  const nCe = sim.computeEnvironments.length;
  const perCe = () => Array.from({ length: nCe }, () => new Changes());
  const desired = perCe();
  const inUse = perCe();
  const running = perCe();
  const interruptions = perCe();
  // Cost accrues evenly over each instance's life: accrued(t) = Σ_active r·(t − launch) + Σ_ended cost.
  const rate = perCe();
  const rateLaunch = perCe();
  const ended = perCe();
  const at = (t: number) => Math.ceil(t / P);
  for (const inst of sim.instances) {
    const ce = inst.computeEnvironment;
    const a = at(inst.launchedAt);
    const b = at(inst.terminatedAt);
    desired[ce].add(a, inst.shape.vcpus);
    desired[ce].add(b, -inst.shape.vcpus);
    running[ce].add(a, 1);
    running[ce].add(b, -1);
    if (inst.terminationReason === 'SPOT_INTERRUPTION') interruptions[ce].add(Math.floor(inst.terminatedAt / P), 1);
    const cost = inst.costUsd();
    ended[ce].add(b, cost);
    const life = inst.terminatedAt - inst.launchedAt;
    if (life > 0 && a < b) {
      const r = cost / life;
      rate[ce].add(a, r);
      rate[ce].add(b, -r);
      rateLaunch[ce].add(a, r * inst.launchedAt);
      rateLaunch[ce].add(b, -r * inst.launchedAt);
    }
  }
  const { attempts } = sim;
  const vcpusOf = (row: number) => sim.shapes.shapes[jobs.shape.data[row]].vcpus;
  // Attempts still under way where a paused run (advanceTo) stands are held until the end below; a
  // horizon logs them as UNFINISHED attempts ending there, counted here already.
  const logged = new Set<number>();
  for (let i = 0; i < attempts.count; i++) {
    const ce = sim.instances[attempts.instance.data[i]].computeEnvironment;
    const v = vcpusOf(attempts.job.data[i]);
    inUse[ce].add(at(attempts.placedAt.data[i]), v);
    inUse[ce].add(at(attempts.stoppedAt.data[i]), -v);
    if (attempts.outcome.data[i] === AttemptOutcome.UNFINISHED) logged.add(attempts.job.data[i]);
  }
  for (let row = 0; row < jobs.count; row++) {
    const st = jobs.status.data[row];
    if ((st !== JobStatus.STARTING && st !== JobStatus.RUNNING) || jobs.instance.data[row] < 0 || logged.has(row)) continue;
    const ce = sim.instances[jobs.instance.data[row]].computeEnvironment;
    const v = vcpusOf(row);
    inUse[ce].add(at(jobs.placedAt.data[row]), v);
    inUse[ce].add(at(endMs), -v);
  }

  sim.computeEnvironments.forEach((env, ce) => {
    const d = desired[ce].cursor();
    const u = inUse[ce].cursor();
    const util = heldPoints(unionOf(desired[ce].keys(), inUse[ce].keys()), (k) => {
      const dk = d(k);
      return dk > 0 ? (100 * u(k)) / dk : NaN;
    }, last);
    add(SIM_NAMESPACE, 'DesiredvCpus', 'ComputeEnvironmentName', env.name, 'Average', 'Count', held(desired[ce], last));
    add(SIM_NAMESPACE, 'VcpusInUse', 'ComputeEnvironmentName', env.name, 'Average', 'Count', held(inUse[ce], last));
    add(SIM_NAMESPACE, 'VcpuUtilization', 'ComputeEnvironmentName', env.name, 'Average', 'Percent', util);
    add(SIM_NAMESPACE, 'RunningInstances', 'ComputeEnvironmentName', env.name, 'Average', 'Count', held(running[ce], last));
    add(SIM_NAMESPACE, 'SpotInterruptions', 'ComputeEnvironmentName', env.name, 'Sum', 'Count', sums(interruptions[ce].keys(), (k) => interruptions[ce].at(k), last));
  });

  // ---- purchase options: instance counts and cost, summed over their compute environments ----
  const purchaseOptions: string[] = [];
  for (const ce of sim.computeEnvironments) if (!purchaseOptions.includes(ce.purchaseOption.name)) purchaseOptions.push(ce.purchaseOption.name);
  for (const name of purchaseOptions) {
    const ces = sim.computeEnvironments.map((_, ce) => ce).filter((ce) => sim.computeEnvironments[ce].purchaseOption.name === name);
    const instances = new Changes();
    for (const ce of ces) for (const k of running[ce].keys()) instances.add(k, running[ce].at(k));
    const changes = unionOf(...ces.flatMap((ce) => [rate[ce].keys(), rateLaunch[ce].keys(), ended[ce].keys()]));
    // A fresh evaluator per pass: each walks the indices in ascending order.
    const accrued = () => {
      const parts = ces.map((ce) => ({ r: rate[ce].cursor(), rl: rateLaunch[ce].cursor(), e: ended[ce].cursor() }));
      return (k: number) => {
        let acc = 0;
        for (const p of parts) acc += p.r(k) * k * P - p.rl(k) + p.e(k);
        return acc;
      };
    };
    // Cost in period k is accrued(k + 1) − accrued(k): not 0 only while an instance is up, or in
    // the period just before a change (a launch, an end, a bill that lands at once).
    const alive = instances.cursor();
    const periods: number[] = [];
    const bounds = [...unionOf(changes, instances.keys()).filter((k) => k > 0 && k <= last), last + 1];
    let from = 0;
    for (const b of bounds) {
      if (alive(from) > 0) for (let k = from; k < b; k++) periods.push(k);
      else if (b - 1 >= from) periods.push(b - 1);
      from = b;
    }
    const now = accrued();
    const next = accrued();
    // Period 0 starts from nothing, so a bill that lands at t = 0 (a run that ends there, with the
    // one-minute minimum) is in it; a run that ends at t = 0 still has that one period.
    const cost = sums(periods.filter((k) => k < Math.max(last, 1)), (k) => next(k + 1) - (k === 0 ? 0 : now(k)), Math.max(last, 1));
    add(SIM_NAMESPACE, 'RunningInstances', 'PurchaseOption', name, 'Average', 'Count', held(instances, last));
    add(SIM_NAMESPACE, 'Cost', 'PurchaseOption', name, 'Sum', 'None', cost);
    add(SIM_NAMESPACE, 'CumulativeCost', 'PurchaseOption', name, 'Maximum', 'None', linearPoints(changes, accrued(), last));
  }
  return { startMs: Date.parse(sim.scenario.startTime), periodSeconds: P / 1000, count: last + 1, series };
}

export const METRICS_COLUMNS = ['timestamp', 'namespace', 'metricName', 'dimensionName', 'dimensionValue', 'statistic', 'unit', 'value'] as const;

/** ISO-8601 (UTC) of an epoch time, without a millisecond part when it is zero. */
export function isoTime(epochMs: number): string {
  const s = new Date(epochMs).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** Values as written: integers plainly, others rounded to 9 decimals (sums of floats carry noise). */
export function formatValue(x: number): string {
  return String(asWritten(x));
}

export function writeMetricsCsv(path: string, table: MetricsTable): void {
  const out = new TextFile(path);
  try {
    out.write(METRICS_COLUMNS.join(',') + '\n');
    const prefixes = table.series.map((s) =>
      [s.namespace, s.metricName, s.dimensionName, s.dimensionValue, s.statistic, s.unit].map(csvText).join(','),
    );
    const P = table.periodSeconds * 1000;
    // Rows by timestamp, then in series order: one cursor per series over its datapoints.
    const next = table.series.map(() => 0);
    const timestamps = unionOf(...table.series.map((s) => s.points.k));
    for (const k of timestamps) {
      const ts = isoTime(table.startMs + k * P);
      for (let i = 0; i < table.series.length; i++) {
        const { k: ks, v } = table.series[i].points;
        const j = next[i];
        if (j >= ks.length || ks[j] !== k) continue;
        next[i] = j + 1;
        out.write(`${ts},${prefixes[i]},${formatValue(v[j])}\n`);
      }
    }
  } finally {
    out.close();
  }
}
