// Input and output processing of a state (docs/step-functions.md "Input and output"):
// InputPath → Parameters (or ItemSelector) → the state's work → ResultSelector → ResultPath →
// OutputPath, each a path or payload template over the state's input and the context object.
import { define } from '../scenario/source.js';
import type { PathSpec, TemplateSpec } from '../scenario/types-step-functions.js';
import { StatesError } from './errors.js';
import { evaluateIntrinsic, type IntrinsicEnv } from './intrinsics.js';
import { readPath, setAtPath, type PathData } from './paths.js';
import type { Rng } from '../engine/random.js';

/** Evaluates a payload template: `.$` fields get the value of their path or intrinsic call. */
export function evaluateTemplate(t: TemplateSpec, data: PathData, random: (seed: number | null) => Rng, field: string): unknown {
  const env: IntrinsicEnv = { read: (path) => readPath(path, data, `an argument of an intrinsic function in ${field}`), random };
  const walk = (node: TemplateSpec, key: string): unknown => {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'path':
        return readPath(node.path, data, `the field '${key}' of ${field}`);
      case 'call':
        return evaluateIntrinsic(node.call, env);
      case 'array':
        return node.items.map((item) => walk(item, key));
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const f of node.fields) define(out, f.key, walk(f.value, `${f.key}${f.value.kind === 'path' || f.value.kind === 'call' ? '.$' : ''}`));
        return out;
      }
    }
  };
  return walk(t, field);
}

/** InputPath: the whole input (undefined, '$'), a part of it, or {} (null). */
export function applyInputPath(path: PathSpec | null | undefined, data: PathData): unknown {
  if (path === undefined) return data.input;
  if (path === null) return {};
  return readPath(path, data, 'InputPath');
}

/** OutputPath: the same over the state's output. */
export function applyOutputPath(path: PathSpec | null | undefined, output: unknown, context: unknown): unknown {
  if (path === undefined) return output;
  if (path === null) return {};
  return readPath(path, { input: output, context }, 'OutputPath');
}

/** ResultPath: the result replaces the input (undefined, '$'), goes into it at a path, or is discarded (null). */
export function applyResultPath(path: PathSpec | null | undefined, input: unknown, result: unknown): unknown {
  if (path === undefined || path === '$') return result;
  if (path === null) return input;
  return setAtPath(input, path, result);
}

/** A timestamp in a Wait or Choice: RFC 3339 with a zone, as AWS requires. */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms of a States Language timestamp (RFC 3339 with a zone, and a real date), else NaN. */
export function timestampOrNaN(v: unknown): number {
  return typeof v === 'string' && TIMESTAMP.test(v) ? Date.parse(v) : NaN;
}

/** Epoch ms of a States Language timestamp, or a States.Runtime error naming where it came from. */
export function timestampMs(v: unknown, what: string): number {
  const ms = timestampOrNaN(v);
  if (!Number.isFinite(ms)) throw new StatesError('States.Runtime', `${what} must be a timestamp such as 2026-01-05T00:00:00Z, received ${JSON.stringify(v)}`);
  return ms;
}
