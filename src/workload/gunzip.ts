// Synchronous, incremental gunzip. The simulation pulls one job at a time, so trace readers cannot
// wait for a Node stream; and Node's only synchronous inflate (gunzipSync) inflates a whole file at
// once, which makes a gzip bomb take all of memory even when a replay needs ten rows. Node's own
// streaming Gunzip therefore runs in a worker thread and hands its output over one slot at a time
// through shared memory: the reader waits (Atomics.wait) for a slot, the worker waits for the slot
// to be taken before inflating more. Memory is one slot plus zlib's window, whatever the file holds.
import { Worker } from 'node:worker_threads';

/** Bytes handed over at a time. */
const SLOT = 1 << 16;
/** A worker that makes no progress for this long is taken as dead (inflating one slot takes microseconds). */
const STALL_MS = 60_000;

// ctrl[0]: whose turn it is; ctrl[1]: bytes in the slot (or of the error message).
const EMPTY = 0;
const FULL = 1;
const END = 2;
const ERROR = 3;
const CLOSED = 4;

// CommonJS, run with `eval: true`, so it needs no file of its own next to the compiled code.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
const { createGunzip } = require('node:zlib');
const { sab, path } = workerData;
const ctrl = new Int32Array(sab, 0, 2);
const slot = new Uint8Array(sab, 8);
let done = false;
const source = createReadStream(path, { highWaterMark: 1 << 16 });
const gunzip = createGunzip({ chunkSize: ${SLOT} });
function stop() {
  done = true;
  source.destroy();
  gunzip.destroy();
}
/** Waits until the reader has taken the slot; false once it has closed. */
function waitTurn() {
  for (;;) {
    const s = Atomics.load(ctrl, 0);
    if (s === ${CLOSED}) return false;
    if (s === ${EMPTY}) return true;
    Atomics.wait(ctrl, 0, s);
  }
}
function hand(state, bytes) {
  if (!waitTurn()) return stop();
  slot.set(bytes);
  Atomics.store(ctrl, 1, bytes.length);
  // The reader may have closed since its turn came: CLOSED must not be overwritten.
  if (Atomics.compareExchange(ctrl, 0, ${EMPTY}, state) !== ${EMPTY}) return stop();
  Atomics.notify(ctrl, 0);
}
function fail(err) {
  if (done) return;
  const code = err && err.code;
  const kind = code === 'Z_BUF_ERROR' ? 'truncated' : 'corrupt';
  const text = Buffer.from(JSON.stringify({ kind, detail: String(err && err.message || err) })).subarray(0, ${SLOT});
  hand(${ERROR}, text);
  stop();
}
source.on('error', fail);
gunzip.on('error', fail);
gunzip.on('data', (chunk) => {
  for (let at = 0; at < chunk.length && !done; at += ${SLOT}) hand(${FULL}, chunk.subarray(at, at + ${SLOT}));
});
gunzip.on('end', () => {
  if (done) return;
  hand(${END}, Buffer.alloc(0));
  stop();
});
source.pipe(gunzip);
`;

/** Why a gzip stream stopped: cut short, or bytes that do not inflate. */
export class GunzipError extends Error {
  constructor(readonly kind: 'truncated' | 'corrupt' | 'stalled', readonly detail: string) {
    super(kind === 'truncated' ? 'the gzip data ends early' : `the gzip data is ${kind}: ${detail}`);
    this.name = 'GunzipError';
  }
}

export interface ByteSource {
  /** The next bytes, or null at the end; throws GunzipError. */
  next(): Buffer | null;
  /** Stops inflating (idempotent); the worker ends. */
  close(): void;
}

// A reader that is dropped without close() (a run stopped by its horizon) lets its worker go when
// it is collected; the worker is unref'd, so it never keeps the process alive either.
const dropped = new FinalizationRegistry<Int32Array>((ctrl) => close(ctrl));

function close(ctrl: Int32Array): void {
  Atomics.store(ctrl, 0, CLOSED);
  Atomics.notify(ctrl, 0);
}

/** The inflated bytes of the gzip file at `path` (one or more members), as they are inflated. */
export function gunzipFile(path: string): ByteSource {
  const sab = new SharedArrayBuffer(8 + SLOT);
  const ctrl = new Int32Array(sab, 0, 2);
  const slot = new Uint8Array(sab, 8);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab, path } });
  worker.unref();
  let finished = false;
  const source: ByteSource = {
    next() {
      if (finished) return null;
      for (;;) {
        const s = Atomics.load(ctrl, 0);
        if (s !== EMPTY) break;
        if (Atomics.wait(ctrl, 0, EMPTY, STALL_MS) === 'timed-out') {
          source.close();
          throw new GunzipError('stalled', `no progress in ${STALL_MS / 1000} s`);
        }
      }
      const state = Atomics.load(ctrl, 0);
      const length = Atomics.load(ctrl, 1);
      const bytes = Buffer.from(slot.subarray(0, length));
      if (state === FULL) {
        Atomics.store(ctrl, 0, EMPTY);
        Atomics.notify(ctrl, 0);
        return bytes;
      }
      finished = true;
      dropped.unregister(source);
      if (state === ERROR) {
        const { kind, detail } = JSON.parse(bytes.toString('utf8')) as { kind: 'truncated' | 'corrupt'; detail: string };
        throw new GunzipError(kind, detail);
      }
      return null;
    },
    close() {
      if (finished) return;
      finished = true;
      dropped.unregister(source);
      close(ctrl);
    },
  };
  dropped.register(source, ctrl, source);
  return source;
}
