// The Choice state's comparison operators, their …Path forms, And/Or/Not, IsPresent and the
// type tests, read from a definition as a user writes them and evaluated against inputs.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import type { ChoiceRuleSpec } from '../../src/scenario/types-step-functions.js';
import { chooseNext } from '../../src/stepfunctions/choice.js';
import { StatesError } from '../../src/stepfunctions/errors.js';
import { FLEET, machine } from './helpers.js';

/** The rules of a Choice state `Which` whose rule i goes to state `R<i>`. */
function rules(yamlRules: string[]): ChoiceRuleSpec[] {
  const targets = yamlRules.map((_, i) => `        R${i}: { Type: Succeed }`).join('\n');
  const choices = yamlRules.map((r, i) => `            - { ${r}, Next: R${i} }`).join('\n');
  const s = parseScenario(FLEET + machine(`
      StartAt: Which
      States:
        Which:
          Type: Choice
          Choices:
${choices}
${targets}`), 'choice.yaml');
  const which = s.stateMachines![0]!.definition.states.Which!;
  if (which.type !== 'Choice') throw new Error('not a Choice');
  return which.choices;
}

const pick = (r: ChoiceRuleSpec[], input: unknown) => chooseNext(r, { input, context: { Execution: { Name: 'e' } } });

describe('Choice rules', () => {
  it.each([
    ['Variable: $.s, StringEquals: abc', { s: 'abc' }, { s: 'abd' }],
    ['Variable: $.s, StringLessThan: b', { s: 'a' }, { s: 'b' }],
    ['Variable: $.s, StringGreaterThanEquals: b', { s: 'b' }, { s: 'a' }],
    ['Variable: $.s, StringMatches: "log-*.txt"', { s: 'log-2026.txt' }, { s: 'log-2026.csv' }],
    ['Variable: $.s, StringMatches: "a\\\\*b"', { s: 'a*b' }, { s: 'axb' }],
    ['Variable: $.n, NumericEquals: 3', { n: 3 }, { n: '3' }],
    ['Variable: $.n, NumericGreaterThan: 3', { n: 3.5 }, { n: 3 }],
    ['Variable: $.n, NumericLessThanEquals: 3', { n: 3 }, { n: 4 }],
    ['Variable: $.b, BooleanEquals: false', { b: false }, { b: 0 }],
    ['Variable: $.t, TimestampLessThan: "2026-01-01T00:00:00Z"', { t: '2025-12-31T23:59:59Z' }, { t: '2026-01-01T01:00:00+01:00' }],
    ['Variable: $.t, TimestampEquals: "2026-01-01T00:00:00Z"', { t: '2026-01-01T01:00:00+01:00' }, { t: 'yesterday' }],
    ['Variable: $.n, NumericEqualsPath: $.m', { n: 2, m: 2 }, { n: 2, m: 3 }],
    ['Variable: $.s, StringGreaterThanPath: $$.Execution.Name', { s: 'f' }, { s: 'd' }],
    ['Variable: $.x, IsPresent: true', { x: null }, {}],
    ['Variable: $.x, IsPresent: false', {}, { x: 1 }],
    ['Variable: $.x, IsNull: true', { x: null }, { x: 0 }],
    ['Variable: $.x, IsNumeric: true', { x: 1.5 }, { x: '1.5' }],
    ['Variable: $.x, IsString: true', { x: '' }, { x: [] }],
    ['Variable: $.x, IsBoolean: true', { x: true }, { x: 'true' }],
    ['Variable: $.x, IsTimestamp: true', { x: '2026-03-01T10:00:00.5Z' }, { x: '2026-03-01' }],
    ['And: [{ Variable: $.n, NumericGreaterThanEquals: 1 }, { Variable: $.n, NumericLessThan: 10 }]', { n: 1 }, { n: 10 }],
    ['Or: [{ Variable: $.s, StringEquals: a }, { Variable: $.s, StringEquals: b }]', { s: 'b' }, { s: 'c' }],
    ['Not: { Variable: $.s, StringEquals: a }', { s: 'b' }, { s: 'a' }],
  ])('%s', (rule, matching, other) => {
    const r = rules([rule]);
    expect(pick(r, matching)).toBe('R0');
    expect(pick(r, other)).toBeNull();
  });

  it('takes the first rule that holds', () => {
    const r = rules(['Variable: $.n, NumericGreaterThan: 10', 'Variable: $.n, NumericGreaterThan: 0', 'Variable: $.n, NumericGreaterThan: 5']);
    expect(pick(r, { n: 7 })).toBe('R1');
    expect(pick(r, { n: 70 })).toBe('R0');
  });

  it('raises States.Runtime for a Variable that leads nowhere (IsPresent asks exactly that)', () => {
    const r = rules(['Variable: $.missing, StringEquals: a']);
    expect(() => pick(r, {})).toThrow(StatesError);
    expect(() => pick(r, {})).toThrow(/The JSONPath '\$\.missing' specified for the Choice rule's Variable could not be found/);
  });
});
