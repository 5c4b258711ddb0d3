// Writes a CSV file in the dialect csv-stringify produces by default, without building an object
// per row: callers format each record into one string (csvText for strings, the number's own
// string form for numbers) and the records are encoded into a 1 MiB buffer appended to the file
// with writeSync whenever it fills, so a million-row table neither sits in memory as one string
// nor costs an array per row and a csv-stringify pass per field (for jobs.csv and attempts.csv
// that was 80 % of a full run). csv-stringify stays the reference for
// the dialect: test/report/csv-fast.test.ts writes the same rows both ways and compares the bytes.
import { closeSync, openSync, writeSync } from 'node:fs';
import { BackgroundWriter, SLOT_BYTES } from './background-writer.js';
import { csvText } from '../util/csv-text.js';

export { csvText };

export type Cell = string | number;

/** Bytes of pending records held before they are written out. */
const CHUNK_BYTES = SLOT_BYTES;


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
    // UTF-8 takes at most 3 bytes per UTF-16 code unit, so this much room always suffices.
    const room = 3 * record.length + 1;
    if (this.used + room > CHUNK_BYTES) {
      this.flush();
      if (room > CHUNK_BYTES) {
        const whole = Buffer.from(record + '\n');
        this.writeOut(whole, whole.length);
        return;
      }
    }
    this.used += this.buf.write(record, this.used, 'utf8');
    this.buf[this.used++] = 0x0a;
  }

  row(cells: readonly Cell[]): void {
    this.line(cells.map(csvCell).join(','));
  }

  close(): void {
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

/** Milliseconds since scenario start as seconds; empty when the time never came. */
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

export function seconds(ms: number): Cell {
  return ms < 0 ? '' : ms / 1000;
}

/** seconds() as its CSV field. */
export function secondsField(ms: number): string {
  return ms < 0 ? '' : `${ms / 1000}`;
}
