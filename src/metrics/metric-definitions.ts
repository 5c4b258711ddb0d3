// What metrics.csv holds, metric by metric (docs/outputs.md follows this list): names, dimensions,
// statistics and units, with no code behind them — so that what reads metric names (the alarms
// section of a scenario) need not load what computes them.
import { JOB_STATUS_NAMES } from '../model/jobs.js';
import type { Points } from '../util/sparse-series.js';

export type Statistic = 'Average' | 'Sum' | 'Maximum' | 'SampleCount';
export type Unit = 'Count' | 'Seconds' | 'Percent' | 'None';

export interface MetricSeries {
  namespace: string;
  metricName: string;
  dimensionName: string;
  dimensionValue: string;
  statistic: Statistic;
  unit: Unit;
  /** The datapoints: timestamp indices k (t_k = k × period), ascending, and their values. */
  points: Points;
}

export interface MetricsTable {
  /** Epoch ms of t = 0 (the scenario's startTime). */
  startMs: number;
  periodSeconds: number;
  /** Number of timestamps (⌈end / period⌉ + 1): indices 0 … count − 1. */
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

export const DURATION_NAMES = ['SubmittedToRunnableTime', 'RunnableToStartingTime', 'StartingToRunningTime', 'RunningToStoppedTime'] as const;

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
  { namespace: SIM_NAMESPACE, metricName: 'ShareRunningVcpus', dimensions: ['ShareIdentifier'], statistics: ['Average'], unit: 'Count', description: 'vCPUs held by the share\'s jobs (STARTING or RUNNING) at the timestamp; fair-share queues only' },
  { namespace: SIM_NAMESPACE, metricName: 'ShareUsage', dimensions: ['ShareIdentifier'], statistics: ['Average'], unit: 'None', description: 'the share\'s decayed vCPU-seconds H, which the scheduler orders shares by, at the timestamp; fair-share queues only' },
  { namespace: SIM_NAMESPACE, metricName: 'DesiredvCpus', dimensions: ['ComputeEnvironmentName'], statistics: ['Average'], unit: 'Count', description: 'vCPUs of the instances (or Fargate tasks) launching or up at the timestamp' },
  { namespace: SIM_NAMESPACE, metricName: 'VcpusInUse', dimensions: ['ComputeEnvironmentName'], statistics: ['Average'], unit: 'Count', description: 'vCPUs held by jobs (STARTING or RUNNING) at the timestamp' },
  { namespace: SIM_NAMESPACE, metricName: 'VcpuUtilization', dimensions: ['ComputeEnvironmentName'], statistics: ['Average'], unit: 'Percent', description: '100 × VcpusInUse ÷ DesiredvCpus (no datapoint while DesiredvCpus is 0)' },
  { namespace: SIM_NAMESPACE, metricName: 'RunningInstances', dimensions: ['ComputeEnvironmentName', 'PurchaseOption'], statistics: ['Average'], unit: 'Count', description: 'instances (or Fargate tasks) launching or up at the timestamp' },
  { namespace: SIM_NAMESPACE, metricName: 'SpotInterruptions', dimensions: ['ComputeEnvironmentName'], statistics: ['Sum'], unit: 'Count', description: 'Spot instances and Fargate Spot tasks reclaimed during the period' },
  { namespace: SIM_NAMESPACE, metricName: 'Cost', dimensions: ['PurchaseOption'], statistics: ['Sum'], unit: 'None', description: 'USD accrued during the period' },
  { namespace: SIM_NAMESPACE, metricName: 'CumulativeCost', dimensions: ['PurchaseOption'], statistics: ['Maximum'], unit: 'None', description: 'USD accrued from t = 0 to the timestamp' },
];
