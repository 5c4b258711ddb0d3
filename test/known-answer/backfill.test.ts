// Backfill (settings.backfill, backfillDepth; docs/model.md): behind a head that can never be
// placed, jobs within backfillDepth of the head still start — counting only jobs still waiting, so
// the window moves on as the jobs in it start — and scale-out buys capacity only for those.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/simulation.js';
import { parseScenario } from '../../src/scenario/load.js';
import { runYaml } from './helpers.js';

const SCENARIO = `
name: backfill-beyond-depth
settings: { schedulerCycleSeconds: 10, backfill: true, backfillDepth: 1, instanceLaunchSeconds: 60, idleScaleDownSeconds: 60, imagePullSeconds: 0, cachedImageStartSeconds: 0 }
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, allocationStrategy: BEST_FIT, maxvCpus: 16, instanceTypes: [c5] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - { jobDefinitionName: gpu, type: container, containerProperties: { vcpus: 1, memory: 512, resourceRequirements: [{ type: GPU, value: "1" }] }, simulation: { duration: 30 } }
  - { jobDefinitionName: small, type: container, containerProperties: { vcpus: 2, memory: 2048 }, simulation: { duration: 30 } }
jobs:
  - { jobName: head, jobQueue: q, jobDefinition: gpu }
  - { jobName: w, jobQueue: q, jobDefinition: small, arrayProperties: { size: 2 } }
`;

describe('backfill behind a head that can never be placed (backfillDepth 1)', () => {
  it('runs the jobs as the window reaches them and launches only for jobs in it, then ends', () => {
    // 0: head (a GPU job; no c5 has a GPU) is blocked with JOB_RESOURCE_REQUIREMENT; w is spawned
    // at the 0 s cycle too; the window (head + 1 waiting job) holds w:0: one c5.large launched.
    // 60: ready; w:0 placed, RUNNING 60–90 (no pull). The window now holds w:1 (w:0 has left the
    // queue): a second c5.large launched, ready at 120. 90: w:0 ends; the cycle at 90 places w:1 on
    // the first instance: RUNNING 90–120. Both instances then idle 60 s: scaled in at 180, the end.
    // (Before the fix the window counted w:0 after it started, w:1 was never placed, and an
    // instance was launched for it, idled out and launched again until the stall guard stopped
    // the run an hour later.)
    expect(() => simulate(parseScenario(SCENARIO, 'inline.yaml'), { maxEvents: 10_000 })).not.toThrow();
    const run = runYaml(SCENARIO);
    expect(run.job('head')).toMatchObject({ status: 'RUNNABLE', reason: expect.stringMatching(/^MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT/) });
    expect(run.job('w:0')).toMatchObject({ status: 'SUCCEEDED', placedAt: 60, startedAt: 60, stoppedAt: 90 });
    expect(run.job('w:1')).toMatchObject({ status: 'SUCCEEDED', placedAt: 90, startedAt: 90, stoppedAt: 120 });
    expect(run.instances.map((i) => [i.instanceType, i.launchedAt, i.readyAt, i.terminatedAt, i.terminationReason])).toEqual([
      ['c5.large', 0, 60, 180, 'IDLE_SCALE_DOWN'],
      ['c5.large', 60, 120, 180, 'IDLE_SCALE_DOWN'],
    ]);
    expect(run.endTime).toBe(180);
  });
});
