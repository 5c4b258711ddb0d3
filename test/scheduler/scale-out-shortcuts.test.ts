// Scale-out's walk (src/scheduler/scheduler.ts) counts a run of waiting jobs without looking at its
// rows until a job has left the queue other than from its head (JobQueue.mayHaveGaps). That must
// give exactly what looking at every row gives: same scenario, same seed, same bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIssue3Scenario, buildScenario, eventBudget, issue3RecipeArb, recipeArb, writeAndRead, type RunFiles } from '../invariants/random-scenario.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { Simulation } from '../../src/sim/simulation.js';

function files(scenario: Scenario, reference: boolean, bounded = true): RunFiles {
  const sim = new Simulation(scenario, bounded ? { maxEvents: eventBudget(scenario) } : {});
  sim.scheduler.walkEveryRow = reference;
  return writeAndRead(sim.run());
}

function expectSame(a: RunFiles, b: RunFiles): void {
  expect([...b.bytes.keys()]).toEqual([...a.bytes.keys()]);
  for (const [file, bytes] of a.bytes) expect(bytes.equals(b.bytes.get(file)!), `${file} differs from the reference walk`).toBe(true);
}

describe('scale-out’s no-gaps shortcut', () => {
  it('give the reference walk’s bytes on the AWS docs pipeline (10,000 N_TO_N children released one by one)', () => {
    const s = loadScenario('scenarios/aws-docs-pipeline.yaml');
    expectSame(files(s, true, false), files(s, false, false));
  });

  it.each([
    ['backfill, workloads', recipeArb.map(buildScenario)],
    ['Spot, retries, timeouts, cancellations, Fargate', issue3RecipeArb.map(buildIssue3Scenario)],
  ])('give the reference walk’s bytes on random scenarios (%s)', (_, scenarios) => {
    fc.assert(
      fc.property(scenarios, (s) => expectSame(files(s, true), files(s, false))),
      { numRuns: 40, seed: 7 },
    );
  });
});
