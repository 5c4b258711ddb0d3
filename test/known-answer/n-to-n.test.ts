// Known answer: an N_TO_N dependency between two arrays. Child i of B waits for child i of A only,
// not for the whole of A: B's children start one by one as A's children succeed, each as soon as
// its own A child is done (B has a slot free whenever one of its children is released).
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

// A runs on a fleet of one 2-vCPU slot, so its children run one after another (50 s each). B runs
// on its own fleet of two slots (100 s each): what holds a B child back is its A child, never
// capacity.
const SCENARIO = `
name: n-to-n
settings: { schedulerCycleSeconds: 10, imagePullSeconds: 15, cachedImageStartSeconds: 3 }
computeEnvironments:
  - computeEnvironmentName: fleet-a
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot-a, vcpus: 2, memory: 4096, count: 1 }] }
  - computeEnvironmentName: fleet-b
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot-b, vcpus: 2, memory: 4096, count: 2 }] }
jobQueues:
  - jobQueueName: qa
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: fleet-a }]
  - jobQueueName: qb
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: fleet-b }]
jobDefinitions:
  - jobDefinitionName: stage-a
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "1024" }]
    simulation: { duration: 50 }
  - jobDefinitionName: stage-b
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "1024" }]
    simulation: { duration: 100 }
jobs:
  - { jobName: A, jobQueue: qa, jobDefinition: stage-a, submitAt: 0, arrayProperties: { size: 3 } }
  - jobName: B
    jobQueue: qb
    jobDefinition: stage-b
    submitAt: 0
    arrayProperties: { size: 3 }
    dependsOn: [{ jobId: A, type: N_TO_N }]
`;

describe('N_TO_N between two arrays', () => {
  const run = runYaml(SCENARIO);
  const slotB = (k: number) => run.instances.filter((i) => i.instanceType === 'slot-b')[k].instanceId;

  it('spawns both arrays at the first cycle; only A\'s children are free to run', () => {
    // Cycle at 0: A and B evaluated; all six children created (PENDING) at 0. A's children have
    // nothing to wait for → RUNNABLE at 0. Each B child waits for its A child → stays PENDING.
    for (const k of [0, 1, 2]) {
      expect(run.job(`A:${k}`)).toMatchObject({ createdAt: 0, runnableAt: 0 });
      expect(run.job(`B:${k}`).createdAt).toBe(0);
    }
  });

  it('runs A\'s children one at a time on its single slot', () => {
    // A:0 placed 0, pull 15 → 15, 50 s → 65. A:0's end → cycle 70: A:1 placed (image cached on the
    // slot: max(70 + 3, 15) = 73) → 123. → cycle 130: A:2 placed → 133 → 183.
    expect(times(run.job('A:0'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 65 });
    expect(times(run.job('A:1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 70, startedAt: 73, stoppedAt: 123 });
    expect(times(run.job('A:2'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 130, startedAt: 133, stoppedAt: 183 });
    // The parent succeeds when its last child does.
    expect(run.job('A')).toMatchObject({ kind: 'ARRAY_PARENT', status: 'SUCCEEDED', startedAt: 15, stoppedAt: 183 });
  });

  it('releases B:i at the first cycle after A:i succeeded', () => {
    // A:0 succeeded at 65 → cycle 70 releases B:0 → placed on the first B slot at 70, pull → 85,
    // 100 s → 185.
    expect(times(run.job('B:0'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 70, placedAt: 70, startedAt: 85, stoppedAt: 185 });
    expect(run.job('B:0').instanceId).toBe(slotB(0));
    // A:1 succeeded at 123 → cycle 130 releases B:1; the first B slot is busy until 185 → the
    // second slot, first pull there → 145 → 245.
    expect(times(run.job('B:1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 130, placedAt: 130, startedAt: 145, stoppedAt: 245 });
    expect(run.job('B:1').instanceId).toBe(slotB(1));
    // A:2 succeeded at 183 → cycle 190 releases B:2. B:0 left the first slot at 185 (the second is
    // busy until 245) → the first slot again, image cached there since 85: max(190 + 3, 85) = 193
    // → 293.
    expect(times(run.job('B:2'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 190, placedAt: 190, startedAt: 193, stoppedAt: 293 });
    expect(run.job('B:2').instanceId).toBe(slotB(0));
    expect(run.job('B')).toMatchObject({ kind: 'ARRAY_PARENT', status: 'SUCCEEDED', startedAt: 85, stoppedAt: 293 });
  });

  it('does not wait for the whole of A (unlike a plain dependency on the parent)', () => {
    // B:0 ran (85) long before A finished (183).
    expect(run.job('B:0').startedAt!).toBeLessThan(run.job('A').stoppedAt!);
    expect(run.names.dependsOn(run.job('B:1').row)).toEqual([run.job('A:1').jobId]);
  });
});

describe('N_TO_N compared with a plain dependency on the array', () => {
  it('holds every child of B until all of A has succeeded', () => {
    // Same scenario, B depends on A (no type): B's children are released together by the cycle
    // after A's last child ends (183 → 190). Two slots: B:0 → slot 1, B:1 → slot 2, both pull → 205
    // → 305; B:2 waits for the first free slot (305) → cycle 310, cached → 313 → 413.
    const run = runYaml(SCENARIO.replace('dependsOn: [{ jobId: A, type: N_TO_N }]', 'dependsOn: [{ jobId: A }]'));
    expect(times(run.job('B:0'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 190, placedAt: 190, startedAt: 205, stoppedAt: 305 });
    expect(times(run.job('B:1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 190, placedAt: 190, startedAt: 205, stoppedAt: 305 });
    expect(times(run.job('B:2'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 190, placedAt: 310, startedAt: 313, stoppedAt: 413 });
  });
});
