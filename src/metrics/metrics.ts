// metrics.csv (issue #5, DESIGN §4): CloudWatch-style metric series in long format, one row per
// (timestamp, namespace, metric, dimension, statistic). Every metric, its unit, statistic and
// dimension is listed in METRICS below and documented in docs/outputs.md.
//
// Timestamps are t_k = k × period (k = 0 … ⌈end / period⌉) after the scenario's startTime.
// - Gauges ("how many now") are the state at the instant t_k, after everything that happened at
//   t_k: one sample per period, so Average = Minimum = Maximum.
// - Sums ("how many happened") cover the period [t_k, t_k + period), as CloudWatch's do.
// - Job metrics come from the run's transition log (recorder.ts); capacity and cost from the
//   instances, attempts and jobs tables after the run.
import { TextFile } from '../util/text-file.js';
import { JOB_STATUS_NAMES, JobKind, JobStatus } from '../model/jobs.js';
import type { Simulation } from '../sim/simulation.js';
import { DURATIONS, STATES, type RunRecorder } from './recorder.js';

export type Statistic = 'Average' | 'Sum' | 'Maximum' | 'SampleCount';
export type Unit = 'Count' | 'Seconds' | 'Percent' | 'None';

export interface MetricSeries {
  namespace: string;
  metricName: string;
  dimensionName: string;
  dimensionValue: string;
  statistic: Statistic;
  unit: Unit;
  /** One value per timestamp; NaN where there is no datapoint. */
  values: Float64Array;
}

export interface MetricsTable {
  /** Epoch ms of t = 0 (the scenario's startTime). */
  startMs: number;
  periodSeconds: number;
  /** Number of timestamps (⌈end / period⌉ + 1). */
  count: number;
  series: MetricSeries[];
}

export const AWS_NAMESPACE = 'AWS/Batch';
export const SIM_NAMESPACE = 'batchsim';

/** "RUNNABLE" → "Runnable". */
export function stateWord(status: number): string {
  const s = JOB_STATUS_NAMES[status];
  return s[0] + s.slice(1).toLowerCase();
}

const DURATION_NAMES = ['SubmittedToRunnableTime', 'RunnableToStartingTime', 'StartingToRunningTime', 'RunningToStoppedTime'] as const;

export interface MetricDefinition {
  namespace: string;
  metricName: string;
  dimensions: string[];
  statistics: Statistic[];
  unit: Unit;
  description: string;
}

/** Every metric metrics.csv holds (the documentation table in docs/outputs.md follows this list). */
export const METRICS: MetricDefinition[] = [
  ...JOB_STATUS_NAMES.map((_, s) => ({
    namespace: SIM_NAMESPACE, metricName: `${stateWord(s)}Jobs`, dimensions: ['JobQueueName'], statistics: ['Average'] as Statistic[], unit: 'Count' as Unit,
    description: `jobs in ${JOB_STATUS_NAMES[s]} at the timestamp`,
  })),
  { namespace: SIM_NAMESPACE, metricName: 'RunnableVcpus', dimensions: ['JobQueueName'], statistics: ['Average'], unit: 'Count', description: 'vCPUs requested by the RUNNABLE jobs at the timestamp' },
  ...JOB_STATUS_NAMES.map((_, s) => ({
    namespace: AWS_NAMESPACE, metricName: `JobsEntered${stateWord(s)}`, dimensions: ['JobQueueName'], statistics: ['Sum'] as Statistic[], unit: 'Count' as Unit,
    description: `jobs that entered ${JOB_STATUS_NAMES[s]} during the period`,
  })),
  ...DURATION_NAMES.map((metricName) => ({
    namespace: AWS_NAMESPACE, metricName, dimensions: ['JobQueueName'], statistics: ['Average', 'Maximum', 'SampleCount'] as Statistic[], unit: 'Seconds' as Unit,
    description: 'time between two states, reported in the period the later one was reached',
  })),
  { namespace: SIM_NAMESPACE, metricName: 'DesiredvCpus', dimensions: ['ComputeEnvironmentName'], statistics: ['Average'], unit: 'Count', description: 'vCPUs of the instances (or Fargate tasks) launching or up at the timestamp' },
  { namespace: SIM_NAMESPACE, metricName: 'VcpusInUse', dimensions: ['ComputeEnvironmentName'], statistics: ['Average'], unit: 'Count', description: 'vCPUs held by jobs (STARTING or RUNNING) at the timestamp' },
  { namespace: SIM_NAMESPACE, metricName: 'VcpuUtilization', dimensions: ['ComputeEnvironmentName'], statistics: ['Average'], unit: 'Percent', description: '100 × VcpusInUse ÷ DesiredvCpus (no datapoint while DesiredvCpus is 0)' },
  { namespace: SIM_NAMESPACE, metricName: 'RunningInstances', dimensions: ['ComputeEnvironmentName', 'PurchaseOption'], statistics: ['Average'], unit: 'Count', description: 'instances (or Fargate tasks) launching or up at the timestamp' },
  { namespace: SIM_NAMESPACE, metricName: 'SpotInterruptions', dimensions: ['ComputeEnvironmentName'], statistics: ['Sum'], unit: 'Count', description: 'Spot instances and Fargate Spot tasks reclaimed during the period' },
  { namespace: SIM_NAMESPACE, metricName: 'Cost', dimensions: ['PurchaseOption'], statistics: ['Sum'], unit: 'None', description: 'USD accrued during the period' },
  { namespace: SIM_NAMESPACE, metricName: 'CumulativeCost', dimensions: ['PurchaseOption'], statistics: ['Maximum'], unit: 'None', description: 'USD accrued from t = 0 to the timestamp' },
];

/** Prefix sums of a difference array over `count` boundaries. */
function integrate(diff: ArrayLike<number>, count: number, stride = 1, offset = 0): Float64Array {
  const out = new Float64Array(count);
  let acc = 0;
  for (let k = 0; k < count; k++) {
    const i = k * stride + offset;
    if (i < diff.length) acc += diff[i];
    out[k] = acc;
  }
  return out;
}

/**
 * When the last thing happened: a job changed state, or an instance was launched or terminated.
 * The run's own end (Simulation.endTime) can lie far beyond, at a leftover event that changed
 * nothing (a Spot notice for an instance already gone); the series stop at the last activity.
 */
export function activityEnd(sim: Simulation, recorder: RunRecorder): number {
  let end = recorder.lastTransitionAt;
  for (const inst of sim.instances) end = Math.max(end, inst.launchedAt, inst.terminatedAt);
  return Math.min(end, sim.endTime);
}

export function buildMetrics(sim: Simulation, recorder: RunRecorder): MetricsTable {
  const P = recorder.periodMs;
  const endMs = activityEnd(sim, recorder);
  const count = Math.ceil(endMs / P) + 1;
  const series: MetricSeries[] = [];
  const add = (namespace: string, metricName: string, dimensionName: string, dimensionValue: string, statistic: Statistic, unit: Unit, values: Float64Array) =>
    series.push({ namespace, metricName, dimensionName, dimensionValue, statistic, unit, values });
  const sparse = () => new Float64Array(count).fill(NaN);

  // ---- job queues ----
  // Array children still SUBMITTED at the end (their parent never evaluated) exist from their
  // createdAt, like every other job in jobs.csv; the recorder never saw them leave SUBMITTED.
  const { jobs } = sim;
  const unspawned = sim.jobQueues.map(() => ({ since: new Float64Array(count), entered: new Float64Array(count) }));
  for (let row = 0; row < jobs.count; row++) {
    if (jobs.kind.data[row] !== JobKind.ARRAY_CHILD || jobs.status.data[row] !== JobStatus.SUBMITTED) continue;
    const u = unspawned[sim.templates[jobs.template.data[row]].queue];
    const created = jobs.createdAt.data[row];
    if (Math.ceil(created / P) < count) u.since[Math.ceil(created / P)]++;
    u.entered[Math.min(count - 1, Math.floor(created / P))]++;
  }
  sim.jobQueues.forEach((queue, q) => {
    const c = recorder.counters(q);
    const diff = c.stateDiff.data;
    for (let s = 0; s < STATES; s++) {
      const v = integrate(diff, count, STATES, s);
      if (s === JobStatus.SUBMITTED) {
        let acc = 0;
        for (let k = 0; k < count; k++) v[k] += acc += unspawned[q].since[k];
      }
      add(SIM_NAMESPACE, `${stateWord(s)}Jobs`, 'JobQueueName', queue.name, 'Average', 'Count', v);
    }
    add(SIM_NAMESPACE, 'RunnableVcpus', 'JobQueueName', queue.name, 'Average', 'Count', integrate(c.runnableVcpusDiff.data, count));
    const entered = c.entered.data;
    for (let s = 0; s < STATES; s++) {
      const v = sparse();
      for (let k = 0; k < count; k++) {
        const i = k * STATES + s;
        const n = (i < entered.length ? entered[i] : 0) + (s === JobStatus.SUBMITTED ? unspawned[q].entered[k] : 0);
        if (n > 0) v[k] = n;
      }
      add(AWS_NAMESPACE, `JobsEntered${stateWord(s)}`, 'JobQueueName', queue.name, 'Sum', 'Count', v);
    }
    const { durSum, durCount, durMax } = c;
    for (let d = 0; d < DURATIONS; d++) {
      const avg = sparse();
      const max = sparse();
      const n = sparse();
      for (let k = 0; k < count; k++) {
        const i = k * DURATIONS + d;
        const samples = i < durCount.data.length ? durCount.data[i] : 0;
        if (samples === 0) continue;
        avg[k] = durSum.data[i] / samples;
        max[k] = durMax.data[i];
        n[k] = samples;
      }
      add(AWS_NAMESPACE, DURATION_NAMES[d], 'JobQueueName', queue.name, 'Average', 'Seconds', avg);
      add(AWS_NAMESPACE, DURATION_NAMES[d], 'JobQueueName', queue.name, 'Maximum', 'Seconds', max);
      add(AWS_NAMESPACE, DURATION_NAMES[d], 'JobQueueName', queue.name, 'SampleCount', 'Seconds', n);
    }
  });

  // ---- compute environments: difference arrays over boundaries, from the tables ----
  const nCe = sim.computeEnvironments.length;
  const desired = Array.from({ length: nCe }, () => new Float64Array(count + 1));
  const inUse = Array.from({ length: nCe }, () => new Float64Array(count + 1));
  const running = Array.from({ length: nCe }, () => new Float64Array(count + 1));
  const interruptions = Array.from({ length: nCe }, () => new Float64Array(count));
  // Cost accrues evenly over each instance's life: accrued(t) = Σ_active r·(t − launch) + Σ_ended cost.
  const rate = Array.from({ length: nCe }, () => new Float64Array(count + 1));
  const rateLaunch = Array.from({ length: nCe }, () => new Float64Array(count + 1));
  const ended = Array.from({ length: nCe }, () => new Float64Array(count + 1));
  const at = (t: number) => Math.min(count, Math.ceil(t / P));
  for (const inst of sim.instances) {
    const ce = inst.computeEnvironment;
    const a = at(inst.launchedAt);
    const b = at(inst.terminatedAt);
    desired[ce][a] += inst.shape.vcpus;
    desired[ce][b] -= inst.shape.vcpus;
    running[ce][a]++;
    running[ce][b]--;
    if (inst.terminationReason === 'SPOT_INTERRUPTION') interruptions[ce][Math.floor(inst.terminatedAt / P)]++;
    const cost = inst.costUsd();
    ended[ce][b] += cost;
    const life = inst.terminatedAt - inst.launchedAt;
    if (life > 0 && a < b) {
      const r = cost / life;
      rate[ce][a] += r;
      rate[ce][b] -= r;
      rateLaunch[ce][a] += r * inst.launchedAt;
      rateLaunch[ce][b] -= r * inst.launchedAt;
    }
  }
  const { attempts } = sim;
  const vcpusOf = (row: number) => sim.shapes.shapes[jobs.shape.data[row]].vcpus;
  for (let i = 0; i < attempts.count; i++) {
    const ce = sim.instances[attempts.instance.data[i]].computeEnvironment;
    const v = vcpusOf(attempts.job.data[i]);
    inUse[ce][at(attempts.placedAt.data[i])] += v;
    inUse[ce][at(attempts.stoppedAt.data[i])] -= v;
  }
  // Attempts still under way when the run stopped (the horizon): held until the end.
  for (let row = 0; row < jobs.count; row++) {
    const st = jobs.status.data[row];
    if ((st !== JobStatus.STARTING && st !== JobStatus.RUNNING) || jobs.instance.data[row] < 0) continue;
    const ce = sim.instances[jobs.instance.data[row]].computeEnvironment;
    const v = vcpusOf(row);
    inUse[ce][at(jobs.placedAt.data[row])] += v;
    inUse[ce][at(endMs)] -= v;
  }

  const purchaseOptions: string[] = [];
  for (const ce of sim.computeEnvironments) if (!purchaseOptions.includes(ce.purchaseOption.name)) purchaseOptions.push(ce.purchaseOption.name);
  const byOption = new Map(purchaseOptions.map((po) => [po, { running: new Float64Array(count), accrued: new Float64Array(count) }]));
  sim.computeEnvironments.forEach((env, ce) => {
    const d = integrate(desired[ce], count);
    const u = integrate(inUse[ce], count);
    const n = integrate(running[ce], count);
    const util = sparse();
    for (let k = 0; k < count; k++) if (d[k] > 0) util[k] = (100 * u[k]) / d[k];
    const spot = sparse();
    for (let k = 0; k < count; k++) if (interruptions[ce][k] > 0) spot[k] = interruptions[ce][k];
    add(SIM_NAMESPACE, 'DesiredvCpus', 'ComputeEnvironmentName', env.name, 'Average', 'Count', d);
    add(SIM_NAMESPACE, 'VcpusInUse', 'ComputeEnvironmentName', env.name, 'Average', 'Count', u);
    add(SIM_NAMESPACE, 'VcpuUtilization', 'ComputeEnvironmentName', env.name, 'Average', 'Percent', util);
    add(SIM_NAMESPACE, 'RunningInstances', 'ComputeEnvironmentName', env.name, 'Average', 'Count', n);
    add(SIM_NAMESPACE, 'SpotInterruptions', 'ComputeEnvironmentName', env.name, 'Sum', 'Count', spot);
    const r = integrate(rate[ce], count);
    const rl = integrate(rateLaunch[ce], count);
    const e = integrate(ended[ce], count);
    const po = byOption.get(env.purchaseOption.name)!;
    for (let k = 0; k < count; k++) {
      po.running[k] += n[k];
      po.accrued[k] += r[k] * k * P - rl[k] + e[k];
    }
  });
  for (const [name, po] of byOption) {
    const cost = new Float64Array(count);
    for (let k = 0; k < count; k++) cost[k] = k + 1 < count ? po.accrued[k + 1] - po.accrued[k] : 0;
    add(SIM_NAMESPACE, 'RunningInstances', 'PurchaseOption', name, 'Average', 'Count', po.running);
    add(SIM_NAMESPACE, 'Cost', 'PurchaseOption', name, 'Sum', 'None', cost);
    add(SIM_NAMESPACE, 'CumulativeCost', 'PurchaseOption', name, 'Maximum', 'None', po.accrued);
  }
  return { startMs: Date.parse(sim.scenario.startTime), periodSeconds: P / 1000, count, series };
}

export const METRICS_COLUMNS = ['timestamp', 'namespace', 'metricName', 'dimensionName', 'dimensionValue', 'statistic', 'unit', 'value'] as const;

/** ISO-8601 (UTC) of an epoch time, without a millisecond part when it is zero. */
export function isoTime(epochMs: number): string {
  const s = new Date(epochMs).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** Values as written: integers plainly, others rounded to 9 decimals (sums of floats carry noise). */
export function formatValue(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const r = Math.round(x * 1e9) / 1e9;
  return String(Object.is(r, -0) ? 0 : r);
}

export function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeMetricsCsv(path: string, table: MetricsTable): void {
  const out = new TextFile(path);
  try {
    out.write(METRICS_COLUMNS.join(',') + '\n');
    const prefixes = table.series.map((s) =>
      [s.namespace, s.metricName, s.dimensionName, s.dimensionValue, s.statistic, s.unit].map(csvCell).join(','),
    );
    const P = table.periodSeconds * 1000;
    for (let k = 0; k < table.count; k++) {
      const ts = isoTime(table.startMs + k * P);
      for (let i = 0; i < table.series.length; i++) {
        const v = table.series[i].values[k];
        if (Number.isNaN(v)) continue;
        out.write(`${ts},${prefixes[i]},${formatValue(v)}\n`);
      }
    }
  } finally {
    out.close();
  }
}
