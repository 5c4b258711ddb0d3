// The run's summary (DESIGN §4 summary.json): makespan, cost, jobs by status, wait times,
// utilisation, and the jobs left blocked. Computed once after the run from the tables.
import { quantileSorted } from 'd3-array';
import { JOB_STATUS_NAMES, JobKind, JobStatus, countsAsJob } from '../model/jobs.js';
import type { PurchaseOptionName } from '../market/purchase-options.js';
import { ATTEMPT_OUTCOME_NAMES } from '../model/attempts.js';
import { summarizeExecutions, type ExecutionsSummary } from './executions.js';
import type { AlarmSummary } from '../alarms/run-alarms.js';
import type { RuleMatchCount } from '../events/rule-matches.js';
import { buildLedger, type LedgerLine } from './ledger.js';
import type { JobNames } from '../sim/naming.js';
import type { RunResult } from '../sim/run-result.js';
import { littlesLaw, type LittlesLaw } from '../theory/little.js';
import { theoryOf, type Theory } from '../theory/theory.js';
import { roundTo } from '../util/round.js';

export interface Summary {
  scenario: string;
  seed: number;
  startTime: string;
  /** Scenario start (t = 0) to the last job reaching SUCCEEDED or FAILED, seconds. */
  makespanSeconds: number;
  /** When the run stopped (last event or horizon), seconds. */
  endSeconds: number;
  jobs: { total: number; byStatus: Record<string, number>; arrayJobs: number };
  attempts: number;
  /** Attempts by how they ended: SUCCEEDED, FAILED (non-zero exit), INTERRUPTED, TIMED_OUT, TERMINATED. */
  attemptsByOutcome: Record<string, number>;
  /** Spot instances and Fargate Spot tasks reclaimed. */
  spotInterruptions: number;
  cost: {
    totalUsd: number;
    byPurchaseOption: Partial<Record<PurchaseOptionName, number>>;
    byComputeEnvironment: Record<string, number>;
    /** Spend on attempts that did not succeed, and on instance time with no job. */
    wastedUsd: { interrupted: number; timedOut: number; failed: number; terminated: number; idle: number; total: number };
    /** Per compute environment and purchase option (docs/outputs.md). */
    ledger: LedgerLine[];
  };
  /** createdAt → first startedAt of every job that started (array children included, parents not). */
  waitSeconds: { count: number; mean: number; p50: number; p95: number; p99: number; max: number };
  /** vCPU-seconds held by jobs (STARTING + RUNNING) over vCPU-seconds of instances alive. */
  vcpuUtilisation: number;
  instances: { total: number; byInstanceType: Record<string, number> };
  /**
   * Set when the run was stopped because nothing could make progress (docs/model.md, "The end of
   * a run"): when, how many jobs were still open, and why. Null for a run that ended on its own.
   */
  stalled: { atSeconds: number; openJobs: number; reason: string } | null;
  /** Jobs still RUNNABLE at the end with a blocked reason, up to 20 of them. */
  blocked: { count: number; jobs: { jobId: string; jobName: string; jobQueue: string; statusReason: string }[] };
  /** Each alarm of the scenario's `alarms:` (docs/alarms.md), by AlarmName; only for a scenario that has them, in a recorded run. */
  alarms?: Record<string, AlarmSummary>;
  /** Each EventBridge rule of the scenario's `eventRules:` (docs/events.md), by Name: events matched; only for a scenario that has them, in a recorded run. */
  rules?: Record<string, Omit<RuleMatchCount, 'rule'>>;
  /** Step Functions executions (docs/step-functions.md); only for a scenario that has them. */
  executions?: ExecutionsSummary;
  /** Queueing theory next to the simulated values, for a queue batchsim recognises (docs/model.md); else null. */
  theory: Theory | null;
  /** Why `theory` is null: the first condition of docs/model.md's list the scenario does not meet. */
  theoryReason: string | null;
  /** L against λW for the RUNNABLE jobs, on every run (src/theory/little.ts). */
  littlesLaw: LittlesLaw;
}

const round = (x: number, digits = 6) => roundTo(x, digits);

export function summarize(sim: RunResult, names: JobNames): Summary {
  const { jobs, attempts, instances, templates, jobQueues, reasons } = sim;
  const byStatus: Record<string, number> = Object.fromEntries(JOB_STATUS_NAMES.map((s) => [s, 0]));
  let total = 0;
  let arrayJobs = 0;
  let makespan = 0;
  const waits = new Float64Array(jobs.count);
  let nWaits = 0;
  const blocked: Summary['blocked'] = { count: 0, jobs: [] };
  for (let r = 0; r < jobs.count; r++) {
    const status = jobs.status.data[r];
    const kind = jobs.kind.data[r];
    if (kind === JobKind.ARRAY_PARENT) arrayJobs++;
    if (!countsAsJob(kind)) continue;
    total++;
    byStatus[JOB_STATUS_NAMES[status]]++;
    if (status === JobStatus.SUCCEEDED || status === JobStatus.FAILED) makespan = Math.max(makespan, jobs.stoppedAt.data[r]);
    if (jobs.firstStartedAt.data[r] >= 0) waits[nWaits++] = (jobs.firstStartedAt.data[r] - jobs.createdAt.data[r]) / 1000;
    if (status === JobStatus.RUNNABLE && jobs.reason.data[r] !== 0) {
      blocked.count++;
      if (blocked.jobs.length < 20) {
        blocked.jobs.push({
          jobId: names.jobId(r), jobName: names.jobName(r),
          jobQueue: jobQueues[templates[jobs.template.data[r]].queue].name, statusReason: reasons.values[jobs.reason.data[r]],
        });
      }
    }
  }
  const sortedWaits = waits.subarray(0, nWaits).sort();
  let waitSum = 0;
  for (const w of sortedWaits) waitSum += w;
  const q = (p: number) => (nWaits === 0 ? 0 : round(quantileSorted(sortedWaits as unknown as number[], p) ?? 0, 3));

  const byPurchaseOption: Summary['cost']['byPurchaseOption'] = {};
  const byComputeEnvironment: Record<string, number> = Object.fromEntries(sim.computeEnvironments.map((ce) => [ce.name, 0]));
  const byInstanceType: Record<string, number> = {};
  let totalUsd = 0;
  let instanceVcpuMs = 0;
  for (const inst of instances) {
    const cost = inst.costUsd();
    totalUsd += cost;
    const po = inst.purchaseOption.name;
    byPurchaseOption[po] = (byPurchaseOption[po] ?? 0) + cost;
    byComputeEnvironment[sim.computeEnvironments[inst.computeEnvironment].name] += cost;
    byInstanceType[inst.shape.instanceType] = (byInstanceType[inst.shape.instanceType] ?? 0) + 1;
    instanceVcpuMs += inst.shape.vcpus * (inst.terminatedAt - inst.launchedAt);
  }
  const byOutcome: Record<string, number> = Object.fromEntries(ATTEMPT_OUTCOME_NAMES.map((o) => [o, 0]));
  for (let a = 0; a < attempts.count; a++) byOutcome[ATTEMPT_OUTCOME_NAMES[attempts.outcome.data[a]]]++;
  const ledger = buildLedger(sim);
  const sum = (f: (l: LedgerLine) => number) => round(ledger.reduce((s, l) => s + f(l), 0));
  const wastedUsd = {
    interrupted: sum((l) => l.interruptedUsd), timedOut: sum((l) => l.timedOutUsd), failed: sum((l) => l.failedUsd),
    terminated: sum((l) => l.terminatedUsd), idle: sum((l) => l.idleUsd), total: 0,
  };
  wastedUsd.total = round(wastedUsd.interrupted + wastedUsd.timedOut + wastedUsd.failed + wastedUsd.terminated + wastedUsd.idle);
  let jobVcpuMs = 0;
  for (let a = 0; a < attempts.count; a++) {
    jobVcpuMs += sim.shapes.shapes[jobs.shape.data[attempts.job.data[a]]].vcpus * (attempts.stoppedAt.data[a] - attempts.placedAt.data[a]);
  }

  return {
    scenario: sim.scenario.name,
    seed: sim.seed,
    startTime: sim.scenario.startTime,
    makespanSeconds: makespan / 1000,
    endSeconds: sim.endTime / 1000,
    jobs: { total, byStatus, arrayJobs },
    attempts: attempts.count,
    attemptsByOutcome: byOutcome,
    spotInterruptions: sim.spotInterruptions,
    cost: {
      totalUsd: round(totalUsd),
      byPurchaseOption: Object.fromEntries(Object.entries(byPurchaseOption).map(([k, v]) => [k, round(v)])),
      byComputeEnvironment: Object.fromEntries(Object.entries(byComputeEnvironment).map(([k, v]) => [k, round(v)])),
      wastedUsd,
      ledger: ledger.map((l) => ({
        ...l, costUsd: round(l.costUsd), usefulUsd: round(l.usefulUsd), interruptedUsd: round(l.interruptedUsd), timedOutUsd: round(l.timedOutUsd),
        failedUsd: round(l.failedUsd), terminatedUsd: round(l.terminatedUsd), unfinishedUsd: round(l.unfinishedUsd), idleUsd: round(l.idleUsd),
        unallocatedUsd: round(l.unallocatedUsd),
      })),
    },
    waitSeconds: {
      count: nWaits, mean: nWaits ? round(waitSum / nWaits, 3) : 0, p50: q(0.5), p95: q(0.95), p99: q(0.99),
      max: nWaits ? sortedWaits[nWaits - 1] : 0,
    },
    vcpuUtilisation: instanceVcpuMs > 0 ? round(jobVcpuMs / instanceVcpuMs, 4) : 0,
    instances: { total: instances.length, byInstanceType },
    stalled: sim.stalled && { atSeconds: sim.stalled.atMs / 1000, openJobs: sim.stalled.waitingJobs, reason: sim.stalled.reason },
    blocked,
    ...(sim.executions ? { executions: summarizeExecutions(sim.executions) } : {}),
    ...theorySide(sim),
  };
}

/** Theory side by side and Little's law (src/theory), after everything else. */
function theorySide(sim: RunResult): Pick<Summary, 'theory' | 'theoryReason' | 'littlesLaw'> {
  const { theory, reason } = theoryOf(sim);
  return { theory, theoryReason: reason, littlesLaw: littlesLaw(sim) };
}
