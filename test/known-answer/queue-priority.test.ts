// Known answer: two job queues of different priority share one compute environment that holds one
// job at a time. Queues are served in descending priority each cycle, so the high-priority queue's
// jobs go first, even when submitted later than a low-priority job that is already waiting.
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

// One fixed 2-vCPU slot (registered memory floor(4096 × 0.97) − 32 = 3941 MiB); every job needs
// 2 vCPUs, so exactly one job runs at a time. Both queues use the same job definition (one image).
const SCENARIO = `
name: queue-priority
settings: { schedulerCycleSeconds: 10, imagePullSeconds: 15, cachedImageStartSeconds: 3 }
computeEnvironments:
  - computeEnvironmentName: shared
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot, vcpus: 2, memory: 4096, count: 1 }] }
jobQueues:
  - jobQueueName: low
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: shared }]
  - jobQueueName: high
    priority: 10
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: shared }]
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties:
      image: work:1
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "1024" }]
    simulation: { duration: 100 }
jobs:
  - { jobName: low-a, jobQueue: low, jobDefinition: work, submitAt: 1 }
  - { jobName: high-a, jobQueue: high, jobDefinition: work, submitAt: 7 }
  - { jobName: high-b, jobQueue: high, jobDefinition: work, submitAt: 50 }
`;

describe('two queues of different priority sharing one compute environment', () => {
  const run = runYaml(SCENARIO);

  it('serves the high-priority queue first within one cycle, though its job was submitted later', () => {
    // low-a (t=1) and high-a (t=7) are both first evaluated by the cycle at t=10 → RUNNABLE at 10.
    // The cycle serves `high` (priority 10) before `low` (priority 1): high-a is placed at 10 on the
    // only slot; low-a finds no room and waits (fixed fleet: nothing to launch, no reason set).
    // high-a: first job of image work:1 on the slot → pull 15 s → RUNNING at 25; 100 s → stops 125.
    expect(times(run.job('high-a'))).toEqual({
      status: 'SUCCEEDED', createdAt: 7, runnableAt: 10, placedAt: 10, startedAt: 25, stoppedAt: 125,
    });
  });

  it('keeps preferring the high queue over a low job that has waited longer', () => {
    // high-b is submitted at 50, a cycle boundary: the cycle at 50 sees it → RUNNABLE at 50, no room.
    // high-a ends at 125 → cycle at 130: `high` is served first, so high-b (waiting since 50) takes
    // the slot ahead of low-a (waiting since 10). The image is already on the slot (pulled by 25):
    // start = max(130 + 3, 25) = 133; 100 s → stops 233.
    expect(times(run.job('high-b'))).toEqual({
      status: 'SUCCEEDED', createdAt: 50, runnableAt: 50, placedAt: 130, startedAt: 133, stoppedAt: 233,
    });
  });

  it('runs the low-priority job once the high queue is empty', () => {
    // high-b ends at 233 → cycle at 240: `high` is empty, low-a is placed at 240; cached image →
    // RUNNING at 243; stops 343.
    expect(times(run.job('low-a'))).toEqual({
      status: 'SUCCEEDED', createdAt: 1, runnableAt: 10, placedAt: 240, startedAt: 243, stoppedAt: 343,
    });
    // While it waited for capacity on a fixed fleet it was not "blocked" by a misconfiguration.
    expect(run.job('low-a').reason).toBe('Essential container in task exited');
  });

  it('ran all three on the one slot, which lives until the run ends with the last job', () => {
    const slot = run.instances;
    expect(slot).toHaveLength(1);
    for (const name of ['high-a', 'high-b', 'low-a']) expect(run.job(name).instanceId).toBe(slot[0].instanceId);
    // low-a's exit at 343 is the last change: the cycle it asks for at the next boundary, 350,
    // finds nothing to do and does not extend the run. An UNMANAGED instance is ready from t=0 and
    // is only terminated when the run ends, here at 343. Custom shape without a price: cost 0.
    expect(run.endTime).toBe(343);
    expect(slot[0]).toMatchObject({ launchedAt: 0, readyAt: 0, terminatedAt: 343, terminationReason: 'SIMULATION_END', billedSeconds: 343, costUsd: 0 });
  });
});

describe('priority with nothing competing', () => {
  it('lets a low-priority job take free capacity when no higher-priority job is waiting', () => {
    // Same fleet; low-a alone at t=1 → cycle 10 places it (the high queue is empty) → 25 → 125.
    // high-a at t=30 → cycle 30: no room (priority does not pre-empt) → placed at the cycle after
    // low-a ends (125 → 130), cached image → 133 → 233.
    const run = runYaml(SCENARIO
      .replace('{ jobName: high-a, jobQueue: high, jobDefinition: work, submitAt: 7 }', '{ jobName: high-a, jobQueue: high, jobDefinition: work, submitAt: 30 }')
      .replace(/ {2}- \{ jobName: high-b.*\n/, ''));
    expect(times(run.job('low-a'))).toEqual({ status: 'SUCCEEDED', createdAt: 1, runnableAt: 10, placedAt: 10, startedAt: 25, stoppedAt: 125 });
    expect(times(run.job('high-a'))).toEqual({ status: 'SUCCEEDED', createdAt: 30, runnableAt: 30, placedAt: 130, startedAt: 133, stoppedAt: 233 });
  });
});
