// A job queue at run time: its RUNNABLE jobs in dispatch order, what they need (per job shape, for
// scaling), and whether its head is blocked.
import type { JobQueueSpec } from '../scenario/types.js';
import type { RunnableQueue } from './runnable-queue.js';

export class JobQueue {
  readonly name: string;
  priority: number;
  enabled: boolean;
  /** Name of the fair-share scheduling policy it uses (UpdateJobQueue may replace it), or null: FIFO. */
  schedulingPolicy: string | null;
  /** RUNNABLE jobs in dispatch order, kept by the queue's QueueOrder (src/scheduler/queue-order.ts). */
  readonly runnable: RunnableQueue;
  /** RUNNABLE jobs not yet placed, by job shape id (dense: there are few shapes). */
  readonly demand: number[] = [];
  /** Σ demand. */
  waiting = 0;
  /**
   * Whether a job has left the queue other than from its head (placed by backfill, or ended while
   * waiting): its run then keeps a row that is no longer RUNNABLE, so counting a run's waiting
   * jobs must look at each row. Until then (and again once the queue is empty) every row counts.
   */
  mayHaveGaps = false;
  /** The head job reported as blocked, its reason, and since when (−1 when not blocked). */
  blockedJob = -1;
  blockedReason = '';
  blockedSince = -1;

  constructor(
    readonly index: number,
    readonly spec: JobQueueSpec,
    /** Compute environment indices in `computeEnvironmentOrder` (UpdateJobQueue may change it). */
    public computeEnvironmentOrder: number[],
    runnable: RunnableQueue,
  ) {
    this.runnable = runnable;
    this.name = spec.jobQueueName;
    this.priority = spec.priority;
    this.enabled = spec.state === 'ENABLED';
    this.schedulingPolicy = spec.schedulingPolicy ?? null;
  }

  addDemand(shape: number, n: number): void {
    while (this.demand.length <= shape) this.demand.push(0);
    this.demand[shape] += n;
    this.waiting += n;
  }
}
