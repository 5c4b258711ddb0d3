// Every generated run ends, and ends with its work (issue 8): within its event budget (a livelock
// throws EventBudgetExceeded instead of hanging), with every job done or waiting for a reason a
// user can see, and soon after the last job activity (run-ends.ts says exactly what that means).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { buildScenario, recipeArb, simulateBounded, writeAndRead } from './random-scenario.js';
import { checkRunEnds } from './run-ends.js';

const NUM_RUNS = 200;

describe('every random run ends with its work', () => {
  it('within its event budget, every job done or waiting for a reason shown, ending soon after the last job activity', () => {
    fc.assert(
      fc.property(recipeArb, (recipe) => {
        const s = buildScenario(recipe);
        checkRunEnds(s, writeAndRead(simulateBounded(s)));
      }),
      { seed: 8, numRuns: NUM_RUNS },
    );
  });
});
