// Writes a file from a worker thread while the main thread goes on formatting (issue 9: for a
// million-job report the write system calls alone took about a second of the main thread). The
// main thread fills one of a few shared-memory slots and hands it over; the worker writes it and
// hands it back (Atomics.wait / notify, as in src/workload/gunzip.ts). The bytes are those the
// main thread would have written itself, in the same order; close() returns once all are on disk
// and throws what the worker's write threw (ENOSPC, EACCES…), with its code.
import { Worker } from 'node:worker_threads';

/** Slots in the ring and bytes in each. */
export const SLOTS = 4;
export const SLOT_BYTES = 1 << 20;
/** A worker that takes this long over one slot is taken as stuck. */
const STALL_MS = 120_000;

// ctrl[i] (i < SLOTS): the slot's state; ctrl[SLOTS + i]: its length; ctrl[2 * SLOTS]: error text length.
const EMPTY = 0;
const FULL = 1;
const CLOSE = 2;
const CLOSED = 3;
const FAILED = 4;
const ERROR_BYTES = 4096;

// CommonJS, run with `eval: true`, so it needs no file of its own next to the compiled code.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { openSync, writeSync, closeSync } = require('node:fs');
const { sab, path, slots, slotBytes, errorBytes } = workerData;
const ctrl = new Int32Array(sab, 0, 2 * slots + 1);
const base = 4 * (2 * slots + 1);
let fd = -1;
function fail(err) {
  const text = Buffer.from(JSON.stringify({ message: String(err && err.message || err), code: err && err.code || null })).subarray(0, errorBytes);
  new Uint8Array(sab, base + slots * slotBytes, errorBytes).set(text);
  Atomics.store(ctrl, 2 * slots, text.length);
  for (let i = 0; i < slots; i++) { Atomics.store(ctrl, i, ${FAILED}); Atomics.notify(ctrl, i); }
}
try {
  fd = openSync(path, 'w');
  for (let i = 0; ; i = (i + 1) % slots) {
    let s;
    while ((s = Atomics.load(ctrl, i)) === ${EMPTY}) Atomics.wait(ctrl, i, ${EMPTY});
    if (s === ${CLOSE}) {
      closeSync(fd);
      Atomics.store(ctrl, i, ${CLOSED});
      Atomics.notify(ctrl, i);
      break;
    }
    const length = Atomics.load(ctrl, slots + i);
    const bytes = new Uint8Array(sab, base + i * slotBytes, length);
    for (let done = 0; done < length; ) done += writeSync(fd, bytes, done, length - done);
    Atomics.store(ctrl, i, ${EMPTY});
    Atomics.notify(ctrl, i);
  }
} catch (err) {
  fail(err);
}
`;

/** An Error like the one the worker's fs call threw, `code` included (the CLI reports those as input errors). */
function workerError(sab: SharedArrayBuffer, ctrl: Int32Array): Error {
  const length = Atomics.load(ctrl, 2 * SLOTS);
  const text = Buffer.from(new Uint8Array(sab, 4 * (2 * SLOTS + 1) + SLOTS * SLOT_BYTES, length)).toString('utf8');
  const { message, code } = JSON.parse(text) as { message: string; code: string | null };
  return Object.assign(new Error(message), code ? { code } : {});
}

export class BackgroundWriter {
  private readonly sab = new SharedArrayBuffer(4 * (2 * SLOTS + 1) + SLOTS * SLOT_BYTES + ERROR_BYTES);
  private readonly ctrl = new Int32Array(this.sab, 0, 2 * SLOTS + 1);
  private readonly worker: Worker;
  private slot = 0;
  private closed = false;

  constructor(path: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab: this.sab, path, slots: SLOTS, slotBytes: SLOT_BYTES, errorBytes: ERROR_BYTES } });
    this.worker.unref();
  }

  /** The next free slot to fill (a Buffer over shared memory, SLOT_BYTES long), once the worker has written it out. */
  take(): Buffer {
    this.waitWhile(this.slot, FULL);
    return Buffer.from(this.sab, 4 * (2 * SLOTS + 1) + this.slot * SLOT_BYTES, SLOT_BYTES);
  }

  /** Hands the slot last taken, filled with `length` bytes, to the worker. */
  hand(length: number): void {
    Atomics.store(this.ctrl, SLOTS + this.slot, length);
    this.set(EMPTY, FULL);
    this.slot = (this.slot + 1) % SLOTS;
  }

  /** Waits until every handed slot is written and the file closed; throws the worker's error, if any. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waitWhile(this.slot, FULL);
    this.set(EMPTY, CLOSE);
    this.waitWhile(this.slot, CLOSE);
    void this.worker.terminate();
  }

  /**
   * Moves the current slot from `from` to `to` and wakes the worker — unless the worker failed
   * meanwhile (it marks every slot FAILED): its error is thrown, not overwritten.
   */
  private set(from: number, to: number): void {
    if (Atomics.compareExchange(this.ctrl, this.slot, from, to) !== from) {
      this.closed = true;
      void this.worker.terminate();
      throw workerError(this.sab, this.ctrl);
    }
    Atomics.notify(this.ctrl, this.slot);
  }

  /** Waits while slot `i` is in `state`; throws if the worker failed or stalled. */
  private waitWhile(i: number, state: number): void {
    for (;;) {
      const s = Atomics.load(this.ctrl, i);
      if (s === FAILED) {
        this.closed = true;
        void this.worker.terminate();
        throw workerError(this.sab, this.ctrl);
      }
      if (s !== state) return;
      if (Atomics.wait(this.ctrl, i, state, STALL_MS) === 'timed-out') {
        this.closed = true;
        void this.worker.terminate();
        throw new Error(`writing a report file made no progress for ${STALL_MS / 1000} s`);
      }
    }
  }
}
