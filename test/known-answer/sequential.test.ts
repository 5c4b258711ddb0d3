// Known answer: a SEQUENTIAL array runs its children one after another, each released by the first
// scheduler cycle after its predecessor succeeded, even when there is room to run them together.
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

// One 4-vCPU instance and 2-vCPU children: room for two children at once, which SEQUENTIAL must
// not use. (One instance, so which instance a child lands on is not in question.)
const S_ARRAY = `
  - jobName: S
    jobQueue: q
    jobDefinition: step
    submitAt: 0
    arrayProperties: { size: 3 }
    dependsOn: [{ type: SEQUENTIAL }]
`;
const scenario = (cycle: number, jobs = S_ARRAY) => `
name: sequential
settings: { schedulerCycleSeconds: ${cycle}, imagePullSeconds: 15, cachedImageStartSeconds: 3 }
computeEnvironments:
  - computeEnvironmentName: fleet
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot, vcpus: 4, memory: 8192, count: 1 }] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: fleet }]
jobDefinitions:
  - jobDefinitionName: step
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "1024" }]
    simulation: { duration: 40 }
  - jobDefinitionName: prepare
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "1024" }]
    simulation: { duration: 20 }
jobs:${jobs}`;

describe('SEQUENTIAL array with a 10 s scheduler cycle', () => {
  const run = runYaml(scenario(10));

  it('runs child 0 first and alone', () => {
    // Cycle at 0: parent and children PENDING (created at 0); child 0 waits on nothing → RUNNABLE
    // at 0, placed at 0, pull 15 → 15, 40 s → 55. Children 1 and 2 stay PENDING though the
    // instance has 2 vCPUs free.
    expect(times(run.job('S:0'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 55 });
  });

  it('starts each next child at the first cycle after its predecessor stopped, plus the cached start', () => {
    // S:0 stops at 55 → cycle 60 releases S:1 → placed at 60 (image pulled on the instance at 15)
    // → max(60 + 3, 15) = 63 → 103.
    expect(times(run.job('S:1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 60, placedAt: 60, startedAt: 63, stoppedAt: 103 });
    // S:1 stops at 103 → cycle 110 → 113 → 153.
    expect(times(run.job('S:2'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 110, placedAt: 110, startedAt: 113, stoppedAt: 153 });
    // Never two at once: each starts after the one before it stopped.
    expect(run.job('S:1').startedAt!).toBeGreaterThan(run.job('S:0').stoppedAt!);
    expect(run.job('S:2').startedAt!).toBeGreaterThan(run.job('S:1').stoppedAt!);
  });

  it('ends the parent with its last child', () => {
    // Parent: startedAt = first child start (15), SUCCEEDED at 153.
    expect(run.job('S')).toMatchObject({ kind: 'ARRAY_PARENT', status: 'SUCCEEDED', createdAt: 0, startedAt: 15, stoppedAt: 153 });
    // Each child after the first depends on the one before it.
    expect(run.names.dependsOn(run.job('S:0').row)).toEqual([]);
    expect(run.names.dependsOn(run.job('S:2').row)).toEqual([run.job('S:1').jobId]);
  });
});

describe('SEQUENTIAL array with schedulerCycleSeconds 0', () => {
  it('releases each child at the instant its predecessor stops', () => {
    // Cycles run at the instant of each change. S:0 placed 0 → 15 → 55. At 55 S:1 is released and
    // placed (cached image) → 58 → 98; S:2 at 98 → 101 → 141.
    const run = runYaml(scenario(0));
    expect(times(run.job('S:0'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 55 });
    expect(times(run.job('S:1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 55, placedAt: 55, startedAt: 58, stoppedAt: 98 });
    expect(times(run.job('S:2'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 98, placedAt: 98, startedAt: 101, stoppedAt: 141 });
    expect(run.job('S').stoppedAt).toBe(141);
  });
});

describe('SEQUENTIAL combined with a plain dependency (the user guide\'s JobD)', () => {
  it('holds child 0 until the plain dependency succeeds, then runs the children in turn', () => {
    // P (prepare, 20 s) at 0: placed 0 → pull 15 → 35. The array D (submitted at 0 after P) is
    // spawned at the cycle at 0 with every child PENDING: the whole array waits for P.
    // P ends 35 → cycle 40: D:0 released; the instance has no `step` image yet → pull 15 → 55 → 95.
    // → cycle 100: D:1, cached → 103 → 143. → cycle 150: D:2 → 153 → 193.
    const run = runYaml(scenario(10, `
  - { jobName: P, jobQueue: q, jobDefinition: prepare, submitAt: 0 }
  - jobName: D
    jobQueue: q
    jobDefinition: step
    submitAt: 0
    arrayProperties: { size: 3 }
    dependsOn: [{ jobId: P }, { type: SEQUENTIAL }]
`));
    expect(times(run.job('P'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 35 });
    expect(times(run.job('D:0'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 40, placedAt: 40, startedAt: 55, stoppedAt: 95 });
    expect(times(run.job('D:1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 100, placedAt: 100, startedAt: 103, stoppedAt: 143 });
    expect(times(run.job('D:2'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 150, placedAt: 150, startedAt: 153, stoppedAt: 193 });
    expect(run.job('D')).toMatchObject({ status: 'SUCCEEDED', startedAt: 55, stoppedAt: 193 });
  });
});
