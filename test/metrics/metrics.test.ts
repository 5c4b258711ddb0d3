// metrics.csv (issue #5) checked against the other files, recomputed independently: the job-state
// gauges against each job's history rebuilt from jobs.csv and attempts.csv, the transition counts
// against attempts.csv, capacity against instances.csv and attempts.csv, cost against summary.json.
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/metrics/metrics.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/sim/simulation.js';
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

/** Every check of this file on one written run; `maxTimestamps` bounds the gauge comparisons. */
function checkRun(run: WrittenFiles, periodSeconds: number, maxTimestamps = 150): void {
  const { metrics, jobs, attempts, instances, summary } = run;
  const startMs = Date.parse(summary.startTime);
  const series = seriesOf(metrics);
  const timestamps = [...new Set(metrics.map((r) => r.timestamp))];
  const t = (ts: string) => (Date.parse(ts) - startMs) / 1000;

  // Timestamps: t = 0, then every period, in order.
  timestamps.forEach((ts, k) => expect(t(ts), ts).toBe(k * periodSeconds));
  expect(metrics.every((r) => ['AWS/Batch', 'batchsim'].includes(r.namespace))).toBe(true);
  const known = new Set(METRICS.map((m) => `${m.namespace}|${m.metricName}`));
  expect(metrics.filter((r) => !known.has(`${r.namespace}|${r.metricName}`))).toEqual([]);

  const value = (ns: string, metric: string, dim: string, stat: string, ts: string) => series.get(`${ns}|${metric}|${dim}|${stat}`)?.get(ts);
  const queues = [...new Set(jobs.map((j) => j.jobQueue))];
  const ces = [...new Set(instances.map((i) => i.computeEnvironment))];
  const stretches = reconstruct(jobs, attempts);
  const step = Math.max(1, Math.ceil(timestamps.length / maxTimestamps));
  const sampled = timestamps.filter((_, k) => k % step === 0 || k === timestamps.length - 1);

  for (const ts of sampled) {
    const at = t(ts);
    const counts = countAt(stretches, at);
    for (const q of queues) {
      const dim = `JobQueueName=${q}`;
      for (const [metric, state] of GAUGES) {
        expect(value('batchsim', metric, dim, 'Average', ts) ?? NaN, `${metric} ${q} at ${ts}`).toBe(counts.get(`${q}/${state}`) ?? 0);
      }
      const waiting = (value('batchsim', 'SubmittedJobs', dim, 'Average', ts) ?? NaN) + (value('batchsim', 'PendingJobs', dim, 'Average', ts) ?? NaN);
      expect(waiting, `SubmittedJobs + PendingJobs ${q} at ${ts}`).toBe(counts.get(`${q}/SUBMITTED_OR_PENDING`) ?? 0);
      expect(value('batchsim', 'RunnableVcpus', dim, 'Average', ts), `RunnableVcpus ${q} at ${ts}`).toBeCloseTo(counts.get(`${q}/vcpus:RUNNABLE`) ?? 0, 9);
    }
    // Capacity from instances.csv and attempts.csv.
    for (const ce of ces) {
      const dim = `ComputeEnvironmentName=${ce}`;
      const alive = instances.filter((i) => i.computeEnvironment === ce && Number(i.launchedAt) <= at && at < Number(i.terminatedAt));
      expect(value('batchsim', 'DesiredvCpus', dim, 'Average', ts), `DesiredvCpus ${ce} at ${ts}`).toBeCloseTo(alive.reduce((s, i) => s + Number(i.vcpus), 0), 9);
      expect(value('batchsim', 'RunningInstances', dim, 'Average', ts), `RunningInstances ${ce} at ${ts}`).toBe(alive.length);
      const held = attempts.filter((a) => a.computeEnvironment === ce && Number(a.placedAt) <= at && at < Number(a.stoppedAt));
      expect(value('batchsim', 'VcpusInUse', dim, 'Average', ts), `VcpusInUse ${ce} at ${ts}`).toBeCloseTo(held.reduce((s, a) => s + Number(a.vcpus), 0), 9);
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
    const ts = timestamps[Math.floor(started / periodSeconds)];
    const key = `${jobQueue.get(a.jobId)}|${ts}`;
    runningByPeriod.set(key, (runningByPeriod.get(key) ?? 0) + 1);
  }
  for (const [key, n] of runningByPeriod) {
    const [q, ts] = key.split('|');
    expect(value('AWS/Batch', 'JobsEnteredRunning', `JobQueueName=${q}`, 'Sum', ts), `JobsEnteredRunning ${key}`).toBe(n);
  }
  // No zero Sum rows: a period without transitions has no datapoint, as in CloudWatch.
  expect(metrics.filter((r) => r.statistic === 'Sum' && r.metricName.startsWith('JobsEntered') && r.value === '0')).toEqual([]);

  // Spot interruptions and cost.
  for (const ce of ces) {
    const reclaimed = instances.filter((i) => i.computeEnvironment === ce && i.terminationReason === 'SPOT_INTERRUPTION').length;
    let s = 0;
    for (const v of series.get(`batchsim|SpotInterruptions|ComputeEnvironmentName=${ce}|Sum`)?.values() ?? []) s += v;
    expect(s, `SpotInterruptions ${ce}`).toBe(reclaimed);
  }
  const last = timestamps[timestamps.length - 1];
  for (const [option, usd] of Object.entries(summary.cost.byPurchaseOption)) {
    expect(value('batchsim', 'CumulativeCost', `PurchaseOption=${option}`, 'Maximum', last), `CumulativeCost ${option}`).toBeCloseTo(usd as number, 5);
    let total = 0;
    for (const v of series.get(`batchsim|Cost|PurchaseOption=${option}|Sum`)!.values()) total += v;
    expect(total, `Σ Cost ${option}`).toBeCloseTo(usd as number, 5);
    // The cumulative series never falls.
    const cumulative = [...series.get(`batchsim|CumulativeCost|PurchaseOption=${option}|Maximum`)!.values()];
    cumulative.forEach((v, i) => i > 0 && expect(v).toBeGreaterThanOrEqual(cumulative[i - 1] - 1e-9));
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
