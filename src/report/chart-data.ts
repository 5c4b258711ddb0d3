// What the charts are drawn from — everything a report directory's files hold: summary.json,
// scenario.json, metrics.csv, jobs.csv, attempts.csv and instances.csv. It is built either from a
// finished Simulation (while writing the report) or by reading a report directory back
// (`batchsim chart DIR`); both give the same numbers, so both draw the same charts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JobKind, countsAsJob } from '../model/jobs.js';
import type { MetricSeries, MetricsTable } from '../metrics/metrics.js';
import { asWritten } from '../util/sparse-series.js';
import type { Summary } from '../metrics/summary.js';
import type { JobNames } from '../sim/naming.js';
import type { RunResult } from '../sim/run-result.js';
import { ReportFileError, checkShape, csvRecords, readJsonFile, type Shape } from './report-files.js';
import type { ScenarioDescription } from './scenario-description.js';
import { THEORY_SUMMARY_SHAPE, checkTheoryShape } from './theory-panel.js';
import type { AlarmOutcome } from '../alarms/run-alarms.js';
import type { AlarmChartInput } from './charts-alarms.js';

/** One metric series' datapoints: seconds since t = 0 and values, as metrics.csv holds them. */
export interface SeriesPoints {
  namespace: string;
  metricName: string;
  dimensionName: string;
  dimensionValue: string;
  statistic: string;
  t: number[];
  v: number[];
}

/** A metrics table's series as metrics.csv holds it: times in seconds (k × period, whole seconds), values as written. */
export function seriesPointsOf(s: MetricSeries, periodSeconds: number): SeriesPoints {
  return {
    namespace: s.namespace, metricName: s.metricName, dimensionName: s.dimensionName, dimensionValue: s.dimensionValue, statistic: s.statistic,
    t: s.points.k.map((k) => k * periodSeconds),
    v: s.points.v.map(asWritten),
  };
}

export interface ArrayInput {
  jobId: string;
  jobName: string;
  size: number;
  /** stoppedAt (s) of its children that ended, in row order, and how many of those FAILED. */
  stops: number[];
  failed: number;
}

/** instances.csv, as columns. */
export interface InstanceInput {
  instanceId: string[];
  computeEnvironment: string[];
  instanceType: string[];
  purchaseOption: string[];
  launchedAt: number[];
  readyAt: number[];
  terminatedAt: number[];
  terminationReason: string[];
}

export interface ChartInput {
  summary: Summary;
  scenario: ScenarioDescription | null;
  /** In metrics.csv order of first appearance. */
  metrics: SeriesPoints[];
  /** createdAt → first RUNNING (s) of every job that started (children yes, parents no). */
  waits: Float64Array;
  arrays: ArrayInput[];
  instances: InstanceInput;
  /** The scenario's alarms, their rules and state changes (scenario.json and alarms.csv); absent: none. */
  alarms?: AlarmChartInput[];
}

const seconds = (ms: number) => ms / 1000;

export function chartInputFromRun(
  sim: RunResult, names: JobNames, summary: Summary, scenario: ScenarioDescription, metrics: MetricsTable | null, alarms: readonly AlarmOutcome[] = [],
): ChartInput {
  const { jobs } = sim;
  const waits = new Float64Array(jobs.count);
  let n = 0;
  for (let r = 0; r < jobs.count; r++) {
    if (!countsAsJob(jobs.kind.data[r]) || jobs.firstStartedAt.data[r] < 0) continue;
    waits[n++] = seconds(jobs.firstStartedAt.data[r]) - seconds(jobs.createdAt.data[r]);
  }
  const arrays: ArrayInput[] = [];
  for (let r = 0; r < jobs.count; r++) {
    if (jobs.kind.data[r] !== JobKind.ARRAY_PARENT) continue;
    const arr = sim.arrays.get(r)!;
    const stops: number[] = [];
    let failed = 0;
    for (let c = arr.firstChild; c < arr.firstChild + arr.size; c++) {
      const st = jobs.status.data[c];
      if (st !== 5 && st !== 6) continue;
      stops.push(seconds(jobs.stoppedAt.data[c]));
      if (st === 6) failed++;
    }
    arrays.push({ jobId: names.jobId(r), jobName: names.jobName(r), size: arr.size, stops, failed });
  }
  const instances: InstanceInput = {
    instanceId: [], computeEnvironment: [], instanceType: [], purchaseOption: [], launchedAt: [], readyAt: [], terminatedAt: [], terminationReason: [],
  };
  for (const inst of sim.instances) {
    instances.instanceId.push(inst.instanceId);
    instances.computeEnvironment.push(sim.computeEnvironments[inst.computeEnvironment].name);
    instances.instanceType.push(inst.shape.instanceType);
    instances.purchaseOption.push(inst.purchaseOption.name);
    instances.launchedAt.push(seconds(inst.launchedAt));
    instances.readyAt.push(inst.readyAt < 0 ? NaN : seconds(inst.readyAt));
    instances.terminatedAt.push(inst.terminatedAt < 0 ? NaN : seconds(inst.terminatedAt));
    instances.terminationReason.push(inst.terminationReason);
  }
  const series: SeriesPoints[] = [];
  if (metrics) {
    // Points in the order metrics.csv lists them: a series first appears at its first datapoint.
    const first = metrics.series.map((s) => (s.points.k.length > 0 ? s.points.k[0] : -1));
    const order = metrics.series.map((_, i) => i).filter((i) => first[i] >= 0).sort((a, b) => first[a] - first[b] || a - b);
    for (const i of order) series.push(seriesPointsOf(metrics.series[i], metrics.periodSeconds));
  }
  // The same JSON round trip as reading summary.json back.
  return {
    summary: JSON.parse(JSON.stringify(summary)) as Summary,
    scenario: JSON.parse(JSON.stringify(scenario)) as ScenarioDescription,
    metrics: series,
    waits: waits.slice(0, n),
    arrays,
    instances,
    ...(alarms.length > 0 ? { alarms: alarmChartInputs(scenario, alarms.map((a) => a.changes)) } : {}),
  };
}

/** Each alarm scenario.json describes, with its state changes (by alarm, in the scenario's order). */
function alarmChartInputs(scenario: ScenarioDescription | null, changes: { atSeconds: number; to: string }[][]): AlarmChartInput[] {
  return (scenario?.alarms ?? []).map((a, i) => ({ ...a, changes: changes[i] ?? [] }));
}

/** What the charts and report.html read from summary.json (older reports may lack the `?` fields). */
const SUMMARY_SHAPE: Shape = {
  scenario: 'string', seed: 'number', startTime: 'time', makespanSeconds: 'number', endSeconds: 'number',
  jobs: { total: 'number', byStatus: { '*': 'number' }, arrayJobs: 'number' },
  attempts: 'number', 'attemptsByOutcome?': { '*': 'number' }, 'spotInterruptions?': 'number',
  cost: {
    totalUsd: 'number', byPurchaseOption: { '*': 'number' }, byComputeEnvironment: { '*': 'number' },
    'wastedUsd?': { interrupted: 'number', timedOut: 'number', failed: 'number', terminated: 'number', idle: 'number', total: 'number' },
    'ledger?': [{
      computeEnvironment: 'string', purchaseOption: 'string', instances: 'number', billedSeconds: 'number', costUsd: 'number', usefulUsd: 'number',
      interruptedUsd: 'number', timedOutUsd: 'number', failedUsd: 'number', terminatedUsd: 'number', 'unfinishedUsd?': 'number', idleUsd: 'number', unallocatedUsd: 'number',
    }],
  },
  waitSeconds: { count: 'number', mean: 'number', p50: 'number', p95: 'number', p99: 'number', max: 'number' },
  vcpuUtilisation: 'number',
  instances: { total: 'number' },
  blocked: { count: 'number', jobs: [{ jobId: 'string', jobName: 'string', jobQueue: 'string', statusReason: 'string' }] },
  'executions?': {
    total: 'number', byStatus: { '*': 'number' }, statesEntered: 'number',
    durationSeconds: { count: 'number', mean: 'number', p50: 'number', p95: 'number', max: 'number' },
    shown: [{ name: 'string', stateMachine: 'string', status: 'string', startSeconds: 'number', stopSeconds: 'number|null', error: 'string' }],
  },
  ...(THEORY_SUMMARY_SHAPE as Record<string, Shape>),
};

/** What report.html reads from scenario.json. */
const SCENARIO_SHAPE: Shape = {
  name: 'string', seed: 'number', startTime: 'string', settings: 'any',
  computeEnvironments: [{
    name: 'string', type: 'string', state: 'string', resourceType: 'string|null', allocationStrategy: 'string|null',
    minvCpus: 'number|null', maxvCpus: 'number|null', instanceTypes: ['string'], fleet: [{ instanceType: 'string', count: 'number' }],
  }],
  jobQueues: [{ name: 'string', priority: 'number', state: 'string', computeEnvironmentOrder: ['string'] }],
  jobDefinitions: [{
    name: 'string', revision: 'number', vcpus: 'number', memory: 'number', gpus: 'number', platformCapabilities: ['string'],
    retryAttempts: 'number', attemptDurationSeconds: 'number|null', duration: 'any',
  }],
  submissions: {
    total: 'number',
    shown: [{ jobName: 'string', jobQueue: 'string', jobDefinition: 'string', submitAtSeconds: 'number', arraySize: 'number', dependsOn: ['string'] }],
  },
  workloads: ['any'],
  actions: { total: 'number', shown: ['any'] },
  'alarms?': [{
    alarmName: 'string', namespace: 'string', metricName: 'string', dimensionName: 'string', dimensionValue: 'string', statistic: 'string',
    periodSeconds: 'number', threshold: 'number', comparisonOperator: 'string', evaluationPeriods: 'number', datapointsToAlarm: 'number', treatMissingData: 'string',
  }],
};

/**
 * Reads a report directory back (what `batchsim chart DIR` draws from). Every value used is
 * checked: a hand-edited file with a missing field, a wrong type or a bad number is a
 * ReportFileError naming the file and the field, or the line and column.
 */
export async function chartInputFromDirectory(dir: string): Promise<ChartInput> {
  const summaryFile = join(dir, 'summary.json');
  const summary = readJsonFile(summaryFile);
  checkShape(summaryFile, summary, SUMMARY_SHAPE);
  checkTheoryShape(summaryFile, summary as Record<string, unknown>);
  const scenarioFile = join(dir, 'scenario.json');
  let scenario: ScenarioDescription | null = null;
  if (existsSync(scenarioFile)) {
    const value = readJsonFile(scenarioFile);
    checkShape(scenarioFile, value, SCENARIO_SHAPE);
    scenario = value as ScenarioDescription;
  }
  const startMs = Date.parse((summary as Summary).startTime);

  const metrics: SeriesPoints[] = [];
  const metricsFile = join(dir, 'metrics.csv');
  if (existsSync(metricsFile)) {
    const byKey = new Map<string, SeriesPoints>();
    for await (const row of csvRecords(metricsFile, ['timestamp', 'namespace', 'metricName', 'dimensionName', 'dimensionValue', 'statistic', 'value'])) {
      const [namespace, metricName, dimensionName, dimensionValue, statistic] = ['namespace', 'metricName', 'dimensionName', 'dimensionValue', 'statistic'].map(row.text);
      const key = [namespace, metricName, dimensionName, dimensionValue, statistic].join('\u0000');
      let s = byKey.get(key);
      if (!s) {
        s = { namespace, metricName, dimensionName, dimensionValue, statistic, t: [], v: [] };
        byKey.set(key, s);
        metrics.push(s);
      }
      const t = (row.time('timestamp') - startMs) / 1000;
      if (s.t.length > 0 && t <= s.t[s.t.length - 1]) throw new ReportFileError(metricsFile, `timestamps of a series must increase (${metricName} ${dimensionValue} ${statistic})`, row.line, 'timestamp');
      s.t.push(t);
      s.v.push(row.number('value'));
    }
  }

  // attempts.csv: the earliest startedAt of each job that was tried more than once. A node's
  // attempts (`<jobId>#<n>`) are its multi-node job's: the main node starts first.
  const firstStart = new Map<string, number>();
  const retried = new Set<string>();
  for await (const row of csvRecords(join(dir, 'attempts.csv'), ['jobId', 'attempt', 'startedAt'])) {
    const jobId = row.text('jobId');
    const hash = jobId.indexOf('#');
    const id = hash < 0 ? jobId : jobId.slice(0, hash);
    if (row.number('attempt') !== 1) retried.add(id);
    const s = row.optionalNumber('startedAt');
    if (Number.isNaN(s)) continue;
    const prev = firstStart.get(id);
    if (prev === undefined || s < prev) firstStart.set(id, s);
  }
  for (const id of [...firstStart.keys()]) if (!retried.has(id)) firstStart.delete(id);

  const waits: number[] = [];
  const arrays: ArrayInput[] = [];
  const arrayIndex = new Map<string, ArrayInput>();
  const jobsFile = join(dir, 'jobs.csv');
  for await (const row of csvRecords(jobsFile, ['jobId', 'jobName', 'kind', 'arrayJobId', 'status', 'createdAt', 'startedAt', 'stoppedAt', 'attempts', 'arraySize'])) {
    const kind = row.text('kind');
    if (kind === 'ARRAY_PARENT') {
      const size = row.number('arraySize');
      if (!Number.isInteger(size) || size < 1) throw new ReportFileError(jobsFile, `an array job's size must be a whole number ≥ 1, received ${size}`, row.line, 'arraySize');
      const a: ArrayInput = { jobId: row.text('jobId'), jobName: row.text('jobName'), size, stops: [], failed: 0 };
      arrays.push(a);
      arrayIndex.set(a.jobId, a);
      continue;
    }
    if (kind === 'NODE') continue; // counted once, by its MULTINODE row (array parents were handled above)
    let started = row.optionalNumber('startedAt');
    const earlier = row.number('attempts') > 1 ? firstStart.get(row.text('jobId')) : undefined;
    if (earlier !== undefined && (Number.isNaN(started) || earlier < started)) started = earlier;
    if (!Number.isNaN(started)) waits.push(started - row.number('createdAt'));
    if (kind === 'ARRAY_CHILD') {
      const status = row.text('status');
      if (status !== 'SUCCEEDED' && status !== 'FAILED') continue;
      const a = arrayIndex.get(row.text('arrayJobId'));
      if (!a) continue;
      a.stops.push(row.number('stoppedAt'));
      if (status === 'FAILED') a.failed++;
    }
  }

  const instances: InstanceInput = {
    instanceId: [], computeEnvironment: [], instanceType: [], purchaseOption: [], launchedAt: [], readyAt: [], terminatedAt: [], terminationReason: [],
  };
  for await (const row of csvRecords(join(dir, 'instances.csv'), ['instanceId', 'computeEnvironment', 'instanceType', 'purchaseOption', 'launchedAt', 'readyAt', 'terminatedAt', 'terminationReason'])) {
    instances.instanceId.push(row.text('instanceId'));
    instances.computeEnvironment.push(row.text('computeEnvironment'));
    instances.instanceType.push(row.text('instanceType'));
    instances.purchaseOption.push(row.text('purchaseOption'));
    instances.launchedAt.push(row.number('launchedAt'));
    instances.readyAt.push(row.optionalNumber('readyAt'));
    instances.terminatedAt.push(row.optionalNumber('terminatedAt'));
    instances.terminationReason.push(row.text('terminationReason'));
  }
  let alarms: AlarmChartInput[] | undefined;
  const alarmsFile = join(dir, 'alarms.csv');
  if (scenario?.alarms && scenario.alarms.length > 0) {
    const byName = new Map(scenario.alarms.map((a, i) => [a.alarmName, i]));
    const changes: { atSeconds: number; to: string }[][] = scenario.alarms.map(() => []);
    if (existsSync(alarmsFile)) {
      for await (const row of csvRecords(alarmsFile, ['seconds', 'alarmName', 'newState'])) {
        const i = byName.get(row.text('alarmName'));
        if (i !== undefined) changes[i].push({ atSeconds: row.number('seconds'), to: row.text('newState') });
      }
    }
    alarms = alarmChartInputs(scenario, changes);
  }
  return { summary: summary as Summary, scenario, metrics, waits: Float64Array.from(waits), arrays, instances, ...(alarms ? { alarms } : {}) };
}
