// Writes a CSV file in the dialect csv-stringify produces by default, without building an object
// per row: callers format each record into one string (csvText for strings, the number's own
// string form for numbers); the records are gathered a few thousand characters at a time, encoded
// into a 1 MiB buffer and appended to the file whenever it fills, so a million-row table neither
// sits in memory as one string nor costs an array per row and a csv-stringify pass per field (for
// jobs.csv and attempts.csv that was 80 % of a full run). csv-stringify stays the reference for
// the dialect: test/report/csv-fast.test.ts writes the same rows both ways and compares the bytes.
import { closeSync, openSync, writeSync } from 'node:fs';
import { BackgroundWriter, SLOT_BYTES } from './background-writer.js';
import { csvText } from '../util/csv-text.js';

export { csvText };

export type Cell = string | number;

/** Bytes of encoded records held before they are written out. */
const CHUNK_BYTES = SLOT_BYTES;
/** UTF-16 code units of records gathered before they are encoded into the buffer. */
const PENDING_CHARS = 8192;


/** A cell in that dialect: numbers as `'' + n` (they never need quotes), strings by csvText. */
export function csvCell(cell: Cell): string {
  return typeof cell === 'number' ? `${cell}` : csvText(cell);
}

export interface CsvFileOptions {
  /**
   * Write from a worker thread (BackgroundWriter) while the caller formats the next rows: for
   * tables of a million rows, where the write calls are a second of the main thread.
   */
  background?: boolean;
}

export class CsvFile {
  private readonly fd: number;
  private readonly writer: BackgroundWriter | null;
  private buf: Buffer;
  private used = 0;
  /**
   * Records not yet encoded, each with its newline: encoded PENDING_CHARS at a time, since one
   * Buffer.write per row cost more than encoding the row (a million-row table).
   */
  private pending = '';

  constructor(path: string, header: readonly string[], options: CsvFileOptions = {}) {
    if (options.background) {
      this.fd = -1;
      this.writer = new BackgroundWriter(path);
      this.buf = this.writer.take();
    } else {
      this.fd = openSync(path, 'w');
      this.writer = null;
      this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    }
    this.line(header.map(csvText).join(','));
  }

  /** One record already formatted: fields by csvText / csvCell joined with ','; no terminator. */
  line(record: string): void {
    this.pending += `${record}\n`;
    if (this.pending.length >= PENDING_CHARS) this.encodePending();
  }

  row(cells: readonly Cell[]): void {
    this.line(cells.map(csvCell).join(','));
  }

  close(): void {
    this.encodePending();
    this.flush();
    if (this.writer) this.writer.close();
    else closeSync(this.fd);
  }

  /**
   * Gives the file up after a failure while writing it (the staging directory it is in is then
   * removed): its handle is closed and a background writer's thread ends, whatever is pending.
   */
  abort(): void {
    try {
      if (this.writer) this.writer.close();
      else closeSync(this.fd);
    } catch {
      // The write had failed already: that error is the one reported.
    }
  }

  /** The records gathered so far into the buffer (written out first when they would not fit). */
  private encodePending(): void {
    const text = this.pending;
    if (text.length === 0) return;
    this.pending = '';
    // UTF-8 takes at most 3 bytes per UTF-16 code unit, so this much room always suffices.
    const room = 3 * text.length;
    if (this.used + room > CHUNK_BYTES) {
      this.flush();
      if (room > CHUNK_BYTES) {
        const whole = Buffer.from(text);
        this.writeOut(whole, whole.length);
        return;
      }
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  private flush(): void {
    if (this.used === 0) return;
    if (this.writer) {
      this.writer.hand(this.used);
      this.buf = this.writer.take();
    } else {
      this.writeOut(this.buf, this.used);
    }
    this.used = 0;
  }

  private writeOut(bytes: Buffer, length: number): void {
    if (this.writer) {
      // A record longer than a slot goes over in slot-sized pieces, in order.
      for (let done = 0; done < length; done += SLOT_BYTES) {
        const n = bytes.copy(this.buf, 0, done, Math.min(length, done + SLOT_BYTES));
        this.writer.hand(n);
        this.buf = this.writer.take();
      }
      return;
    }
    // write(2) may take less than asked (e.g. interrupted); the rest follows.
    for (let done = 0; done < length; ) done += writeSync(this.fd, bytes, done, length - done);
  }
}

/** Writes `path` whole through `fill`, or, if anything throws, leaves nothing half-written behind. */
export function writeCsvFile(path: string, columns: readonly string[], options: CsvFileOptions, fill: (out: CsvFile) => void): void {
  const out = new CsvFile(path, columns, options);
  try {
    fill(out);
    out.close();
  } catch (e) {
    out.abort();
    throw e;
  }
}

/** Milliseconds since scenario start as seconds; empty when the time never came. */
export function seconds(ms: number): Cell {
  return ms < 0 ? '' : ms / 1000;
}

/**
 * seconds() as its CSV field. Times are whole milliseconds, and printing one as an integer and a
 * looked-up fraction is several times faster than printing the double ms / 1000 (jobs.csv and
 * attempts.csv print seven a row). It is the same text: below 2^42 s a double's spacing is under
 * a millisecond, so the shortest decimal that reads back as ms / 1000 is the exact one, at most
 * three decimals with trailing zeros dropped (test/report/csv-fast.test.ts checks it against
 * csv-stringify's). Anything else is printed as before.
 */
export function secondsField(ms: number): string {
  if (ms < 0) return '';
  if (ms < WHOLE_MS_LIMIT && ms % 1 === 0) {
    const fraction = ms % 1000;
    return `${(ms - fraction) / 1000}${FRACTIONS[fraction]}`;
  }
  return `${ms / 1000}`;
}

/** Below this many ms (2^42 s), whole milliseconds print exactly as integer seconds and a fraction. */
const WHOLE_MS_LIMIT = 2 ** 42 * 1000;
/** A whole number of ms below a second as the fraction of a second it prints as: '', '.5', '.05', '.005', '.123'. */
const FRACTIONS: readonly string[] = Array.from({ length: 1000 }, (_, ms) => (ms === 0 ? '' : `.${String(ms).padStart(3, '0').replace(/0+$/, '')}`));
