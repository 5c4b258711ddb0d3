// Every generated run ends, and ends with its work (issue 8): within its event budget (a livelock
// throws EventBudgetExceeded instead of hanging), with every job done or waiting for a reason a
// user can see, and soon after the last job activity (run-ends.ts says exactly what that means) —
// fair-share queues and multi-node jobs included (knobs `fairShare`, `multiNode`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENABLED_KNOBS, buildIssue3Scenario, buildScenario, issue3RecipeArb, recipeArb, simulateBounded, writeAndRead,
} from './random-scenario.js';
import { runsGangs } from './multi-node-recipe.js';
import { checkBlockedReasons, checkRunEnds } from './run-ends.js';

const NUM_RUNS = 200;

describe('the generator', () => {
  it('produces what each enabled knob promises, in a good share of the sample', () => {
    const seen: Record<string, number> = {};
    const see = (what: string, yes: boolean) => { if (yes) seen[what] = (seen[what] ?? 0) + 1; };
    for (const recipe of fc.sample(recipeArb, { seed: 8, numRuns: NUM_RUNS })) {
      const s = buildScenario(recipe);
      const managed = s.computeEnvironments.flatMap((c) => (c.computeResources ? [c.computeResources] : []));
      see('workloads', s.workloads.length > 0);
      see('backfill', s.settings.backfill && s.settings.backfillDepth < 100);
      see('shortIdle', s.settings.idleScaleDownSeconds <= 30);
      see('spotMinvCpus', managed.some((c) => c.type === 'SPOT' && c.minvCpus > 0));
      see('mixedInstances', managed.some((c) => new Set(c.instanceTypes.map((t) => t.family)).size > 1)
        && managed.some((c) => c.allocationStrategy.startsWith('SPOT_')));
      const fairShare = new Set(s.jobQueues.filter((q) => q.schedulingPolicy).map((q) => q.jobQueueName));
      see('fairShare', s.jobs.some((j) => fairShare.has(j.jobQueue) && j.shareIdentifier)
        && s.jobQueues.some((q) => !q.schedulingPolicy) && (s.schedulingPolicies ?? []).some((p) => p.fairsharePolicy.shareDistribution.length > 0));
      const gangs = s.jobs.filter((j) => j.nodeProperties);
      see('multiNode', gangs.some((j) => j.nodeProperties!.numNodes > 1) && gangs.every((j) => runsGangs(s, j.jobQueue)));
      see('multiNode child ranges with a run time of their own', gangs.some((j) => j.nodeProperties!.groups.some((g) => g.simulation !== null)));
      see('multiNode and fairShare', gangs.some((j) => fairShare.has(j.jobQueue)));
    }
    // Two in a hundred scenarios at least for the combinations.
    for (const what of ['multiNode child ranges with a run time of their own', 'multiNode and fairShare']) {
      if (ENABLED_KNOBS.includes('multiNode')) expect(seen[what] ?? 0, `${what} in ${NUM_RUNS} scenarios`).toBeGreaterThanOrEqual(NUM_RUNS / 50);
    }
    for (const knob of ['workloads', 'backfill', 'shortIdle', 'spotMinvCpus', 'mixedInstances', 'fairShare', 'multiNode'] as const) {
      if (ENABLED_KNOBS.includes(knob)) expect(seen[knob] ?? 0, `${knob} in ${NUM_RUNS} scenarios`).toBeGreaterThanOrEqual(NUM_RUNS / 20);
      else expect(seen[knob] ?? 0, `${knob} is off`).toBe(0);
    }
  });
});

describe('every random run ends with its work', () => {
  it('within its event budget, every job done or waiting on one that is not, ending soon after the last job activity', () => {
    fc.assert(
      fc.property(recipeArb, (recipe) => {
        const s = buildScenario(recipe);
        checkRunEnds(s, writeAndRead(simulateBounded(s)));
      }),
      { seed: 8, numRuns: NUM_RUNS },
    );
  });

  it.runIf(ENABLED_KNOBS.includes('blockedReasons'))('leaves RUNNABLE jobs only in queues that show AWS\'s blocked reason', () => {
    fc.assert(
      fc.property(recipeArb, (recipe) => {
        checkBlockedReasons(writeAndRead(simulateBounded(buildScenario(recipe))));
      }),
      { seed: 8, numRuns: NUM_RUNS },
    );
  });

  it.runIf(ENABLED_KNOBS.includes('issue3RunEnds'))('ends with its work with Spot (minvCpus included), interruptions, cancels and Fargate too', () => {
    fc.assert(
      fc.property(issue3RecipeArb, (recipe) => {
        const s = buildIssue3Scenario(recipe);
        const files = writeAndRead(simulateBounded(s));
        checkRunEnds(s, files);
        if (ENABLED_KNOBS.includes('blockedReasons')) checkBlockedReasons(files);
      }),
      { seed: 8, numRuns: 100 },
    );
  });
});
