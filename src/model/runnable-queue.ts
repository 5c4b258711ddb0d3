// The RUNNABLE jobs of one FIFO job queue, in dispatch order (spec §6.5): retried jobs at the front
// (most recently re-queued first), then by submission time (createdAt), then by row. Consecutive
// array children that became RUNNABLE together are one entry [first, last], so a 10,000-child
// array is one heap entry until its children are dispatched one by one from the front.

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
  /** Rows in dispatch order from the head, at most `limit` (backfill and blocked-queue views). */
  head(limit: number): number[];
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

  head(limit: number): number[] {
    const out: number[] = [];
    for (let i = this.frontStack.length - 1; i >= 0 && out.length < limit; i--) out.push(this.frontStack[i]);
    if (out.length >= limit || this.keys.length === 0) return out;
    // Walk the heap's entries in order without disturbing it.
    const order = this.keys.map((_, i) => i).sort((a, b) => this.compare(a, b));
    for (const i of order) {
      for (let r = this.firsts[i]; r <= this.lasts[i] && out.length < limit; r++) out.push(r);
      if (out.length >= limit) break;
    }
    return out;
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
