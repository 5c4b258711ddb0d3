// The match expressions of an EventBridge event pattern — the objects inside a field's list of
// values: prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists, cidr
// ("Comparison operators for use in event patterns", EventBridge User Guide). Each compiles to a
// test of one leaf value of the event (a string, number, boolean or null), or reports what is
// wrong with it at its path inside the pattern, in the words EventBridge's own refusal uses where
// they are known (InvalidEventPatternException reasons), said so that a reader can act on it.
import { BlockList, isIP } from 'node:net';
import { describe, isObj } from '../scenario/check.js';
import { childPath } from '../scenario/source.js';

/** A leaf value of an event: what a pattern's tests look at. Objects and lists are not leaves. */
export type Leaf = string | number | boolean | null;
export type LeafTest = (v: Leaf) => boolean;

export interface PatternProblem {
  /** Where inside the pattern, e.g. `EventPattern.detail.status[0].numeric`. */
  path: string;
  message: string;
}

/** One entry of a field's list of values: a test of leaves, or exists (which looks at whether there are any). */
export type Compiled = { test: LeafTest } | { exists: boolean };

export const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr'] as const;

/**
 * "Numeric matching … is limited to values between -5.0e9 and +5.0e9 inclusive, with 15 digits of
 * precision" (Comparison operators › Numeric matching). A bound outside is refused; an event
 * number outside matches no numeric condition (EventBridge cannot compare it).
 */
export const NUMERIC_LIMIT = 5.0e9;

type Report = (path: string, message: string) => void;

export function isLeaf(v: unknown): v is Leaf {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * An exact value. Strings are compared character by character, no case folding; numbers by value:
 * EventBridge compares the text of numbers ("300, 300.0 and 3.0e2 are not considered equal",
 * Considerations when creating event patterns), which a parsed pattern no longer has — the events
 * batchsim writes carry canonical JSON numbers, so the only difference is a pattern that spells a
 * number in another form. null matches null only, not "" (Matching null values and empty strings).
 */
export function exact(value: Leaf): LeafTest {
  return (v) => v === value;
}

const lower = (s: string) => s.toLowerCase();

/** One match expression `{ operator: operand }` at `path`. */
export function compileOperator(obj: Record<string, unknown>, path: string, report: Report): Compiled | undefined {
  const keys = Object.keys(obj);
  if (keys.length === 0) {
    report(path, 'Empty objects are not allowed: a match expression is one operator and its operand, e.g. { "prefix": "us-" }');
    return undefined;
  }
  if (keys.length > 1) {
    report(path, `A match expression has exactly one operator, received ${keys.length}: ${keys.join(', ')} (list them as separate values to match any of them)`);
    return undefined;
  }
  const op = keys[0]!;
  const v = obj[op];
  const at = childPath(path, op);
  switch (op) {
    case 'prefix':
    case 'suffix':
      return stringOrIgnoreCase(op, v, at, report);
    case 'equals-ignore-case':
      if (typeof v !== 'string') return refuse(report, at, `equals-ignore-case match pattern must be a string, received ${describe(v)}`);
      return { test: ignoreCase(v) };
    case 'wildcard': {
      const w = wildcard(v, at, report);
      return w && { test: w };
    }
    case 'anything-but':
      return anythingBut(v, at, report);
    case 'numeric':
      return numeric(v, at, report);
    case 'exists':
      if (typeof v !== 'boolean') return refuse(report, at, `exists match pattern must be either true or false, received ${describe(v)}`);
      return { exists: v };
    case 'cidr':
      return cidr(v, at, report);
    default: {
      const known = (OPERATORS as readonly string[]).find((o) => o === op.toLowerCase());
      const hint = known ? ` (operators are case-sensitive: write "${known}")` : ` (EventBridge knows ${OPERATORS.join(', ')})`;
      return refuse(report, path, `Unrecognized match type "${op}"${hint}`);
    }
  }
}

function refuse(report: Report, path: string, message: string): undefined {
  report(path, message);
  return undefined;
}

function ignoreCase(value: string): LeafTest {
  const want = lower(value);
  return (v) => typeof v === 'string' && lower(v) === want;
}

/**
 * prefix / suffix: a string, or `{ "equals-ignore-case": "…" }` for its case-insensitive form
 * (Begins with / Ends with (ignore case)). Only string values match; "" matches every string.
 */
function stringOrIgnoreCase(op: 'prefix' | 'suffix', v: unknown, at: string, report: Report): Compiled | undefined {
  const starts = op === 'prefix';
  if (typeof v === 'string') return { test: (x) => typeof x === 'string' && (starts ? x.startsWith(v) : x.endsWith(v)) };
  if (isObj(v) && Object.keys(v).length === 1 && typeof v['equals-ignore-case'] === 'string') {
    const want = lower(v['equals-ignore-case']);
    return { test: (x) => typeof x === 'string' && (starts ? lower(x).startsWith(want) : lower(x).endsWith(want)) };
  }
  return refuse(report, at, `${op} match pattern must be a string, or { "equals-ignore-case": "…" } to ignore case; received ${describe(v)}`);
}

/**
 * wildcard: `*` stands for any run of characters (none included); `\*` is a literal `*` and `\\`
 * a literal `\`; a backslash before anything else, and two `*` in a row, are refused (Matching
 * using wildcards). EventBridge also refuses wildcard rules it finds too complex, which batchsim
 * does not measure. Matched without backtracking: the literal parts are found left to right.
 */
export function wildcard(v: unknown, at: string, report: Report): LeafTest | undefined {
  if (typeof v !== 'string') return refuse(report, at, `wildcard match pattern must be a string, received ${describe(v)}`);
  const parts: string[] = [''];
  let lastStar = false;
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (ch === '*') {
      if (lastStar) return refuse(report, at, `Consecutive wildcard characters at position ${i} of ${describe(v)}: one * already matches any run of characters`);
      parts.push('');
      lastStar = true;
      continue;
    }
    lastStar = false;
    if (ch === '\\') {
      const next = v[i + 1];
      if (next !== '*' && next !== '\\') {
        return refuse(report, at, `In wildcard ${describe(v)}, the backslash at position ${i + 1} escapes ${next === undefined ? 'nothing' : describe(next)}: a backslash may only escape * or \\`);
      }
      parts[parts.length - 1] += next;
      i++;
      continue;
    }
    parts[parts.length - 1] += ch;
  }
  return (x) => typeof x === 'string' && wildcardMatches(parts, x);
}

/** Whether `s` is the literal `parts` in order with any runs between them (a `*` between each two). */
export function wildcardMatches(parts: readonly string[], s: string): boolean {
  if (parts.length === 1) return s === parts[0];
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  let from = first.length;
  const end = s.length - last.length;
  for (let k = 1; k < parts.length - 1; k++) {
    const at = s.indexOf(parts[k]!, from);
    if (at < 0 || at + parts[k]!.length > end) return false;
    from = at + parts[k]!.length;
  }
  return true;
}

const ANYTHING_BUT_TAKES = 'a string, a number, a list of only strings or only numbers, or one of { "prefix" | "suffix" | "equals-ignore-case" | "wildcard": … }';

/**
 * anything-but: matches every leaf its operand does not (Anything-but matching) — null, booleans
 * and numbers included when the operand is about strings; a missing field has no leaf, so it never
 * matches. Lists hold only strings or only numbers; prefix and suffix take one non-empty string or
 * a list of them (EventBridge refuses an empty one), and not their ignore-case form.
 */
function anythingBut(v: unknown, at: string, report: Report): Compiled | undefined {
  const not = (tests: LeafTest[]): Compiled => ({ test: (x) => !tests.some((t) => t(x)) });
  if (typeof v === 'string') return not([exact(v)]);
  if (typeof v === 'number') return finite(v, at, report) ? not([exact(v)]) : undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return refuse(report, at, 'Empty arrays are not allowed: anything-but needs at least one value to exclude');
    const bad = v.findIndex((x) => typeof x !== 'string' && typeof x !== 'number');
    if (bad >= 0) return refuse(report, `${at}[${bad}]`, `Inside an anything-but list, only strings or only numbers are allowed, received ${describe(v[bad])}`);
    const kind = typeof v[0];
    const other = v.findIndex((x) => typeof x !== kind);
    if (other >= 0) return refuse(report, `${at}[${other}]`, `An anything-but list holds only strings or only numbers, and this one starts with ${kind === 'string' ? 'a string' : 'a number'}: received ${describe(v[other])}`);
    if (!v.every((x, i) => typeof x === 'string' || finite(x as number, `${at}[${i}]`, report))) return undefined;
    const values = new Set<Leaf>(v as Leaf[]);
    return { test: (x) => !values.has(x) };
  }
  if (!isObj(v) || Object.keys(v).length !== 1) return refuse(report, at, `anything-but takes ${ANYTHING_BUT_TAKES}; received ${describe(v)}`);
  const [op] = Object.keys(v) as [string];
  const operand = v[op];
  const inner = childPath(at, op);
  const list = Array.isArray(operand) ? operand : [operand];
  const path = (i: number) => (Array.isArray(operand) ? `${inner}[${i}]` : inner);
  if (Array.isArray(operand) && operand.length === 0) return refuse(report, inner, `Empty arrays are not allowed: anything-but's ${op} needs at least one value`);
  const tests: LeafTest[] = [];
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (op === 'prefix' || op === 'suffix') {
      if (typeof s !== 'string') return refuse(report, path(i), `Inside anything-but, ${op} takes a string or a list of strings (not its equals-ignore-case form), received ${describe(s)}`);
      if (s === '') return refuse(report, path(i), `Inside anything-but, ${op} must not be empty: an empty ${op} is in every string, so nothing would match`);
      tests.push(op === 'prefix' ? (x) => typeof x === 'string' && x.startsWith(s) : (x) => typeof x === 'string' && x.endsWith(s));
    } else if (op === 'equals-ignore-case') {
      if (typeof s !== 'string') return refuse(report, path(i), `Inside anything-but, equals-ignore-case takes a string or a list of strings, received ${describe(s)}`);
      tests.push(ignoreCase(s));
    } else if (op === 'wildcard') {
      const w = wildcard(s, path(i), report);
      if (!w) return undefined;
      tests.push(w);
    } else {
      return refuse(report, inner, `anything-but takes ${ANYTHING_BUT_TAKES}; received "${op}"`);
    }
  }
  return not(tests);
}

/** Whether `n` is finite; reported at `at` when not (event patterns hold no Infinity or NaN). */
export function finite(n: number, at: string, report: Report): boolean {
  if (Number.isFinite(n)) return true;
  report(at, `A number in an event pattern must be finite, received ${n}`);
  return false;
}

const COMPARISONS = ['=', '<', '<=', '>', '>='] as const;
type Comparison = (typeof COMPARISONS)[number];

/**
 * numeric: one comparison `[op, n]` or a range `[">"|">=", low, "<"|"<=", high]` (either order),
 * with op one of =, <, <=, >, >=; "=" stands alone. Only JSON numbers match (Numeric matching).
 */
function numeric(v: unknown, at: string, report: Report): Compiled | undefined {
  if (!Array.isArray(v) || (v.length !== 2 && v.length !== 4)) {
    return refuse(report, at, `numeric takes one comparison [op, number] or a range [">", low, "<=", high] with op one of ${COMPARISONS.join(', ')}; received ${describe(v)}`);
  }
  const pairs: { op: Comparison; n: number }[] = [];
  for (let i = 0; i < v.length; i += 2) {
    const op = v[i];
    if (typeof op !== 'string' || !(COMPARISONS as readonly string[]).includes(op)) {
      return refuse(report, `${at}[${i}]`, `Unrecognized numeric range operator ${describe(op)} (numeric takes ${COMPARISONS.join(', ')})`);
    }
    const n = v[i + 1];
    if (typeof n !== 'number' || !Number.isFinite(n)) return refuse(report, `${at}[${i + 1}]`, `Value of ${op} must be numeric, received ${describe(n)}`);
    if (Math.abs(n) > NUMERIC_LIMIT) {
      return refuse(report, `${at}[${i + 1}]`, `Numeric matching covers -5.0e9 to +5.0e9 (EventBridge's documented range), received ${n}`);
    }
    pairs.push({ op: op as Comparison, n });
  }
  if (pairs.length === 1) {
    const { op, n } = pairs[0]!;
    return { test: (x) => typeof x === 'number' && Math.abs(x) <= NUMERIC_LIMIT && compare(op, x, n) };
  }
  const [a, b] = pairs as [{ op: Comparison; n: number }, { op: Comparison; n: number }];
  const isLow = (op: Comparison) => op === '>' || op === '>=';
  const isHigh = (op: Comparison) => op === '<' || op === '<=';
  if (a.op === '=' || b.op === '=' || !((isLow(a.op) && isHigh(b.op)) || (isHigh(a.op) && isLow(b.op)))) {
    const second = v[2] as string;
    return refuse(report, `${at}[2]`, `Bad numeric range operator: ${second} (a range is one lower bound, > or >=, and one upper bound, < or <=)`);
  }
  const [low, high] = isLow(a.op) ? [a, b] : [b, a];
  if (low.n >= high.n) return refuse(report, at, `The numeric range is empty: its lower bound ${low.n} is not below its upper bound ${high.n}`);
  return { test: (x) => typeof x === 'number' && Math.abs(x) <= NUMERIC_LIMIT && compare(low.op, x, low.n) && compare(high.op, x, high.n) };
}

function compare(op: Comparison, x: number, n: number): boolean {
  switch (op) {
    case '=': return x === n;
    case '<': return x < n;
    case '<=': return x <= n;
    case '>': return x > n;
    case '>=': return x >= n;
  }
}

/**
 * cidr: an IPv4 or IPv6 network, `address/bits` (IP address matching). A string value of the event
 * matches when it is an address of the same family inside the network. Checked by node:net's
 * BlockList, not by hand.
 */
function cidr(v: unknown, at: string, report: Report): Compiled | undefined {
  if (typeof v !== 'string') return refuse(report, at, `cidr match pattern must be a string such as "10.0.0.0/24", received ${describe(v)}`);
  const parts = v.split('/');
  if (parts.length !== 2) return refuse(report, at, `Malformed CIDR ${describe(v)}, one '/' required (e.g. "10.0.0.0/24")`);
  const [address, bits] = parts as [string, string];
  if (!/^\d+$/.test(bits)) return refuse(report, at, `Malformed CIDR ${describe(v)}, mask bits must be an integer`);
  const version = isIP(address);
  if (version === 0) return refuse(report, at, `Nonstandard IP address: ${describe(address)}`);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  if (Number(bits) > max) return refuse(report, at, `Malformed CIDR ${describe(v)}, an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} mask has at most ${max} bits`);
  const block = new BlockList();
  block.addSubnet(address, Number(bits), family);
  return { test: (x) => typeof x === 'string' && isIP(x) === version && block.check(x, family) };
}
