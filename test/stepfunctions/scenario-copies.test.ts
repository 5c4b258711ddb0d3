// A scenario with state machines runs the same when it is a copy of the one loadScenario read —
// as a sweep run that keeps alarm or rule metrics copies it ({ ...scenario, alarms, eventRules }):
// its Tasks' SubmitJob requests still find the scenario's queues and job definitions.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/sim/simulation.js';

describe('a copy of a Step Functions scenario', () => {
  it('runs its executions as the scenario itself does', () => {
    const scenario = loadScenario('scenarios/step-functions-ml-pipeline.yaml');
    const outcome = (s: typeof scenario) => {
      const sim = simulate(s);
      return { jobs: sim.jobs.count, end: sim.endTime, executions: sim.executions!.records.map((r) => [r.name, r.status, r.stopMs]) };
    };
    const original = outcome(scenario);
    expect(original.executions.length).toBeGreaterThan(0);
    expect(original.jobs).toBeGreaterThan(0);
    expect(outcome({ ...scenario, eventRules: [] })).toEqual(original);
  });
});
