// The scheduler cycle as the kernel runs it (spec §6, §17): when cycles happen (k × the cycle
// length, only when something changed), what each does in order — CancelJob/TerminateJob calls,
// first evaluations, dependency resolution, the placement policy, time-limit actions — and how the
// policy's decisions are applied to the model.
import { Phase } from '../engine/phases.js';
import type { InstanceOffer, ComputeEnvironment } from '../model/compute-environment.js';
import type { Instance } from '../model/instances.js';
import type { JobQueue } from '../model/job-queue.js';
import { JobKind, JobStatus } from '../model/jobs.js';
import type { JobShape } from '../model/shapes.js';
import { StatusReason, insufficientCapacity, reasonCode, timeLimitCancelled } from '../model/status-reasons.js';
import type { CycleDecisions, CycleView } from '../scheduler/cycle-policy.js';
import { PlaceOutcome, type Placement } from '../scheduler/scheduler.js';
import type { RunContext } from './context.js';
import { EventKind } from './event-kinds.js';

export class Cycle implements CycleView, CycleDecisions {
  /** When the next cycle is due (−1: none requested). */
  dueAt = -1;
  private readonly cycleMs: number;
  /** Per queue, the row head() returned last: start() takes it off the queue without asking the order again (a fair-share queue's peek scans its shares). */
  private readonly heads: number[];

  constructor(private readonly run: RunContext) {
    this.cycleMs = Math.round(run.settings.schedulerCycleSeconds * 1000);
    this.heads = run.jobQueues.map(() => -1);
  }

  /** Something changed: a cycle runs at the next cycle boundary (this instant's, if not yet past). */
  request(): void {
    if (this.dueAt >= 0) return;
    const { kernel } = this.run;
    let t = kernel.now;
    if (this.cycleMs > 0) {
      t = Math.ceil(kernel.now / this.cycleMs) * this.cycleMs;
      if (t === kernel.now && kernel.phase > Phase.SchedulerCycle) t += this.cycleMs;
    }
    this.dueAt = t;
    kernel.push(t, EventKind.SchedulerCycle, 0);
  }

  /** A cycle event skipped after the work ended: none is due any more. */
  skipped(): void {
    this.dueAt = -1;
  }

  /** Whether the coming cycle may place a job on this instance: jobs wait for its environment, or may become RUNNABLE. */
  mayUse(inst: Instance): boolean {
    const { lifecycle, kernel } = this.run;
    if (lifecycle.submitted.length > 0 || (lifecycle.finished.length > 0 && kernel.progress.pendingJobs > 0)) return true;
    return this.run.jobQueues.some((q) => q.waiting > 0 && q.computeEnvironmentOrder.includes(inst.computeEnvironment));
  }

  /**
   * Whether a multi-node job at the head of a queue waits for instances like `inst` to make its
   * gang whole: such an instance must not scale in meanwhile (its siblings may still be launching).
   */
  heldForGang(inst: Instance): boolean {
    if (this.run.multiNodes.size === 0) return false;
    for (const queue of this.run.jobQueues) {
      if (queue.waiting === 0) continue;
      const row = this.head(queue);
      if (row < 0) continue;
      const shape = this.shape(row);
      if (shape.gang && this.run.scheduler.gangWants(queue, shape, inst)) return true;
    }
    return false;
  }

  /** SchedulerCycle event. */
  runCycle(): void {
    this.dueAt = -1;
    const { lifecycle, dependencies, settings } = this.run;
    this.run.apiCalls.carryOutJobCalls();
    const submitted = lifecycle.takeSubmitted();
    for (let i = 0; i < submitted.length; i++) dependencies.evaluateSubmitted(submitted.at(i));
    dependencies.resolveFinished();
    this.run.schedulingPolicy.runCycle(this.run.scheduler, settings, this.run.jobQueues, this, this, this.run.kernel.now);
    this.applyTimeLimitActions();
  }

  // ---- the view the policy reads -----------------------------------------------------------

  head(queue: JobQueue): number {
    const status = this.run.jobs.status.data;
    for (;;) {
      const row = queue.runnable.peek();
      if (row < 0 && queue.runnable.size === 0) queue.mayHaveGaps = false; // empty: no runs, no gaps
      if (row < 0 || status[row] === JobStatus.RUNNABLE) return (this.heads[queue.index] = row);
      queue.runnable.shift(); // placed by backfill or cancelled earlier
    }
  }

  headRows(queue: JobQueue, limit: number): number[] {
    // Jobs placed (by backfill) or cancelled earlier have left the queue: the window counts
    // only those still waiting, as scale-out's walk does.
    const status = this.run.jobs.status.data;
    const rows: number[] = [];
    queue.runnable.forEachRun((first, last) => {
      for (let r = first; r <= last && rows.length < limit; r++) if (status[r] === JobStatus.RUNNABLE) rows.push(r);
      return rows.length < limit;
    });
    return rows;
  }

  isRunnable(row: number): boolean {
    return this.run.jobs.status.data[row] === JobStatus.RUNNABLE;
  }

  shape(row: number): JobShape {
    return this.run.shapes.shapes[this.run.jobs.shape.data[row]];
  }

  arm64(row: number): boolean {
    return this.run.templates[this.run.jobs.template.data[row]].arm64;
  }

  shapeOf(row: number): number {
    return this.run.jobs.shape.data[row];
  }

  countWaiting(first: number, last: number): number {
    const status = this.run.jobs.status.data;
    let n = 0;
    for (let r = first; r <= last; r++) if (status[r] === JobStatus.RUNNABLE) n++;
    return n;
  }

  // ---- applying its decisions --------------------------------------------------------------

  start(queue: JobQueue, row: number, placement: Placement): void {
    const { fleet, kernel, settings } = this.run;
    if (this.heads[queue.index] === row) {
      queue.runnable.shift();
      this.heads[queue.index] = -1;
    } else {
      queue.mayHaveGaps = true; // placed from behind the head (backfill): its run keeps the row
    }
    const assignments = placement.assignments;
    if (this.run.jobs.kind.data[row] === JobKind.MULTINODE) {
      this.run.multiNode.start(row, placement);
      return;
    }
    for (let i = 0; i < assignments.length; i++) {
      const a = assignments[i];
      if (a.kind === 'instance') {
        this.run.attemptRunner.start(row, a.instance);
      } else {
        const shape = this.shape(row);
        // Billed from the image download, after provisioning (pricing §1.2).
        const billedFrom = kernel.now + Math.round(settings.fargate.startSeconds * 1000);
        const task = fleet.startTask(a.computeEnvironment, shape.vcpus, shape.memory, this.arm64(row), kernel.now, billedFrom);
        this.run.attemptRunner.start(row, task);
      }
    }
  }

  /** Records AWS's blocked reason on the head (spec §1.4, §6.5) and reports a newly blocked queue. */
  blocked(queue: JobQueue, row: number, placement: Placement): void {
    const { kernel, jobs } = this.run;
    const outcome = placement.outcome;
    const reason =
      outcome === PlaceOutcome.JobResourceRequirement ? StatusReason.JOB_RESOURCE_REQUIREMENT
      : outcome === PlaceOutcome.ComputeEnvironmentMaxResource ? StatusReason.COMPUTE_ENVIRONMENT_MAX_RESOURCE
      : outcome === PlaceOutcome.InsufficientCapacity ? insufficientCapacity(placement.instanceType ?? '')
      : '';
    if (queue.blockedJob !== row || queue.blockedReason !== reason) {
      queue.blockedJob = row;
      queue.blockedReason = reason;
      queue.blockedSince = kernel.now;
      // Report hook (issue #5): a "Batch Job Queue Blocked" event.
      if (reason) this.run.onQueueBlocked?.(queue.index, row, reason, kernel.now);
    }
    if (reason) jobs.reason.data[row] = this.run.reasons.id(reason);
  }

  launch(ce: ComputeEnvironment, offer: InstanceOffer): void {
    this.run.fleet.launch(ce, offer, this.run.kernel.now, false);
  }

  /** jobStateTimeLimitActions (spec §6.6): cancel a head blocked with a listed reason for maxTimeSeconds. */
  private applyTimeLimitActions(): void {
    const { jobs, kernel } = this.run;
    for (const queue of this.run.jobQueues) {
      if (queue.blockedJob < 0 || queue.blockedReason === '') continue;
      const actions = queue.spec.jobStateTimeLimitActions;
      if (actions.length === 0) continue;
      const row = queue.blockedJob;
      if (jobs.status.data[row] !== JobStatus.RUNNABLE) continue;
      const code = reasonCode(queue.blockedReason);
      const action = actions.find((a) => a.reason === code);
      if (!action) continue;
      const due = queue.blockedSince + action.maxTimeSeconds * 1000;
      if (kernel.now >= due) {
        this.run.lifecycle.finish(row, JobStatus.FAILED, timeLimitCancelled(code));
        queue.blockedJob = -1;
      } else {
        kernel.push(due, EventKind.Wakeup, 0);
      }
    }
  }
}
