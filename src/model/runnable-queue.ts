// The RUNNABLE jobs of one FIFO job queue, in dispatch order (spec §6.5): retried jobs at the front
// (most recently re-queued first), then by submission time (createdAt), then by row. Consecutive
// array children that became RUNNABLE together are one entry [first, last], so a 10,000-child
// array is one heap entry until its children are dispatched one by one from the front.
import type { FairsharePolicySpec } from '../scenario/types.js';
import { RangeHeap } from './range-heap.js';

export interface RunnableQueue {
  /** Rows first..last (consecutive, same createdAt) became RUNNABLE. */
  pushRange(first: number, last: number, createdAt: number): void;
  /** A retried job goes back to the front of the queue. */
  pushFront(row: number): void;
  /** The row at the head, or −1 when empty. */
  peek(): number;
  /** Removes the head row. */
  shift(): void;
  /** Number of rows waiting. */
  readonly size: number;
  /**
   * Visits the waiting rows in dispatch order as runs [first, last] of consecutive rows, until
   * `visit` returns false. Costs what it visits (scale-out stops at the first job it cannot cover).
   */
  forEachRun(visit: (first: number, last: number) => boolean): void;
  /** A job of the queue changed state (from −1: created). Orders that measure what jobs hold listen here. */
  transition?(row: number, from: number, to: number): void;
  /** Why SubmitJob refuses this new job (seen created through `transition`), or null: fair share's active-share limit. */
  refusal?(row: number, queueName: string): string | null;
  /** The queue's scheduling policy changed (UpdateSchedulingPolicy, UpdateJobQueue): fair share only. */
  setPolicy?(policy: FairsharePolicySpec): void;
  /** Fair share: each share identifier's state at `now` (≥ the last job state change), for reports. */
  shares?(now: number): ShareState[];
}

/** One share identifier of a fair-share queue at a moment (src/model/share-usage.ts has the formulas). */
export interface ShareState {
  shareIdentifier: string;
  /** The weight in force: the distribution entry's weightFactor (a prefix entry's × its active identifiers). */
  weightFactor: number;
  /** Decayed vCPU-seconds H. */
  usage: number;
  /** vCPUs its jobs hold (STARTING or RUNNING). */
  vcpus: number;
  /** What the scheduler orders shares by: weightFactor × (usage + window × vcpus); lowest first. */
  key: number;
  /** Jobs open, or the last ended less than a decay window ago. */
  active: boolean;
}

export class FifoRunnableQueue implements RunnableQueue {
  /** Runs by (createdAt, first row). */
  private readonly heap = new RangeHeap();
  private frontStack: number[] = [];
  size = 0;

  pushRange(first: number, last: number, createdAt: number): void {
    this.size += last - first + 1;
    this.heap.push(createdAt, 0, first, last);
  }

  pushFront(row: number): void {
    this.size++;
    this.frontStack.push(row);
  }

  peek(): number {
    if (this.frontStack.length > 0) return this.frontStack[this.frontStack.length - 1];
    return this.heap.peek();
  }

  shift(): void {
    if (this.size === 0) return;
    this.size--;
    if (this.frontStack.length > 0) this.frontStack.pop();
    else this.heap.shift();
  }

  forEachRun(visit: (first: number, last: number) => boolean): void {
    for (let i = this.frontStack.length - 1; i >= 0; i--) if (!visit(this.frontStack[i], this.frontStack[i])) return;
    this.heap.forEachRun(visit);
  }
}
