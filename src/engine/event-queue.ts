// A binary min-heap of events kept in parallel typed arrays, so scheduling an event allocates
// nothing and a million-job run does not churn the garbage collector.
//
// Ordering is (time, phase, sequence): the integer-millisecond time first, then the fixed phase
// order within one instant (see phases.ts), then insertion order. time and phase are packed into one
// float64 key (time × 16 + phase), exact for times below 2^49 ms (about 17,000 years).

const PHASE_SLOTS = 16;
/** Phases that have a same-instant lane (src/engine/phases.ts has 7). */
const LANES = 8;

/**
 * Events due at the current instant in one phase, first in first out: their sequence numbers only
 * grow, so a plain queue keeps them in order and the heap is spared the sift of an event that is
 * handled at once (a scheduler cycle after a submission, a job whose image is cached starting).
 */
class Lane {
  seqs = new Float64Array(16);
  kinds = new Uint8Array(16);
  args = new Int32Array(16);
  head = 0;
  tail = 0;

  push(seq: number, kind: number, arg: number): void {
    if (this.tail === this.seqs.length) this.grow();
    this.seqs[this.tail] = seq;
    this.kinds[this.tail] = kind;
    this.args[this.tail] = arg;
    this.tail++;
  }

  private grow(): void {
    // Drained lanes restart at 0, so a lane only grows when that many events share one instant.
    const n = this.tail - this.head;
    const cap = Math.max(16, n * 2);
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs.subarray(this.head, this.tail));
    const kinds = new Uint8Array(cap);
    kinds.set(this.kinds.subarray(this.head, this.tail));
    const args = new Int32Array(cap);
    args.set(this.args.subarray(this.head, this.tail));
    this.seqs = seqs;
    this.kinds = kinds;
    this.args = args;
    this.head = 0;
    this.tail = n;
  }
}

export class EventQueue {
  private keys: Float64Array;
  private seqs: Float64Array;
  private kinds: Uint8Array;
  private args: Int32Array;
  /** Events in the heap. */
  private n = 0;
  private nextSeq = 0;
  /**
   * Events at `time` (the instant of the event last popped) wait in their phase's lane instead of
   * the heap; bit p of `laneMask` is set while lane p holds any. pop() takes the lowest of the
   * first non-empty lane and the heap's top by (time, phase, sequence), so the order is exactly
   * the heap's alone.
   */
  private readonly lanes: Lane[] = Array.from({ length: LANES }, () => new Lane());
  private laneMask = 0;
  private laneCount = 0;

  // The event just popped (read after pop()).
  time = 0;
  phase = 0;
  kind = 0;
  arg = 0;

  constructor(initialCapacity = 1024) {
    this.keys = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.kinds = new Uint8Array(initialCapacity);
    this.args = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.n + this.laneCount;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    if (this.laneMask !== 0) return this.time;
    return this.n === 0 ? Infinity : Math.floor(this.keys[0] / PHASE_SLOTS);
  }

  push(timeMs: number, phase: number, kind: number, arg: number): void {
    const seq = this.nextSeq++;
    if (timeMs === this.time && phase < LANES) {
      this.lanes[phase].push(seq, kind, arg);
      this.laneMask |= 1 << phase;
      this.laneCount++;
      return;
    }
    if (this.n === this.keys.length) this.grow();
    let i = this.n++;
    const key = timeMs * PHASE_SLOTS + phase;
    const { keys, seqs, kinds, args } = this;
    // Sift up: move parents down until the slot for the new event is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] < key || (keys[p] === key && seqs[p] < seq)) break;
      keys[i] = keys[p];
      seqs[i] = seqs[p];
      kinds[i] = kinds[p];
      args[i] = args[p];
      i = p;
    }
    keys[i] = key;
    seqs[i] = seq;
    kinds[i] = kind;
    args[i] = arg;
  }

  /** Removes the earliest event into (time, phase, kind, arg). Returns false when empty. */
  pop(): boolean {
    if (this.laneMask !== 0) {
      // The lowest phase with a lane event at this instant: it goes first unless the heap holds
      // an earlier one (an event of a lower phase, or of the same phase pushed before the instant came).
      const phase = 31 - Math.clz32(this.laneMask & -this.laneMask);
      const lane = this.lanes[phase];
      const key = this.time * PHASE_SLOTS + phase;
      const seq = lane.seqs[lane.head];
      if (this.n === 0 || key < this.keys[0] || (key === this.keys[0] && seq < this.seqs[0])) {
        this.phase = phase;
        this.kind = lane.kinds[lane.head];
        this.arg = lane.args[lane.head];
        lane.head++;
        this.laneCount--;
        if (lane.head === lane.tail) {
          lane.head = lane.tail = 0;
          this.laneMask &= ~(1 << phase);
        }
        return true;
      }
    }
    if (this.n === 0) return false;
    const { keys, seqs, kinds, args } = this;
    const top = keys[0];
    this.time = Math.floor(top / PHASE_SLOTS);
    this.phase = top - this.time * PHASE_SLOTS;
    this.kind = kinds[0];
    this.arg = args[0];
    const last = --this.n;
    if (last === 0) return true;
    const key = keys[last];
    const seq = seqs[last];
    const kind = kinds[last];
    const arg = args[last];
    let i = 0;
    // Sift down the former last element from the root.
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last && (keys[r] < keys[c] || (keys[r] === keys[c] && seqs[r] < seqs[c]))) c = r;
      if (key < keys[c] || (key === keys[c] && seq < seqs[c])) break;
      keys[i] = keys[c];
      seqs[i] = seqs[c];
      kinds[i] = kinds[c];
      args[i] = args[c];
      i = c;
    }
    keys[i] = key;
    seqs[i] = seq;
    kinds[i] = kind;
    args[i] = arg;
    return true;
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const keys = new Float64Array(cap);
    keys.set(this.keys);
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs);
    const kinds = new Uint8Array(cap);
    kinds.set(this.kinds);
    const args = new Int32Array(cap);
    args.set(this.args);
    this.keys = keys;
    this.seqs = seqs;
    this.kinds = kinds;
    this.args = args;
  }
}
