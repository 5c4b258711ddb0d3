// Queue orders (spec §6.5, §7): how a job queue orders its RUNNABLE jobs for dispatch. A policy
// registry keyed by name, so fair share plugs in as a second entry rather than as an `if` in the
// scheduler or the kernel.
import { FairShareRunnableQueue, type FairShareRows } from '../model/fair-share-queue.js';
import { FifoRunnableQueue, type RunnableQueue } from '../model/runnable-queue.js';
import type { FairsharePolicySpec, JobQueueSpec } from '../scenario/types.js';

/** What an order may read of the run: the queue's scheduling policy, and its jobs, clock and capacity. */
export interface QueueOrderContext {
  /** The fairsharePolicy of the queue's scheduling policy, or null for a FIFO queue. */
  policy: FairsharePolicySpec | null;
  rows: FairShareRows;
}

export interface QueueOrder {
  readonly name: string;
  /** A new, empty runnable queue kept in this order. */
  create(spec: JobQueueSpec, context: QueueOrderContext): RunnableQueue;
}

/** First in, first out by createdAt (retried jobs at the front): a queue without a scheduling policy. */
export const FIFO: QueueOrder = { name: 'FIFO', create: () => new FifoRunnableQueue() };

/** Fair share (spec §7): the share with the lowest weighted usage first, then schedulingPriority, then submission. */
export const FAIR_SHARE: QueueOrder = {
  name: 'FAIR_SHARE',
  create: (spec, context) => {
    if (context.policy === null) throw new Error(`job queue ${spec.jobQueueName} names scheduling policy ${spec.schedulingPolicy}, which the scenario does not have`);
    return new FairShareRunnableQueue(context.policy, context.rows);
  },
};

/** The queue order a job queue uses: fair share when it names a scheduling policy, else FIFO. */
export function queueOrderFor(spec: JobQueueSpec): QueueOrder {
  return spec.schedulingPolicy ? FAIR_SHARE : FIFO;
}
