// Runs of consecutive job rows [first, last] kept in order of two keys, then of `first`: a fair
// share's RUNNABLE jobs by (−schedulingPriority, createdAt or re-queue order). A 10,000-child
// array is one entry until its children leave from the front one by one.

export class RangeHeap {
  private k1: number[] = [];
  private k2: number[] = [];
  private firsts: number[] = [];
  private lasts: number[] = [];
  /** Rows in all entries. */
  size = 0;

  push(k1: number, k2: number, first: number, last: number): void {
    this.size += last - first + 1;
    let i = this.k1.length;
    this.k1.push(k1);
    this.k2.push(k2);
    this.firsts.push(first);
    this.lasts.push(last);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.before(p, k1, k2, first)) break;
      this.move(p, i);
      i = p;
    }
    this.set(i, k1, k2, first, last);
  }

  /** The first row, or −1 when empty. */
  peek(): number {
    return this.k1.length > 0 ? this.firsts[0] : -1;
  }

  /** The second key of the first row (valid while not empty). */
  get firstKey2(): number {
    return this.k2[0];
  }

  /** Removes the first row. */
  shift(): void {
    if (this.k1.length === 0) return;
    this.size--;
    // Advancing the first row of the head range keeps heap order: its rows share the keys and are consecutive.
    if (this.firsts[0] < this.lasts[0]) this.firsts[0]++;
    else this.pop();
  }

  /** Visits the runs in order until `visit` returns false; costs what it visits. */
  forEachRun(visit: (first: number, last: number) => boolean): void {
    const n = this.k1.length;
    if (n === 0) return;
    // A small heap of candidate entries seeded with the root; taking one offers its two children.
    const open: number[] = [0];
    while (open.length > 0) {
      const i = this.popCandidate(open);
      if (!visit(this.firsts[i], this.lasts[i])) return;
      if (2 * i + 1 < n) this.pushCandidate(open, 2 * i + 1);
      if (2 * i + 2 < n) this.pushCandidate(open, 2 * i + 2);
    }
  }

  /** Whether entry i orders before (or with) the keys given. */
  private before(i: number, k1: number, k2: number, first: number): boolean {
    return this.k1[i] < k1 || (this.k1[i] === k1 && (this.k2[i] < k2 || (this.k2[i] === k2 && this.firsts[i] <= first)));
  }

  private compare(a: number, b: number): number {
    return this.k1[a] - this.k1[b] || this.k2[a] - this.k2[b] || this.firsts[a] - this.firsts[b];
  }

  private move(from: number, to: number): void {
    this.set(to, this.k1[from], this.k2[from], this.firsts[from], this.lasts[from]);
  }

  private set(i: number, k1: number, k2: number, first: number, last: number): void {
    this.k1[i] = k1;
    this.k2[i] = k2;
    this.firsts[i] = first;
    this.lasts[i] = last;
  }

  private pop(): void {
    const k1 = this.k1.pop()!;
    const k2 = this.k2.pop()!;
    const first = this.firsts.pop()!;
    const last = this.lasts.pop()!;
    const n = this.k1.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.compare(c + 1, c) < 0) c++;
      if (!this.before(c, k1, k2, first)) break;
      this.move(c, i);
      i = c;
    }
    this.set(i, k1, k2, first, last);
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
}
