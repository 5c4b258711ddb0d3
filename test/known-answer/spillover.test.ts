// Known answer: a queue with two managed compute environments. The first is capped at 2 vCPUs (one
// c5.large); what it cannot take spills to the second, for scale-out as well as for placement.
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

const SCENARIO = `
name: spillover
settings: { schedulerCycleSeconds: 10, instanceLaunchSeconds: 120, imagePullSeconds: 15, idleScaleDownSeconds: 600 }
computeEnvironments:
  - computeEnvironmentName: small
    type: MANAGED
    computeResources: { type: EC2, allocationStrategy: BEST_FIT, minvCpus: 0, maxvCpus: 2, instanceTypes: [c5.large] }
  - computeEnvironmentName: overflow
    type: MANAGED
    computeResources: { type: EC2, allocationStrategy: BEST_FIT, minvCpus: 0, maxvCpus: 16, instanceTypes: [m5.large] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder:
      - { order: 1, computeEnvironment: small }
      - { order: 2, computeEnvironment: overflow }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "2048" }]
    simulation: { duration: 60 }
jobs:
  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: j2, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: j3, jobQueue: q, jobDefinition: work, submitAt: 0 }
`;

describe('spillover to the second compute environment when the first is at maxvCpus', () => {
  const run = runYaml(SCENARIO);

  it('launches one c5.large in the capped environment and m5.large for the overflow, all at the first cycle', () => {
    // Cycle at 0: j1..j3 RUNNABLE. j1 cannot be placed (no instances) but `small` can still scale
    // out (0 + 2 ≤ 2), so it waits and the queue stops. Scale-out for the 3 waiting 2-vCPU jobs:
    // `small` launches one c5.large (holds 1 job: 2 vCPUs) and is then at maxvCpus; the 2 jobs left
    // spill to `overflow`, which launches two m5.large (2 vCPUs each → 1 job each).
    // Launch latency 120 s → all ready at 120.
    const summary = run.instances.map((i) => [i.computeEnvironment, i.instanceType, i.launchedAt, i.readyAt]);
    expect(summary).toEqual([
      ['small', 'c5.large', 0, 120],
      ['overflow', 'm5.large', 0, 120],
      ['overflow', 'm5.large', 0, 120],
    ]);
  });

  it('places the first job in the first environment and spills the others to the second', () => {
    // Cycle at 120 (instances ready at 120 are seen by the cycle at 120): j1 → the c5.large in
    // `small`. j2: `small` has no room and is at maxvCpus (2 provisioned) → passed on to `overflow`
    // → first m5.large; j3 → second m5.large. Each is the first job of its image on its instance:
    // pull 15 s → RUNNING at 135; 60 s → stop at 195.
    for (const name of ['j1', 'j2', 'j3']) {
      expect(times(run.job(name))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 195 });
    }
    expect(run.job('j1')).toMatchObject({ computeEnvironment: 'small', instanceType: 'c5.large', instanceId: run.instances[0].instanceId });
    expect(run.job('j2')).toMatchObject({ computeEnvironment: 'overflow', instanceType: 'm5.large', instanceId: run.instances[1].instanceId });
    expect(run.job('j3')).toMatchObject({ computeEnvironment: 'overflow', instanceType: 'm5.large', instanceId: run.instances[2].instanceId });
  });

  it('scales every instance in after 600 s idle and bills launch to termination', () => {
    // All idle from 195 → terminated at 195 + 600 = 795; billed 795 − 0 = 795 s.
    // c5.large: 795 × 0.085 / 3600; m5.large: 795 × 0.096 / 3600 each.
    for (const i of run.instances) expect(i).toMatchObject({ terminatedAt: 795, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 795 });
    expect(run.instances[0].costUsd).toBeCloseTo((795 * 0.085) / 3600, 12);
    expect(run.instances[1].costUsd).toBeCloseTo((795 * 0.096) / 3600, 12);
    const cost = run.summary().cost;
    expect(cost.byComputeEnvironment.small).toBeCloseTo((795 * 0.085) / 3600, 6);
    expect(cost.byComputeEnvironment.overflow).toBeCloseTo((2 * 795 * 0.096) / 3600, 6);
  });
});

describe('spillover of placement when the first environment is busy at maxvCpus', () => {
  it('sends a later job to the second environment rather than waiting for the first one to free up', () => {
    // j1 alone at 0: `small` launches a c5.large at 0 (ready 120); j1 placed 120 → 135 → 335 (200 s).
    // j2 at 150: cycle 150, `small` has no room and is at maxvCpus → `overflow`, which has no
    // instance but can scale out → wait; scale-out: `small` has no room left to count and cannot
    // launch, so `overflow` launches an m5.large at 150 → ready 270 → cycle 270 places j2 there
    // (pull → 285, stop 485) although the c5.large frees up only at 335.
    const run = runYaml(SCENARIO
      .replace('simulation: { duration: 60 }', 'simulation: { duration: 200 }')
      .replace('{ jobName: j2, jobQueue: q, jobDefinition: work, submitAt: 0 }', '{ jobName: j2, jobQueue: q, jobDefinition: work, submitAt: 150 }')
      .replace(/ {2}- \{ jobName: j3.*\n/, ''));
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 335 });
    expect(times(run.job('j2'))).toEqual({ status: 'SUCCEEDED', createdAt: 150, runnableAt: 150, placedAt: 270, startedAt: 285, stoppedAt: 485 });
    expect(run.job('j1').computeEnvironment).toBe('small');
    expect(run.job('j2').computeEnvironment).toBe('overflow');
    expect(run.instances.map((i) => [i.computeEnvironment, i.launchedAt, i.readyAt, i.terminatedAt])).toEqual([
      // idle from 335 → 935; idle from 485 → 1085.
      ['small', 0, 120, 935],
      ['overflow', 150, 270, 1085],
    ]);
  });
});
