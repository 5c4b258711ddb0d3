// CSV exports replayed row by row: csv-parse's streaming Parser fed synchronously (write a chunk,
// then drain read()), so a large export is never held in memory. Default columns and the
// `columns:` mapping are documented in docs/workloads.md.
import { Parser } from 'csv-parse';
import { TIME_NOTE } from '../scenario/check.js';
import { formatMiB } from '../scenario/files.js';
import { MAX_TIME_MS, MAX_TIME_SECONDS, isValidInstant, localTimeHint } from '../scenario/time.js';
import type { CsvField, CsvWorkloadSpec } from '../scenario/types.js';
import { MAX_LINE_BYTES, TraceInputError, openChunks, type Chunks } from './bytes.js';
import { isError, keptShare, platformMismatch, rowShareRule, type Resolver } from './resolve.js';
import {
  JOB_NAME, MAX_TRACE_MS, cellShown, checkResources, csvSyntax, emptyJob, nameShown, parseNumber, shareIdentifierShown, type ResourceCells, type RowProblem, type TimeGate,
  type TraceReader, type TraceRow,
} from './trace.js';

export const CSV_FIELDS: readonly CsvField[] = [
  'submitTime', 'jobName', 'jobQueue', 'jobDefinition', 'vcpus', 'memory', 'gpus', 'duration', 'exitCode', 'arraySize',
  'dependsOn', 'shareIdentifier', 'timeout',
];

const MAX_DEPENDENCIES = 20;

interface Row {
  record: string[];
  raw: string;
  /** The line the record starts on (counted from `raw`: csv-parse's per-record info is slow). */
  line: number;
}

/** Header cells are matched ignoring case and all but letters and digits: `submit_time`, `Submit Time` and `submitTime` are one. */
export function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export interface CsvContext {
  resolver: Resolver;
  gate: TimeGate;
  /** Epoch ms of the scenario's startTime: ISO submit times are taken relative to it. */
  startTimeMs: number;
}

export function csvReader(spec: CsvWorkloadSpec, ctx: CsvContext, chunks: Chunks = openChunks(spec.path)): TraceReader {
  const fatal: RowProblem[] = [];
  const parser = new Parser({
    bom: true, raw: true, relax_column_count: true, skip_empty_lines: true, trim: true, delimiter: spec.delimiter,
    max_record_size: MAX_LINE_BYTES,
  });
  parser.on('error', () => {
    // Read synchronously through `parser.errored` below; the listener keeps Node from throwing.
  });
  const pending: Row[] = [];
  let head = 0;
  let inputDone = false;
  let ended = false;
  let index: Partial<Record<CsvField, number>> | undefined;
  let headerLabels: string[] = [];
  let width = 0;
  /** The line the next record's raw text starts on. */
  let nextLine = 1;

  /** The next parsed record, reading more chunks as needed; null at the end or after a syntax error. */
  const record = (): Row | null => {
    for (;;) {
      if (head < pending.length) {
        const r = pending[head++]!;
        if (head === pending.length) {
          pending.length = 0;
          head = 0;
        }
        return r;
      }
      if (inputDone || fatal.length > 0) return null;
      let chunk: Buffer | null;
      try {
        chunk = chunks.next();
      } catch (err) {
        if (!(err instanceof TraceInputError)) throw err;
        // The file cannot be read further (truncated gzip, a byte that is not UTF-8, a line without end).
        fatal.push({ line: err.line ?? nextLine, column: err.column ?? 1, message: `${err.message}; the rest of the file is not read` });
        inputDone = true;
        return null;
      }
      if (chunk === null) {
        parser.end();
        inputDone = true;
      } else {
        parser.write(chunk);
      }
      for (let r = parser.read() as Row | null; r !== null; r = parser.read() as Row | null) {
        // `raw` holds the empty lines skipped before the record, the record and its line end.
        let lead = 0;
        while (lead < r.raw.length && (r.raw[lead] === '\n' || r.raw[lead] === '\r')) lead++;
        r.line = nextLine + countNewlines(r.raw, 0, lead);
        nextLine += countNewlines(r.raw, 0, r.raw.length);
        pending.push(r);
      }
      const err = parser.errored as (Error & { lines?: number; code?: string }) | null;
      if (err) {
        const line = typeof err.lines === 'number' && err.lines > 0 ? err.lines : 1;
        const message = err.code === 'CSV_MAX_RECORD_SIZE'
          ? `the line is longer than ${formatMiB(MAX_LINE_BYTES)}; the rest of the file is not read`
          : `not valid CSV: ${csvSyntax(err)} (the rest of the file is not read)`;
        fatal.push({ line, column: 1, message });
        inputDone = true;
        chunks.close();
      }
    }
  };

  const setUpColumns = (header: Row | null): boolean => {
    const labels = header ? header.record : [];
    const byName = new Map<string, number>();
    labels.forEach((name, j) => {
      const key = normalizeHeader(name);
      if (!byName.has(key)) byName.set(key, j);
    });
    const found: Partial<Record<CsvField, number>> = {};
    const line = header ? header.line : 1;
    let ok = true;
    for (const field of CSV_FIELDS) {
      const want = spec.columns[field];
      if (typeof want === 'number') {
        found[field] = want - 1;
      } else if (want !== undefined) {
        const j = byName.get(normalizeHeader(want));
        if (j === undefined) {
          fatal.push({ line, column: labels.length + 1, message: `columns.${field} names "${want}", which is not in the header (${fields(labels.length)})` });
          ok = false;
        } else {
          found[field] = j;
        }
      } else if (header) {
        const j = byName.get(normalizeHeader(field));
        if (j !== undefined) found[field] = j;
      }
    }
    if (ok && found.submitTime === undefined) {
      fatal.push({ line, column: labels.length + 1, message: `no submit-time column: the header (${fields(labels.length)}) needs a "submitTime" column, or map one with columns.submitTime` });
      ok = false;
    }
    if (ok && found.jobQueue === undefined && spec.jobQueue === null) {
      fatal.push({ line, column: labels.length + 1, message: 'no job queue: the file has no "jobQueue" column and the workload gives no default jobQueue' });
      ok = false;
    }
    if (ok && found.jobDefinition === undefined && spec.jobDefinition === null) {
      fatal.push({ line, column: labels.length + 1, message: 'no job definition: the file has no "jobDefinition" column and the workload gives no default jobDefinition' });
      ok = false;
    }
    index = found;
    headerLabels = labels;
    width = labels.length;
    return ok;
  };

  const label = (field: CsvField): string => {
    const j = index?.[field];
    const written = j === undefined ? undefined : headerLabels[j];
    return written !== undefined && normalizeHeader(written) !== normalizeHeader(field) ? `${field} (column "${written}")` : field;
  };

  // The row being converted, and helpers over it (made once, not per row).
  let row: Row = { record: [], raw: '', line: 0 };
  let line = 0;
  let problems: RowProblem[] = [];
  const bad = (field: CsvField, message: string) =>
    problems.push({ line, column: (index![field] ?? 0) + 1, message: `${label(field)}${message.startsWith(':') ? '' : ' '}${message}` });
  const cell = (field: CsvField): string => {
    const j = index![field];
    return j === undefined ? '' : (row.record[j] ?? '');
  };
  const number = (field: CsvField): number | undefined => {
    const text = cell(field);
    if (text === '') return undefined;
    const n = parseNumber(text);
    if (n === undefined) bad(field, `must be a number, received ${cellShown(text)}`);
    return n;
  };
  const onProblem = (column: number, message: string) => problems.push({ line, column, message });
  const unit = spec.timeUnit === 'milliseconds' ? 1 : 1000;

  const convert = (current: Row): TraceRow | 'after' => {
    row = current;
    line = row.line;
    problems = [];
    const ix = index!;
    if (width > 0 && row.record.length !== width) {
      problems.push({ line, column: Math.min(row.record.length, width) + 1, message: `expected ${width} fields (as in the header), received ${row.record.length}` });
      return { kind: 'bad', line, problems };
    }

    // Submit time first: the window and the order check need it before anything else.
    const timeText = cell('submitTime');
    let atMs: number | undefined;
    if (timeText === '') bad('submitTime', 'is empty (a submit time is required)');
    else {
      const n = parseNumber(timeText);
      if (n !== undefined && n * unit > MAX_TRACE_MS) bad('submitTime', `must be at most ${MAX_TRACE_MS / unit} ${spec.timeUnit}, received ${timeText} (the range of dates)`);
      else if (n !== undefined && n >= 0) atMs = Math.round(n * unit);
      else if (n === undefined && isValidInstant(timeText)) atMs = Date.parse(timeText) - ctx.startTimeMs;
      else {
        const hint = localTimeHint(timeText);
        bad('submitTime', `must be ${spec.timeUnit} ≥ 0 or an ISO-8601 instant such as 2026-01-05T06:00:00Z, received ${hint ? 'a local time' : cellShown(timeText)}${hint}`);
      }
    }
    if (atMs === undefined) return { kind: 'bad', line, problems };
    const where = ctx.gate.check(atMs, line);
    if (where === 'after') return 'after';
    if (where === 'before') return { kind: 'outside', line };
    if (typeof where === 'object') bad('submitTime', where.outOfOrder);

    const job = emptyJob();
    job.atMs = atMs;
    const name = cell('jobName');
    if (name !== '') {
      if (JOB_NAME.test(name)) job.jobName = name;
      else bad('jobName', `must be up to 128 letters, digits, hyphens and underscores, starting with a letter or digit, received ${nameShown(name, 128)}`);
    }
    const q = ctx.resolver.queue(cell('jobQueue'));
    const d = ctx.resolver.definition(cell('jobDefinition'));
    if (isError(q)) bad('jobQueue', `: ${q.error}`);
    if (isError(d)) bad('jobDefinition', `: ${d.error}`);
    if (!isError(q) && !isError(d)) {
      const mismatch = platformMismatch(q, d);
      if (mismatch) bad(ix.jobDefinition !== undefined ? 'jobDefinition' : 'jobQueue', `: ${mismatch}`);
      job.jobQueue = q.index;
      job.jobDefinition = d.index;
    }
    const cells: ResourceCells = {};
    for (const field of ['vcpus', 'memory', 'gpus'] as const) {
      const n = number(field);
      if (n !== undefined) cells[field] = { value: n, column: ix[field]! + 1 };
    }
    if (!isError(d)) {
      const r = checkResources(d.platform, d.resources, cells, onProblem);
      if (r) {
        job.vcpus = r.vcpus;
        job.memory = r.memory;
        job.gpus = r.gpus;
      }
    }
    const duration = number('duration');
    if (duration !== undefined) {
      if (duration < 0) bad('duration', `must be ≥ 0 (${spec.timeUnit}), received ${duration}`);
      else if (duration * unit > MAX_TIME_MS) bad('duration', `must be at most ${MAX_TIME_MS / unit} (${spec.timeUnit}), received ${duration} ${TIME_NOTE}`);
      else job.durationMs = Math.round(duration * unit);
    }
    const exitCode = number('exitCode');
    if (exitCode !== undefined) {
      if (Number.isInteger(exitCode) && exitCode >= 0 && exitCode <= 255) job.exitCode = exitCode;
      else bad('exitCode', `must be an integer between 0 and 255, received ${exitCode}`);
    }
    const size = number('arraySize');
    if (size !== undefined) {
      if (size === 0 || (Number.isInteger(size) && size >= 2 && size <= 10_000)) job.arraySize = size;
      else bad('arraySize', `must be 0 or empty (not an array job) or an integer between 2 and 10000, received ${size}`);
    }
    const deps = cell('dependsOn');
    if (deps !== '') {
      const names = deps.split(/[\s;|]+/).filter((n) => n !== '');
      const wrong = names.findIndex((n) => !JOB_NAME.test(n));
      if (wrong >= 0) bad('dependsOn', `must list job names separated by ";", received ${nameShown(names[wrong]!, 128)} as name ${wrong + 1}`);
      else if (names.length > MAX_DEPENDENCIES) bad('dependsOn', `lists ${names.length} jobs; a job cannot have more than ${MAX_DEPENDENCIES} dependencies`);
      else job.dependsOn = names;
    }
    const share = cell('shareIdentifier');
    const shareWrong = share === '' ? undefined : shareIdentifierShown(share);
    if (shareWrong) bad('shareIdentifier', shareWrong);
    else if (share !== '') job.shareIdentifier = keptShare(q, share);
    // Required on a fair-share queue (spec §7.2), as SubmitJob would; dropped on a FIFO one.
    const rule = isError(q) || shareWrong ? undefined : rowShareRule(q, share !== '');
    if (rule && ix.shareIdentifier !== undefined) bad('shareIdentifier', rule);
    else if (rule) problems.push({ line, column: (ix.jobQueue ?? 0) + 1, message: `shareIdentifier ${rule} (the file has no shareIdentifier column: add one, or map one with columns.shareIdentifier)` });
    const timeout = number('timeout');
    if (timeout !== undefined) {
      if (timeout > MAX_TIME_SECONDS) bad('timeout', `must be at most ${MAX_TIME_SECONDS} (seconds), received ${timeout} ${TIME_NOTE}`);
      else if (Number.isInteger(timeout) && timeout >= 60) job.attemptDurationSeconds = timeout;
      else bad('timeout', `must be an integer ≥ 60 (seconds, AWS's minimum attempt duration), received ${timeout}`);
    }
    if (problems.length > 0) return { kind: 'bad', line, problems: problems.sort((a, b) => a.column - b.column) };
    // Names are only tracked (for dependencies) when the file can have any.
    return { kind: 'job', line, job, timeColumn: (ix.submitTime ?? 0) + 1, key: ix.dependsOn === undefined ? null : job.jobName, depKeys: job.dependsOn };
  };

  return {
    fatal,
    close: () => chunks.close(),
    next(): TraceRow | null {
      if (ended) return null;
      if (index === undefined) {
        const header = spec.header ? record() : null;
        if (spec.header && header === null) {
          if (fatal.length === 0) fatal.push({ line: 1, column: 1, message: 'the file is empty (expected a header line, then one row per job)' });
          ended = true;
        } else if (!setUpColumns(header)) {
          ended = true;
        }
      }
      while (!ended) {
        const r = record();
        if (r === null) break;
        const out = convert(r);
        if (out === 'after') break;
        return out;
      }
      ended = true;
      chunks.close();
      return null;
    },
  };
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function fields(n: number): string {
  return n === 1 ? '1 field' : `${n} fields`;
}
