// EventBridge event patterns (docs/events.md): compiled once from the JSON object a PutRule request
// carries (or its JSON text), then matched against event envelopes. The grammar and its edge cases
// follow the EventBridge User Guide — "Creating event patterns", "Comparison operators",
// "Matching on multiple field values" (arrays), "Matching null values and empty strings" — and a
// pattern EventBridge would refuse (InvalidEventPatternException) is refused here too, each problem
// at its path inside the pattern.
//
// Matching is structural, so that it is array-consistent as EventBridge's is: a pattern object
// applied to a list of objects in the event must be satisfied by one element as a whole (the
// conditions on `attempts.container.exitCode` and `attempts.statusReason` hold of the same attempt),
// while a list of leaves (strings, numbers…) matches when any leaf does.
import { describe, isObj } from '../scenario/check.js';
import { childPath } from '../scenario/source.js';
import { compileOperator, exact, finite, isLeaf, type Leaf, type LeafTest, type PatternProblem } from './operators.js';

export type { PatternProblem } from './operators.js';

/** "Event pattern: 2048 characters maximum" (EventBridge quotas). */
export const MAX_PATTERN_CHARS = 2048;

/** A field's list of values: leaf tests (any may match), and exists. */
interface LeafCondition {
  tests: LeafTest[];
  existsTrue: boolean;
  existsFalse: boolean;
}

interface FieldEntry {
  /**
   * The field's key split on dots: EventBridge joins nested keys with "." when it compiles a
   * pattern, so `{"state.status": [...]}` reads as `{"state": {"status": [...]}}` (Considerations
   * when creating event patterns, which also says not to rely on it). Keys of the event are not
   * split: batchsim's envelopes have no dotted keys.
   */
  segments: string[];
  leaf?: LeafCondition;
  sub?: ObjectPattern;
}

interface ObjectPattern {
  fields: FieldEntry[];
  /** Each `$or`: the alternatives, any of which may match (Matching using $or). */
  ors: ObjectPattern[][];
  /**
   * Whether the pattern needs something to be present (a value test or exists: true somewhere in
   * it). One that does not — only exists: false — holds of a list of objects when it holds of
   * every element: a field is absent when no element has it, as EventBridge judges absence over
   * the fields no earlier match has tied to another element.
   */
  binds: boolean;
}

export class EventPattern {
  /** @internal Use compileEventPattern. */
  constructor(private readonly root: ObjectPattern, readonly json: string) {}

  /** Whether the pattern matches `event` (a parsed JSON value, usually an envelope). */
  matches(event: unknown): boolean {
    return matchObject(this.root, event);
  }
}

export type CompileResult = { pattern: EventPattern; problems: [] } | { pattern: undefined; problems: PatternProblem[] };

/**
 * Compiles a pattern given as a parsed JSON value (a mapping). `path` names the pattern itself in
 * problems (e.g. `eventRules[2].EventPattern`); every problem found is returned, not just the first.
 * For a pattern given as JSON text, see parseEventPattern.
 */
export function compileEventPattern(value: unknown, path = 'EventPattern', text?: string): CompileResult {
  const problems: PatternProblem[] = [];
  const report = (p: string, message: string) => problems.push({ path: p, message });
  if (!isObj(value)) {
    report(path, `An event pattern must be a JSON object of event fields (e.g. { "source": ["aws.batch"] }), received ${describe(value)}`);
    return { pattern: undefined, problems };
  }
  const json = JSON.stringify(value);
  // The quota counts the text PutRule is sent: the given text, or the mapping as compact JSON.
  const chars = (text ?? json).length;
  if (chars > MAX_PATTERN_CHARS) {
    report(path, `The event pattern has ${chars} characters${text === undefined ? ' as JSON' : ''}; EventBridge allows at most ${MAX_PATTERN_CHARS} (its "Event pattern" quota)`);
    return { pattern: undefined, problems };
  }
  const root = compileObject(value, path, report);
  return root && problems.length === 0 ? { pattern: new EventPattern(root, json), problems: [] } : { pattern: undefined, problems };
}

/**
 * compileEventPattern of JSON text (PutRule's EventPattern is a string); a syntax error is one
 * problem at `path`. A key given twice keeps its last value, as in EventBridge ("if you include a
 * key more than once the last reference will be the one used").
 */
export function parseEventPattern(text: string, path = 'EventPattern'): CompileResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { pattern: undefined, problems: [{ path, message: `The event pattern is not valid JSON: ${(e as Error).message}` }] };
  }
  return compileEventPattern(value, path, text);
}

/** An error carrying a pattern's problems, for callers that want to throw (library use). */
export class EventPatternError extends Error {
  constructor(readonly problems: PatternProblem[]) {
    super(problems.map((p) => `${p.message} (at ${p.path})`).join('\n'));
    this.name = 'EventPatternError';
  }
}

/** The compiled pattern of a mapping or of JSON text; throws EventPatternError when it has problems. */
export function eventPattern(pattern: unknown, path = 'EventPattern'): EventPattern {
  const r = typeof pattern === 'string' ? parseEventPattern(pattern, path) : compileEventPattern(pattern, path);
  if (!r.pattern) throw new EventPatternError(r.problems);
  return r.pattern;
}

type Report = (path: string, message: string) => void;

function compileObject(obj: Record<string, unknown>, path: string, report: Report): ObjectPattern | undefined {
  const keys = Object.keys(obj);
  if (keys.length === 0) {
    report(path, 'Empty objects are not allowed: give at least one field to match (EventBridge refuses {} in a pattern)');
    return undefined;
  }
  const out: ObjectPattern = { fields: [], ors: [], binds: false };
  let ok = true;
  for (const key of keys) {
    const v = obj[key];
    const at = childPath(path, key);
    if (key === '$or') {
      const alternatives = compileOr(v, at, report);
      if (alternatives) out.ors.push(alternatives);
      else ok = false;
      continue;
    }
    const entry: FieldEntry = { segments: key.split('.') };
    if (Array.isArray(v)) entry.leaf = compileValues(v, at, report);
    else if (isObj(v)) entry.sub = compileObject(v, at, report);
    else {
      report(at, `"${key}" must be a list of values to match (e.g. ["FAILED"]) or a mapping of nested fields, received ${describe(v)}`);
      ok = false;
      continue;
    }
    if (!entry.leaf && !entry.sub) ok = false;
    else out.fields.push(entry);
  }
  if (!ok) return undefined;
  out.binds = out.fields.some((f) => (f.leaf ? f.leaf.tests.length > 0 || f.leaf.existsTrue : f.sub!.binds)) || out.ors.some((alts) => alts.some((a) => a.binds));
  return out;
}

/**
 * `$or`: a list of at least two patterns, any of which may match (Matching using $or). EventBridge
 * reads a `$or` of another shape as an ordinary field named "$or", which no Batch event has: such a
 * pattern could never match, so it is refused here with what `$or` expects.
 */
function compileOr(v: unknown, at: string, report: Report): ObjectPattern[] | undefined {
  if (!Array.isArray(v) || v.length < 2 || !v.every(isObj)) {
    report(at, `$or must be a list of at least two patterns (mappings of fields), received ${describe(v)}`);
    return undefined;
  }
  const alternatives = v.map((alt, i) => compileObject(alt as Record<string, unknown>, `${at}[${i}]`, report));
  return alternatives.every((a) => a !== undefined) ? (alternatives as ObjectPattern[]) : undefined;
}

/** A field's list of values: exact values and match expressions, any of which may match. */
function compileValues(list: unknown[], at: string, report: Report): LeafCondition | undefined {
  if (list.length === 0) {
    report(at, 'Empty arrays are not allowed: list at least one value to match');
    return undefined;
  }
  const cond: LeafCondition = { tests: [], existsTrue: false, existsFalse: false };
  let ok = true;
  list.forEach((item, i) => {
    const p = `${at}[${i}]`;
    if (isLeaf(item)) {
      if (typeof item === 'number' && !finite(item, p, report)) ok = false;
      else cond.tests.push(exact(item));
    } else if (isObj(item)) {
      const c = compileOperator(item, p, report);
      if (!c) ok = false;
      else if ('exists' in c) {
        if (c.exists) cond.existsTrue = true;
        else cond.existsFalse = true;
      } else cond.tests.push(c.test);
    } else {
      report(p, `A value to match cannot itself be a list (${describe(item)}): list the values directly, e.g. ["a", "b"]`);
      ok = false;
    }
  });
  return ok ? cond : undefined;
}

// --- matching ----------------------------------------------------------------------------------

function matchObject(p: ObjectPattern, v: unknown): boolean {
  if (Array.isArray(v)) {
    const items = flat(v);
    return p.binds ? items.some((e) => matchObject(p, e)) : items.every((e) => matchObject(p, e));
  }
  for (const f of p.fields) if (!matchField(f, v)) return false;
  for (const alternatives of p.ors) if (!alternatives.some((a) => matchObject(a, v))) return false;
  return true;
}

function matchField(f: FieldEntry, v: unknown): boolean {
  const child = descend(v, f.segments);
  if (f.sub) return matchObject(f.sub, child);
  const { tests, existsTrue, existsFalse } = f.leaf!;
  // The common case — one value where the rule looks — without a list made for it (per event, per rule).
  if (isLeaf(child)) {
    if (existsTrue) return true;
    for (const t of tests) if (t(child)) return true;
    return false;
  }
  // Missing, or an object (no value to test): no list made for it either.
  if (!Array.isArray(child)) return existsFalse;
  const leaves = leavesOf(child);
  if (leaves.length === 0) return existsFalse;
  if (existsTrue) return true;
  for (const leaf of leaves) for (const t of tests) if (t(leaf)) return true;
  return false;
}

/** The value at `segments` below `v`; through lists, the list of what each element has there. */
function descend(v: unknown, segments: readonly string[]): unknown {
  let cur = v;
  for (const key of segments) {
    if (Array.isArray(cur)) {
      const next: unknown[] = [];
      for (const e of flat(cur)) if (isObj(e) && Object.prototype.hasOwnProperty.call(e, key)) next.push(e[key]);
      cur = next;
    } else {
      cur = isObj(cur) && Object.prototype.hasOwnProperty.call(cur, key) ? cur[key] : undefined;
    }
  }
  return cur;
}

/**
 * The leaves at a field: its value when that is a string, number, boolean or null; the leaves of
 * a list (nested lists flattened); none for an object or a missing field — "exists matching only
 * works on leaf nodes", so a field holding an object, or an empty list, does not exist for it.
 */
function leavesOf(v: unknown): Leaf[] {
  if (isLeaf(v)) return [v];
  if (!Array.isArray(v)) return [];
  return flat(v).filter(isLeaf);
}

function flat(list: readonly unknown[]): unknown[] {
  return list.some(Array.isArray) ? (list.flat(Infinity) as unknown[]) : (list as unknown[]);
}
