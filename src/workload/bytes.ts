// Reading trace files synchronously in chunks (the simulation pulls one job at a time, so the
// reader cannot be a Node stream). A plain file is read 1 MiB at a time, opening the file for each
// chunk so that a replay abandoned half-way (a horizon, maxJobs) leaves no descriptor open. A gzip
// file (recognised by its magic bytes) is inflated into one buffer — Node has no synchronous
// incremental gunzip — and handed out in chunks; its rows are still parsed one at a time.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';

const CHUNK = 1 << 20;

export interface Chunks {
  /** The next chunk, or null at the end of the file. */
  next(): Buffer | null;
}

export function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

export function openChunks(path: string): Chunks {
  if (isGzip(path)) {
    let whole: Buffer | null = gunzipSync(readFileSync(path));
    let pos = 0;
    return {
      next() {
        if (!whole || pos >= whole.length) {
          whole = null;
          return null;
        }
        const chunk = whole.subarray(pos, Math.min(whole.length, pos + CHUNK));
        pos += chunk.length;
        return chunk;
      },
    };
  }
  let offset = 0;
  let done = false;
  return {
    next() {
      if (done) return null;
      const fd = openSync(path, 'r');
      try {
        const buf = Buffer.allocUnsafe(CHUNK);
        const n = readSync(fd, buf, 0, CHUNK, offset);
        if (n === 0) {
          done = true;
          return null;
        }
        offset += n;
        return n === CHUNK ? buf : buf.subarray(0, n);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * The beginning of a file, for reading a header: plain files chunk by chunk as usual; a gzip file
 * by inflating only its first `compressedBytes` (a partial inflate with Z_SYNC_FLUSH), so the
 * header of a large trace is read without inflating all of it.
 */
export function openHeadChunks(path: string, compressedBytes = 1 << 18): Chunks {
  if (!isGzip(path)) return openChunks(path);
  const fd = openSync(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.allocUnsafe(compressedBytes);
    head = buf.subarray(0, readSync(fd, buf, 0, compressedBytes, 0));
  } finally {
    closeSync(fd);
  }
  let text: Buffer | null = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  return {
    next() {
      const out = text;
      text = null;
      return out;
    },
  };
}

/** Whole-file text (plain or gzip), for small files such as describe-jobs JSON. */
export function readText(path: string): string {
  const raw = readFileSync(path);
  const data = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  return data.toString('utf8').replace(/^\uFEFF/, '');
}

/** Lines of a chunked file without their line ends (LF or CRLF), numbered from 1. */
export class LineReader {
  private buf: Buffer | null = null;
  private pos = 0;
  private ended = false;
  line = 0;

  constructor(private readonly chunks: Chunks) {}

  /** The next line's text, or null at the end of the file. */
  next(): string | null {
    for (;;) {
      if (this.buf) {
        const nl = this.buf.indexOf(10, this.pos);
        if (nl >= 0) {
          const end = nl > this.pos && this.buf[nl - 1] === 13 ? nl - 1 : nl;
          const text = this.buf.toString('utf8', this.pos, end);
          this.pos = nl + 1;
          this.line++;
          return text;
        }
      }
      if (this.ended) {
        if (this.buf && this.pos < this.buf.length) {
          const end = this.buf[this.buf.length - 1] === 13 ? this.buf.length - 1 : this.buf.length;
          const text = this.buf.toString('utf8', this.pos, end);
          this.buf = null;
          this.line++;
          return text;
        }
        this.buf = null;
        return null;
      }
      const chunk = this.chunks.next();
      if (chunk === null) {
        this.ended = true;
        continue;
      }
      const rest = this.buf && this.pos < this.buf.length ? this.buf.subarray(this.pos) : null;
      this.buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      this.pos = 0;
    }
  }
}
