// Fields that several States Language states share: paths, payload templates (Parameters,
// ResultSelector, ItemSelector), Retry and Catch, and the Choice state's rules. Each is read into
// the plain data of types-step-functions.ts, or reported at its path (docs/step-functions.md).
import { isIntrinsic, parseIntrinsic } from '../stepfunctions/intrinsics.js';
import { STATES_ERRORS } from '../stepfunctions/errors.js';
import { pathProblem } from '../stepfunctions/paths.js';
import { timestampOrNaN } from '../stepfunctions/payload.js';
import { describe, fields, isObj, type Checker, type Fields } from './check.js';
import { childPath } from './source.js';
import type { CatcherSpec, ChoiceConditionSpec, ChoiceRuleSpec, ComparisonOperator, PathSpec, RetrierSpec, TemplateSpec } from './types-step-functions.js';

/** The States Language's bound on counts and seconds (99999999). */
const ASL_MAX = 99_999_999;

/** A path field: absent → undefined (its default, '$'), null → null, else a checked path. */
export function readPathField(f: Fields, key: string, opts: { reference?: boolean; nullable?: boolean } = {}): PathSpec | null | undefined {
  if (!Object.prototype.hasOwnProperty.call(f.obj, key)) return undefined;
  const v = f.obj[key];
  if (v === null) {
    if (opts.nullable !== false) return null;
    f.c.report(f.at(key), `${key} must be a path, received null`);
    return undefined;
  }
  return checkPath(f.c, v, f.at(key), key, opts.reference ?? false);
}

/** A path given as `v` at `path`; `$$` (the context object) is allowed wherever a path is read. */
export function checkPath(c: Checker, v: unknown, path: string, name: string, reference: boolean): PathSpec | undefined {
  if (typeof v !== 'string') {
    c.report(path, `${name} must be a path such as "$.field", received ${describe(v)}`);
    return undefined;
  }
  const problem = pathProblem(v, { reference, context: true });
  if (problem) {
    c.report(path, `${name} ${problem}`);
    return undefined;
  }
  return v;
}

/**
 * A payload template: `"key.$"` fields hold a path or an intrinsic function call (States.…),
 * checked here; everything else is taken as written, however deeply nested.
 */
export function readTemplate(c: Checker, v: unknown, path: string): TemplateSpec | undefined {
  let ok = true;
  const walk = (node: unknown, at: string): TemplateSpec => {
    if (Array.isArray(node)) return { kind: 'array', items: node.map((x, i) => walk(x, `${at}[${i}]`)) };
    if (!isObj(node)) return { kind: 'literal', value: node };
    const out: { key: string; value: TemplateSpec }[] = [];
    for (const [key, value] of Object.entries(node)) {
      const here = childPath(at, key);
      if (!key.endsWith('.$')) {
        out.push({ key, value: walk(value, here) });
        continue;
      }
      const name = key.slice(0, -2);
      if (Object.prototype.hasOwnProperty.call(node, name)) {
        c.report(here, `"${key}" and "${name}" are both given: a field is either a literal or a path (.$), not both`, 'key');
        ok = false;
      }
      const computed = readComputed(c, value, here, key);
      if (computed) out.push({ key: name, value: computed });
      else ok = false;
    }
    return { kind: 'object', fields: out };
  };
  const t = walk(v, path);
  return ok ? t : undefined;
}

function readComputed(c: Checker, v: unknown, path: string, key: string): TemplateSpec | undefined {
  if (typeof v !== 'string') {
    c.report(path, `${key} must be a path ("$.field") or an intrinsic function (States.Format(…)), received ${describe(v)}`);
    return undefined;
  }
  if (isIntrinsic(v)) {
    const parsed = parseIntrinsic(v);
    if ('problem' in parsed) {
      c.report(path, `${key}: ${parsed.problem}`);
      return undefined;
    }
    return { kind: 'call', call: parsed.call };
  }
  if (/^States\./.test(v)) {
    c.report(path, `${key}: ${JSON.stringify(v)} is not an intrinsic function call (expected States.Name(arguments…))`);
    return undefined;
  }
  const p = checkPath(c, v, path, key, false);
  return p === undefined ? undefined : { kind: 'path', path: p };
}

/** A template field that must be a mapping (Parameters, ResultSelector, ItemSelector). */
export function readTemplateField(f: Fields, key: string): TemplateSpec | undefined {
  const v = f.raw(key);
  if (v === undefined) return undefined;
  if (!isObj(v)) {
    f.c.report(f.at(key), `${key} must be a mapping (a payload template), received ${describe(v)}`);
    return undefined;
  }
  return readTemplate(f.c, v, f.at(key));
}

/** An ErrorEquals list: error names; `States.` ones must exist, and States.ALL stands alone. */
function readErrorEquals(f: Fields): string[] {
  const list = f.list('ErrorEquals', { required: true, what: 'a non-empty list of error names' }) ?? [];
  if (f.has('ErrorEquals') && list.length === 0) f.c.report(f.at('ErrorEquals'), 'ErrorEquals must name at least one error');
  const names: string[] = [];
  list.forEach((e, i) => {
    const at = `${f.at('ErrorEquals')}[${i}]`;
    if (typeof e !== 'string' || e === '') f.c.report(at, `an error name must be a non-empty string, received ${describe(e)}`);
    else if (e.startsWith('States.') && !(STATES_ERRORS as readonly string[]).includes(e)) {
      f.c.report(at, `Unknown error name "${e}": names starting with States. are the language's own (${STATES_ERRORS.join(', ')})`);
    } else names.push(e);
  });
  if (names.includes('States.ALL') && list.length > 1) f.c.report(f.at('ErrorEquals'), 'States.ALL must appear alone in ErrorEquals');
  return names;
}

/** States.ALL must be in the last retrier or catcher. */
function allIsLast(c: Checker, lists: string[][], path: string, what: string): void {
  lists.forEach((names, i) => {
    if (names.includes('States.ALL') && i < lists.length - 1) c.report(`${path}[${i}].ErrorEquals`, `States.ALL must be in the last ${what}`);
  });
}

export function readRetry(f: Fields): RetrierSpec[] {
  const list = f.list('Retry') ?? [];
  const out: RetrierSpec[] = [];
  list.forEach((item, i) => {
    const r = fields(f.c, item, `${f.at('Retry')}[${i}]`);
    if (!r) return;
    r.allow(['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment']);
    const errorEquals = readErrorEquals(r);
    const maxDelay = r.number('MaxDelaySeconds', { integer: true, min: 1, max: 31_622_400 });
    out.push({
      errorEquals,
      intervalSeconds: r.number('IntervalSeconds', { integer: true, min: 1, max: ASL_MAX }) ?? 1,
      maxAttempts: r.number('MaxAttempts', { integer: true, min: 0, max: ASL_MAX }) ?? 3,
      backoffRate: r.number('BackoffRate', { min: 1, max: ASL_MAX }) ?? 2,
      maxDelaySeconds: maxDelay ?? null,
      jitterStrategy: r.enum('JitterStrategy', ['FULL', 'NONE'] as const) ?? 'NONE',
    });
  });
  allIsLast(f.c, out.map((r) => r.errorEquals), f.at('Retry'), 'retrier');
  return out;
}

export function readCatch(f: Fields): (CatcherSpec & { path: string })[] {
  const list = f.list('Catch') ?? [];
  const out: (CatcherSpec & { path: string })[] = [];
  list.forEach((item, i) => {
    const r = fields(f.c, item, `${f.at('Catch')}[${i}]`);
    if (!r) return;
    r.allow(['ErrorEquals', 'Next', 'ResultPath', 'Comment'], [], { Assign: UNSUPPORTED_ASSIGN, Output: UNSUPPORTED_JSONATA('Output') });
    const errorEquals = readErrorEquals(r);
    const next = r.string('Next', { required: true, rule: 'the name of a state' });
    const resultPath = readPathField(r, 'ResultPath', { reference: true });
    if (next !== undefined) out.push({ errorEquals, next, resultPath, path: r.path });
  });
  allIsLast(f.c, out.map((r) => r.errorEquals), f.at('Catch'), 'catcher');
  return out;
}

export const UNSUPPORTED_ASSIGN = 'Assign (workflow variables) is not supported: batchsim reads JSONPath definitions without variables; pass values in the state input instead';
export const UNSUPPORTED_JSONATA = (key: string) => `${key} belongs to JSONata definitions (QueryLanguage JSONata), which batchsim does not read: use JSONPath (InputPath, Parameters, ResultSelector, ResultPath, OutputPath)`;

const OPERATORS: readonly ComparisonOperator[] = [
  'StringEquals', 'StringLessThan', 'StringGreaterThan', 'StringLessThanEquals', 'StringGreaterThanEquals', 'StringMatches',
  'NumericEquals', 'NumericLessThan', 'NumericGreaterThan', 'NumericLessThanEquals', 'NumericGreaterThanEquals',
  'BooleanEquals',
  'TimestampEquals', 'TimestampLessThan', 'TimestampGreaterThan', 'TimestampLessThanEquals', 'TimestampGreaterThanEquals',
  'IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp',
];
/** Operators with a …Path form (comparing with the value at another path). */
const WITH_PATH = OPERATORS.filter((o) => !o.startsWith('Is') && o !== 'StringMatches');
const ALL_OPERATOR_KEYS = [...OPERATORS, ...WITH_PATH.map((o) => `${o}Path`)];

/** A Choice rule; `top`: a rule of Choices (it has a Next), not one inside And, Or or Not. */
export function readChoiceRule(c: Checker, v: unknown, path: string, top: boolean): ChoiceRuleSpec | undefined {
  const f = fields(c, v, path);
  if (!f) return undefined;
  const known = ['Variable', 'And', 'Or', 'Not', 'Comment', ...ALL_OPERATOR_KEYS, ...(top ? ['Next'] : [])];
  f.allow(known, [], { Condition: UNSUPPORTED_JSONATA('Condition'), Assign: UNSUPPORTED_ASSIGN, Output: UNSUPPORTED_JSONATA('Output'), ...(top ? {} : { Next: 'Next is only for the rules of Choices, not for rules inside And, Or or Not' }) });
  const next = top ? f.string('Next', { required: true, rule: 'the name of a state' }) : undefined;
  const kinds = ['And', 'Or', 'Not', ...ALL_OPERATOR_KEYS].filter((k) => f.has(k));
  if (kinds.length !== 1) {
    c.report(path, kinds.length === 0
      ? 'a Choice rule needs one comparison (StringEquals, NumericGreaterThan, IsPresent, …) with a Variable, or one of And, Or, Not'
      : `a Choice rule takes one comparison or one of And, Or, Not, received ${kinds.join(', ')}`);
    return undefined;
  }
  const kind = kinds[0]!;
  let cond: ChoiceConditionSpec | undefined;
  if (kind === 'And' || kind === 'Or') {
    const list = f.list(kind) ?? [];
    if (list.length === 0) c.report(f.at(kind), `${kind} must list at least one rule`);
    const rules = list.map((r, i) => readChoiceRule(c, r, `${f.at(kind)}[${i}]`, false));
    if (f.has('Variable')) c.report(f.at('Variable'), `Variable goes in the rules inside ${kind}, not beside it`, 'key');
    if (rules.every((r): r is ChoiceRuleSpec => r !== undefined)) cond = { kind: kind === 'And' ? 'and' : 'or', rules };
  } else if (kind === 'Not') {
    const rule = readChoiceRule(c, f.raw('Not'), f.at('Not'), false);
    if (f.has('Variable')) c.report(f.at('Variable'), 'Variable goes in the rule inside Not, not beside it', 'key');
    if (rule) cond = { kind: 'not', rule };
  } else {
    cond = readComparison(f, kind);
  }
  if (!cond || (top && next === undefined)) return undefined;
  return top ? { ...cond, next } : cond;
}

function readComparison(f: Fields, key: string): ChoiceConditionSpec | undefined {
  let variable: PathSpec | undefined;
  if (f.has('Variable')) variable = checkPath(f.c, f.raw('Variable'), f.at('Variable'), 'Variable', true);
  else f.missing('Variable', 'the path of the value to compare');
  const isPath = key.endsWith('Path') && key !== 'Path';
  const operator = (isPath ? key.slice(0, -4) : key) as ComparisonOperator;
  const v = f.raw(key);
  const at = f.at(key);
  let value: unknown;
  if (isPath) value = checkPath(f.c, v, at, key, true);
  else if (operator.startsWith('Is') || operator === 'BooleanEquals') value = typeof v === 'boolean' ? v : bad(f, key, 'true or false', v);
  else if (operator.startsWith('Numeric')) value = typeof v === 'number' ? v : bad(f, key, 'a number', v);
  else if (operator.startsWith('Timestamp')) value = Number.isFinite(timestampOrNaN(v)) ? v : bad(f, key, 'a timestamp such as 2026-01-05T00:00:00Z', v);
  else value = typeof v === 'string' ? v : bad(f, key, 'a string', v);
  if (variable === undefined || value === undefined) return undefined;
  return { kind: 'compare', variable, operator, value, isPath };
}

function bad(f: Fields, key: string, what: string, v: unknown): undefined {
  f.c.report(f.at(key), `${key} must be ${what}, received ${describe(v)}`);
  return undefined;
}
