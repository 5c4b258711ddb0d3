// Known answer: a managed environment scales out for waiting jobs (launch at the cycle, ready after
// the launch latency, job placed at the cycle that sees the instance ready, then the image pull),
// scales in after 600 s idle, never below minvCpus, and bills per second with a 60 s minimum from
// launch to termination.
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

const scenario = (computeResources: string, jobs: string, settings = '') => `
name: scaling
settings: { schedulerCycleSeconds: 10, instanceLaunchSeconds: 120, imagePullSeconds: 15, idleScaleDownSeconds: 600${settings} }
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, allocationStrategy: BEST_FIT, instanceTypes: [c5.large], ${computeResources} }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }]
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "2048" }]
    simulation: { duration: 200 }
jobs:
${jobs}`;

describe('scale-out latency and idle scale-down', () => {
  const run = runYaml(scenario('minvCpus: 0, maxvCpus: 16', `
  - { jobName: first, jobQueue: q, jobDefinition: work, submitAt: 3 }
  - { jobName: second, jobQueue: q, jobDefinition: work, submitAt: 200 }
`));
  const [i1, i2] = run.instances;

  it('launches at the cycle that sees the job, and places it at the cycle that sees the instance ready', () => {
    // first submitted at 3 → cycle 10: RUNNABLE, no instance → waits; scale-out launches one
    // c5.large at 10 (one 2-vCPU job per c5.large). Ready at 10 + 120 = 130 → cycle 130 places
    // first → pull 15 → RUNNING 145 → 200 s → 345.
    expect(i1).toMatchObject({ instanceType: 'c5.large', launchedAt: 10, readyAt: 130 });
    expect(times(run.job('first'))).toEqual({ status: 'SUCCEEDED', createdAt: 3, runnableAt: 10, placedAt: 130, startedAt: 145, stoppedAt: 345 });
    expect(run.job('first').instanceId).toBe(i1.instanceId);
  });

  it('launches a second instance for a job that arrives while the first is busy', () => {
    // second at 200 (a cycle boundary): the c5.large is busy until 345 → launch a second c5.large
    // at 200 → ready 320 → placed 320 → 335 → 535.
    expect(i2).toMatchObject({ instanceType: 'c5.large', launchedAt: 200, readyAt: 320 });
    expect(times(run.job('second'))).toEqual({ status: 'SUCCEEDED', createdAt: 200, runnableAt: 200, placedAt: 320, startedAt: 335, stoppedAt: 535 });
    expect(run.job('second').instanceId).toBe(i2.instanceId);
  });

  it('terminates each instance 600 s after its last job ended and bills launch to termination', () => {
    // i1: idle from 345 → terminated 945; billed 945 − 10 = 935 s → 935 × 0.085 / 3600 USD.
    // i2: idle from 535 → terminated 1135; billed 1135 − 200 = 935 s.
    expect(i1).toMatchObject({ terminatedAt: 945, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 935 });
    expect(i2).toMatchObject({ terminatedAt: 1135, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 935 });
    expect(i1.costUsd).toBeCloseTo((935 * 0.085) / 3600, 12);
    expect(i2.costUsd).toBeCloseTo((935 * 0.085) / 3600, 12);
    const s = run.summary();
    expect(s.cost.totalUsd).toBeCloseTo((2 * 935 * 0.085) / 3600, 6);
    // The run ends with the last change, i2's idle scale-in at 1135 (an instance above minvCpus
    // still scales in at its idle time after the work is done); the last job ended at 535.
    expect(run.endTime).toBe(1135);
    expect(s.makespanSeconds).toBe(535);
    // Waits (createdAt → started): first 145 − 3 = 142, second 335 − 200 = 135.
    expect(s.waitSeconds).toMatchObject({ count: 2, max: 142 });
    expect(s.waitSeconds.mean).toBeCloseTo(138.5, 3);
  });
});

describe('minvCpus and never-used instances', () => {
  it('scales in an unused instance 600 s after it became ready, but keeps minvCpus until the run ends', () => {
    // minvCpus 2, desiredvCpus 4: two c5.large exist from t=0, ready at 0, never used → both idle
    // checks at 600. The first goes (4 − 2 = 2 ≥ minvCpus); the second would take the
    // environment below minvCpus (0 < 2), so it stays. The job at 700 runs on it: cycle 700 →
    // pull → 715 → 915. The job's end at 915 is the last change: the cycle at 920 finds nothing to
    // do, and the idle check at 1515 could not remove the instance either, so neither extends the
    // run. It ends at 915, and the instance kept for minvCpus is terminated then (SIMULATION_END),
    // billed 0 → 915.
    const run = runYaml(scenario('minvCpus: 2, desiredvCpus: 4, maxvCpus: 16', `
  - { jobName: late, jobQueue: q, jobDefinition: work, submitAt: 700 }
`));
    const [i1, i2] = run.instances;
    expect(run.instances).toHaveLength(2);
    expect(i1).toMatchObject({ instanceType: 'c5.large', launchedAt: 0, readyAt: 0, terminatedAt: 600, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 600 });
    expect(i2).toMatchObject({ instanceType: 'c5.large', launchedAt: 0, readyAt: 0, terminatedAt: 915, terminationReason: 'SIMULATION_END', billedSeconds: 915 });
    expect(times(run.job('late'))).toEqual({ status: 'SUCCEEDED', createdAt: 700, runnableAt: 700, placedAt: 700, startedAt: 715, stoppedAt: 915 });
    expect(run.job('late').instanceId).toBe(i2.instanceId);
    expect(run.endTime).toBe(915);
    expect(i2.costUsd).toBeCloseTo((915 * 0.085) / 3600, 12);
  });

  it('bills at least 60 seconds per instance', () => {
    // desiredvCpus 2 (minvCpus 0): one c5.large at 0, never used; idleScaleDownSeconds 30 →
    // terminated at 30; billed max(60, 30) = 60 s → 60 × 0.085 / 3600.
    const run = runYaml(scenario('minvCpus: 0, desiredvCpus: 2, maxvCpus: 16', '  []\n', '').replace('idleScaleDownSeconds: 600', 'idleScaleDownSeconds: 30'));
    expect(run.instances).toHaveLength(1);
    expect(run.instances[0]).toMatchObject({ launchedAt: 0, terminatedAt: 30, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 60 });
    expect(run.instances[0].costUsd).toBeCloseTo((60 * 0.085) / 3600, 12);
  });
});

describe('scale-out with schedulerCycleSeconds 0', () => {
  it('launches at the submission instant and places at the ready instant', () => {
    // first at 3: cycle at 3 → launch at 3 → ready 123 → placed 123 → 138 → 338 → idle → 938.
    const run = runYaml(scenario('minvCpus: 0, maxvCpus: 16', `
  - { jobName: first, jobQueue: q, jobDefinition: work, submitAt: 3 }
`).replace('schedulerCycleSeconds: 10', 'schedulerCycleSeconds: 0'));
    expect(times(run.job('first'))).toEqual({ status: 'SUCCEEDED', createdAt: 3, runnableAt: 3, placedAt: 123, startedAt: 138, stoppedAt: 338 });
    expect(run.instances[0]).toMatchObject({ launchedAt: 3, readyAt: 123, terminatedAt: 938, billedSeconds: 935 });
  });
});
