// Known answer: several jobs packed onto one instance. The first job of an image on an instance
// pulls it (15 s); a job placed while that pull is under way starts when it finishes; later ones
// start after the cached-image delay (3 s). A different image is pulled on its own.
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

describe('jobs bin-packed on one fixed instance', () => {
  // One c5.xlarge: 4 vCPUs, registered memory floor(8192 × 0.97) − 32 = 7914 MiB. Jobs of 1 vCPU
  // and 1024 MiB → four fit at once (vCPU-bound).
  const run = runYaml(`
name: bin-packing
settings: { schedulerCycleSeconds: 10, imagePullSeconds: 15, cachedImageStartSeconds: 3 }
computeEnvironments:
  - computeEnvironmentName: fleet
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: c5.xlarge, count: 1 }] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: fleet }]
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties:
      image: work:1
      resourceRequirements: [{ type: VCPU, value: "1" }, { type: MEMORY, value: "1024" }]
    simulation: { duration: 100 }
  - jobDefinitionName: other
    type: container
    containerProperties:
      image: other:1
      resourceRequirements: [{ type: VCPU, value: "1" }, { type: MEMORY, value: "1024" }]
    simulation: { duration: 100 }
jobs:
  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: j2, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: j3, jobQueue: q, jobDefinition: work, submitAt: 8 }
  - { jobName: j4, jobQueue: q, jobDefinition: other, submitAt: 8 }
  - { jobName: j5, jobQueue: q, jobDefinition: work, submitAt: 12 }
`);

  it('places two jobs on the same instance in the same cycle; the second waits for the pull in progress', () => {
    // Cycle 0: j1 placed → first `work:1` on the instance → pull until 15 → RUNNING 15 → 115.
    // j2 placed in the same cycle on the same instance (1 of 4 vCPUs used): the image is being
    // pulled until 15, which is later than 0 + 3 → RUNNING at 15 → 115.
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 115 });
    expect(times(run.job('j2'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 115 });
    expect(run.job('j2').instanceId).toBe(run.job('j1').instanceId);
  });

  it('waits for the pull in progress at a later cycle, and pulls another image on its own', () => {
    // Cycle 10: j3 (work:1) placed: max(10 + 3, 15) = 15 → 115. j4 (other:1) placed: its own
    // first pull → 25 → 125. The instance is now full (4 × 1 vCPU).
    expect(times(run.job('j3'))).toEqual({ status: 'SUCCEEDED', createdAt: 8, runnableAt: 10, placedAt: 10, startedAt: 15, stoppedAt: 115 });
    expect(times(run.job('j4'))).toEqual({ status: 'SUCCEEDED', createdAt: 8, runnableAt: 10, placedAt: 10, startedAt: 25, stoppedAt: 125 });
  });

  it('queues a fifth job until a slot frees up, then starts it with the cached image', () => {
    // Cycle 20: j5 RUNNABLE, no room. j1–j3 end at 115 → cycle 120: j5 placed, cached:
    // max(120 + 3, 15) = 123 → 223.
    expect(times(run.job('j5'))).toEqual({ status: 'SUCCEEDED', createdAt: 12, runnableAt: 20, placedAt: 120, startedAt: 123, stoppedAt: 223 });
    const ids = new Set(['j1', 'j2', 'j3', 'j4', 'j5'].map((n) => run.job(n).instanceId));
    expect(ids).toEqual(new Set([run.instances[0].instanceId]));
  });

  it('accounts the held vCPUs in utilisation', () => {
    // vCPU-seconds held (STARTING + RUNNING, 1 vCPU each): j1 115, j2 115, j3 105, j4 115, j5 103
    // = 553. Instance alive 0 → 223: j5's exit at 223 is the last change (the cycle it asks for at
    // 230 finds nothing to do and does not extend the run), and the UNMANAGED instance is terminated
    // then. 4 vCPUs → 892 vCPU-s. 553 / 892 = 0.619955 → 0.62 (the summary rounds to 4 places).
    expect(run.endTime).toBe(223);
    expect(run.instances[0]).toMatchObject({ terminatedAt: 223, terminationReason: 'SIMULATION_END', billedSeconds: 223 });
    expect(run.summary().vcpuUtilisation).toBe(0.62);
  });
});

describe('one launch for two jobs on a managed environment', () => {
  it('launches one c5.xlarge for two 2-vCPU jobs (BEST_FIT: cheapest per job) and packs both on it', () => {
    // Types m5.large (2 vCPUs, 0.096/h) and c5.xlarge (4 vCPUs, 0.17/h). Cycle 0: two jobs of
    // 2 vCPUs / 2048 MiB waiting. BEST_FIT per job placed: m5.large 0.096 / 1, c5.xlarge
    // 0.17 / min(2, 2) = 0.085 → one c5.xlarge launched at 0 covers both. Ready at 120; the cycle
    // at 120 places both on it: a pulls → 135; b waits for that pull → 135; both end at 235.
    // Idle from 235 → terminated at 835; billed 835 s × 0.17 / 3600.
    const run = runYaml(`
name: managed-packing
settings: { schedulerCycleSeconds: 10, instanceLaunchSeconds: 120, imagePullSeconds: 15, idleScaleDownSeconds: 600 }
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, allocationStrategy: BEST_FIT, minvCpus: 0, maxvCpus: 16, instanceTypes: [m5.large, c5.xlarge] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }]
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "2048" }]
    simulation: { duration: 100 }
jobs:
  - { jobName: a, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: b, jobQueue: q, jobDefinition: work, submitAt: 0 }
`);
    expect(run.instances).toHaveLength(1);
    expect(run.instances[0]).toMatchObject({ instanceType: 'c5.xlarge', launchedAt: 0, readyAt: 120, terminatedAt: 835, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 835 });
    expect(run.instances[0].costUsd).toBeCloseTo((835 * 0.17) / 3600, 12);
    for (const name of ['a', 'b']) {
      expect(times(run.job(name))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 235 });
      expect(run.job(name).instanceId).toBe(run.instances[0].instanceId);
    }
  });
});
