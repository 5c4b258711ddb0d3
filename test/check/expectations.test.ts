// The expect: section as the loader reads it: bounds, probabilities, job references, and each
// mistake refused at its place in the file.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { problemsOfText } from '../helpers/problems.js';
import { SMALL_SCENARIO } from '../helpers/cli.js';

const withExpect = (lines: string) => `${SMALL_SCENARIO}expect:\n${lines}`;

describe('expect: section', () => {
  it('reads metric and job bounds into closed ranges', () => {
    const s = parseScenario(withExpect(`
  - { metric: makespanSeconds, atMost: 57600 }
  - { metric: cost.totalUsd, between: [100, 250] }
  - { metric: jobs.byStatus.FAILED, equals: 0 }
  - { metric: makespanSeconds, atLeast: 10, probability: 0.9 }
  - { metric: cost.byComputeEnvironment.ce, atLeast: 0 }
  - { job: fan, status: SUCCEEDED, stoppedAtMost: 30000, startedAtLeast: 5 }
`), 'x.yaml');
    expect(s.expect).toEqual([
      { kind: 'metric', metric: 'makespanSeconds', bound: { min: -Infinity, max: 57600 }, path: 'expect[0]', probability: 1, overSeeds: false },
      { kind: 'metric', metric: 'cost.totalUsd', bound: { min: 100, max: 250 }, path: 'expect[1]', probability: 1, overSeeds: false },
      { kind: 'metric', metric: 'jobs.byStatus.FAILED', bound: { min: 0, max: 0 }, path: 'expect[2]', probability: 1, overSeeds: false },
      { kind: 'metric', metric: 'makespanSeconds', bound: { min: 10, max: Infinity }, path: 'expect[3]', probability: 0.9, overSeeds: true },
      { kind: 'metric', metric: 'cost.byComputeEnvironment.ce', bound: { min: 0, max: Infinity }, path: 'expect[4]', probability: 1, overSeeds: false },
      {
        kind: 'job', job: 'fan', submission: 1, status: 'SUCCEEDED', startedAt: { min: 5, max: Infinity }, stoppedAt: { min: -Infinity, max: 30000 },
        path: 'expect[5]', probability: 1, overSeeds: false,
      },
    ]);
  });

  it('a scenario without the section has no expectations', () => {
    expect(parseScenario(SMALL_SCENARIO, 'x.yaml').expect).toBeUndefined();
  });

  const cases: [string, string, string, number][] = [
    ['a misspelt metric', '  - { metric: makespan, atMost: 1 }', 'Unknown metric "makespan"', 1],
    ['a status that does not exist', '  - { metric: jobs.byStatus.DONE, equals: 0 }', 'after jobs.byStatus. comes a job status', 1],
    ['a compute environment the scenario lacks', '  - { metric: cost.byComputeEnvironment.gpu, atMost: 1 }', "one of the scenario's compute environments (ce)", 1],
    ['no bound', '  - { metric: makespanSeconds }', 'needs a bound', 1],
    ['two bounds', '  - { metric: makespanSeconds, atMost: 5, equals: 3 }', 'give one bound', 1],
    ['an empty between', '  - { metric: makespanSeconds, between: [5, 1] }', 'is empty', 1],
    ['a between that is not a pair', '  - { metric: makespanSeconds, between: [5] }', 'two numbers', 1],
    ['atLeast above atMost', '  - { metric: makespanSeconds, atLeast: 9, atMost: 1 }', 'no value can hold', 1],
    ['a probability of 0', '  - { metric: makespanSeconds, atMost: 1, probability: 0 }', 'probability must be > 0 and ≤ 1', 1],
    ['a probability above 1', '  - { metric: makespanSeconds, atMost: 1, probability: 1.5 }', 'probability must be', 1],
    ['an unknown job', '  - { job: nobody, status: SUCCEEDED }', 'Unknown job "nobody"', 1],
    ['a job bound on nothing', '  - { job: fan }', 'bounds nothing', 1],
    ['a metric bound on a job entry', '  - { job: fan, equals: 3 }', 'Unknown field "equals"', 2],
    ['an unknown status', '  - { job: fan, status: DONE }', 'status must be one of', 1],
    ['a field of neither kind', '  - { metric: makespanSeconds, atMost: 1, within: 3 }', 'Unknown field "within"', 1],
  ];
  for (const [what, line, message, count] of cases) {
    it(`refuses ${what}, at its line`, () => {
      const text = withExpect(line + '\n');
      const problems = problemsOfText(text);
      expect(problems).toHaveLength(count);
      expect(problems.map((p) => p.message).join('\n')).toContain(message);
      expect(problems[0].path.startsWith('expect[0]')).toBe(true);
      // The line of the entry: the last line of the file.
      expect(problems[0].line).toBe(text.trimEnd().split('\n').length);
    });
  }

  it('refuses a job named twice (which one would it be?)', () => {
    const text = SMALL_SCENARIO.replace('jobName: first', 'jobName: fan').replace('jobId: first', 'jobId: fan');
    const problems = problemsOfText(`${text}expect:\n  - { job: fan, status: SUCCEEDED }\n`);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/Several jobs are named "fan"|fan/);
  });
});
