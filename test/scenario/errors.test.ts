import { describe, it, expect } from 'vitest';
import { formatScenarioError, ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';

describe('formatScenarioError', () => {
  it('prints the DESIGN.md §7 shape: header with count, ✖ message, → path with position', () => {
    const e = new ScenarioError('scenarios/q3.yaml', [
      { path: 'jobQueues[1].computeEnvironmentOrder[0].computeEnvironment', message: 'Unknown compute environment "ce-spot" (known: "ce-gpu", "ce-od")', line: 12, column: 9 },
      { path: 'jobs[7].arrayProperties.size', message: 'arrayProperties.size must be between 2 and 10000, received 1' },
    ]);
    expect(formatScenarioError(e)).toBe([
      "Invalid scenario file 'scenarios/q3.yaml': 2 problems",
      '✖ Unknown compute environment "ce-spot" (known: "ce-gpu", "ce-od")',
      '  → at jobQueues[1].computeEnvironmentOrder[0].computeEnvironment (line 12, column 9)',
      '✖ arrayProperties.size must be between 2 and 10000, received 1',
      '  → at jobs[7].arrayProperties.size',
    ].join('\n'));
  });

  it('says "1 problem", shows a position without a path, and omits the arrow when there is neither', () => {
    const one = new ScenarioError('a.yaml', [{ path: '', message: 'YAML syntax error: x', line: 3, column: 1 }]);
    expect(formatScenarioError(one)).toBe("Invalid scenario file 'a.yaml': 1 problem\n✖ YAML syntax error: x\n  → at line 3, column 1");
    const bare = new ScenarioError('b.yaml', [{ path: '', message: 'Cannot read the scenario file: no such file' }]);
    expect(formatScenarioError(bare)).toBe("Invalid scenario file 'b.yaml': 1 problem\n✖ Cannot read the scenario file: no such file");
  });

  it('uses the formatted report as the error message', () => {
    const e = new ScenarioError('c.yaml', [{ path: 'seed', message: 'seed must be an integer', line: 1, column: 7 }]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ScenarioError');
    expect(e.message).toBe(formatScenarioError(e));
  });

  it('formats a real YAML problem with its line and column', () => {
    const text = [
      'computeEnvironments:',
      '  - computeEnvironmentName: ce-od',
      '    type: MANAGED',
      '    computeResources: { type: EC2, maxvCpus: 8, instanceTypes: [c5] }',
      'jobQueues:',
      '  - jobQueueName: q',
      '    priority: 1',
      '    computeEnvironmentOrder:',
      '      - order: 1',
      '        computeEnvironment: ce-spot',
    ].join('\n');
    let caught: unknown;
    try {
      parseScenario(text, 'scenarios/q3.yaml');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect(formatScenarioError(caught as ScenarioError)).toBe([
      "Invalid scenario file 'scenarios/q3.yaml': 1 problem",
      '✖ Unknown compute environment "ce-spot" (known: "ce-od")',
      '  → at jobQueues[0].computeEnvironmentOrder[0].computeEnvironment (line 10, column 29)',
    ].join('\n'));
  });
});
