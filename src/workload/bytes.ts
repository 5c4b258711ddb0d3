// Reading trace files synchronously in chunks (the simulation pulls one job at a time, so the
// reader cannot be a Node stream), as untrusted input:
// - only regular files are read (a device such as /dev/zero never ends, a named pipe blocks);
// - a plain file is read 1 MiB at a time, opening the file for each chunk so that a replay
//   abandoned half-way (a horizon, maxJobs) leaves no descriptor open;
// - a gzip file (recognised by its magic bytes) is inflated as it is read (gunzip.ts), so memory
//   follows what is read, not what the file would inflate to; a truncated or corrupt one stops
//   with a TraceInputError;
// - the bytes must be UTF-8: the first bad byte stops the reading with its line and column;
// - no line may be longer than MAX_LINE_BYTES (a file without line ends would otherwise be held
//   whole).
import { isUtf8 } from 'node:buffer';
import { closeSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decodeUtf8, formatMiB, hexByte, invalidOffset, openRegular, readRegularFile, utf8RowMessage } from '../scenario/files.js';
import { GunzipError, gunzipFile } from './gunzip.js';

const CHUNK = 1 << 20;
/** The longest line (or CSV record) a trace may have. */
export const MAX_LINE_BYTES = 1 << 20;
/**
 * The largest describe-jobs file, inflated: they are read whole, as YAML for positions (about
 * 100 MB of memory per MB of text; the API returns 100 jobs a page, some 300 KB).
 */
export const MAX_JSON_TRACE_BYTES = 8 * 1024 * 1024;
/** All the describe-jobs files of one workload, which are held at once. */
export const MAX_JSON_TRACE_TOTAL_BYTES = 32 * 1024 * 1024;

/** Why a trace cannot be read further, with where it happened when that is known. */
export class TraceInputError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'TraceInputError';
  }
}

export interface Chunks {
  /** The next chunk, or null at the end of the file; throws TraceInputError. */
  next(): Buffer | null;
  /** Stops reading (a replay that has what it needs); idempotent. */
  close(): void;
}

/** The chunks of a trace file, plain or gzip, checked to be UTF-8. */
export function openChunks(path: string): Chunks {
  return utf8Checked(openRaw(path), () => openRaw(path));
}

/** Whether bytes start with the gzip magic number. */
function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function gzipMagic(fd: number): boolean {
  const head = Buffer.alloc(2);
  return isGzip(head.subarray(0, readSync(fd, head, 0, 2, 0)));
}

/** Plain or inflated bytes, not yet checked to be text. */
function openRaw(path: string): Chunks {
  const opened = openRegular(path);
  if ('why' in opened) throw new TraceInputError(`cannot read the file: ${opened.why}`, 1, 1);
  let gzip: boolean;
  let small: Buffer | null = null;
  try {
    gzip = gzipMagic(opened.fd);
    if (gzip && opened.size <= SMALL_GZIP_BYTES) small = inflateSmall(opened.fd, opened.size);
  } finally {
    closeSync(opened.fd);
  }
  if (small !== null) return bufferChunks(small);
  if (gzip) {
    const source = gunzipFile(path);
    return {
      next() {
        try {
          return source.next();
        } catch (err) {
          if (err instanceof GunzipError) throw new TraceInputError(gunzipMessage(err.kind, err.detail));
          throw err;
        }
      },
      close: () => source.close(),
    };
  }
  let offset = 0;
  let done = false;
  return {
    next() {
      if (done) return null;
      const again = openRegular(path);
      if ('why' in again) throw new TraceInputError(`cannot read the file: ${again.why}`);
      try {
        const buf = Buffer.allocUnsafe(CHUNK);
        const n = readSync(again.fd, buf, 0, CHUNK, offset);
        if (n === 0) {
          done = true;
          return null;
        }
        offset += n;
        return n === CHUNK ? buf : buf.subarray(0, n);
      } finally {
        closeSync(again.fd);
      }
    },
    close() {
      done = true;
    },
  };
}

/**
 * Small gzip files are inflated at once when they inflate to at most SMALL_GZIP_INFLATED_BYTES:
 * starting the inflating worker costs more than inflating them. Anything else — larger, a bomb,
 * truncated, corrupt — is left to the worker, which reads it incrementally and says where it broke.
 */
const SMALL_GZIP_BYTES = 1 << 20;
const SMALL_GZIP_INFLATED_BYTES = 16 << 20;

function inflateSmall(fd: number, size: number): Buffer | null {
  const compressed = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const got = readSync(fd, compressed, n, size - n, n);
    if (got === 0) break;
    n += got;
  }
  try {
    return gunzipSync(compressed.subarray(0, n), { maxOutputLength: SMALL_GZIP_INFLATED_BYTES });
  } catch {
    return null;
  }
}

function bufferChunks(whole: Buffer): Chunks {
  let pos = 0;
  return {
    next() {
      if (pos >= whole.length) return null;
      const chunk = whole.subarray(pos, Math.min(whole.length, pos + CHUNK));
      pos += chunk.length;
      return chunk;
    },
    close() {
      pos = whole.length;
    },
  };
}

function gunzipMessage(kind: GunzipError['kind'], detail: string): string {
  if (kind === 'truncated') return 'the gzip data ends early (the file is truncated)';
  return `the gzip data is ${kind} (${detail})`;
}

/**
 * Passes chunks through, checking that they are UTF-8 as they go (a character may straddle two
 * chunks) and that no line grows past MAX_LINE_BYTES. On a bad byte, reads the file again up to it
 * to say its line and column; a line that is too long is refused here, before a reader buffers it.
 */
function utf8Checked(raw: Chunks, reopen: () => Chunks): Chunks {
  let carry: Buffer | null = null;
  let base = 0;
  let sinceNewline = 0;
  const fail = (offset: number): never => {
    raw.close();
    const at = locate(reopen, offset);
    throw new TraceInputError(utf8RowMessage(at), at.line, at.column);
  };
  return {
    next() {
      const chunk = raw.next();
      if (chunk === null) {
        if (carry !== null) fail(base);
        return null;
      }
      const data = carry ? Buffer.concat([carry, chunk]) : chunk;
      const cut = completeLength(data);
      const whole = data.subarray(0, cut);
      if (!isUtf8(whole)) fail(base + invalidOffset(whole));
      carry = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
      base += cut;
      const nl = chunk.lastIndexOf(10);
      sinceNewline = nl >= 0 ? chunk.length - nl - 1 : sinceNewline + chunk.length;
      if (sinceNewline > MAX_LINE_BYTES) {
        raw.close();
        throw new TraceInputError(`the line is longer than ${formatMiB(MAX_LINE_BYTES)}`);
      }
      return chunk;
    },
    close: () => raw.close(),
  };
}

/** The length of `data` without a multi-byte character cut off at its end. */
function completeLength(data: Buffer): number {
  const n = data.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    const b = data[n - k]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead byte
    if (b < 0xc0) return n;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return need > k ? n - k : n;
  }
  return n;
}

/** Line, column (in characters) and hex value of the byte at `offset` of a freshly opened copy. */
function locate(reopen: () => Chunks, offset: number): { line: number; column: number; byte: string } {
  const src = reopen();
  let pos = 0;
  let line = 1;
  let tail: Buffer[] = [];
  let byte = 0;
  try {
    for (let c = src.next(); c !== null && pos <= offset; c = src.next()) {
      const part = c.subarray(0, Math.max(0, offset - pos));
      for (let i = part.indexOf(10); i >= 0; i = part.indexOf(10, i + 1)) line++;
      const nl = part.lastIndexOf(10);
      if (nl >= 0) tail = [part.subarray(nl + 1)];
      else tail.push(part);
      if (offset - pos < c.length) byte = c[offset - pos]!;
      pos += c.length;
    }
  } finally {
    src.close();
  }
  const column = Buffer.concat(tail).toString('utf8').length + 1;
  return { line, column, byte: hexByte(byte) };
}

/** Whole-file text (plain or gzip, at most MAX_JSON_TRACE_BYTES inflated), for describe-jobs JSON. */
export function readText(path: string): string {
  const read = readRegularFile(path, MAX_JSON_TRACE_BYTES, 'a describe-jobs file');
  if ('why' in read) throw new TraceInputError(`cannot read the file: ${read.why}`, 1, 1);
  let data = read.bytes;
  if (isGzip(data)) {
    try {
      data = gunzipSync(data, { maxOutputLength: MAX_JSON_TRACE_BYTES });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const message = code === 'ERR_BUFFER_TOO_LARGE'
        ? `it inflates to more than ${formatMiB(MAX_JSON_TRACE_BYTES)}, the limit for a describe-jobs file`
        : gunzipMessage(code === 'Z_BUF_ERROR' ? 'truncated' : 'corrupt', (err as Error).message);
      throw new TraceInputError(message, 1, 1);
    }
  }
  const decoded = decodeUtf8(data);
  if ('text' in decoded) return decoded.text;
  throw new TraceInputError(utf8RowMessage(decoded), decoded.line, decoded.column);
}

/** Lines of a chunked file without their line ends (LF or CRLF), numbered from 1; throws TraceInputError. */
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
          if (nl - this.pos > MAX_LINE_BYTES) this.tooLong();
          const end = nl > this.pos && this.buf[nl - 1] === 13 ? nl - 1 : nl;
          const text = this.buf.toString('utf8', this.pos, end);
          this.pos = nl + 1;
          this.line++;
          return text;
        }
        if (this.buf.length - this.pos > MAX_LINE_BYTES) this.tooLong();
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
      let chunk: Buffer | null;
      try {
        chunk = this.chunks.next();
      } catch (err) {
        // Where the reading stopped: the line being read, unless the error knows better.
        if (err instanceof TraceInputError && err.line === undefined) throw new TraceInputError(err.message, this.line + 1, 1);
        throw err;
      }
      if (chunk === null) {
        this.ended = true;
        continue;
      }
      const rest = this.buf && this.pos < this.buf.length ? this.buf.subarray(this.pos) : null;
      this.buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      this.pos = 0;
    }
  }

  close(): void {
    this.chunks.close();
  }

  private tooLong(): never {
    this.chunks.close();
    throw new TraceInputError(`the line is longer than ${formatMiB(MAX_LINE_BYTES)}`, this.line + 1, 1);
  }
}
