// What the trace readers (CSV, SWF, describe-jobs) hand the replay: one row at a time, each a job
// on the trace's own clock, a row left out by a documented rule, or an invalid row with every
// problem found in it. The same readers serve the validating pass when the scenario is loaded and
// the replay itself, so both accept and refuse exactly the same rows.
import { LIMITS } from '../scenario/defaults.js';
import { SHARE_ENTRY, SHARE_IDENTIFIER, SHARE_IDENTIFIER_RULE } from '../scenario/names.js';
import { FARGATE_PAIRS } from '../scenario/resources.js';
import { shareIdentifierProblem } from '../scenario/scheduling-policies.js';
import type { WorkloadJob } from './types.js';

export interface RowProblem {
  /** Set when a replay reads several files (describe-jobs pages): the file as the scenario names it. */
  file?: string;
  line: number;
  /** CSV: field number (1 = first); SWF: field number 1–18; JSON: character column. */
  column: number;
  message: string;
}

export type TraceRow =
  | {
      kind: 'job';
      line: number;
      /** atMs is on the trace's clock (before rebase and offset). */
      job: WorkloadJob;
      /** Where the submit time is, for problems about it (e.g. before the scenario start). */
      timeColumn: number;
      /** What other rows' dependencies call this job (a name, or an SWF job number). */
      key: string | number | null;
      depKeys: readonly (string | number)[];
    }
  | { kind: 'skip'; line: number; reason: string }
  | { kind: 'bad'; line: number; problems: RowProblem[] }
  | { kind: 'outside'; line: number };

export interface TraceReader {
  /** The next row, or null at the end of the file, at the first row after the window, or after a fatal problem. */
  next(): TraceRow | null;
  /** Problems that stop the reading (a CSV syntax error, an unusable header); filled as they occur. */
  readonly fatal: RowProblem[];
  /** Stops reading the file (a replay that has all it needs); idempotent. */
  close(): void;
}

/** Trace-clock window, and the order check every reader applies to submit times. */
export class TimeGate {
  private maxMs = -Infinity;
  private maxLine = 0;

  constructor(private readonly fromMs: number | null, private readonly toMs: number | null) {}

  /** 'in', 'before' or 'after' the window, or a problem message when the row is out of order. */
  check(ms: number, line: number): 'in' | 'before' | 'after' | { outOfOrder: string } {
    if (ms < this.maxMs) {
      return { outOfOrder: `is earlier than the submit time on line ${this.maxLine}: rows must be in order of submission (sort the file by submit time)` };
    }
    this.maxMs = ms;
    this.maxLine = line;
    if (this.fromMs !== null && ms < this.fromMs) return 'before';
    if (this.toMs !== null && ms >= this.toMs) return 'after';
    return 'in';
  }
}

/** A blank job to fill in. */
export function emptyJob(): WorkloadJob {
  return {
    atMs: 0, jobName: null, jobQueue: 0, jobDefinition: 0, vcpus: 0, memory: 0, gpus: 0, durationMs: null, exitCode: null,
    arraySize: 0, dependsOn: [], attemptDurationSeconds: null, cancelled: null,
  };
}

/**
 * The latest time a trace's own clock may show: the range of JavaScript dates (8.64e15 ms, about
 * 275,760 years after 1970), so that epoch times stay exact integers. Once rebased and offset onto
 * the scenario's clock, a submit time must also be within MAX_TIME_MS.
 */
export const MAX_TRACE_MS = 8.64e15;

/** Strict decimal numbers as trace cells write them (no hex, no Infinity, no empty string). */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

// Messages never quote the text of a trace: a file given by mistake (or on purpose, such as
// /etc/shadow) would be printed back line by line. They say where (file, line, column) and what
// was expected; numbers may be shown, text only by its length or what is wrong with it.

/** A cell as messages show it: a number as written, otherwise how long it is. */
export function cellShown(text: string): string {
  if (text === '') return 'an empty field';
  return parseNumber(text) !== undefined ? text : `text (${characters([...text].length)})`;
}

function characters(n: number): string {
  return n === 1 ? '1 character' : `${n} characters`;
}

/** What is wrong with a name that fails `[first][rest]{0,max-1}`, without quoting it. */
export function nameShown(text: string, max: number, first = /[A-Za-z0-9]/, rest = /[A-Za-z0-9_-]/): string {
  const chars = [...text];
  if (chars.length === 0) return 'an empty name';
  if (chars.length > max) return `a name of ${chars.length} characters`;
  const i = chars.findIndex((c, k) => !(k === 0 ? first : rest).test(c));
  return i === 0 ? 'a name that does not start with a letter or digit' : `a name with a character that is not allowed at character ${i + 1}`;
}

/** A JSON value as messages show it: numbers, booleans and null as written, strings by length, the rest by kind. */
export function jsonShown(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  if (typeof v === 'string') return v === '' ? 'an empty string' : `text (${characters([...v].length)})`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return typeof v === 'object' ? 'a mapping' : typeof v;
}

/** csv-parse's error, said without the field text some of its messages quote. */
export function csvSyntax(err: { code?: string; message?: string }): string {
  switch (err.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted field is followed by something other than a delimiter or a line end';
    case 'CSV_INVALID_OPENING_QUOTE':
      return 'a quote appears inside a field that does not start with one (quote the whole field and double the quotes in it)';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is not closed';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return (err.message ?? '').replace(/^Invalid Record Length: /, '');
    default:
      return err.code ?? 'the file cannot be read as CSV';
  }
}

/** AWS job names: up to 128 letters, digits, hyphens and underscores, starting with a letter or digit. */
export const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
/**
 * What is wrong with a trace's shareIdentifier (the rule is names.ts's SHARE_IDENTIFIER, as for
 * scenario jobs), said without quoting it; undefined when it is valid.
 */
export function shareIdentifierShown(text: string): string | undefined {
  if (SHARE_IDENTIFIER.test(text)) return undefined;
  // A prefix entry (`teamA*`) gets the scenario's message: what a trailing * is for.
  if (SHARE_ENTRY.test(text)) return shareIdentifierProblem(text);
  const alnum = /[A-Za-z0-9]/;
  return `must be ${SHARE_IDENTIFIER_RULE}, received ${nameShown(text, 255, alnum, alnum)}`;
}

export interface ResourceCells {
  vcpus?: { value: number; column: number };
  memory?: { value: number; column: number };
  gpus?: { value: number; column: number };
}

/**
 * A row's vCPUs, memory (MiB) and GPUs: its own values, else the job definition's; checked as AWS
 * checks SubmitJob overrides (whole vCPUs on EC2, memory ≥ 4 MiB, Fargate's size pairs, no GPUs on
 * Fargate). Returns undefined when something was reported.
 */
export function checkResources(
  platform: 'EC2' | 'FARGATE' | undefined,
  defaults: { vcpus: number; memory: number; gpus: number } | null,
  cells: ResourceCells,
  problem: (column: number, message: string) => void,
): { vcpus: number; memory: number; gpus: number } | undefined {
  let ok = true;
  const bad = (column: number, message: string) => {
    ok = false;
    problem(column, message);
  };
  const { vcpus, memory, gpus } = cells;
  const tooLarge = (name: string, max: number, v: number) => `${name} must be at most ${max} (the limit for one job: no EC2 instance is larger), received ${v}`;
  if (vcpus) {
    if (!(vcpus.value > 0)) bad(vcpus.column, `vcpus must be a number > 0, received ${vcpus.value}`);
    else if (vcpus.value > LIMITS.vcpusMax) bad(vcpus.column, tooLarge('vcpus', LIMITS.vcpusMax, vcpus.value));
    else if (platform !== 'FARGATE' && !Number.isInteger(vcpus.value)) bad(vcpus.column, `vcpus must be a whole number on EC2, received ${vcpus.value}`);
  }
  if (memory) {
    if (!(Number.isInteger(memory.value) && memory.value >= 4)) bad(memory.column, `memory must be an integer ≥ 4 (MiB), received ${memory.value}`);
    else if (memory.value > LIMITS.memoryMiBMax) bad(memory.column, tooLarge('memory (MiB)', LIMITS.memoryMiBMax, memory.value));
  }
  if (gpus) {
    if (!(Number.isInteger(gpus.value) && gpus.value >= 0)) bad(gpus.column, `gpus must be an integer ≥ 0, received ${gpus.value}`);
    else if (gpus.value > LIMITS.gpusMax) bad(gpus.column, tooLarge('gpus', LIMITS.gpusMax, gpus.value));
    else if (platform === 'FARGATE' && gpus.value > 0) bad(gpus.column, `Fargate jobs cannot request GPUs, received ${gpus.value}`);
  }
  if (!ok) return undefined;
  if (!defaults) return { vcpus: vcpus?.value ?? 1, memory: memory?.value ?? 2048, gpus: gpus?.value ?? 0 };
  const out = { vcpus: vcpus?.value ?? defaults.vcpus, memory: memory?.value ?? defaults.memory, gpus: gpus?.value ?? defaults.gpus };
  if (platform === 'FARGATE' && (vcpus || memory)) {
    const allowed = FARGATE_PAIRS.get(out.vcpus);
    const column = (vcpus ?? memory)!.column;
    if (!allowed) {
      bad(vcpus?.column ?? column, `Fargate vcpus must be one of ${[...FARGATE_PAIRS.keys()].join(', ')}, received ${out.vcpus}`);
    } else if (!allowed.includes(out.memory)) {
      bad(memory?.column ?? column, `Fargate memory for ${out.vcpus} vCPU must be one of ${allowed.join(', ')}, received ${out.memory}`);
    }
  }
  return ok ? out : undefined;
}
