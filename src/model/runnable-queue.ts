// The RUNNABLE jobs of one FIFO job queue, in dispatch order (spec §6.5): retried jobs at the front
// (most recently re-queued first), then by submission time (createdAt), then by row. Consecutive
// array children that became RUNNABLE together are one entry [first, last], so a 10,000-child
// array is one heap entry until its children are dispatched one by one from the front.
import type { FairsharePolicySpec } from '../scenario/types.js';

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
  private keys: number[] = [];
  private firsts: number[] = [];
  private lasts: number[] = [];
  private frontStack: number[] = [];
  size = 0;

  pushRange(first: number, last: number, createdAt: number): void {
    this.size += last - first + 1;
    this.heapPush(createdAt, first, last);
  }

  pushFront(row: number): void {
    this.size++;
    this.frontStack.push(row);
  }

  peek(): number {
    if (this.frontStack.length > 0) return this.frontStack[this.frontStack.length - 1];
    return this.keys.length > 0 ? this.firsts[0] : -1;
  }

  shift(): void {
    if (this.size === 0) return;
    this.size--;
    if (this.frontStack.length > 0) {
      this.frontStack.pop();
      return;
    }
    // Advancing the first row of the head range keeps heap order: its rows are consecutive and share a key.
    if (this.firsts[0] < this.lasts[0]) this.firsts[0]++;
    else this.heapPop();
  }

  forEachRun(visit: (first: number, last: number) => boolean): void {
    for (let i = this.frontStack.length - 1; i >= 0; i--) if (!visit(this.frontStack[i], this.frontStack[i])) return;
    // The heap's entries in order, lazily: a small heap of candidate indices, seeded with the root;
    // taking an entry offers its two children (each is ordered after it).
    const n = this.keys.length;
    if (n === 0) return;
    const open: number[] = [0];
    while (open.length > 0) {
      const i = this.popCandidate(open);
      if (!visit(this.firsts[i], this.lasts[i])) return;
      if (2 * i + 1 < n) this.pushCandidate(open, 2 * i + 1);
      if (2 * i + 2 < n) this.pushCandidate(open, 2 * i + 2);
    }
  }

  private pushCandidate(open: number[], entry: number): void {
    let i = open.length;
    open.push(entry);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.compare(open[p], entry) <= 0) break;
      open[i] = open[p];
      i = p;
    }
    open[i] = entry;
  }

  private popCandidate(open: number[]): number {
    const top = open[0];
    const last = open.pop()!;
    const n = open.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.compare(open[c + 1], open[c]) < 0) c++;
        if (this.compare(last, open[c]) <= 0) break;
        open[i] = open[c];
        i = c;
      }
      open[i] = last;
    }
    return top;
  }

  private compare(a: number, b: number): number {
    return this.keys[a] - this.keys[b] || this.firsts[a] - this.firsts[b];
  }

  private heapPush(key: number, first: number, last: number): void {
    const { keys, firsts, lasts } = this;
    let i = keys.length;
    keys.push(key);
    firsts.push(first);
    lasts.push(last);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] < key || (keys[p] === key && firsts[p] < first)) break;
      keys[i] = keys[p];
      firsts[i] = firsts[p];
      lasts[i] = lasts[p];
      i = p;
    }
    keys[i] = key;
    firsts[i] = first;
    lasts[i] = last;
  }

  private heapPop(): void {
    const { keys, firsts, lasts } = this;
    const key = keys.pop()!;
    const first = firsts.pop()!;
    const last = lasts.pop()!;
    const n = keys.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (keys[c + 1] < keys[c] || (keys[c + 1] === keys[c] && firsts[c + 1] < firsts[c]))) c++;
      if (key < keys[c] || (key === keys[c] && first < firsts[c])) break;
      keys[i] = keys[c];
      firsts[i] = firsts[c];
      lasts[i] = lasts[c];
      i = c;
    }
    keys[i] = key;
    firsts[i] = first;
    lasts[i] = last;
  }
}
