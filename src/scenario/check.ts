// Small typed readers over the plain data from source.ts. Every reader reports what it expected
// and what it received, at the field's path, and returns undefined instead of throwing, so that
// validation always runs to the end of the file and collects every problem.
import { resolve as resolvePath } from 'node:path';
import type { Problem } from './errors.js';
import { MAX_REFERENCED_FILE_BYTES, readTextFile } from './files.js';
import { childPath, type Position } from './source.js';
import { MAX_TIME_SECONDS } from './time.js';

export type Obj = Record<string, unknown>;

/**
 * What the readers below are asked to check, told to src/schema while it generates the JSON Schema
 * of the scenario and sweep formats from these same readers, so that the two cannot drift. Unset
 * otherwise: each hook is then an optional call that is skipped, arguments unevaluated.
 */
export interface FieldsRecorder {
  /** A Fields was made over the mapping at f.path. */
  mapping(f: Fields): void;
  allow(f: Fields, known: readonly string[], ignored: readonly string[], special: Readonly<Record<string, string>>, free: readonly string[]): void;
  /** A typed read of f.obj[key], whether or not the key is there. */
  read(f: Fields, key: string, read: FieldRead): void;
  /** checkNumber of the value at `path`. */
  number(c: Checker, path: string, rule: NumberRule): void;
}

export type FieldRead =
  | { kind: 'string'; required?: boolean; pattern?: RegExp; rule?: string }
  | { kind: 'enum'; values: readonly string[]; required?: boolean; caseInsensitive?: boolean }
  | { kind: 'number'; rule: NumberRule & { required?: boolean } }
  | { kind: 'boolean' }
  | { kind: 'object' | 'list'; required?: boolean; what?: string };

let recorder: FieldsRecorder | undefined;

/** How a notice of an AWS field that is accepted but changes nothing in the model ends (Fields.allow). */
export const NOT_SIMULATED = ' is accepted but not simulated: it changes nothing in the model';

/** Whether a notice is one of those (not a note of another kind: an accelerator, unpriced types, …). */
export function isNotSimulated(message: string | undefined): boolean {
  return message !== undefined && message.endsWith(NOT_SIMULATED);
}

/** Starts (or, with undefined, stops) telling `r` what the readers check. For src/schema only. */
export function recordFields(r: FieldsRecorder | undefined): void {
  recorder = r;
}

export class Checker {
  readonly problems: Problem[] = [];
  /** AWS fields that were given and are accepted, but change nothing in the model (notices, not errors). */
  readonly notices: Problem[] = [];
  /** Where problems positioned in another file sort: at the scenario node that names that file. */
  private readonly sortAt = new Map<Problem, Position>();

  constructor(private readonly values: Map<string, Position>, private readonly keys: Map<string, Position>) {}

  /** Reports at `path`, positioned at the node there or, if it is missing, at its nearest ancestor. */
  report(path: string, message: string, at: 'value' | 'key' = 'value'): void {
    this.problems.push(this.placed(path, message, at));
  }

  /** Notes a field that is accepted but not simulated, at its key. */
  notice(path: string, message: string): void {
    this.notices.push(this.placed(path, message, 'key'));
  }

  private placed(path: string, message: string, at: 'value' | 'key'): Problem {
    const pos = (at === 'key' ? this.keys.get(path) : undefined) ?? this.nearest(path);
    return pos ? { path, message, line: pos.line, column: pos.column } : { path, message };
  }

  /** Reports a problem found inside another file (e.g. a CSV) that the scenario names at `path`. */
  reportIn(path: string, file: string, at: Position, message: string): void {
    const problem: Problem = { path, message, line: at.line, column: at.column, file };
    const named = this.nearest(path);
    if (named) this.sortAt.set(problem, named);
    this.problems.push(problem);
  }

  /** Problems (or notices) in file order (stable); file-level ones without a position first. */
  sorted(list: readonly Problem[] = this.problems): Problem[] {
    const pos = (p: Problem) => this.sortAt.get(p) ?? (p.file === undefined ? { line: p.line ?? 0, column: p.column ?? 0 } : { line: 0, column: 0 });
    return list
      .map((p, i) => ({ p, i, at: pos(p) }))
      .sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column || a.i - b.i)
      .map(({ p }) => p);
  }

  private nearest(path: string): Position | undefined {
    for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
      const pos = this.values.get(p);
      if (pos) return pos;
    }
    return undefined;
  }
}

/** The path of the node that holds `path` ('' for a top-level field), or undefined for the document itself. */
export function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  const m = /(\.[^.[\]]*|\[\d+\])$/.exec(path);
  return m ? path.slice(0, m.index) : '';
}

/** The field as messages name it: the path inside its resource (`arrayProperties.size`, not `jobs[7].arrayProperties.size`). */
export function label(path: string): string {
  return path.replace(/^(computeEnvironments|jobQueues|schedulingPolicies|jobDefinitions|jobs|workloads|actions|expect|stateMachines|executions|alarms|eventRules)\[\d+\]\./, '');
}

/** What kind of value was received, without showing it ("a string", "a list of 3"). */
export function kindOf(v: unknown): string {
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return describe(v);
}

/** A received value, as messages show it. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

export function quoteList(items: readonly string[]): string {
  return items.map((s) => `"${s}"`).join(', ');
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  /** min is exclusive (> min rather than ≥ min). */
  above?: boolean;
  /** Allow .inf (only where a bound may be open). */
  infinite?: boolean;
  /** Said after the received value when it is above max (why the bound exists). */
  maxNote?: string;
}

export const TIME_NOTE = `(a time in a scenario is at most ${MAX_TIME_SECONDS} s, 10 years)`;

/** The upper bound of the AWS API's Integer, said only to values above it. */
export const API_INTEGER = { max: 2_147_483_647, maxNote: "(the AWS API's Integer is 32-bit)" } as const;

/**
 * The upper bound of a quantity: MAX_TIME_SECONDS for times and durations, a resource bound for
 * sizes (resources.ts). limitRule turns it into a NumberRule, from 0 unless the rule says otherwise.
 */
export interface QuantityLimit {
  max: number;
  maxNote: string;
  /** " s" for durations: how a mean is shown in messages. */
  unit: string;
}

export const DURATION_LIMIT: QuantityLimit = { max: MAX_TIME_SECONDS, maxNote: TIME_NOTE, unit: ' s' };

export function limitRule(limit: QuantityLimit, rule: Omit<NumberRule, 'max' | 'maxNote'> = {}): NumberRule {
  return { min: 0, ...rule, max: limit.max, maxNote: limit.maxNote };
}

/** A number of seconds from 0 (or above 0) to MAX_TIME_SECONDS, for every time a scenario states. */
export function seconds(rule: Omit<NumberRule, 'max' | 'maxNote'> = {}): NumberRule {
  return limitRule(DURATION_LIMIT, rule);
}

/**
 * "an integer between 2 and 10000", "a number > 0", … A bound with a maxNote is batchsim's safety
 * limit rather than part of the field's meaning: it is only said to values above it.
 */
export function expectation(rule: NumberRule, above = false): string {
  if (rule.maxNote !== undefined && !above) return expectation({ ...rule, max: undefined, maxNote: undefined });
  const kind = rule.integer ? 'an integer' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined && !rule.above) return `${kind} between ${rule.min} and ${rule.max}`;
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`${rule.above ? '>' : '≥'} ${rule.min}`);
  if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
  return parts.length ? `${kind} ${parts.join(' and ')}` : kind;
}

/** Checks a number that is present; returns it if acceptable. */
export function checkNumber(c: Checker, v: unknown, path: string, rule: NumberRule): number | undefined {
  recorder?.number(c, path, rule);
  const name = label(path);
  if (typeof v !== 'number' || Number.isNaN(v) || (!Number.isFinite(v) && !rule.infinite)) {
    c.report(path, `${name} must be ${expectation(rule)}, received ${describe(v)}`);
    return undefined;
  }
  if (rule.integer && !Number.isInteger(v)) {
    c.report(path, `${name} must be an integer, received ${v}`);
    return undefined;
  }
  const low = rule.min !== undefined && (rule.above ? v <= rule.min : v < rule.min);
  const high = rule.max !== undefined && v > rule.max && !(rule.infinite && v === Infinity);
  if (low || high) {
    const { integer: _ignored, ...bounds } = rule;
    const note = high && rule.maxNote ? ` ${rule.maxNote}` : '';
    c.report(path, `${name} must be ${expectation(bounds, high).replace(/^a number /, '')}, received ${v}${note}`);
    return undefined;
  }
  return v;
}

/** Field readers over one mapping. `undefined` and `null` both count as absent. */
export class Fields {
  constructor(readonly c: Checker, readonly obj: Obj, readonly path: string) {
    recorder?.mapping(this);
  }

  at(key: string): string {
    return childPath(this.path, key);
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  raw(key: string): unknown {
    return this.has(key) ? this.obj[key] : undefined;
  }

  /**
   * Flags keys that are neither `known` nor `ignored` (ordinary AWS fields that do not affect the
   * simulation: noted as accepted but not simulated). `special` gives a dedicated message for keys
   * we recognise but do not support; `free` keys (the user's own `x-…`) pass without a word.
   */
  allow(known: readonly string[], ignored: readonly string[] = [], special: Readonly<Record<string, string>> = {}, free: readonly string[] = []): void {
    recorder?.allow(this, known, ignored, special, free);
    for (const key of Object.keys(this.obj)) {
      if (known.includes(key) || free.includes(key)) continue;
      if (ignored.includes(key)) {
        this.c.notice(this.at(key), `${key}${NOT_SIMULATED}`);
        continue;
      }
      // Own properties only: a key such as __proto__ or constructor must not find Object.prototype's.
      const message = Object.prototype.hasOwnProperty.call(special, key) ? special[key]! : unknownField(key, known);
      this.c.report(this.at(key), message, 'key');
    }
  }

  missing(key: string, what: string): void {
    this.c.report(this.at(key), `${label(this.at(key))} is required (${what})`);
  }

  /** `rule` describes what is expected, in place of "a string". */
  string(key: string, opts: { required?: boolean; pattern?: RegExp; rule?: string } = {}): string | undefined {
    recorder?.read(this, key, { kind: 'string', ...opts });
    const v = this.raw(key);
    const what = opts.rule ?? 'a string';
    if (v === undefined) {
      if (opts.required) this.missing(key, what);
      return undefined;
    }
    if (typeof v !== 'string' || (opts.pattern && !opts.pattern.test(v))) {
      this.c.report(this.at(key), `${label(this.at(key))} must be ${what}, received ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  enum<T extends string>(key: string, values: readonly T[], opts: { required?: boolean; caseInsensitive?: boolean } = {}): T | undefined {
    recorder?.read(this, key, { kind: 'enum', values, ...opts });
    const v = this.raw(key);
    const what = `one of ${values.join(', ')}`;
    if (v === undefined) {
      if (opts.required) this.missing(key, what);
      return undefined;
    }
    const found = typeof v === 'string' ? values.find((x) => (opts.caseInsensitive ? x.toUpperCase() === v.toUpperCase() : x === v)) : undefined;
    if (found === undefined) this.c.report(this.at(key), `${label(this.at(key))} must be ${what}, received ${describe(v)}`);
    return found;
  }

  number(key: string, rule: NumberRule & { required?: boolean } = {}): number | undefined {
    recorder?.read(this, key, { kind: 'number', rule });
    const v = this.raw(key);
    if (v === undefined) {
      if (rule.required) this.missing(key, expectation(rule));
      return undefined;
    }
    return checkNumber(this.c, v, this.at(key), rule);
  }

  boolean(key: string): boolean | undefined {
    recorder?.read(this, key, { kind: 'boolean' });
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.c.report(this.at(key), `${label(this.at(key))} must be true or false, received ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  object(key: string, opts: { required?: boolean; what?: string } = {}): Fields | undefined {
    recorder?.read(this, key, { kind: 'object', ...opts });
    const v = this.raw(key);
    if (v === undefined) {
      if (opts.required) this.missing(key, opts.what ?? 'a mapping');
      return undefined;
    }
    return fields(this.c, v, this.at(key));
  }

  list(key: string, opts: { required?: boolean; what?: string } = {}): unknown[] | undefined {
    recorder?.read(this, key, { kind: 'list', ...opts });
    const v = this.raw(key);
    if (v === undefined) {
      if (opts.required) this.missing(key, opts.what ?? 'a list');
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.c.report(this.at(key), `${label(this.at(key))} must be a list, received ${describe(v)}`);
      return undefined;
    }
    return v;
  }
}

/** Wraps a value that must be a mapping. */
export function fields(c: Checker, v: unknown, path: string): Fields | undefined {
  if (!isObj(v)) {
    c.report(path, `${label(path) || 'The scenario'} must be a mapping, received ${describe(v)}`);
    return undefined;
  }
  return new Fields(c, v, path);
}

function unknownField(key: string, known: readonly string[]): string {
  const close = known.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  if (close.length > 0) return `Unknown field "${key}" (did you mean ${quoteList(close)}?)`;
  return `Unknown field "${key}" (expected one of ${quoteList(known)})`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Reads a file a scenario refers to (a price trace, an empirical column), relative to the
 * scenario's directory: a regular UTF-8 file within MAX_REFERENCED_FILE_BYTES. Reports why it cannot
 * be read at `path` (or, for bytes that are not UTF-8, at their line and column in that file) and
 * returns undefined then.
 */
export function readReferencedFile(c: Checker, path: string, written: string, baseDir: string, what: string): string | undefined {
  const full = resolvePath(baseDir, written);
  const read = readTextFile(full, MAX_REFERENCED_FILE_BYTES, written, 'a file a scenario names');
  if ('text' in read) return read.text;
  if ('why' in read) c.report(path, `Cannot read ${what}"${written}": ${read.why} (looked for ${full})`);
  else c.reportIn(path, written, { line: read.line, column: read.column }, read.message);
  return undefined;
}
