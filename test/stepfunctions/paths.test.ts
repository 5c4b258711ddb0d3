// Paths, payload templates and intrinsic functions as the States Language defines them, and
// input and output processing through a chain of Pass states (InputPath → Parameters →
// ResultPath → OutputPath) with the context object.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StatesError } from '../../src/stepfunctions/errors.js';
import { evaluateIntrinsic, parseIntrinsic } from '../../src/stepfunctions/intrinsics.js';
import { pathProblem, readPath, setAtPath } from '../../src/stepfunctions/paths.js';
import { applyOutputPath, applyResultPath } from '../../src/stepfunctions/payload.js';
import type { IntrinsicCall } from '../../src/scenario/types-step-functions.js';
import { machine, runWorkflow } from './helpers.js';

const INPUT = { a: { b: [10, 20, { c: 'x' }] }, 'odd key': 1, items: [{ n: 1, ok: true }, { n: 2, ok: false }, { n: 3, ok: true }] };
const data = { input: INPUT, context: { Execution: { Name: 'e1' } } };

describe('readPath', () => {
  it('reads one node with a Reference Path, from the input or the context object', () => {
    expect(readPath('$', data, 'x')).toBe(INPUT);
    expect(readPath('$.a.b[2].c', data, 'x')).toBe('x');
    expect(readPath("$['odd key']", data, 'x')).toBe(1);
    expect(readPath('$$.Execution.Name', data, 'x')).toBe('e1');
  });

  it('gives the list of matches for a Path with wildcards, filters or slices (jsonpath-plus)', () => {
    expect(readPath('$.items[*].n', data, 'x')).toEqual([1, 2, 3]);
    expect(readPath('$.items[?(@.ok)].n', data, 'x')).toEqual([1, 3]);
    expect(readPath('$.items[1:]', data, 'x')).toEqual([INPUT.items[1], INPUT.items[2]]);
    expect(readPath('$..c', data, 'x')).toEqual(['x']);
    expect(readPath('$.items[?(@.n > 5)]', data, 'x')).toEqual([]);
  });

  it('raises States.Runtime, naming the path and the field, for a Reference Path that finds nothing', () => {
    const err = catchError(() => readPath('$.a.nope', data, 'InputPath'));
    expect(err.error).toBe('States.Runtime');
    expect(err.cause).toMatch(/^The JSONPath '\$\.a\.nope' specified for InputPath could not be found in the input \{"a":/);
  });

  it('checks path syntax: Reference Paths where one node is needed, valid JSONPath elsewhere', () => {
    expect(pathProblem('$.a[0].b', { reference: true, context: true })).toBeNull();
    expect(pathProblem('$.a[*]', { reference: true, context: true })).toMatch(/must be a Reference Path/);
    expect(pathProblem('$.a[*]', { reference: false, context: true })).toBeNull();
    expect(pathProblem('a.b', { reference: false, context: true })).toMatch(/must be a path starting with \$/);
    expect(pathProblem('$.a[?(@.x ==)]', { reference: false, context: true })).toMatch(/is not a valid JSONPath/);
  });
});

describe('ResultPath and OutputPath', () => {
  it('replaces the input ($), adds the result into it, creating fields, or discards it (null)', () => {
    expect(applyResultPath(undefined, INPUT, 5)).toBe(5);
    expect(applyResultPath('$.r.s', { k: 1 }, 5)).toEqual({ k: 1, r: { s: 5 } });
    expect(applyResultPath('$.a.b[1]', INPUT, 'new')).toMatchObject({ a: { b: [10, 'new', { c: 'x' }] } });
    expect(applyResultPath(null, INPUT, 5)).toBe(INPUT);
  });

  it('changes nothing in place (values are shared between states)', () => {
    const input = { k: { l: 1 } };
    setAtPath(input, '$.k.m', 2);
    expect(input).toEqual({ k: { l: 1 } });
  });

  it('raises States.ResultPathMatchFailure for a ResultPath through a value that is not an object', () => {
    expect(catchError(() => setAtPath({ k: 3 }, '$.k.m', 1)).error).toBe('States.ResultPathMatchFailure');
  });

  it('keeps the whole output, a part, or {} with OutputPath', () => {
    expect(applyOutputPath(undefined, INPUT, {})).toBe(INPUT);
    expect(applyOutputPath('$.a.b[0]', INPUT, {})).toBe(10);
    expect(applyOutputPath(null, INPUT, {})).toEqual({});
  });
});

describe('intrinsic functions', () => {
  const call = (text: string, input: unknown = INPUT) => {
    const parsed = parseIntrinsic(text);
    if ('problem' in parsed) throw new Error(parsed.problem);
    let draws = 0;
    return evaluateIntrinsic(parsed.call as IntrinsicCall, {
      read: (path) => readPath(path, { input, context: {} }, 'test'),
      random: () => () => [0.25, 0.5, 0.75][draws++ % 3]!,
    });
  };

  it.each([
    ["States.Format('{} and {}', $.a.b[0], 'x')", '10 and x'],
    ["States.Format('literal \\{\\} then {}', $.a.b[2].c)", 'literal {} then x'],
    ["States.Array(1, 'two', $.a.b[0], States.Array())", [1, 'two', 10, []]],
    ["States.StringToJson('{\"k\": [1]}')", { k: [1] }],
    ['States.JsonToString($.a.b[2])', '{"c":"x"}'],
    ['States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)', [[1, 2], [3, 4], [5]]],
    ['States.ArrayRange(10, 0, -5)', [10, 5, 0]],
    ['States.ArrayContains($.a.b, 20)', true],
    ['States.ArrayGetItem($.a.b, 1)', 20],
    ['States.ArrayLength($.items)', 3],
    ['States.ArrayUnique(States.Array(1, 2, 1, 2, 3))', [1, 2, 3]],
    ["States.Base64Encode('batchsim')", 'YmF0Y2hzaW0='],
    ["States.Base64Decode('YmF0Y2hzaW0=')", 'batchsim'],
    ["States.Hash('batchsim', 'SHA-256')", createHash('sha256').update('batchsim').digest('hex')],
    ["States.Hash($.a.b, 'MD5')", createHash('md5').update('[10,20,{"c":"x"}]').digest('hex')],
    ["States.JsonMerge($.a, States.StringToJson('{\"z\": 1}'), false)", { b: [10, 20, { c: 'x' }], z: 1 }],
    ['States.MathAdd($.a.b[0], -3)', 7],
    ["States.StringSplit('a,b;;c', ',;')", ['a', 'b', 'c']],
    ['States.MathRandom(10, 20)', 12],
  ])('%s', (text, expected) => {
    expect(call(text)).toEqual(expected);
  });

  it('draws UUIDs (version 4) from the keyed random stream', () => {
    expect(call('States.UUID()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('raises States.IntrinsicFailure for bad arguments', () => {
    expect(catchError(() => call("States.Format('{} {}', 1)")).error).toBe('States.IntrinsicFailure');
    expect(catchError(() => call("States.StringToJson('{oops')")).cause).toMatch(/is not JSON/);
    expect(catchError(() => call('States.ArrayGetItem($.a.b, 9)')).cause).toMatch(/index 9 is outside the array of 3/);
    expect(catchError(() => call('States.JsonMerge($.a, $.a, true)')).cause).toMatch(/only a shallow merge/);
  });

  it('refuses unknown functions and wrong arities when parsed, naming them', () => {
    expect(parseIntrinsic('States.Frobnicate(1)')).toEqual({ problem: expect.stringMatching(/^unknown intrinsic function States\.Frobnicate \(known: States\.Format, /) });
    expect(parseIntrinsic('States.ArrayLength(1, 2)')).toEqual({ problem: expect.stringMatching(/^States\.ArrayLength takes 1 argument, received 2/) });
    expect(parseIntrinsic("States.Format('unterminated)")).toEqual({ problem: expect.stringMatching(/^unterminated string/) });
  });
});

describe('input and output processing through states', () => {
  it('applies InputPath, Parameters (with the context object), ResultPath and OutputPath in that order', () => {
    const run = runWorkflow(machine(`
      StartAt: Shape
      States:
        Shape:
          Type: Pass
          InputPath: $.order
          Parameters:
            id.$: $.id
            who.$: $$.Execution.Name
            state.$: $$.State.Name
            total.$: States.MathAdd($.price, $.tax)
            tags: [fixed, { "k.$": "$.id" }]
          ResultPath: $.shaped
          OutputPath: $.shaped
          Next: Keep
        Keep:
          Type: Pass
          Result: { done: true }
          ResultPath: $.result
          Next: End
        End: { Type: Succeed, InputPath: $.result }`, '  - { stateMachineArn: flow, name: io, input: { order: { id: A7, price: 40, tax: 2 }, other: 1 } }'));
    // Shape's ResultPath puts the result into its raw input (with `other`), OutputPath keeps the result.
    expect(run.execution('io').output).toEqual({ done: true });
    const run2 = runWorkflow(machine(`
      StartAt: Shape
      States:
        Shape:
          Type: Pass
          InputPath: $.order
          Parameters: { id.$: $.id, who.$: $$.Execution.Name, state.$: $$.State.Name, total.$: "States.MathAdd($.price, $.tax)", tags: [fixed, { "k.$": "$.id" }] }
          ResultPath: $.shaped
          End: true`, '  - { stateMachineArn: flow, name: io, input: { order: { id: A7, price: 40, tax: 2 }, other: 1 } }'));
    expect(run2.execution('io').output).toEqual({
      order: { id: 'A7', price: 40, tax: 2 }, other: 1,
      shaped: { id: 'A7', who: 'io', state: 'Shape', total: 42, tags: ['fixed', { k: 'A7' }] },
    });
  });
});

function catchError(f: () => unknown): StatesError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatesError) return e;
    throw e;
  }
  throw new Error('no StatesError raised');
}
