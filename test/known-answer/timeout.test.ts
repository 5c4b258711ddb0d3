// Known answer: attempt timeouts (spec §5). timeout.attemptDurationSeconds counts from RUNNING
// (not STARTING), per attempt, plus settings.timeoutEnforcementSeconds; the attempt ends with
// statusReason `Job attempt duration exceeded timeout`, exit code 137, outcome TIMED_OUT, and is
// never retried, whatever the retry strategy says. A container that exits at the very instant of
// its deadline has finished in time.
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

const TIMEOUT_REASON = 'Job attempt duration exceeded timeout';

interface Opts {
  settings?: string;
  duration?: number;
  timeout?: number;
  jobs?: string;
  ce?: string;
  extraSettings?: string;
  actions?: string;
}

// c5.large on demand, one 2-vCPU job per instance. j1 at 0: launched at the cycle at 0, ready at
// 120, placed 120, image pull 15 → RUNNING at 135; the deadline is 135 + timeout (+ enforcement).
const scenario = (o: Opts = {}) => `
name: timeout
settings:
  schedulerCycleSeconds: 10
  instanceLaunchSeconds: 120
  imagePullSeconds: 15
  idleScaleDownSeconds: 600
${o.settings ?? ''}
${o.extraSettings ?? ''}
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: ${o.ce ?? '{ type: EC2, allocationStrategy: BEST_FIT, maxvCpus: 16, instanceTypes: [c5.large] }'}
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }]
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 2, memory: 2048 }
    retryStrategy:
      attempts: 3
      evaluateOnExit:
        - { onStatusReason: "Job attempt*", action: RETRY }
        - { onStatusReason: "Host EC2*", action: RETRY }
    timeout: { attemptDurationSeconds: ${o.timeout ?? 60} }
    simulation: { duration: ${o.duration ?? 100} }
jobs:
  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }
${o.jobs ?? ''}
${o.actions ?? ''}
`;

describe('an attempt that runs past its timeout', () => {
  // duration 100, timeout 60: RUNNING 135 → deadline 195 (< natural end 235).
  const run = runYaml(scenario({ jobs: '  - { jobName: after, jobQueue: q, jobDefinition: work, submitAt: 0, dependsOn: [{ jobId: j1 }] }' }));

  it('is stopped attemptDurationSeconds after RUNNING with exit code 137, and never retried', () => {
    expect(times(run.job('j1'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 195 });
    // A RETRY rule matching the timeout's reason, and attempts left: still no retry.
    expect(run.job('j1')).toMatchObject({ attempts: 1, reason: TIMEOUT_REASON });
    expect(run.attemptsOf('j1')).toHaveLength(1);
    expect(run.attemptsOf('j1')[0]).toMatchObject({
      attempt: 1, placedAt: 120, startedAt: 135, stoppedAt: 195, exitCode: 137, statusReason: TIMEOUT_REASON, outcome: 'TIMED_OUT',
    });
  });

  it('fails its dependents at the next cycle', () => {
    expect(run.job('after')).toMatchObject({ status: 'FAILED', stoppedAt: 200, reason: 'Dependent Job failed', attempts: 0, startedAt: null });
  });

  it('books the attempt as timed-out waste', () => {
    // c5.large on demand 0.085 USD/h, whole instance held 120 → 195. Instance: 0 → idle check at
    // 195 + 600 = 795, billed 795 s.
    const s = run.summary();
    expect(run.instances[0]).toMatchObject({ launchedAt: 0, terminatedAt: 795, billedSeconds: 795 });
    expect(run.attempts[0].costUsd).toBeCloseTo((75 * 0.085) / 3600, 12);
    expect(s.cost.wastedUsd.timedOut).toBeCloseTo((75 * 0.085) / 3600, 6);
    expect(s.attemptsByOutcome).toMatchObject({ TIMED_OUT: 1, SUCCEEDED: 0 });
    expect(s.cost.ledger[0].timedOutUsd).toBeCloseTo((75 * 0.085) / 3600, 6);
  });
});

describe('the deadline instant', () => {
  it('lets a job that ends exactly at its deadline succeed', () => {
    // duration 60 = timeout: natural end 195 = deadline 195 → SUCCEEDED.
    const run = runYaml(scenario({ duration: 60 }));
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 195 });
    expect(run.attempts[0]).toMatchObject({ exitCode: 0, outcome: 'SUCCEEDED', statusReason: 'Essential container in task exited' });
  });

  it('times out a job one second longer', () => {
    const run = runYaml(scenario({ duration: 61 }));
    expect(run.job('j1')).toMatchObject({ status: 'FAILED', stoppedAt: 195, reason: TIMEOUT_REASON });
    expect(run.attempts[0]).toMatchObject({ exitCode: 137, outcome: 'TIMED_OUT' });
  });

  it('enforces timeoutEnforcementSeconds late', () => {
    // Enforcement 5 s: deadline 135 + 60 + 5 = 200.
    const late = (duration: number) => runYaml(scenario({ duration, extraSettings: '  timeoutEnforcementSeconds: 5' }));
    expect(late(100).job('j1')).toMatchObject({ status: 'FAILED', stoppedAt: 200, reason: TIMEOUT_REASON });
    expect(late(64).job('j1')).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 199 });
    expect(late(65).job('j1')).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 200 });
  });
});

describe('where the clock starts', () => {
  it('counts from RUNNING, not from placement: a cached-image job gets the same 60 s after its 3 s start', () => {
    // j2 (submitted at 0 too) waits for a second c5.large launched at 0 as well → both ready 120,
    // both pull 15 s → RUNNING 135 → both time out at 195. j3 at 300 lands on an idle instance
    // that has the image: STARTING 300 → 303 (cached) → deadline 363.
    const run = runYaml(scenario({
      jobs: '  - { jobName: j2, jobQueue: q, jobDefinition: work, submitAt: 0 }\n  - { jobName: j3, jobQueue: q, jobDefinition: work, submitAt: 300 }',
    }));
    expect(run.job('j2')).toMatchObject({ status: 'FAILED', placedAt: 120, startedAt: 135, stoppedAt: 195 });
    expect(times(run.job('j3'))).toEqual({ status: 'FAILED', createdAt: 300, runnableAt: 300, placedAt: 300, startedAt: 303, stoppedAt: 363 });
    expect(run.job('j3').reason).toBe(TIMEOUT_REASON);
  });

  it('uses the job timeout in place of the definition timeout', () => {
    // SubmitJob timeout 120 replaces the definition's 60: deadline 255 > natural end 235.
    const run = runYaml(scenario().replace(
      '{ jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }',
      '{ jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0, timeout: { attemptDurationSeconds: 120 } }',
    ));
    expect(run.job('j1')).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 235 });
  });

  it('restarts for every attempt: a retried attempt after a Spot interruption gets its own full timeout', () => {
    // Spot c5.large (no random interruptions). timeout 600, duration 1000.
    // Attempt 1: RUNNING 135 (deadline 735); notice 500 → reclaimed 620 → INTERRUPTED, retried
    // (Host EC2* → RETRY). Cycle 620 launches i2 → ready 740 → RUNNING 755 → deadline 1355 <
    // natural end 1755 → TIMED_OUT at 1355, FAILED though one attempt is left.
    const run = runYaml(scenario({
      timeout: 600,
      duration: 1000,
      ce: '{ type: SPOT, allocationStrategy: SPOT_CAPACITY_OPTIMIZED, maxvCpus: 16, instanceTypes: [c5.large] }',
      extraSettings: '  spot: { pools: [{ instanceType: c5.large, monthlyInterruptionRate: 0 }] }',
      actions: 'actions:\n  - { at: 500, action: InterruptSpotInstances, computeEnvironment: ce }',
    }));
    expect(run.attemptsOf('j1').map((a) => [a.attempt, a.placedAt, a.startedAt, a.stoppedAt, a.exitCode, a.outcome])).toEqual([
      [1, 120, 135, 620, null, 'INTERRUPTED'],
      [2, 740, 755, 1355, 137, 'TIMED_OUT'],
    ]);
    expect(run.job('j1')).toMatchObject({ status: 'FAILED', stoppedAt: 1355, attempts: 2, reason: TIMEOUT_REASON });
  });
});

describe('array jobs', () => {
  it('time out each child on its own; the parent fails when the last child is done', () => {
    // size 2, each child 2 vCPUs: two c5.large launched at 0, ready 120, both children RUNNING 135
    // and timed out at 195.
    const run = runYaml(scenario().replace(
      '{ jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }',
      '{ jobName: arr, jobQueue: q, jobDefinition: work, submitAt: 0, arrayProperties: { size: 2 } }',
    ));
    for (const c of ['arr:0', 'arr:1']) {
      expect(run.job(c)).toMatchObject({ status: 'FAILED', placedAt: 120, startedAt: 135, stoppedAt: 195, reason: TIMEOUT_REASON, attempts: 1 });
    }
    expect(run.job('arr')).toMatchObject({ status: 'FAILED', stoppedAt: 195 });
  });
});
