// Queue orders (spec §6.5, §7): how a job queue orders its RUNNABLE jobs for dispatch. A policy
// registry keyed by name, so fair share plugs in as a second entry rather than as an `if` in the
// scheduler or the kernel.
import { FifoRunnableQueue, type RunnableQueue } from '../model/runnable-queue.js';
import type { JobQueueSpec } from '../scenario/types.js';

export interface QueueOrder {
  readonly name: string;
  /** A new, empty runnable queue kept in this order. */
  create(spec: JobQueueSpec): RunnableQueue;
}

/** First in, first out by createdAt (retried jobs at the front): a queue without a scheduling policy. */
export const FIFO: QueueOrder = { name: 'FIFO', create: () => new FifoRunnableQueue() };

const QUEUE_ORDERS: Record<string, QueueOrder> = { FIFO };

/** The queue order a job queue uses: FIFO unless it names a scheduling policy (fair share, a later issue). */
export function queueOrderFor(_spec: JobQueueSpec): QueueOrder {
  return QUEUE_ORDERS.FIFO;
}
