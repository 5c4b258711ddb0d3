// Intrinsic functions of the States Language (`"Key.$": "States.Format('{}', $.name)"`): parsed
// once when the scenario is read (every call and its arity checked there), evaluated when a state
// runs. All 18 functions AWS lists are here; an unknown `States.` name is refused when read.
import { createHash } from 'node:crypto';
import { randomUuid, type Rng } from '../engine/random.js';
import type { IntrinsicArg, IntrinsicCall } from '../scenario/types-step-functions.js';
import { StatesError } from './errors.js';
import { isObj, pathProblem, preview } from './paths.js';

/** Arity of each function: [least, most] arguments. */
const ARITY: Record<string, [number, number]> = {
  'States.Format': [1, Infinity], 'States.StringToJson': [1, 1], 'States.JsonToString': [1, 1], 'States.Array': [0, Infinity],
  'States.ArrayPartition': [2, 2], 'States.ArrayContains': [2, 2], 'States.ArrayRange': [3, 3], 'States.ArrayGetItem': [2, 2],
  'States.ArrayLength': [1, 1], 'States.ArrayUnique': [1, 1], 'States.Base64Encode': [1, 1], 'States.Base64Decode': [1, 1],
  'States.Hash': [2, 2], 'States.JsonMerge': [3, 3], 'States.MathRandom': [2, 3], 'States.MathAdd': [2, 2],
  'States.StringSplit': [2, 2], 'States.UUID': [0, 0],
};
export const INTRINSIC_FUNCTIONS = Object.keys(ARITY);

/** Whether a `.$` value is an intrinsic function call rather than a path. */
export function isIntrinsic(text: string): boolean {
  return /^States\.[A-Za-z0-9]+\s*\(/.test(text);
}

/** Parses `States.Name(args…)`: the call, or what is wrong with it. */
export function parseIntrinsic(text: string): { call: IntrinsicCall } | { problem: string } {
  const p = new Parser(text);
  try {
    const call = p.call();
    p.space();
    if (p.i < text.length) p.fail(`unexpected ${JSON.stringify(text.slice(p.i, p.i + 10))} after the call`);
    return { call };
  } catch (e) {
    if (e instanceof SyntaxError) return { problem: e.message };
    throw e;
  }
}

class Parser {
  i = 0;
  constructor(readonly text: string) {}

  fail(why: string): never {
    throw new SyntaxError(`${why} (at character ${this.i + 1} of ${JSON.stringify(this.text.length > 80 ? `${this.text.slice(0, 77)}...` : this.text)})`);
  }

  space(): void {
    while (this.text[this.i] === ' ') this.i++;
  }

  call(): IntrinsicCall {
    const m = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.i));
    if (!m) this.fail('expected an intrinsic function such as States.Format(…)');
    const name = m[0];
    const arity = ARITY[name];
    if (!arity) this.fail(`unknown intrinsic function ${name} (known: ${INTRINSIC_FUNCTIONS.join(', ')})`);
    this.i += name.length;
    this.space();
    if (this.text[this.i] !== '(') this.fail(`expected ( after ${name}`);
    this.i++;
    const args: IntrinsicArg[] = [];
    this.space();
    if (this.text[this.i] === ')') this.i++;
    else {
      for (;;) {
        args.push(this.arg());
        this.space();
        const c = this.text[this.i++];
        if (c === ')') break;
        if (c !== ',') this.fail(`expected , or ) in the arguments of ${name}`);
        this.space();
      }
    }
    if (args.length < arity[0] || args.length > arity[1]) {
      const want = arity[0] === arity[1] ? `${arity[0]}` : arity[1] === Infinity ? `at least ${arity[0]}` : `${arity[0]} or ${arity[1]}`;
      this.fail(`${name} takes ${want} argument${want === '1' ? '' : 's'}, received ${args.length}`);
    }
    return { name, args };
  }

  arg(): IntrinsicArg {
    const rest = this.text.slice(this.i);
    if (rest.startsWith('States.')) return { kind: 'call', call: this.call() };
    if (rest.startsWith("'")) return this.string();
    if (rest.startsWith('$')) return this.path();
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    const word = /^(true|false|null)\b/.exec(rest);
    if (word) {
      this.i += word[0].length;
      return { kind: 'literal', value: word[1] === 'null' ? null : word[1] === 'true' };
    }
    this.fail("expected an argument: a 'string', a number, a path ($…) or an intrinsic function");
  }

  /** A single-quoted string; \' \{ \} \\ are escapes. */
  string(): IntrinsicArg {
    const start = this.i;
    this.i++;
    let value = '';
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.fail('unterminated string');
      if (c === "'") break;
      if (c === '\\') {
        const next = this.text[this.i + 1];
        if (next === undefined || !"'{}\\".includes(next)) this.fail(`\\${next ?? ''} is not an escape (use \\', \\{, \\} or \\\\)`);
        value += next;
        this.i += 2;
        continue;
      }
      value += c;
      this.i++;
    }
    this.i++;
    return { kind: 'literal', value, raw: this.text.slice(start + 1, this.i - 1) };
  }

  /** A path runs to the next , or ) outside brackets and quotes. */
  path(): IntrinsicArg {
    const start = this.i;
    let depth = 0;
    let quote: string | null = null;
    for (; this.i < this.text.length; this.i++) {
      const c = this.text[this.i];
      if (quote) {
        if (c === '\\') this.i++;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth++;
      else if ((c === ']' || c === ')') && depth > 0) depth--;
      else if ((c === ',' || c === ')') && depth === 0) break;
    }
    const path = this.text.slice(start, this.i).trimEnd();
    const problem = pathProblem(path, { reference: false, context: true });
    if (problem) this.fail(`the path ${problem}`);
    return { kind: 'path', path };
  }
}

/** What evaluating a call needs from the state running it. */
export interface IntrinsicEnv {
  /** The value of a path (throws a StatesError when it finds nothing). */
  read(path: string): unknown;
  /** Keyed draws for States.MathRandom and States.UUID (a seed argument gives its own). */
  random(seed: number | null): Rng;
}

const fail = (name: string, why: string): never => {
  throw new StatesError('States.IntrinsicFailure', `${name}: ${why}`);
};

export function evaluateIntrinsic(call: IntrinsicCall, env: IntrinsicEnv): unknown {
  const args = call.args.map((a) => (a.kind === 'literal' ? a.value : a.kind === 'path' ? env.read(a.path) : evaluateIntrinsic(a.call, env)));
  const n = call.name;
  const array = (i: number): unknown[] => (Array.isArray(args[i]) ? (args[i] as unknown[]) : fail(n, `argument ${i + 1} must be an array, received ${preview(args[i])}`));
  const int = (i: number): number => (Number.isInteger(args[i]) ? (args[i] as number) : fail(n, `argument ${i + 1} must be an integer, received ${preview(args[i])}`));
  const str = (i: number): string => (typeof args[i] === 'string' ? (args[i] as string) : fail(n, `argument ${i + 1} must be a string, received ${preview(args[i])}`));
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  switch (n) {
    case 'States.Format':
      return format(call, args);
    case 'States.StringToJson':
      try {
        return JSON.parse(str(0)) as unknown;
      } catch (e) {
        if (e instanceof StatesError) throw e;
        return fail(n, `${preview(args[0])} is not JSON`);
      }
    case 'States.JsonToString':
      return JSON.stringify(args[0]);
    case 'States.Array':
      return args;
    case 'States.ArrayPartition': {
      const a = array(0);
      const size = int(1);
      if (size < 1) fail(n, `the chunk size must be ≥ 1, received ${size}`);
      const out: unknown[][] = [];
      for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size));
      return out;
    }
    case 'States.ArrayContains':
      return array(0).some((x) => same(x, args[1]));
    case 'States.ArrayRange': {
      const [start, end, step] = [int(0), int(1), int(2)];
      if (step === 0) fail(n, 'the step must not be 0');
      const out: number[] = [];
      for (let x = start; step > 0 ? x <= end : x >= end; x += step) {
        if (out.length === 1000) fail(n, 'an array may have at most 1000 items');
        out.push(x);
      }
      return out;
    }
    case 'States.ArrayGetItem': {
      const a = array(0);
      const i = int(1);
      if (i < 0 || i >= a.length) fail(n, `index ${i} is outside the array of ${a.length}`);
      return a[i];
    }
    case 'States.ArrayLength':
      return array(0).length;
    case 'States.ArrayUnique':
      return array(0).filter((x, i, a) => a.findIndex((y) => same(x, y)) === i);
    case 'States.Base64Encode': {
      const s = str(0);
      if (s.length > 10_000) fail(n, 'the input may have at most 10000 characters');
      return Buffer.from(s, 'utf8').toString('base64');
    }
    case 'States.Base64Decode': {
      const s = str(0);
      if (s.length > 10_000) fail(n, 'the input may have at most 10000 characters');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) fail(n, `${preview(s)} is not base64`);
      return Buffer.from(s, 'base64').toString('utf8');
    }
    case 'States.Hash': {
      const algorithms: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
      const alg = algorithms[str(1)] ?? fail(n, `the algorithm must be one of ${Object.keys(algorithms).join(', ')}, received ${preview(args[1])}`);
      const data = typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
      return createHash(alg).update(data, 'utf8').digest('hex');
    }
    case 'States.JsonMerge': {
      if (!isObj(args[0]) || !isObj(args[1])) fail(n, 'both values to merge must be JSON objects');
      if (args[2] !== false) fail(n, 'only a shallow merge is supported: the third argument must be false (as in AWS)');
      return { ...(args[0] as object), ...(args[1] as object) };
    }
    case 'States.MathRandom': {
      const [start, end] = [int(0), int(1)];
      if (end <= start) fail(n, `the end (${end}) must be above the start (${start})`);
      const rng = env.random(args.length === 3 ? int(2) : null);
      return start + Math.floor(rng() * (end - start));
    }
    case 'States.MathAdd':
      return int(0) + int(1);
    case 'States.StringSplit': {
      const s = str(0);
      const delimiters = new Set(str(1));
      const out: string[] = [];
      let part = '';
      for (const c of s) {
        if (delimiters.has(c)) {
          if (part !== '') out.push(part);
          part = '';
        } else part += c;
      }
      if (part !== '') out.push(part);
      return out;
    }
    case 'States.UUID':
      return randomUuid(env.random(null));
    default:
      return fail(n, 'unknown intrinsic function');
  }
}

/** States.Format: each unescaped `{}` in the template takes the next argument (strings, numbers, booleans, null). */
function format(call: IntrinsicCall, args: unknown[]): string {
  const first = call.args[0];
  const template = first.kind === 'literal' && first.raw !== undefined ? first.raw : typeof args[0] === 'string' ? (args[0] as string) : fail(call.name, 'the template must be a string');
  let out = '';
  let next = 1;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '\\' && i + 1 < template.length) {
      out += template[++i];
    } else if (c === '{' && template[i + 1] === '}') {
      if (next >= args.length) fail(call.name, `the template has more {} than the ${args.length - 1} values given`);
      const v = args[next++];
      if (v !== null && typeof v === 'object') fail(call.name, `a value to format must be a string, number, boolean or null, received ${preview(v)}`);
      out += v === null ? 'null' : String(v);
      i++;
    } else {
      out += c;
    }
  }
  if (next < args.length) fail(call.name, `${args.length - 1} values given for ${next - 1} {} in the template`);
  return out;
}
