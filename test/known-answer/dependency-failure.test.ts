// Known answer: a job exits 1 and fails; everything that depends on it, directly or through other
// jobs and arrays, ends FAILED with `Dependent Job failed` at the first scheduler cycle after the
// failure, without ever becoming RUNNABLE. Jobs that do not depend on it are unaffected.
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

//   boom (exit 1) ─┬─ dep ── chain1 ── chain2
//                  ├─ arr[3] ─┬─ after-arr        (plain dependency on the array parent)
//                  │          └─ n2n[3]           (N_TO_N on arr)
//                  └─ late (submitted at 100, after boom has failed)
//   ok: independent, shares the one slot with boom.
const SCENARIO = `
name: dependency-failure
settings: { schedulerCycleSeconds: 10, imagePullSeconds: 15, cachedImageStartSeconds: 3 }
computeEnvironments:
  - computeEnvironmentName: fleet
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot, vcpus: 2, memory: 4096, count: 1 }] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: fleet }]
jobDefinitions:
  - jobDefinitionName: boom
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "1024" }]
    simulation: { duration: 30, exitCode: 1 }
  - jobDefinitionName: good
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "1024" }]
    simulation: { duration: 10 }
jobs:
  - { jobName: boom, jobQueue: q, jobDefinition: boom, submitAt: 0 }
  - { jobName: ok, jobQueue: q, jobDefinition: good, submitAt: 0 }
  - { jobName: dep, jobQueue: q, jobDefinition: good, submitAt: 0, dependsOn: [{ jobId: boom }] }
  - { jobName: chain1, jobQueue: q, jobDefinition: good, submitAt: 0, dependsOn: [{ jobId: dep }] }
  - { jobName: chain2, jobQueue: q, jobDefinition: good, submitAt: 0, dependsOn: [{ jobId: chain1 }] }
  - { jobName: arr, jobQueue: q, jobDefinition: good, submitAt: 0, arrayProperties: { size: 3 }, dependsOn: [{ jobId: boom }] }
  - { jobName: after-arr, jobQueue: q, jobDefinition: good, submitAt: 0, dependsOn: [{ jobId: arr }] }
  - { jobName: n2n, jobQueue: q, jobDefinition: good, submitAt: 0, arrayProperties: { size: 3 }, dependsOn: [{ jobId: arr, type: N_TO_N }] }
  - { jobName: late, jobQueue: q, jobDefinition: good, submitAt: 100, dependsOn: [{ jobId: boom }] }
`;

const DEPENDENT_FAILED = 'Dependent Job failed';

describe('dependency-failure propagation', () => {
  const run = runYaml(SCENARIO);

  it('fails the job whose container exits 1', () => {
    // Cycle 0: boom and ok RUNNABLE (FIFO: boom first). boom placed 0 on the only slot, pull 15 →
    // RUNNING 15, 30 s → exits 1 at 45 → FAILED (no retryStrategy).
    expect(times(run.job('boom'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 45 });
    expect(run.job('boom').reason).toBe('Essential container in task exited');
    expect(run.job('boom').attempts).toBe(1);
  });

  it('does not touch an independent job', () => {
    // ok waited behind boom for the slot: boom's exit at 45 → cycle 50, ok placed (image `good` not
    // yet on the slot → pull 15) → 65, 10 s → 75.
    expect(times(run.job('ok'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 50, startedAt: 65, stoppedAt: 75 });
  });

  it('fails the direct dependent and the whole chain after it at the next cycle', () => {
    // boom failed at 45 → the cycle at 50 fails dep, and transitively chain1 and chain2, all at 50.
    // None was ever RUNNABLE or started.
    for (const name of ['dep', 'chain1', 'chain2']) {
      expect(times(run.job(name))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: null, placedAt: null, startedAt: null, stoppedAt: 50 });
      expect(run.job(name).reason).toBe(DEPENDENT_FAILED);
      expect(run.job(name).attempts).toBe(0);
    }
  });

  it('fails a dependent array: every child, then the parent', () => {
    // arr was spawned at the cycle at 0 (children created at 0, PENDING behind boom). At 50 every
    // child fails; the parent fails with its last child, at 50, and never started.
    for (const k of [0, 1, 2]) {
      expect(times(run.job(`arr:${k}`))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: null, placedAt: null, startedAt: null, stoppedAt: 50 });
      expect(run.job(`arr:${k}`).reason).toBe(DEPENDENT_FAILED);
    }
    expect(run.job('arr')).toMatchObject({ kind: 'ARRAY_PARENT', status: 'FAILED', startedAt: null, stoppedAt: 50, reason: DEPENDENT_FAILED });
  });

  it('fails what depends on the failed array, by parent or N_TO_N, in the same cycle', () => {
    // arr's parent FAILED at 50 → after-arr FAILED at 50 (same cycle: propagation is transitive).
    expect(times(run.job('after-arr'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: null, placedAt: null, startedAt: null, stoppedAt: 50 });
    expect(run.job('after-arr').reason).toBe(DEPENDENT_FAILED);
    // arr:i FAILED → n2n:i FAILED at 50; n2n's parent FAILED with its last child.
    for (const k of [0, 1, 2]) {
      expect(run.job(`n2n:${k}`)).toMatchObject({ status: 'FAILED', stoppedAt: 50, startedAt: null, reason: DEPENDENT_FAILED });
    }
    expect(run.job('n2n')).toMatchObject({ status: 'FAILED', stoppedAt: 50, startedAt: null });
  });

  it('fails a job submitted after its dependency already failed at its first evaluation', () => {
    // late is submitted at 100, a cycle boundary: evaluated at 100, its dependency boom is already
    // FAILED → FAILED at 100.
    expect(times(run.job('late'))).toEqual({ status: 'FAILED', createdAt: 100, runnableAt: null, placedAt: null, startedAt: null, stoppedAt: 100 });
    expect(run.job('late').reason).toBe(DEPENDENT_FAILED);
  });

  it('counts the failures in the summary', () => {
    // Jobs (array parents not counted): boom, ok, dep, chain1, chain2, arr:0-2, after-arr, n2n:0-2,
    // late = 13; only ok succeeded; only boom and ok ran an attempt.
    const s = run.summary();
    expect(s.jobs.total).toBe(13);
    expect(s.jobs.byStatus).toMatchObject({ SUCCEEDED: 1, FAILED: 12, RUNNABLE: 0, PENDING: 0 });
    expect(s.attempts).toBe(2);
    // Makespan: the last terminal job is late, at 100.
    expect(s.makespanSeconds).toBe(100);
  });
});

describe('failure inside a SEQUENTIAL array', () => {
  it('fails every later child, transitively, at the cycle after the first child failed', () => {
    // seq uses the failing definition. seq:0 placed 0 → pull → 15 → exits 1 at 45 → FAILED.
    // Cycle 50: seq:1 FAILED (`Dependent Job failed`), and within the same cycle seq:2, which
    // waited for seq:1. The parent fails with its last child, at 50.
    const run = runYaml(SCENARIO.replace(/jobs:\n[\s\S]*$/, `jobs:
  - { jobName: seq, jobQueue: q, jobDefinition: boom, submitAt: 0, arrayProperties: { size: 3 }, dependsOn: [{ type: SEQUENTIAL }] }
`));
    expect(times(run.job('seq:0'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 45 });
    expect(run.job('seq:0').reason).toBe('Essential container in task exited');
    for (const k of [1, 2]) {
      expect(times(run.job(`seq:${k}`))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: null, placedAt: null, startedAt: null, stoppedAt: 50 });
      expect(run.job(`seq:${k}`).reason).toBe(DEPENDENT_FAILED);
    }
    expect(run.job('seq')).toMatchObject({ kind: 'ARRAY_PARENT', status: 'FAILED', startedAt: 15, stoppedAt: 50 });
  });
});
