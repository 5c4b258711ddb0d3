// Paths of the Amazon States Language (docs/step-functions.md "Paths"). A Path picks values out of
// a state's input (`$…`) or the context object (`$$…`) and is evaluated by jsonpath-plus (its safe
// evaluator: filter expressions run no JavaScript). A Reference Path — `$` followed only by
// `.field`, `['field']` and `[index]` — names one node; ResultPath, ItemsPath, a Choice's
// Variable and the …Path fields of Wait and Fail must be one. A Path that is not one (wildcards,
// `..`, filters, slices, unions) selects a list, as in AWS; a Reference Path selects one value.
import { JSONPath } from 'jsonpath-plus';
import { StatesError } from './errors.js';
import { isObj } from '../scenario/check.js';

// The JSON-object test the scenario reader uses, for the runtime's modules too.
export { isObj };

/** One step of a Reference Path: a field name or an array index. */
export type Step = string | number;

/**
 * A Reference Path's steps, or null when `path` is not one. `$$` paths (the context object) are
 * read with their first `$` removed.
 */
export function referenceSteps(path: string): Step[] | null {
  if (!path.startsWith('$')) return null;
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const m = /^[^.[\]\s'"*@?()]+/.exec(path.slice(i + 1));
      if (!m) return null;
      steps.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const rest = path.slice(i);
      const index = /^\[(0|[1-9]\d*)\]/.exec(rest);
      const quoted = /^\['((?:[^'\\]|\\.)*)'\]|^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
      if (index) {
        steps.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted) {
        steps.push((quoted[1] ?? quoted[2]!).replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else {
        return null;
      }
    } else {
      return null;
    }
  }
  return steps;
}

/**
 * Why `path` is not a usable Path (a Reference Path when `reference`), or null. `context`: whether
 * `$$` paths (the context object) are allowed here.
 */
export function pathProblem(path: string, opts: { reference: boolean; context: boolean }): string | null {
  if (!path.startsWith('$')) return `must be a path starting with $, received ${JSON.stringify(path)}`;
  const own = path.startsWith('$$') ? path.slice(1) : path;
  if (path.startsWith('$$') && !opts.context) return `cannot read the context object ($$) here, received ${JSON.stringify(path)}`;
  if (referenceSteps(own) !== null) return null;
  if (opts.reference) {
    return `must be a Reference Path ($ followed only by .field, ['field'] and [index]), received ${JSON.stringify(path)}`;
  }
  try {
    JSONPath.toPathArray(own);
    // Unbalanced brackets and bad filter expressions show only when evaluated: try it on a sample.
    JSONPath({ path: own, json: { a: [{ b: 1 }] }, wrap: true, eval: 'safe' });
  } catch (e) {
    return `is not a valid JSONPath (${(e as Error).message}), received ${JSON.stringify(path)}`;
  }
  return null;
}

/** What a state reads paths against: its input (`$`) and the context object (`$$`). */
export interface PathData {
  input: unknown;
  context: unknown;
}

/**
 * The value `path` selects, or a States.Runtime error naming the path when a Reference Path finds
 * nothing (AWS fails the execution then). A Path that is not a Reference Path gives the list of
 * what it matched (possibly empty).
 */
export function readPath(path: string, data: PathData, what: string): unknown {
  const found = tryReadPath(path, data);
  if (found.found) return found.value;
  throw new StatesError('States.Runtime', `The JSONPath '${path}' specified for ${what} could not be found in the ${path.startsWith('$$') ? 'context object' : 'input'} ${preview(path.startsWith('$$') ? data.context : data.input)}`);
}

/** readPath without the error: whether a Reference Path leads somewhere (Choice's IsPresent). */
export function tryReadPath(path: string, data: PathData): { found: true; value: unknown } | { found: false } {
  const onContext = path.startsWith('$$');
  const own = onContext ? path.slice(1) : path;
  const json = onContext ? data.context : data.input;
  const steps = referenceSteps(own);
  if (steps) {
    let node: unknown = json;
    for (const step of steps) {
      if (typeof step === 'number') {
        if (!Array.isArray(node) || step >= node.length) return { found: false };
        node = node[step];
      } else {
        if (!isObj(node) || !Object.prototype.hasOwnProperty.call(node, step)) return { found: false };
        node = node[step];
      }
    }
    return { found: true, value: node };
  }
  try {
    return { found: true, value: JSONPath({ path: own, json: json as object, wrap: true, eval: 'safe' }) as unknown[] };
  } catch (e) {
    throw new StatesError('States.Runtime', `The JSONPath '${path}' could not be evaluated: ${(e as Error).message}`);
  }
}

/**
 * `input` with `value` placed at a ResultPath (a Reference Path): '$' replaces the whole input;
 * missing fields on the way are created. Nothing is changed in place — the objects on the way are
 * copied — since a value may be shared by several states. A step through something that is not
 * an object (or an index outside an array) is a States.ResultPathMatchFailure, as in AWS.
 */
export function setAtPath(input: unknown, path: string, value: unknown): unknown {
  const steps = referenceSteps(path);
  if (!steps) throw new StatesError('States.ResultPathMatchFailure', `ResultPath '${path}' is not a Reference Path`);
  const put = (node: unknown, i: number): unknown => {
    if (i === steps.length) return value;
    const step = steps[i];
    if (typeof step === 'number') {
      if (!Array.isArray(node) || step >= node.length) {
        throw new StatesError('States.ResultPathMatchFailure', `Unable to apply ResultPath '${path}' to input ${preview(input)}: no element ${step} to replace`);
      }
      const copy = [...node];
      copy[step] = put(node[step], i + 1);
      return copy;
    }
    if (node === undefined) node = {};
    if (!isObj(node)) {
      throw new StatesError('States.ResultPathMatchFailure', `Unable to apply ResultPath '${path}' to input ${preview(input)}: '${step}' is not inside an object`);
    }
    return { ...node, [step]: put(Object.prototype.hasOwnProperty.call(node, step) ? node[step] : undefined, i + 1) };
  };
  return put(input, 0);
}


/** A value as error causes show it: its JSON, shortened. */
export function preview(v: unknown): string {
  const text = v === undefined ? 'nothing' : JSON.stringify(v);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
