// What the charts are drawn from — everything a report directory's files hold: summary.json,
// scenario.json, metrics.csv, jobs.csv, attempts.csv and instances.csv. It is built either from a
// finished Simulation (while writing the report) or by reading a report directory back
// (`batchsim chart DIR`); both give the same numbers, so both draw the same charts.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { JobKind } from '../model/jobs.js';
import { formatValue, type MetricsTable } from '../metrics/metrics.js';
import type { Summary } from '../metrics/summary.js';
import type { JobNames } from '../sim/naming.js';
import type { Simulation } from '../sim/simulation.js';
import type { ScenarioDescription } from './scenario-description.js';

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
}

const seconds = (ms: number) => ms / 1000;

export function chartInputFromRun(
  sim: Simulation, names: JobNames, summary: Summary, scenario: ScenarioDescription, metrics: MetricsTable | null,
): ChartInput {
  const { jobs } = sim;
  const waits = new Float64Array(jobs.count);
  let n = 0;
  for (let r = 0; r < jobs.count; r++) {
    if (jobs.kind.data[r] === JobKind.ARRAY_PARENT || jobs.firstStartedAt.data[r] < 0) continue;
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
    const P = metrics.periodSeconds * 1000;
    // Points in the order metrics.csv lists them: a series first appears at its first datapoint.
    const first = metrics.series.map((s) => s.values.findIndex((v) => !Number.isNaN(v)));
    const order = metrics.series.map((_, i) => i).filter((i) => first[i] >= 0).sort((a, b) => first[a] - first[b] || a - b);
    for (const i of order) {
      const s = metrics.series[i];
      const points: SeriesPoints = {
        namespace: s.namespace, metricName: s.metricName, dimensionName: s.dimensionName, dimensionValue: s.dimensionValue, statistic: s.statistic, t: [], v: [],
      };
      for (let k = 0; k < metrics.count; k++) {
        const v = s.values[k];
        if (Number.isNaN(v)) continue;
        points.t.push((k * P) / 1000);
        points.v.push(Number(formatValue(v)));
      }
      series.push(points);
    }
  }
  // The same JSON round trip as reading summary.json back.
  return {
    summary: JSON.parse(JSON.stringify(summary)) as Summary,
    scenario: JSON.parse(JSON.stringify(scenario)) as ScenarioDescription,
    metrics: series,
    waits: waits.slice(0, n),
    arrays,
    instances,
  };
}

/** Streams a CSV file's rows as string arrays, header first. */
async function* csvRows(path: string): AsyncGenerator<string[]> {
  const parser = createReadStream(path).pipe(parse({ relax_column_count: true }));
  for await (const record of parser) yield record as string[];
}

function columnIndex(header: string[], file: string, names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) {
    const i = header.indexOf(n);
    if (i < 0) throw new Error(`${file}: no column '${n}'`);
    out[n] = i;
  }
  return out;
}

const num = (cell: string | undefined) => (cell === undefined || cell === '' ? NaN : Number(cell));

/** Reads a report directory back (what `batchsim chart DIR` draws from). */
export async function chartInputFromDirectory(dir: string): Promise<ChartInput> {
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  const scenarioFile = join(dir, 'scenario.json');
  const scenario = existsSync(scenarioFile) ? (JSON.parse(readFileSync(scenarioFile, 'utf8')) as ScenarioDescription) : null;
  const startMs = Date.parse(summary.startTime);

  const metrics: SeriesPoints[] = [];
  const metricsFile = join(dir, 'metrics.csv');
  if (existsSync(metricsFile)) {
    const byKey = new Map<string, SeriesPoints>();
    let col: Record<string, number> | null = null;
    for await (const row of csvRows(metricsFile)) {
      if (!col) {
        col = columnIndex(row, 'metrics.csv', ['timestamp', 'namespace', 'metricName', 'dimensionName', 'dimensionValue', 'statistic', 'value']);
        continue;
      }
      const key = [row[col.namespace], row[col.metricName], row[col.dimensionName], row[col.dimensionValue], row[col.statistic]].join('\u0000');
      let s = byKey.get(key);
      if (!s) {
        s = {
          namespace: row[col.namespace], metricName: row[col.metricName], dimensionName: row[col.dimensionName],
          dimensionValue: row[col.dimensionValue], statistic: row[col.statistic], t: [], v: [],
        };
        byKey.set(key, s);
        metrics.push(s);
      }
      s.t.push((Date.parse(row[col.timestamp]) - startMs) / 1000);
      s.v.push(Number(row[col.value]));
    }
  }

  // attempts.csv: the earliest startedAt of each job that was tried more than once.
  const firstStart = new Map<string, number>();
  const retried = new Set<string>();
  {
    let col: Record<string, number> | null = null;
    for await (const row of csvRows(join(dir, 'attempts.csv'))) {
      if (!col) {
        col = columnIndex(row, 'attempts.csv', ['jobId', 'attempt', 'startedAt']);
        continue;
      }
      if (row[col.attempt] !== '1') retried.add(row[col.jobId]);
      const s = num(row[col.startedAt]);
      if (Number.isNaN(s)) continue;
      const id = row[col.jobId];
      const prev = firstStart.get(id);
      if (prev === undefined || s < prev) firstStart.set(id, s);
    }
    for (const id of [...firstStart.keys()]) if (!retried.has(id)) firstStart.delete(id);
  }

  const waits: number[] = [];
  const arrays: ArrayInput[] = [];
  const arrayIndex = new Map<string, ArrayInput>();
  {
    let col: Record<string, number> | null = null;
    for await (const row of csvRows(join(dir, 'jobs.csv'))) {
      if (!col) {
        col = columnIndex(row, 'jobs.csv', ['jobId', 'jobName', 'kind', 'arrayJobId', 'status', 'createdAt', 'startedAt', 'stoppedAt', 'attempts', 'arraySize']);
        continue;
      }
      const kind = row[col.kind];
      if (kind === 'ARRAY_PARENT') {
        const a: ArrayInput = { jobId: row[col.jobId], jobName: row[col.jobName], size: Number(row[col.arraySize]), stops: [], failed: 0 };
        arrays.push(a);
        arrayIndex.set(a.jobId, a);
        continue;
      }
      let started = num(row[col.startedAt]);
      const earlier = Number(row[col.attempts]) > 1 ? firstStart.get(row[col.jobId]) : undefined;
      if (earlier !== undefined && (Number.isNaN(started) || earlier < started)) started = earlier;
      if (!Number.isNaN(started)) waits.push(started - num(row[col.createdAt]));
      if (kind === 'ARRAY_CHILD') {
        const status = row[col.status];
        if (status !== 'SUCCEEDED' && status !== 'FAILED') continue;
        const a = arrayIndex.get(row[col.arrayJobId]);
        if (!a) continue;
        a.stops.push(num(row[col.stoppedAt]));
        if (status === 'FAILED') a.failed++;
      }
    }
  }

  const instances: InstanceInput = {
    instanceId: [], computeEnvironment: [], instanceType: [], purchaseOption: [], launchedAt: [], readyAt: [], terminatedAt: [], terminationReason: [],
  };
  {
    let col: Record<string, number> | null = null;
    for await (const row of csvRows(join(dir, 'instances.csv'))) {
      if (!col) {
        col = columnIndex(row, 'instances.csv', ['instanceId', 'computeEnvironment', 'instanceType', 'purchaseOption', 'launchedAt', 'readyAt', 'terminatedAt', 'terminationReason']);
        continue;
      }
      instances.instanceId.push(row[col.instanceId]);
      instances.computeEnvironment.push(row[col.computeEnvironment]);
      instances.instanceType.push(row[col.instanceType]);
      instances.purchaseOption.push(row[col.purchaseOption]);
      instances.launchedAt.push(num(row[col.launchedAt]));
      instances.readyAt.push(num(row[col.readyAt]));
      instances.terminatedAt.push(num(row[col.terminatedAt]));
      instances.terminationReason.push(row[col.terminationReason]);
    }
  }
  return { summary, scenario, metrics, waits: Float64Array.from(waits), arrays, instances };
}
