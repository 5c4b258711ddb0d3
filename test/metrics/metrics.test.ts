// metrics.csv (issue #5) checked against the other files, recomputed independently: the job-state
// gauges against each job's history rebuilt from jobs.csv and attempts.csv, the transition counts
// against attempts.csv, capacity against instances.csv and attempts.csv, cost against summary.json.
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRICS, isoTime } from '../../src/metrics/metrics.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/sim/simulation.js';
import { definition, job, managedCe, queue, scenario } from '../helpers/build.js';
import { issue3ScenarioArb, type CsvRow } from '../invariants/random-scenario.js';
import { countAt, reconstruct, runAndRead, seriesOf, type WrittenFiles } from './helpers.js';

const scenarioFile = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

const GAUGES = [
  ['RunnableJobs', 'RUNNABLE'],
  ['StartingJobs', 'STARTING'],
  ['RunningJobs', 'RUNNING'],
  ['SucceededJobs', 'SUCCEEDED'],
  ['FailedJobs', 'FAILED'],
] as const;

const sec = (cell: string) => (cell === '' ? null : Number(cell));

/** A series' datapoints as [period index, value], ascending. */
type Pts = [number, number][];

/** The value a gauge holds at period index k: that of its last datapoint at or before k. */
function heldAt(points: Pts, k: number): number | undefined {
  let v: number | undefined;
  for (const [pk, pv] of points) {
    if (pk > k) break;
    v = pv;
  }
  return v;
}

/** The value of a series that moves linearly between its datapoints, at period index k. */
function linearAt(points: Pts, k: number): number {
  for (let i = 0; i < points.length; i++) {
    const [k1, v1] = points[i];
    if (k1 === k) return v1;
    if (k1 > k) {
      const [k0, v0] = points[i - 1];
      return v0 + ((v1 - v0) * (k - k0)) / (k1 - k0);
    }
  }
  return NaN;
}

/** Every check of this file on one written run; `maxTimestamps` bounds the gauge comparisons. */
function checkRun(run: WrittenFiles, periodSeconds: number, maxTimestamps = 150): void {
  const { metrics, jobs, attempts, instances, summary } = run;
  const startMs = Date.parse(summary.startTime);
  const series = seriesOf(metrics);
  const timestamps = [...new Set(metrics.map((r) => r.timestamp))];
  const kOf = (ts: string) => (Date.parse(ts) - startMs) / 1000 / periodSeconds;
  const tsOf = (k: number) => isoTime(startMs + k * periodSeconds * 1000);

  // Timestamps: t = 0 first, then whole periods, strictly increasing (periods where nothing
  // changed have no rows).
  expect(kOf(timestamps[0])).toBe(0);
  timestamps.forEach((ts, i) => {
    expect(Number.isInteger(kOf(ts)), ts).toBe(true);
    if (i > 0) expect(kOf(ts), ts).toBeGreaterThan(kOf(timestamps[i - 1]));
  });
  const last = kOf(timestamps[timestamps.length - 1]);
  expect(metrics.every((r) => ['AWS/Batch', 'batchsim'].includes(r.namespace))).toBe(true);
  const known = new Set(METRICS.map((m) => `${m.namespace}|${m.metricName}`));
  expect(metrics.filter((r) => !known.has(`${r.namespace}|${r.metricName}`))).toEqual([]);

  const cache = new Map<string, Pts>();
  const points = (key: string): Pts => {
    let p = cache.get(key);
    if (!p) cache.set(key, (p = [...(series.get(key) ?? new Map<string, number>())].map(([ts, v]): [number, number] => [kOf(ts), v])));
    return p;
  };
  const gaugeKey = (metric: string, dim: string) => `batchsim|${metric}|${dim}|Average`;

  // The sparse rule: each count gauge has a datapoint at t = 0 and at the last timestamp, and in
  // between only where its value differs from the one it holds just before or just after.
  // (The per-share gauges are read where a share's vCPUs change and over quiet stretches, and
  // ShareUsage decays between its datapoints: test/metrics/share-metrics.test.ts checks them.)
  const gaugeKeys = [...series.keys()].filter((key) => key.startsWith('batchsim|') && key.endsWith('|Average') && !key.includes('|VcpuUtilization|') && !key.startsWith('batchsim|Share'));
  expect(gaugeKeys.length).toBeGreaterThan(0);
  for (const key of gaugeKeys) {
    const pts = points(key);
    expect(pts[0][0], key).toBe(0);
    expect(pts[pts.length - 1][0], key).toBe(last);
    for (let i = 1; i + 1 < pts.length; i++) {
      const [k, v] = pts[i];
      const changed = heldAt(pts, k - 1) !== v || heldAt(pts, k + 1) !== v;
      expect(changed, `${key}: datapoint at ${tsOf(k)} where nothing changed`).toBe(true);
    }
    // A change is written as the datapoint just before it and the one at it, so a line drawn
    // between datapoints is flat wherever rows are missing.
    for (let i = 1; i < pts.length; i++) {
      if (pts[i][0] > pts[i - 1][0] + 1) expect(pts[i][1], `${key}: ${tsOf(pts[i - 1][0])} → ${tsOf(pts[i][0])}`).toBe(pts[i - 1][1]);
    }
  }

  const queues = [...new Set(jobs.map((j) => j.jobQueue))];
  const ces = [...new Set(instances.map((i) => i.computeEnvironment))];
  const stretches = reconstruct(jobs, attempts);
  // Sampled period indices: evenly over the whole run (most of them without a row of their own)
  // and a sample of the timestamps that have rows (where the gauges change).
  const every = (list: number[], n: number) => list.filter((_, i) => i % Math.max(1, Math.ceil(list.length / n)) === 0);
  const step = Math.max(1, Math.ceil((last + 1) / maxTimestamps));
  const grid = Array.from({ length: Math.floor(last / step) + 1 }, (_, i) => i * step);
  const sampled = [...new Set([...grid, ...every(timestamps.map(kOf), maxTimestamps), last])].sort((a, b) => a - b);

  for (const k of sampled) {
    const at = k * periodSeconds;
    const ts = tsOf(k);
    const counts = countAt(stretches, at);
    const value = (metric: string, dim: string) => heldAt(points(gaugeKey(metric, dim)), k) ?? NaN;
    for (const q of queues) {
      const dim = `JobQueueName=${q}`;
      for (const [metric, state] of GAUGES) {
        expect(value(metric, dim), `${metric} ${q} at ${ts}`).toBe(counts.get(`${q}/${state}`) ?? 0);
      }
      const waiting = value('SubmittedJobs', dim) + value('PendingJobs', dim);
      expect(waiting, `SubmittedJobs + PendingJobs ${q} at ${ts}`).toBe(counts.get(`${q}/SUBMITTED_OR_PENDING`) ?? 0);
      expect(value('RunnableVcpus', dim), `RunnableVcpus ${q} at ${ts}`).toBeCloseTo(counts.get(`${q}/vcpus:RUNNABLE`) ?? 0, 9);
    }
    // Capacity from instances.csv and attempts.csv.
    for (const ce of ces) {
      const dim = `ComputeEnvironmentName=${ce}`;
      const alive = instances.filter((i) => i.computeEnvironment === ce && Number(i.launchedAt) <= at && at < Number(i.terminatedAt));
      const desired = alive.reduce((s, i) => s + Number(i.vcpus), 0);
      expect(value('DesiredvCpus', dim), `DesiredvCpus ${ce} at ${ts}`).toBeCloseTo(desired, 9);
      expect(value('RunningInstances', dim), `RunningInstances ${ce} at ${ts}`).toBe(alive.length);
      const held = attempts.filter((a) => a.computeEnvironment === ce && Number(a.placedAt) <= at && at < Number(a.stoppedAt));
      const inUse = held.reduce((s, a) => s + Number(a.vcpus), 0);
      expect(value('VcpusInUse', dim), `VcpusInUse ${ce} at ${ts}`).toBeCloseTo(inUse, 9);
      if (desired > 0) expect(value('VcpuUtilization', dim), `VcpuUtilization ${ce} at ${ts}`).toBeCloseTo((100 * inUse) / desired, 6);
    }
  }

  // Transition counts, summed over the run and period by period.
  const sum = (ns: string, metric: string, dimName: string, stat: string) => {
    let s = 0;
    for (const [key, points] of series) if (key.startsWith(`${ns}|${metric}|${dimName}=`) && key.endsWith(`|${stat}`)) for (const v of points.values()) s += v;
    return s;
  };
  const notParents = jobs.filter((j) => j.kind !== 'ARRAY_PARENT');
  expect(sum('AWS/Batch', 'JobsEnteredSubmitted', 'JobQueueName', 'Sum')).toBe(notParents.length);
  expect(sum('AWS/Batch', 'JobsEnteredStarting', 'JobQueueName', 'Sum')).toBe(attempts.length);
  expect(sum('AWS/Batch', 'JobsEnteredRunning', 'JobQueueName', 'Sum')).toBe(attempts.filter((a) => a.startedAt !== '').length);
  expect(sum('AWS/Batch', 'JobsEnteredSucceeded', 'JobQueueName', 'Sum')).toBe(notParents.filter((j) => j.status === 'SUCCEEDED').length);
  expect(sum('AWS/Batch', 'JobsEnteredFailed', 'JobQueueName', 'Sum')).toBe(notParents.filter((j) => j.status === 'FAILED').length);
  expect(sum('AWS/Batch', 'RunnableToStartingTime', 'JobQueueName', 'SampleCount')).toBe(attempts.length);
  expect(sum('AWS/Batch', 'RunningToStoppedTime', 'JobQueueName', 'SampleCount')).toBe(attempts.filter((a) => a.startedAt !== '').length);
  const jobQueue = new Map(jobs.map((j) => [j.jobId, j.jobQueue]));
  const runningByPeriod = new Map<string, number>();
  for (const a of attempts) {
    const started = sec(a.startedAt);
    if (started === null) continue;
    const ts = tsOf(Math.floor(started / periodSeconds));
    const key = `${jobQueue.get(a.jobId)}|${ts}`;
    runningByPeriod.set(key, (runningByPeriod.get(key) ?? 0) + 1);
  }
  for (const [key, n] of runningByPeriod) {
    const [q, ts] = key.split('|');
    expect(series.get(`AWS/Batch|JobsEnteredRunning|JobQueueName=${q}|Sum`)?.get(ts), `JobsEnteredRunning ${key}`).toBe(n);
  }
  // No zero Sum rows: a period without transitions (or cost) has no datapoint, as in CloudWatch.
  expect(metrics.filter((r) => r.statistic === 'Sum' && r.value === '0')).toEqual([]);

  // Spot interruptions and cost.
  for (const ce of ces) {
    const reclaimed = instances.filter((i) => i.computeEnvironment === ce && i.terminationReason === 'SPOT_INTERRUPTION').length;
    let s = 0;
    for (const v of series.get(`batchsim|SpotInterruptions|ComputeEnvironmentName=${ce}|Sum`)?.values() ?? []) s += v;
    expect(s, `SpotInterruptions ${ce}`).toBe(reclaimed);
  }
  const lastTs = tsOf(last);
  for (const [option, usd] of Object.entries(summary.cost.byPurchaseOption)) {
    const cumulative = points(`batchsim|CumulativeCost|PurchaseOption=${option}|Maximum`);
    expect(cumulative[0][0]).toBe(0);
    expect(cumulative[cumulative.length - 1][0]).toBe(last);
    expect(series.get(`batchsim|CumulativeCost|PurchaseOption=${option}|Maximum`)!.get(lastTs), `CumulativeCost ${option}`).toBeCloseTo(usd as number, 5);
    const cost = series.get(`batchsim|Cost|PurchaseOption=${option}|Sum`) ?? new Map<string, number>();
    let total = 0;
    for (const v of cost.values()) total += v;
    expect(total, `Σ Cost ${option}`).toBeCloseTo(usd as number, 5);
    // Between its datapoints CumulativeCost moves in a straight line: at every sampled timestamp it
    // is the sum of Cost over the periods before (a missing Cost row counting 0).
    const costPoints = points(`batchsim|Cost|PurchaseOption=${option}|Sum`);
    for (const k of sampled) {
      const rows = costPoints.filter(([pk]) => pk < k);
      const before = rows.reduce((a, [, v]) => a + v, 0);
      // Each value is written rounded to 9 decimals: the sum and the line may each be off by that much per row.
      const slack = 5e-10 * (rows.length + 2) + 1e-12;
      expect(Math.abs(linearAt(cumulative, k) - before), `CumulativeCost ${option} at ${tsOf(k)}: ${linearAt(cumulative, k)} vs Σ Cost ${before}`).toBeLessThanOrEqual(slack);
    }
    // The cumulative series never falls.
    cumulative.forEach(([, v], i) => i > 0 && expect(v).toBeGreaterThanOrEqual(cumulative[i - 1][1] - 1e-9));
  }
}

function ranToCompletion(jobs: CsvRow[]): boolean {
  return !jobs.some((j) => j.status === 'STARTING' || j.status === 'RUNNING');
}

describe('metrics.csv against jobs.csv, attempts.csv and instances.csv', () => {
  it('retry-heavy.yaml: Spot reclaims, retries and timeouts', () => {
    const run = runAndRead(loadScenario(scenarioFile('retry-heavy.yaml')));
    expect(run.summary.spotInterruptions).toBeGreaterThan(0);
    expect(run.attempts.length).toBeGreaterThan(run.jobs.length - 2);
    checkRun(run, 60, 400);
  });

  it('fargate-etl.yaml with a 5-minute period', () => {
    const run = runAndRead(loadScenario(scenarioFile('fargate-etl.yaml')), { metricsPeriodSeconds: 300 });
    checkRun(run, 300, 400);
  });

  it('spot-vs-ondemand/gpu-spot-spillover.yaml: two environments, two purchase options', () => {
    const run = runAndRead(loadScenario(scenarioFile('spot-vs-ondemand/gpu-spot-spillover.yaml')));
    expect(Object.keys(run.summary.cost.byPurchaseOption).length).toBeGreaterThan(1);
    checkRun(run, 60, 120);
  });

  it('random scenarios: Spot, Fargate, retries, timeouts, CancelJob and TerminateJob (fast-check, seed 11)', () => {
    let checked = 0;
    fc.assert(
      fc.property(issue3ScenarioArb, fc.constantFrom(1, 7, 60), (s: Scenario, shortest: number) => {
        // At most ~1,500 timestamps: some runs idle on until the 2-day guard horizon.
        const end = simulate(s).endTime / 1000;
        const period = Math.max(shortest, Math.ceil(end / 1500));
        const run = runAndRead(s, { metricsPeriodSeconds: period });
        fc.pre(ranToCompletion(run.jobs));
        checkRun(run, period, 60);
        checked++;
      }),
      { seed: 11, numRuns: 30 },
    );
    expect(checked).toBeGreaterThan(15);
  });

  it('writes the same bytes for the same seed, and other bytes for another', () => {
    const s = loadScenario(scenarioFile('retry-heavy.yaml'));
    const a = runAndRead(s, { events: true });
    const b = runAndRead(s, { events: true });
    for (const f of ['metrics.csv', 'events.jsonl', 'scenario.json']) expect(a.bytes.get(f)!.equals(b.bytes.get(f)!), f).toBe(true);
    const c = runAndRead(s, { seed: s.seed + 1 });
    expect(a.bytes.get('metrics.csv')!.equals(c.bytes.get('metrics.csv')!)).toBe(false);
  });
});

/** One 5-minute job at t = 0 and one at `late` seconds, on an environment that scales to zero. */
function twoBursts(late: number): Scenario {
  const work = definition('work', 2, 2048, 300);
  return scenario({
    name: 'two-bursts',
    seed: 3,
    computeEnvironments: [managedCe('ce', ['c5.large'], { maxvCpus: 16 })],
    jobQueues: [queue('q', 1, ['ce'])],
    jobDefinitions: [work],
    jobs: [job('early', 'q', work, 0), job('late', 'q', work, 0, { submitAtMs: late * 1000 })],
  });
}

describe('metrics.csv grows with activity, not with empty simulated time', () => {
  it('the same two bursts 2 hours or 12 days apart write the same number of rows', () => {
    const near = runAndRead(twoBursts(7200));
    const far = runAndRead(twoBursts(12 * 86400));
    // 12 days at 60 s are 17,280 periods: a row per period and series would be ~500,000 rows.
    expect(far.metrics.length).toBe(near.metrics.length);
    expect(far.metrics.length).toBeLessThan(300);
    checkRun(near, 60, 400);
    checkRun(far, 60, 400);
  });

  it('a burst at t = 1e8 s with a 1-second period: rows for what happened, none for the 3 years between', () => {
    const near = runAndRead(twoBursts(7200), { metricsPeriodSeconds: 1 });
    const far = runAndRead(twoBursts(1e8), { metricsPeriodSeconds: 1 });
    expect(far.summary.jobs.byStatus.SUCCEEDED).toBe(2);
    expect(far.metrics.length).toBe(near.metrics.length);
    // Cost has a row for each second an instance was up (it is billed then); every other series
    // only rows where it changed.
    const upSeconds = far.instances.reduce((s, i) => s + Math.ceil(Number(i.terminatedAt) - Number(i.launchedAt)) + 1, 0);
    expect(far.metrics.filter((r) => r.metricName === 'Cost').length).toBeLessThanOrEqual(upSeconds);
    expect(far.metrics.filter((r) => r.metricName !== 'Cost').length).toBeLessThan(250);
    checkRun(far, 1, 400);
  });
});

describe('a run cut by horizonSeconds', () => {
  it('VcpusInUse counts each attempt the horizon cut once (its UNFINISHED row in attempts.csv), at every timestamp', () => {
    const long = definition('long', 2, 2048, 5000);
    const s = scenario({
      settings: { ...scenario({}).settings, horizonSeconds: 1000 },
      computeEnvironments: [managedCe('ce', ['c5.xlarge'], { maxvCpus: 8 })],
      jobQueues: [queue('q', 1, ['ce'])],
      jobDefinitions: [long],
      jobs: [job('a', 'q', long, 0), job('b', 'q', long, 0, { submitAtMs: 300_000 })],
    });
    const run = runAndRead(s);
    expect(run.attempts.map((a) => a.outcome)).toEqual(['UNFINISHED', 'UNFINISHED']);
    const start = Date.parse(run.metrics[0].timestamp);
    const inUse = run.metrics.filter((r) => r.metricName === 'VcpusInUse' && r.dimensionValue === 'ce').map((r) => [(Date.parse(r.timestamp) - start) / 1000, Number(r.value)]);
    const last = inUse[inUse.length - 1][0];
    expect(last).toBe(1020);
    for (let t = 0; t <= last; t += 60) {
      const held = run.attempts.reduce((n, a) => n + (Number(a.placedAt) <= t && t < Number(a.stoppedAt) ? Number(a.vcpus) : 0), 0);
      let value = NaN;
      for (const [at, v] of inUse) if (at <= t) value = v;
      expect(value, `VcpusInUse at ${t}`).toBe(held);
    }
    expect(Math.max(...inUse.map(([, v]) => v))).toBe(4);
  });
});
