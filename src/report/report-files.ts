// Reading a report directory's files back (`batchsim chart DIR`): they may have been edited by
// hand, so every value the charts and report.html use is checked on the way in, and a bad one is
// an input error naming the file and the field (summary.json, scenario.json) or the line and
// column (CSV files) — never a crash halfway through drawing.
import { createReadStream, lstatSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CsvError, parse } from 'csv-parse';

/** A report file batchsim cannot read back: the user's to fix (the CLI exits with code 2). */
export class ReportFileError extends Error {
  constructor(
    /** The file as it was given (DIR/summary.json). */
    readonly file: string,
    /** What is wrong, without the location. */
    readonly problem: string,
    /** 1-based line of a CSV file. */
    readonly line?: number,
    /** JSON path (cost.ledger[0].costUsd) or CSV column name. */
    readonly field?: string,
  ) {
    const where = [line !== undefined ? `line ${line}` : '', field !== undefined ? (line !== undefined ? `column '${field}'` : field) : ''].filter(Boolean).join(', ');
    super(`invalid report file '${file}'${where ? ` (${where})` : ''}: ${problem}`);
    this.name = 'ReportFileError';
  }
}

/** Report files are small (summary.json, scenario.json); anything larger was not written by batchsim. */
const MAX_JSON_BYTES = 64 << 20;

/** Throws unless `path` is a regular file (a FIFO or /dev/zero would never end). */
export function requireRegularFile(path: string): void {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ReportFileError(path, `${basename(path)} is missing`);
    throw new ReportFileError(path, (e as Error).message);
  }
  if (!st.isFile()) throw new ReportFileError(path, 'not a regular file');
}

export function readJsonFile(path: string): unknown {
  requireRegularFile(path);
  if (lstatSync(path).size > MAX_JSON_BYTES) throw new ReportFileError(path, `larger than ${MAX_JSON_BYTES >> 20} MiB`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ReportFileError(path, `not valid JSON: ${(e as Error).message}`);
  }
}

// ---- shapes of JSON values ---------------------------------------------------------------------

/**
 * What a JSON value must look like: a type name, an object's fields (keys ending in `?` may be
 * missing), `[shape]` for an array of that shape, or `{ '*': shape }` for a map of that shape.
 */
export type Shape = 'number' | 'string' | 'time' | 'any' | 'number|null' | 'string|null' | Shape[] | { [field: string]: Shape };

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : typeof v === 'object' ? 'an object' : String(v));

/** Throws a ReportFileError at the first place `value` does not fit `shape`. */
export function checkShape(file: string, value: unknown, shape: Shape, path = ''): void {
  const bad = (expected: string) => new ReportFileError(file, `expected ${expected}, received ${describe(value)}`, undefined, path || '(the whole file)');
  if (typeof shape === 'string') {
    const nullable = shape.endsWith('|null');
    if (nullable && value === null) return;
    const base = nullable ? shape.slice(0, -5) : shape;
    if (base === 'any') return;
    if (base === 'number' && !(typeof value === 'number' && Number.isFinite(value))) throw bad(nullable ? 'a number or null' : 'a number');
    if (base === 'string' && typeof value !== 'string') throw bad(nullable ? 'a string or null' : 'a string');
    if (base === 'time' && !(typeof value === 'string' && Number.isFinite(Date.parse(value)))) throw bad('an ISO-8601 time');
    return;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) throw bad('an array');
    value.forEach((v, i) => checkShape(file, v, shape[0], `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad('an object');
  const obj = value as Record<string, unknown>;
  if ('*' in shape) {
    for (const [k, v] of Object.entries(obj)) checkShape(file, v, shape['*'], path ? `${path}.${k}` : k);
    return;
  }
  for (const [key, s] of Object.entries(shape)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const at = path ? `${path}.${name}` : name;
    if (!Object.hasOwn(obj, name) || obj[name] === undefined) {
      if (optional) continue;
      throw new ReportFileError(file, 'missing', undefined, at);
    }
    checkShape(file, obj[name], s, at);
  }
}

// ---- CSV files ---------------------------------------------------------------------------------

/** One CSV row with its line number and typed access to its cells, named by column. */
export interface CsvRecord {
  line: number;
  text(column: string): string;
  /** A finite number (required). */
  number(column: string): number;
  /** A finite number, or NaN for an empty cell. */
  optionalNumber(column: string): number;
  /** An ISO-8601 time, epoch ms. */
  time(column: string): number;
}

/**
 * Streams a CSV file's data rows, checking the header has `columns` and that every row has as
 * many fields as the header.
 */
export async function* csvRecords(path: string, columns: string[]): AsyncGenerator<CsvRecord> {
  requireRegularFile(path);
  const parser = createReadStream(path).pipe(parse({ info: true }));
  let index: Map<string, number> | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!index) {
        index = new Map(record.map((name, i) => [name, i]));
        for (const c of columns) if (!index.has(c)) throw new ReportFileError(path, `no column '${c}' in the header`, line);
        continue;
      }
      const at = index;
      const cell = (c: string) => record[at.get(c)!];
      const numberOr = (c: string, empty: number | null) => {
        const s = cell(c);
        if (s === '' && empty !== null) return empty;
        const x = s === '' ? NaN : Number(s);
        if (!Number.isFinite(x)) throw new ReportFileError(path, `expected a number, received ${JSON.stringify(s)}`, line, c);
        return x;
      };
      yield {
        line,
        text: cell,
        number: (c) => numberOr(c, null),
        optionalNumber: (c) => numberOr(c, NaN),
        time: (c) => {
          const ms = Date.parse(cell(c));
          if (!Number.isFinite(ms)) throw new ReportFileError(path, `expected an ISO-8601 time, received ${JSON.stringify(cell(c))}`, line, c);
          return ms;
        },
      };
    }
  } catch (e) {
    if (e instanceof CsvError) throw new ReportFileError(path, e.message, (e as CsvError & { lines?: number }).lines);
    if (e instanceof ReportFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new ReportFileError(path, (e as Error).message);
    throw e;
  } finally {
    parser.destroy();
  }
  if (!index) throw new ReportFileError(path, 'empty (no header line)');
}
