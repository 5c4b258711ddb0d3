// Known answer: CancelJob and TerminateJob actions (spec §13), state by state. Both take effect at
// the next scheduler cycle after `at`:
//   SUBMITTED / RUNNABLE → FAILED with the caller's reason;
//   PENDING → FAILED only once its dependencies have completed (`Dependent Job failed` if one fails);
//   STARTING / RUNNING → CancelJob has no effect; TerminateJob stops the attempt after
//     terminateGraceSeconds: outcome TERMINATED, exit code 143 if it was RUNNING, never retried;
//   SUCCEEDED → no-op;
//   an array parent → the call cascades to every child.
//
// One UNMANAGED slot (2 vCPUs, 0.36 USD/h = 0.0001 USD/s) that holds one 2-vCPU job at a time.
// Without actions: the cycle at 0 makes `first` and `second` RUNNABLE and `dependent` PENDING
// (it waits for `first`); `first` is placed at 0 → image pull 15 → RUNNING 15 → 315. `second`
// waits for the slot. `late` is submitted at 105 (SUBMITTED until the cycle at 110). At 315
// `first` succeeds; the cycle at 320 releases `dependent` and places `second` (image cached: the
// pull finished at 15 → 323 → 623).
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

const REASON = 'Stopped by the operator';
type Call = 'CancelJob' | 'TerminateJob';
const CALLS: Call[] = ['CancelJob', 'TerminateJob'];

const scenario = (actions: string, opts: { jobs?: string; settings?: string } = {}) => `
name: cancel-terminate
settings: { schedulerCycleSeconds: 10, imagePullSeconds: 15, cachedImageStartSeconds: 3${opts.settings ?? ''} }
computeEnvironments:
  - computeEnvironmentName: lab
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot, vcpus: 2, memory: 4096, pricePerHour: 0.36 }] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: lab }]
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { image: acme/work, vcpus: 2, memory: 2048 }
    retryStrategy: { attempts: 3 }
    simulation: { duration: 300 }
jobs:
${opts.jobs ?? `  - { jobName: first, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: second, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: dependent, jobQueue: q, jobDefinition: work, submitAt: 0, dependsOn: [{ jobId: first }] }
  - { jobName: late, jobQueue: q, jobDefinition: work, submitAt: 105 }`}
actions:
${actions}
`;

const act = (call: Call, at: number, jobId: string) => `  - { at: ${at}, action: ${call}, jobId: "${jobId}", reason: "${REASON}" }`;

describe.each(CALLS)('%s', (call) => {
  it('fails a SUBMITTED job at the next cycle with the given reason', () => {
    // `late` is submitted at 105; the call at 105 is carried out by the cycle at 110, before that
    // cycle evaluates the submission.
    const run = runYaml(scenario(act(call, 105, 'late')));
    expect(times(run.job('late'))).toEqual({ status: 'FAILED', createdAt: 105, runnableAt: null, placedAt: null, startedAt: null, stoppedAt: 110 });
    expect(run.job('late')).toMatchObject({ reason: REASON, attempts: 0 });
    expect(run.attemptsOf('late')).toEqual([]);
  });

  it('fails a PENDING job only once its dependencies have completed', () => {
    // Called at 50 while `dependent` waits for `first`; `first` succeeds at 315 → the cycle at
    // 320 would release `dependent` and fails it instead, with the caller's reason.
    const run = runYaml(scenario(act(call, 50, 'dependent')));
    expect(times(run.job('dependent'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: null, placedAt: null, startedAt: null, stoppedAt: 320 });
    expect(run.job('dependent')).toMatchObject({ reason: REASON, attempts: 0 });
    expect(run.job('first')).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 315 });
  });

  it('fails a PENDING job with `Dependent Job failed` when a dependency fails first', () => {
    // The call on `dependent` waits; TerminateJob stops `first` at 100 (cycle at 100): `first`
    // FAILED → the cycle it asks for, also at 100, fails `dependent` as a dependent.
    const run = runYaml(scenario(`${act(call, 50, 'dependent')}\n${act('TerminateJob', 100, 'first')}`));
    expect(run.job('first')).toMatchObject({ status: 'FAILED', stoppedAt: 100, reason: REASON });
    expect(run.job('dependent')).toMatchObject({ status: 'FAILED', stoppedAt: 100, reason: 'Dependent Job failed', runnableAt: null });
  });

  it('fails a RUNNABLE job at the next cycle with the given reason', () => {
    const run = runYaml(scenario(act(call, 45, 'second')));
    expect(times(run.job('second'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: null, startedAt: null, stoppedAt: 50 });
    expect(run.job('second')).toMatchObject({ reason: REASON, attempts: 0 });
    // The queue moves on: `dependent` (released at 320) is placed where `second` would have been.
    expect(run.job('dependent')).toMatchObject({ status: 'SUCCEEDED', placedAt: 320, startedAt: 323, stoppedAt: 623 });
  });

  it('fails a job that can never be placed even after the run has stopped making progress', () => {
    // `huge` asks for 4 vCPUs of a 2-vCPU slot: blocked for ever, the run stops making progress
    // long before 20,000 s (docs/model.md, "The end of a run"). The call is work still to come:
    // the cycle at 20,000 carries it out.
    const run = runYaml(scenario(act(call, 20_000, 'huge'), { jobs: '  - { jobName: huge, jobQueue: q, jobDefinition: work, submitAt: 0, containerOverrides: { vcpus: 4 } }' }));
    expect(times(run.job('huge'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: null, startedAt: null, stoppedAt: 20_000 });
    expect(run.job('huge')).toMatchObject({ reason: REASON, attempts: 0 });
  });

  it('leaves a SUCCEEDED job as it is', () => {
    const run = runYaml(scenario(act(call, 400, 'first')));
    expect(times(run.job('first'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 315 });
    expect(run.job('first')).toMatchObject({ reason: 'Essential container in task exited', attempts: 1 });
    expect(run.attemptsOf('first')).toHaveLength(1);
  });
});

describe('CancelJob on a job that has started', () => {
  it('has no effect on a STARTING job', () => {
    // Called at 5 (first is STARTING 0 → 15), carried out at the cycle at 10: nothing happens.
    const run = runYaml(scenario(act('CancelJob', 5, 'first')));
    expect(times(run.job('first'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 315 });
    expect(run.job('first').reason).toBe('Essential container in task exited');
  });

  it('has no effect on a RUNNING job', () => {
    const run = runYaml(scenario(act('CancelJob', 100, 'first')));
    expect(times(run.job('first'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 315 });
    expect(run.attemptsOf('first').map((a) => a.outcome)).toEqual(['SUCCEEDED']);
  });
});

describe('TerminateJob on a job that has started', () => {
  it('stops a STARTING job at the next cycle: outcome TERMINATED, no exit code, never retried', () => {
    // Called at 5, carried out at 10 (terminateGraceSeconds 0): the attempt never reached RUNNING.
    // The slot is free at 10 → the cycle the end asks for (also at 10) places `second`, whose
    // image pull is the one already under way there (finishing at 15) → RUNNING 15 → 315.
    const run = runYaml(scenario(act('TerminateJob', 5, 'first')));
    expect(times(run.job('first'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: null, stoppedAt: 10 });
    expect(run.job('first')).toMatchObject({ reason: REASON, attempts: 1 });
    expect(run.attemptsOf('first')).toEqual([expect.objectContaining({
      attempt: 1, placedAt: 0, startedAt: null, stoppedAt: 10, exitCode: null, statusReason: REASON, outcome: 'TERMINATED',
    })]);
    expect(run.job('second')).toMatchObject({ status: 'SUCCEEDED', placedAt: 10, startedAt: 15, stoppedAt: 315 });
    // Its dependent fails.
    expect(run.job('dependent')).toMatchObject({ status: 'FAILED', stoppedAt: 10, reason: 'Dependent Job failed' });
  });

  it('stops a RUNNING job at the next cycle with exit code 143, never retried', () => {
    // Called at 95, carried out at 100: attempt 0 → 100 (RUNNING from 15). `second` gets the slot
    // at 100 → cached image → 103 → 403.
    const run = runYaml(scenario(act('TerminateJob', 95, 'first')));
    expect(times(run.job('first'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 100 });
    expect(run.job('first')).toMatchObject({ reason: REASON, attempts: 1 });
    const [a] = run.attemptsOf('first');
    expect(run.attemptsOf('first')).toHaveLength(1);
    expect(a).toMatchObject({ placedAt: 0, startedAt: 15, stoppedAt: 100, exitCode: 143, statusReason: REASON, outcome: 'TERMINATED' });
    // Terminated-attempt waste: the whole slot for 100 s at 0.0001 USD/s.
    expect(a.costUsd).toBeCloseTo(0.01, 12);
    expect(run.summary().cost.wastedUsd.terminated).toBeCloseTo(0.01, 6);
    expect(run.job('second')).toMatchObject({ status: 'SUCCEEDED', placedAt: 100, startedAt: 103, stoppedAt: 403 });
  });

  it('stops the container terminateGraceSeconds after the cycle', () => {
    // Grace 20: carried out at 100, the container stops at 120.
    const run = runYaml(scenario(act('TerminateJob', 95, 'first'), { settings: ', terminateGraceSeconds: 20' }));
    expect(run.job('first')).toMatchObject({ status: 'FAILED', stoppedAt: 120, reason: REASON });
    expect(run.attemptsOf('first')[0]).toMatchObject({ stoppedAt: 120, exitCode: 143, outcome: 'TERMINATED' });
    expect(run.job('second')).toMatchObject({ placedAt: 120, startedAt: 123 });
  });

  it('gives exit code 143 to a job that was STARTING when called but RUNNING when stopped', () => {
    // Called at 5, cycle at 10, grace 20 → stops at 30; it became RUNNING at 15.
    const run = runYaml(scenario(act('TerminateJob', 5, 'first'), { settings: ', terminateGraceSeconds: 20' }));
    expect(run.attemptsOf('first')[0]).toMatchObject({ placedAt: 0, startedAt: 15, stoppedAt: 30, exitCode: 143, outcome: 'TERMINATED' });
  });
});

describe('an array parent', () => {
  // arr (size 3) on the one slot: the cycle at 0 spawns and releases the children; child 0 is
  // placed at 0 → RUNNING 15 → 315; children 1 and 2 wait RUNNABLE.
  const arrayJobs = `  - { jobName: arr, jobQueue: q, jobDefinition: work, submitAt: 0, arrayProperties: { size: 3 } }`;

  it('TerminateJob cascades: the running child is stopped, the waiting ones fail, the parent fails', () => {
    const run = runYaml(scenario(act('TerminateJob', 95, 'arr'), { jobs: arrayJobs }));
    expect(run.job('arr:0')).toMatchObject({ status: 'FAILED', startedAt: 15, stoppedAt: 100, reason: REASON, attempts: 1 });
    expect(run.attemptsOf('arr:0')[0]).toMatchObject({ exitCode: 143, outcome: 'TERMINATED', stoppedAt: 100 });
    for (const c of ['arr:1', 'arr:2']) {
      expect(run.job(c)).toMatchObject({ status: 'FAILED', runnableAt: 0, startedAt: null, stoppedAt: 100, reason: REASON, attempts: 0 });
    }
    expect(run.job('arr')).toMatchObject({ status: 'FAILED', stoppedAt: 100, reason: REASON });
    expect(run.attempts).toHaveLength(1);
  });

  it('CancelJob cascades: the running child runs on, the waiting ones fail, the parent fails when the last child is done', () => {
    const run = runYaml(scenario(act('CancelJob', 95, 'arr'), { jobs: arrayJobs }));
    expect(run.job('arr:0')).toMatchObject({ status: 'SUCCEEDED', startedAt: 15, stoppedAt: 315 });
    for (const c of ['arr:1', 'arr:2']) expect(run.job(c)).toMatchObject({ status: 'FAILED', stoppedAt: 100, reason: REASON, attempts: 0 });
    expect(run.job('arr')).toMatchObject({ status: 'FAILED', stoppedAt: 315, reason: REASON });
  });

  it('cascades to PENDING children, which fail once the parent’s dependency has completed', () => {
    // arr depends on `first` (0 → 315): its children are spawned PENDING at 0. Cancelled at 50;
    // the cycle at 320 that would release them fails them instead.
    const jobs = `  - { jobName: first, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: arr, jobQueue: q, jobDefinition: work, submitAt: 0, arrayProperties: { size: 3 }, dependsOn: [{ jobId: first }] }`;
    for (const call of CALLS) {
      const run = runYaml(scenario(act(call, 50, 'arr'), { jobs }));
      for (const c of ['arr:0', 'arr:1', 'arr:2']) {
        expect(run.job(c), `${call} ${c}`).toMatchObject({ status: 'FAILED', runnableAt: null, stoppedAt: 320, reason: REASON, attempts: 0 });
      }
      expect(run.job('arr')).toMatchObject({ status: 'FAILED', stoppedAt: 320, reason: REASON });
    }
  });

  it('a call on one child leaves its siblings alone, and the parent fails when they are done', () => {
    // TerminateJob arr:0 at 95 → stopped at 100; arr:1 gets the slot at 100 → 103 → 403; arr:2
    // the cycle at 410 → 413 → 713; the parent FAILED at 713.
    const run = runYaml(scenario(act('TerminateJob', 95, 'arr:0'), { jobs: arrayJobs }));
    expect(run.job('arr:0')).toMatchObject({ status: 'FAILED', stoppedAt: 100, reason: REASON });
    expect(run.job('arr:1')).toMatchObject({ status: 'SUCCEEDED', placedAt: 100, startedAt: 103, stoppedAt: 403 });
    expect(run.job('arr:2')).toMatchObject({ status: 'SUCCEEDED', placedAt: 410, startedAt: 413, stoppedAt: 713 });
    expect(run.job('arr')).toMatchObject({ status: 'FAILED', stoppedAt: 713 });
  });

  it('is a no-op on a finished array', () => {
    // Without calls: children 0, 1, 2 run 0–315, 320–623, 630–933 → SUCCEEDED at 933.
    for (const call of CALLS) {
      const run = runYaml(scenario(act(call, 940, 'arr'), { jobs: arrayJobs }));
      expect(run.job('arr'), call).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 933 });
      expect(run.job('arr:2')).toMatchObject({ status: 'SUCCEEDED', placedAt: 630, startedAt: 633, stoppedAt: 933 });
    }
  });
});

describe('an attempt that ends some other way while a TerminateJob is under way', () => {
  // TerminateJob is carried out at a cycle and the container stops terminateGraceSeconds later.
  // If the attempt ends on its own within the grace period (a failed exit, a Spot reclaim), the job
  // has still been terminated: it is not retried (spec §4.3 step 1, §13), whatever its retry
  // strategy says, and no later attempt is stopped by a call meant for this one.
  it('does not retry a job whose container fails during the grace period', () => {
    // terminateGraceSeconds 30; `first` exits 1 at 315 (RUNNING from 15); TerminateJob at 300 →
    // carried out at the cycle at 300, stop due at 330. The exit at 315 is the job's last attempt.
    const run = runYaml(
      scenario(act('TerminateJob', 300, 'first'), { settings: ', terminateGraceSeconds: 30' })
        .replace('simulation: { duration: 300 }', 'simulation: { duration: 300, exitCode: 1 }'),
    );
    expect(run.attemptsOf('first').map((a) => [a.attempt, a.stoppedAt, a.outcome, a.exitCode])).toEqual([[1, 315, 'FAILED', 1]]);
    expect(run.job('first')).toMatchObject({ status: 'FAILED', stoppedAt: 315, attempts: 1 });
  });

  it('does not retry a job whose Spot instance is reclaimed during the grace period', () => {
    // Spot c5.large: j1 RUNNING 135; notice 500 → reclaim 620. TerminateJob at 600 (grace 30: stop
    // due 630). The reclaim at 620 ends the attempt; the job was terminated, so it is not retried
    // even though `Host EC2*` → RETRY and attempts are left.
    const run = runYaml(`
name: terminate-then-reclaim
settings:
  schedulerCycleSeconds: 10
  instanceLaunchSeconds: 120
  imagePullSeconds: 15
  terminateGraceSeconds: 30
  spot: { pools: [{ instanceType: c5.large, monthlyInterruptionRate: 0 }] }
computeEnvironments:
  - computeEnvironmentName: spot
    type: MANAGED
    computeResources: { type: SPOT, allocationStrategy: SPOT_CAPACITY_OPTIMIZED, maxvCpus: 16, instanceTypes: [c5.large] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: spot }] }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 2, memory: 2048 }
    retryStrategy: { attempts: 3, evaluateOnExit: [{ onStatusReason: "Host EC2*", action: RETRY }] }
    simulation: { duration: 1000 }
jobs:
  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }
actions:
  - { at: 500, action: InterruptSpotInstances, computeEnvironment: spot }
  - { at: 600, action: TerminateJob, jobId: j1, reason: "${REASON}" }
`);
    expect(run.attemptsOf('j1').map((a) => [a.attempt, a.startedAt, a.stoppedAt, a.outcome])).toEqual([[1, 135, 620, 'INTERRUPTED']]);
    expect(run.job('j1')).toMatchObject({ status: 'FAILED', stoppedAt: 620, attempts: 1 });
  });
});
