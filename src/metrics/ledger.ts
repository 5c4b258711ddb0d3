// The cost ledger: where every dollar went. Instances and Fargate tasks are billed per second
// (60 s minimum); each bill is split into the share its attempts held — useful when they
// succeeded, wasted when they were interrupted, timed out, failed or terminated — and the share
// with no job at all (boot, idle gaps before scale-in, the billing minimum). What remains is
// room nobody used on partly busy instances ("unallocated").
import { ATTEMPT_OUTCOME_NAMES, AttemptOutcome } from '../model/attempts.js';
import type { Instance } from '../model/instances.js';
import type { RunResult } from '../sim/run-result.js';

export interface LedgerLine {
  computeEnvironment: string;
  purchaseOption: string;
  instances: number;
  billedSeconds: number;
  costUsd: number;
  /** Attempts that succeeded. */
  usefulUsd: number;
  interruptedUsd: number;
  timedOutUsd: number;
  failedUsd: number;
  terminatedUsd: number;
  /** Attempts still under way when a horizon ended the run. */
  unfinishedUsd: number;
  /** Instance time with no job on it. */
  idleUsd: number;
  /** Time on partly used instances that no job held (bin-packing slack). */
  unallocatedUsd: number;
}

const OUTCOME_FIELD = ['usefulUsd', 'failedUsd', 'interruptedUsd', 'timedOutUsd', 'terminatedUsd', 'unfinishedUsd'] as const;

/**
 * The share of an instance an attempt held: its share of the vCPUs, or on a GPU instance the mean
 * of its vCPU and GPU shares (a GPU job holds GPUs whatever its vCPUs). Averaging keeps the shares
 * of the jobs on one instance at most 1 in sum, so the ledger adds up. A Fargate task is its job's.
 */
export function attemptShare(inst: Instance, vcpus: number, gpus: number): number {
  return shareOf(inst.task, inst.shape.vcpus, inst.shape.gpus, vcpus, gpus);
}

/** attemptShare from the numbers alone (attempts.csv written away from the run's objects). */
export function shareOf(task: boolean, instanceVcpus: number, instanceGpus: number, vcpus: number, gpus: number): number {
  if (task) return 1;
  const byCpu = vcpus / instanceVcpus;
  return instanceGpus > 0 ? (byCpu + gpus / instanceGpus) / 2 : byCpu;
}

/** USD of attempt `a`: instance price over its placedAt (or billing start) → stoppedAt, times its share. */
export function attemptCost(sim: RunResult, a: number): number {
  const { attempts, jobs } = sim;
  const inst = sim.instances[attempts.instance.data[a]];
  const shape = sim.shapes.shapes[jobs.shape.data[attempts.job.data[a]]];
  return attemptUsd(inst.pricePerHour(), inst.billedFrom, attemptShare(inst, shape.vcpus, shape.gpus), attempts.placedAt.data[a], attempts.stoppedAt.data[a]);
}

/** An attempt's USD from its instance's price, billing start and its share of the instance. */
export function attemptUsd(pricePerHour: number, billedFrom: number, share: number, placedAt: number, stoppedAt: number): number {
  const hours = Math.max(0, stoppedAt - Math.max(placedAt, billedFrom)) / 3.6e6;
  return pricePerHour * hours * share;
}

export function buildLedger(sim: RunResult): LedgerLine[] {
  const lines = new Map<string, LedgerLine>();
  const lineOf = (inst: Instance): LedgerLine => {
    const ce = sim.computeEnvironments[inst.computeEnvironment].name;
    const key = `${ce}\u0000${inst.purchaseOption.name}`;
    let line = lines.get(key);
    if (!line) {
      line = {
        computeEnvironment: ce, purchaseOption: inst.purchaseOption.name, instances: 0, billedSeconds: 0, costUsd: 0, usefulUsd: 0,
        interruptedUsd: 0, timedOutUsd: 0, failedUsd: 0, terminatedUsd: 0, unfinishedUsd: 0, idleUsd: 0, unallocatedUsd: 0,
      };
      lines.set(key, line);
    }
    return line;
  };
  for (const inst of sim.instances) {
    const line = lineOf(inst);
    line.instances++;
    line.billedSeconds += inst.billedSeconds();
    line.costUsd += inst.costUsd();
    line.idleUsd += inst.idleUsd();
  }
  for (let a = 0; a < sim.attempts.count; a++) {
    const line = lineOf(sim.instances[sim.attempts.instance.data[a]]);
    line[OUTCOME_FIELD[sim.attempts.outcome.data[a]]] += attemptCost(sim, a);
  }
  for (const line of lines.values()) {
    const allocated = line.usefulUsd + line.interruptedUsd + line.timedOutUsd + line.failedUsd + line.terminatedUsd + line.unfinishedUsd;
    line.unallocatedUsd = Math.max(0, line.costUsd - allocated - line.idleUsd);
  }
  return [...lines.values()].sort((x, y) => x.computeEnvironment.localeCompare(y.computeEnvironment) || x.purchaseOption.localeCompare(y.purchaseOption));
}

export function outcomeName(outcome: number): string {
  return ATTEMPT_OUTCOME_NAMES[outcome as AttemptOutcome];
}
