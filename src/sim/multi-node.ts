// Multi-node parallel jobs at run time (spec §12, docs/model.md "Multi-node parallel jobs"): the
// gang is placed whole (every node holds its own instance from then on), the main node starts
// first and the children once it is RUNNING; the job ends when the main node exits, with the main
// node's status, times and exit code, and the children still running are stopped. A main node
// that fails retries the whole job (every node runs again); a child that fails changes nothing.
import { AttemptOutcome, NO_EXIT_CODE } from '../model/attempts.js';
import type { Instance } from '../model/instances.js';
import { JobKind, JobStatus, isTerminal } from '../model/jobs.js';
import { MultiNodeState } from '../model/multi-node.js';
import { attemptVerdict } from '../model/retry.js';
import type { Placement } from '../scheduler/scheduler.js';
import type { NodePropertiesSpec } from '../scenario/types.js';
import { SIGTERM_EXIT } from './attempt-runner.js';
import type { RunContext } from './context.js';

/** statusReason of a child node stopped because the main node exited (UNCONFIRMED wording; docs/model.md). */
export const MAIN_NODE_EXITED = 'Main node exited';

export class MultiNodeRunner {
  constructor(private readonly run: RunContext) {}

  /** Rows for a multi-node submission: the parent, then one NODE row per node (created SUBMITTED with it). */
  createNodes(parent: number, template: number, spec: NodePropertiesSpec): MultiNodeState {
    const { jobs } = this.run;
    const first = jobs.add(spec.numNodes, template, JobKind.NODE, parent);
    for (let k = 0; k < spec.numNodes; k++) jobs.ordinal.data[first + k] = k;
    const state = new MultiNodeState(parent, first, spec);
    this.run.multiNodes.set(parent, state);
    return state;
  }

  /** The gang was placed (one instance per node, gang-placement.ts): every node holds its instance; the parent and the main node go STARTING. */
  start(parent: number, placement: Placement): void {
    const instances: Instance[] = [];
    for (const a of placement.assignments) if (a.kind === 'instance') instances.push(a.instance);
    const { jobs, lifecycle, kernel, attemptRunner, shapes } = this.run;
    const mnp = this.run.multiNodes.get(parent)!;
    lifecycle.leaveQueue(parent);
    jobs.placedAt.data[parent] = kernel.now;
    jobs.attempts.data[parent]++;
    jobs.reason.data[parent] = 0;
    lifecycle.transition(parent, JobStatus.STARTING);
    mnp.stopping = false;
    for (let k = 0; k < mnp.numNodes; k++) {
      const row = mnp.firstNode + k;
      const inst = instances[k];
      // Single-tenant (spec §12): a node holds its whole instance.
      jobs.shape.data[row] = shapes.intern(inst.shape.vcpus, inst.registeredMemory, inst.shape.gpus);
      mnp.instances[k] = inst.index;
      attemptRunner.hold(row, inst);
      // A child waits, holding its instance, until the main node runs (already RUNNABLE on a retry).
      if (row !== mnp.mainRow && jobs.status.data[row] !== JobStatus.RUNNABLE) {
        if (jobs.runnableAt.data[row] < 0) jobs.runnableAt.data[row] = kernel.now;
        lifecycle.transition(row, JobStatus.RUNNABLE);
      }
    }
    lifecycle.transition(mnp.mainRow, JobStatus.STARTING);
    attemptRunner.pull(mnp.mainRow, instances[mnp.spec.mainNode]);
  }

  /** A node went RUNNING: the main node's start is the job's, and launches the children (spec §12). */
  nodeRunning(row: number): void {
    const { jobs, lifecycle, fleet } = this.run;
    const mnp = this.run.multiNodes.get(jobs.parent.data[row])!;
    if (row !== mnp.mainRow) return;
    const parent = mnp.parent;
    jobs.startedAt.data[parent] = jobs.startedAt.data[row];
    if (jobs.firstStartedAt.data[parent] < 0) jobs.firstStartedAt.data[parent] = jobs.startedAt.data[row];
    lifecycle.transition(parent, JobStatus.RUNNING);
    for (let k = 0; k < mnp.numNodes; k++) {
      const child = mnp.firstNode + k;
      if (child === mnp.mainRow || jobs.status.data[child] !== JobStatus.RUNNABLE) continue;
      lifecycle.transition(child, JobStatus.STARTING);
      this.run.attemptRunner.pull(child, fleet.instances[mnp.instances[k]]);
    }
  }

  /** A node's attempt ended (AttemptRunner.end has recorded it and freed its instance). */
  nodeEnded(row: number, outcome: AttemptOutcome, statusReason: string, exitCode: number, containerReason: string, terminating: boolean): void {
    const { jobs, lifecycle } = this.run;
    const mnp = this.run.multiNodes.get(jobs.parent.data[row])!;
    mnp.instances[jobs.ordinal.data[row]] = -1;
    if (mnp.stopping) return; // stopped by the main node's end, which settles its status
    if (row !== mnp.mainRow) {
      // A child that exits on its own ends alone (spec §12).
      lifecycle.finish(row, outcome === AttemptOutcome.SUCCEEDED ? JobStatus.SUCCEEDED : JobStatus.FAILED, statusReason);
      return;
    }
    const parent = mnp.parent;
    const t = this.run.templates[jobs.template.data[parent]];
    jobs.exitCode.data[parent] = exitCode;
    mnp.stopping = true;
    // The job's retry strategy, counting the job's attempts, judges the main node's end.
    const verdict = attemptVerdict(t.retryStrategy, jobs.attempts.data[parent], outcome, terminating, statusReason, containerReason, exitCode);
    if (verdict === 'RETRY') {
      // Every node runs again: they wait with the job, which goes to the front of its queue.
      this.stopChildren(mnp, JobStatus.RUNNABLE, outcome);
      lifecycle.transition(row, JobStatus.RUNNABLE);
      lifecycle.requeue(parent, statusReason);
    } else {
      const status = verdict === 'SUCCEEDED' ? JobStatus.SUCCEEDED : JobStatus.FAILED;
      this.stopChildren(mnp, status, outcome);
      lifecycle.finish(row, status, statusReason);
      lifecycle.finish(parent, status, statusReason);
    }
    mnp.stopping = false;
  }

  /**
   * The main node ended: children still holding their instances are stopped — an attempt row for
   * each, with the main node's outcome, so the ledger counts the whole gang's time as the job's
   * (useful when it succeeded) — and every child not yet terminal takes `status`.
   */
  private stopChildren(mnp: MultiNodeState, status: JobStatus, outcome: AttemptOutcome): void {
    const { jobs, lifecycle, attemptRunner } = this.run;
    for (let k = 0; k < mnp.numNodes; k++) {
      const row = mnp.firstNode + k;
      if (row === mnp.mainRow) continue;
      const st = jobs.status.data[row];
      // Held since the gang was placed, started or not: its attempt row charges that time to the job.
      if (jobs.instance.data[row] >= 0) attemptRunner.end(row, outcome, MAIN_NODE_EXITED, st === JobStatus.RUNNING ? SIGTERM_EXIT : NO_EXIT_CODE);
      const now = jobs.status.data[row];
      if (status === JobStatus.RUNNABLE) {
        // Waits with the job again (a child that had ended alone runs again too).
        jobs.stoppedAt.data[row] = -1;
        if (now !== JobStatus.RUNNABLE) lifecycle.transition(row, JobStatus.RUNNABLE);
      } else if (!isTerminal(now)) {
        lifecycle.finish(row, status, MAIN_NODE_EXITED);
      }
    }
  }

  /**
   * The parent ended before its gang ran (cancelled, a dependency failed, SubmitJob refused): its
   * nodes end with it.
   */
  parentFinished(parent: number, status: JobStatus, reason: string): void {
    const { jobs, lifecycle } = this.run;
    const mnp = this.run.multiNodes.get(parent)!;
    if (mnp.stopping) return;
    for (let k = 0; k < mnp.numNodes; k++) {
      const row = mnp.firstNode + k;
      if (!isTerminal(jobs.status.data[row])) lifecycle.finish(row, status, reason);
    }
  }

  /** The row whose container a TerminateJob of this multi-node job stops: the main node, once the gang holds its instances. */
  terminationTarget(parent: number): number {
    return this.run.multiNodes.get(parent)!.mainRow;
  }
}
