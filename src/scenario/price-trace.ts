// `settings.spot.priceTrace`: a CSV file of Spot prices to replay, `time,instanceType,price`.
// Every bad row is reported with the CSV's own line and field number, so a long trace can be fixed
// in one pass.
import { parse } from 'csv-parse/sync';
import { instanceType } from '../market/catalog.js';
import { TIME_NOTE, readReferencedFile, type Checker } from './check.js';
import { MAX_TIME_MS, MAX_TIME_SECONDS, isValidInstant, localTimeHint } from './time.js';
import type { SpotPricePoint } from './types.js';
import { cellShown, csvSyntax } from '../workload/trace.js';

const COLUMNS = ['time', 'instanceType', 'price'] as const;
type Column = (typeof COLUMNS)[number];

/** Non-negative decimal seconds; no sign, exponent or hex, which Number() would also accept. */
const SECONDS = /^\d+(\.\d+)?$/;
const PRICE = /^(\d+(\.\d*)?|\.\d+)$/;

interface Row {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * Reads the trace named `written` (relative to `baseDir` unless absolute). Times are seconds since
 * the scenario start or ISO-8601 instants, converted relative to `startTime`. Returns the points
 * sorted by time (stable), or undefined when anything was wrong.
 */
export function readPriceTrace(c: Checker, path: string, written: string, baseDir: string, startTime: string): SpotPricePoint[] | undefined {
  const text = readReferencedFile(c, path, written, baseDir, 'the price trace ');
  if (text === undefined) return undefined;

  let rows: Row[];
  try {
    rows = parse(text, { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as Row[];
  } catch (err) {
    const e = err as { lines?: unknown; message?: string; code?: string };
    const line = typeof e.lines === 'number' && e.lines > 0 ? e.lines : 1;
    c.reportIn(path, written, { line, column: 1 }, `${written} line ${line}: not valid CSV: ${csvSyntax(e)}`);
    return undefined;
  }

  const problem = (line: number, column: number, message: string) =>
    c.reportIn(path, written, { line, column }, `${written} line ${line}, column ${column}: ${message}`);
  const header = rows[0];
  if (!header) {
    c.report(path, `The price trace "${written}" is empty (expected a header line ${COLUMNS.join(',')} and one row per price change)`);
    return undefined;
  }
  const index = readHeader(header, (column, message) => problem(firstLine(header), column, message));
  if (!index) return undefined;

  const startMs = Date.parse(startTime);
  const points: { atMs: number; instanceType: string; price: number; line: number }[] = [];
  let ok = true;
  for (const row of rows.slice(1)) {
    const line = firstLine(row);
    const bad = (column: Column, message: string) => {
      ok = false;
      problem(line, index[column] + 1, message);
    };
    if (row.record.length !== COLUMNS.length) {
      ok = false;
      problem(line, Math.min(row.record.length, COLUMNS.length) + 1,
        `expected ${COLUMNS.length} fields (${COLUMNS.join(',')}), received ${row.record.length}`);
      continue;
    }
    const atMs = readTime(row.record[index.time]!, startMs, (m) => bad('time', m));
    const type = row.record[index.instanceType]!;
    // The file's text is not quoted back (see workload/trace.ts): its line and column say where.
    if (!instanceType(type)) bad('instanceType', `instanceType must be an instance type of the catalog, e.g. c5.large, received ${type === '' ? 'an empty field' : 'a name that is not in the catalog'}`);
    const priceText = row.record[index.price]!;
    const price = PRICE.test(priceText) ? Number(priceText) : NaN;
    if (!(price > 0)) bad('price', `price must be a positive number (USD per hour), received ${cellShown(priceText)}`);
    if (atMs !== undefined && instanceType(type) && price > 0) points.push({ atMs, instanceType: type, price, line });
  }
  if (!ok) return undefined;
  return settle(points);
}

/** The line a record starts on: csv-parse counts up to its last line, and `raw` holds the skipped empty lines before it. */
function firstLine(row: Row): number {
  const content = row.raw.replace(/\r?\n$/, '').replace(/^(\r?\n)+/, '');
  return row.info.lines - (content.match(/\n/g)?.length ?? 0);
}

function readHeader(header: Row, problem: (column: number, message: string) => void): Record<Column, number> | undefined {
  const found = new Map<string, number>();
  let ok = true;
  header.record.forEach((name, j) => {
    if (!(COLUMNS as readonly string[]).includes(name)) {
      problem(j + 1, `unknown column in the header (expected ${COLUMNS.join(',')})`);
      ok = false;
    } else if (found.has(name)) {
      problem(j + 1, `column "${name}" appears twice in the header`);
      ok = false;
    } else {
      found.set(name, j);
    }
  });
  const missing = COLUMNS.filter((name) => !found.has(name));
  if (ok && missing.length > 0) {
    problem(header.record.length + 1, `the header must name the columns ${COLUMNS.join(',')}, missing ${missing.join(', ')}`);
    ok = false;
  }
  if (!ok) return undefined;
  return { time: found.get('time')!, instanceType: found.get('instanceType')!, price: found.get('price')! };
}

/**
 * Seconds since the start (≥ 0), or an ISO-8601 instant with a zone; integer ms, possibly negative
 * for an instant before the start, at most MAX_TIME_MS.
 */
function readTime(text: string, startMs: number, bad: (message: string) => void): number | undefined {
  const ms = SECONDS.test(text) ? Math.round(Number(text) * 1000) : isValidInstant(text) ? Date.parse(text) - startMs : undefined;
  if (ms !== undefined && !(ms <= MAX_TIME_MS)) {
    bad(`time must be at most ${MAX_TIME_SECONDS} s after the scenario start, received ${ms / 1000} s ${TIME_NOTE}`);
    return undefined;
  }
  if (ms !== undefined) return ms;
  const hint = localTimeHint(text);
  bad(`time must be seconds since the scenario start (≥ 0) or an ISO-8601 instant such as 2026-01-05T06:00:00Z, received ${hint ? 'a local time' : cellShown(text)}${hint}`);
  return undefined;
}

/**
 * Sorted by time, file order kept among equal times. A price set before the scenario starts is the
 * price in effect at t = 0, so for each type only the latest such price is kept, at 0.
 */
function settle(points: { atMs: number; instanceType: string; price: number; line: number }[]): SpotPricePoint[] {
  const sorted = points.map((p, i) => ({ p, i })).sort((a, b) => a.p.atMs - b.p.atMs || a.i - b.i).map(({ p }) => p);
  const lastBefore = new Map<string, number>();
  sorted.forEach((p, k) => p.atMs < 0 && lastBefore.set(p.instanceType, k));
  return sorted
    .filter((p, k) => p.atMs >= 0 || lastBefore.get(p.instanceType) === k)
    .map((p) => ({ atMs: Math.max(0, p.atMs), instanceType: p.instanceType, price: p.price }));
}
