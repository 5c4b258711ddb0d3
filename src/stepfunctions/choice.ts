// The Choice state's rules (docs/step-functions.md "Choice"): comparisons of the value at
// `Variable` with a literal or with the value at another path (the …Path operators), and And,
// Or, Not. A comparison between values of different types is false; a Variable that leads
// nowhere is an error (States.Runtime) except for IsPresent, which asks exactly that.
import type { ChoiceConditionSpec, ChoiceRuleSpec } from '../scenario/types-step-functions.js';
import { readPath, tryReadPath, type PathData } from './paths.js';
import { timestampOrNaN } from './payload.js';
import { wildcardMatches } from '../events/operators.js';

/** The Next of the first rule that holds, or null when none does. */
export function chooseNext(rules: readonly ChoiceRuleSpec[], data: PathData): string | null {
  for (const rule of rules) if (holds(rule, data)) return rule.next!;
  return null;
}

function holds(rule: ChoiceConditionSpec, data: PathData): boolean {
  switch (rule.kind) {
    case 'and':
      return rule.rules.every((r) => holds(r, data));
    case 'or':
      return rule.rules.some((r) => holds(r, data));
    case 'not':
      return !holds(rule.rule, data);
    case 'compare':
      return compare(rule, data);
  }
}

function compare(rule: Extract<ChoiceConditionSpec, { kind: 'compare' }>, data: PathData): boolean {
  const op = rule.operator;
  if (op === 'IsPresent') return tryReadPath(rule.variable, data).found === rule.value;
  const v = readPath(rule.variable, data, `the Choice rule's Variable`);
  const expected = rule.isPath ? readPath(rule.value as string, data, `${op}Path`) : rule.value;
  switch (op) {
    case 'IsNull':
      return (v === null) === expected;
    case 'IsNumeric':
      return (typeof v === 'number') === expected;
    case 'IsString':
      return (typeof v === 'string') === expected;
    case 'IsBoolean':
      return (typeof v === 'boolean') === expected;
    case 'IsTimestamp':
      return Number.isFinite(timestampOrNaN(v)) === expected;
    case 'BooleanEquals':
      return typeof v === 'boolean' && v === expected;
    case 'StringMatches':
      return typeof v === 'string' && typeof expected === 'string' && wildcardMatches(wildcardParts(expected), v);
  }
  const family = op.startsWith('String') ? 'string' : op.startsWith('Numeric') ? 'number' : 'timestamp';
  const order = ordered(v, expected, family);
  if (order === null) return false;
  if (op.endsWith('GreaterThanEquals')) return order >= 0;
  if (op.endsWith('LessThanEquals')) return order <= 0;
  if (op.endsWith('GreaterThan')) return order > 0;
  if (op.endsWith('LessThan')) return order < 0;
  return order === 0;
}

/** −1, 0 or 1 comparing `a` with `b` as strings, numbers or timestamps; null when either is not one. */
function ordered(a: unknown, b: unknown, family: 'string' | 'number' | 'timestamp'): number | null {
  if (family === 'number') return typeof a === 'number' && typeof b === 'number' ? Math.sign(a - b) : null;
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  if (family === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const x = timestampOrNaN(a);
  const y = timestampOrNaN(b);
  return Number.isFinite(x) && Number.isFinite(y) ? Math.sign(x - y) : null;
}

/**
 * StringMatches: `*` matches any run of characters; a backslash makes the next character literal
 * (`\*`, `\\`). The literal parts, matched without backtracking as EventBridge's wildcard is.
 */
function wildcardParts(pattern: string): string[] {
  const parts = [''];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) parts[parts.length - 1] += pattern[++i];
    else if (c === '*') parts.push('');
    else parts[parts.length - 1] += c;
  }
  return parts;
}
